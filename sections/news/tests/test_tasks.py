"""The scheduled import: every 15 minutes (REFERENCE.md's cron table), every feed, each run
recorded as a resumable task run and a FeedSync."""

from datetime import datetime

import pytest
from huey.contrib.djhuey import HUEY

from pydotorg.core.models import TaskRun
from pydotorg.core.tasks import RESUMABLE, task_run_name
from sections.news.models import Entry, FeedSync
from sections.news.tasks import sync_all_feeds, sync_news_feed

from .conftest import ILLFORMED, REAL_FEED


def scheduled(moment):
    return {task.name for task in HUEY.read_periodic(moment)}


def test_the_feeds_are_imported_every_15_minutes():
    for minute in (0, 15, 30, 45):
        assert "sync_all_feeds" in scheduled(datetime(2026, 1, 1, 12, minute))
    for minute in (7, 14, 16, 59):
        assert "sync_all_feeds" not in scheduled(datetime(2026, 1, 1, 12, minute))
    assert task_run_name(sync_news_feed.task_class) in RESUMABLE


@pytest.mark.django_db
def test_the_schedule_imports_every_feed_and_records_each_run(make_feed):
    good = make_feed(REAL_FEED.read_bytes(), name="good.xml")
    bad = make_feed(ILLFORMED.read_bytes(), name="bad.xml")
    sync_all_feeds.call_local()  # as the consumer runs it; the syncs it queues run at once in tests
    records = {record.feed_id: record for record in FeedSync.objects.all()}
    assert (records[good.pk].trigger, records[good.pk].status) == ("schedule", "ok")
    assert (records[bad.pk].trigger, records[bad.pk].status) == ("schedule", "failed")
    assert Entry.objects.filter(feed=good).count() == records[good.pk].created > 0
    runs = sorted((run.args, run.status) for run in TaskRun.objects.all())
    assert runs == sorted([([good.pk], "finished"), ([bad.pk], "finished")])


@pytest.mark.django_db
def test_a_deleted_feed_is_skipped():
    assert sync_news_feed(12345).get() is None

"""Periodic work of the news section (docs/sections/news.md): the import of every feed,
every 15 minutes (REFERENCE.md's "refresh blog/news feeds")."""

import logging
from datetime import timedelta

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from pydotorg.core.tasks import resumable

from .models import Feed
from .sync import sync_feed

logger = logging.getLogger(__name__)


@resumable(after=timedelta(minutes=30))
@db_task(retries=2, retry_delay=120)
def sync_news_feed(feed_id, trigger="schedule"):
    """Import one feed; returns the FeedSync's pk. A failed fetch is recorded (status
    failed) rather than raised, so it is not retried before the next schedule."""
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return None
    record = sync_feed(feed, trigger=trigger)
    logger.info("feed synced: %s", record.summary())
    return record.pk


@db_periodic_task(crontab(minute="*/15"))
def sync_all_feeds():
    """Every 15 minutes: import every feed."""
    for feed_id in Feed.objects.values_list("pk", flat=True):
        sync_news_feed(feed_id)

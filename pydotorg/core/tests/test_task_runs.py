"""Resumable tasks: a TaskRun is written when a task starts and closed when it ends; the
periodic `resume_task_runs` queues again what a dead worker left unfinished. Wagtail's index
updates need none of it: they happen inside the saving transaction."""

import http.server
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY, db_task
from wagtail.models import Page

from pydotorg.core.models import TaskRun
from pydotorg.core.tasks import RESUMABLE, resumable, resume_task_runs, task_run_name
from sections.events import tasks as events_tasks
from sections.events.factories import CalendarFactory, EventFactory
from sections.events.models import CalendarSync, EventReminder
from sections.events.tasks import send_event_reminders, sync_calendar_feed
from sections.jobs import tasks as jobs_tasks

ROOT = Path(__file__).resolve().parents[3]
FEED = ROOT / "sections" / "events" / "fixtures" / "user-groups.ics"
SYNC = "sections.events.tasks.sync_calendar_feed"


@resumable(after=timedelta(minutes=5), attempts=2)
@db_task()
def always_fails():
    raise RuntimeError("the feed server is on fire")


@pytest.fixture
def feed_calendar(settings):
    settings.EVENTS_FEED_FILE_ROOTS = [FEED.parent]
    settings.EVENTS_OCCURRENCE_WINDOW_DAYS = 3650
    return CalendarFactory(feed_url=f"file://{FEED}")


def test_the_tasks_that_matter_are_resumable():
    tasks = [
        events_tasks.sync_calendar_feed,
        events_tasks.send_event_reminders_daily,
        jobs_tasks.expire_jobs_daily,
        jobs_tasks.archive_jobs_weekly,
        jobs_tasks.report_jobs_monthly,
    ]
    assert {task_run_name(task.task_class) for task in tasks} <= set(RESUMABLE)
    assert task_run_name(sync_calendar_feed.task_class) == SYNC
    names = lambda moment: {task.name for task in HUEY.read_periodic(moment)}  # noqa: E731
    assert "resume_task_runs" in names(datetime(2026, 1, 1, 12, 10))
    assert "resume_task_runs" not in names(datetime(2026, 1, 1, 12, 11))


@pytest.mark.django_db
def test_a_run_is_recorded_from_start_to_finish(feed_calendar):
    sync_calendar_feed(feed_calendar.pk, trigger="manual")
    run = TaskRun.objects.get()
    assert (run.name, run.args, run.kwargs, run.status, run.attempts) == (
        SYNC,
        [feed_calendar.pk],
        {"trigger": "manual"},
        "finished",
        1,
    )
    assert run.started_at <= run.finished_at


@pytest.mark.django_db
def test_a_failing_run_is_marked_failed_with_its_error():
    always_fails()
    run = TaskRun.objects.get()
    assert (run.status, run.error) == ("failed", "RuntimeError: the feed server is on fire")
    assert run.finished_at is not None


@pytest.mark.django_db
def test_the_sweep_resumes_an_unfinished_run(feed_calendar):
    """As a worker killed mid-sync leaves it: started 40 minutes ago, never finished."""
    started = timezone.now() - timedelta(minutes=40)
    TaskRun.objects.create(
        task_id="dead-worker-run", name=SYNC, args=[feed_calendar.pk], started_at=started, attempts=1
    )
    resume_task_runs.call_local()
    run = TaskRun.objects.get()
    assert (run.task_id, run.status, run.attempts) == ("dead-worker-run", "finished", 2)
    assert CalendarSync.objects.get(calendar=feed_calendar).status == "ok"


@pytest.mark.django_db
def test_the_sweep_waits_for_slow_runs_gives_up_after_the_attempts_and_forgets_old_runs(feed_calendar):
    now = timezone.now()
    recent = TaskRun.objects.create(task_id="slow", name=SYNC, args=[feed_calendar.pk], started_at=now, attempts=1)
    exhausted = TaskRun.objects.create(
        task_id="exhausted", name=SYNC, args=[feed_calendar.pk], started_at=now - timedelta(hours=2), attempts=3
    )
    old = TaskRun.objects.create(
        task_id="old",
        name=SYNC,
        status="finished",
        started_at=now - timedelta(days=40),
        finished_at=now - timedelta(days=40),
    )
    resume_task_runs.call_local()
    recent.refresh_from_db()
    exhausted.refresh_from_db()
    assert (recent.status, recent.attempts) == ("started", 1)  # still within its 30 minutes
    assert exhausted.status == "failed" and "Unfinished after 3 attempts" in exhausted.error
    assert not TaskRun.objects.filter(pk=old.pk).exists()
    assert not CalendarSync.objects.exists()  # nothing was run


@pytest.mark.django_db
def test_reminders_resumed_after_a_crash_mail_nobody_twice(
    settings, make_user, monkeypatch, django_capture_on_commit_callbacks
):
    """The worker dies in the middle of the reminders: what was recorded as sent was sent, the
    rest goes out on the resumed run, nobody gets two."""
    settings.EVENTS_OCCURRENCE_WINDOW_DAYS = 3650
    now = datetime(2030, 3, 9, 8, tzinfo=UTC)
    event = EventFactory(start=datetime(2030, 3, 10, 18, tzinfo=UTC))
    for name in ("ann", "bob"):
        EventReminder.objects.create(user=make_user(name), event=event)
    saves = []
    save = EventReminder.save

    def dies_at_the_second_reminder(self, *args, **kwargs):
        saves.append(self.pk)
        if len(saves) == 2:
            raise RuntimeError("worker killed")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(EventReminder, "save", dies_at_the_second_reminder)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        send_event_reminders(now=now)
    assert len(mail.outbox) == 1  # the second reminder's mail went down with its record
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders(now=now) == 1
    assert sorted(message.to for message in mail.outbox) == [["ann@example.com"], ["bob@example.com"]]


@pytest.mark.django_db
def test_search_index_updates_happen_inside_the_saving_transaction(home_page):
    """Wagtail's index updates go through Django's tasks framework with the ImmediateBackend:
    they run in the save's own transaction, so a crash keeps or loses the page and its index
    entry together; there is nothing to resume."""
    with pytest.raises(RuntimeError), transaction.atomic():
        home_page.title = "Zanzibar"
        home_page.save_revision().publish()
        assert [page.pk for page in Page.objects.live().search("Zanzibar")] == [home_page.pk]  # before the commit
        raise RuntimeError("the process dies before the commit")
    assert list(Page.objects.live().search("Zanzibar")) == []  # gone with the page's change


@pytest.mark.django_db
def test_task_runs_admin_is_read_only(client, users):
    run = TaskRun.objects.create(task_id="abc", name=SYNC, args=[1])
    client.force_login(users["editor"])
    assert client.get(reverse("task_runs:index")).status_code in (302, 403)
    client.force_login(users["superuser"])
    response = client.get(reverse("task_runs:index"))
    assert response.status_code == 200 and SYNC in response.content.decode()
    assert client.get(reverse("task_runs:inspect", args=[run.pk])).status_code == 200
    for name in ("edit", "delete"):
        assert client.get(reverse(f"task_runs:{name}", args=[run.pk])).status_code in (302, 403)
    client.post(reverse("task_runs:delete", args=[run.pk]))
    client.post(reverse("task_runs:edit", args=[run.pk]), {"status": "finished"})
    assert TaskRun.objects.get().status == "started"


# --- A real worker, killed with SIGKILL in the middle of a calendar sync ------------------


class SlowFeed(http.server.BaseHTTPRequestHandler):
    """The first request is held until the test releases it; later ones are answered at once."""

    def do_GET(self):
        self.server.requests += 1
        if self.server.requests == 1:
            self.server.arrived.set()
            self.server.release.wait(30)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.end_headers()
            self.wfile.write(FEED.read_bytes())
        except OSError:  # the worker that asked is dead
            pass

    def log_message(self, *args):
        pass


# Each worker is `manage.py shell` running the consumer (run_huey) after its preparation, to
# start Django once per process: the first migrates and queues the sync, the second runs the sweep.
SETUP_THEN_WORK = """
from django.core.management import call_command
from sections.events.models import Calendar
from sections.events.tasks import sync_calendar_feed
call_command("migrate", verbosity=0)
calendar = Calendar.objects.create(name="User groups", slug="user-groups", feed_url={url!r})
sync_calendar_feed(calendar.pk)
call_command("run_huey", "--workers", "1", "--no-periodic")
"""
SWEEP_THEN_WORK = """
from django.core.management import call_command
from pydotorg.core.tasks import resume_task_runs
resume_task_runs.call_local()
call_command("run_huey", "--workers", "1", "--no-periodic")
"""


@pytest.mark.slow
def test_a_calendar_sync_killed_with_its_worker_is_resumed(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "db.sqlite3")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowFeed)
    server.requests, server.arrived, server.release = 0, threading.Event(), threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/groups.ics"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"}},
        "APP_ENV": "dev",
        "HUEY_IMMEDIATE": "0",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "VAR_DIR": str(tmp_path),
        "FEEDS_ALLOW_LOOPBACK": "1",  # the feed server is the test's own
    }

    def start(name, code):
        with open(tmp_path / f"{name}.log", "w") as log:
            command = [sys.executable, "manage.py", "shell", "--no-imports", "-c", code]
            return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)

    def sql(query):  # the workers' database, read (and written) as it is
        with closing(sqlite3.connect(tmp_path / "db.sqlite3")) as db, db:
            return db.execute(query).fetchall()

    def runs():
        return sql("SELECT name, status, attempts, finished_at IS NULL FROM core_taskrun")

    workers = []
    try:
        workers.append(start("worker1", SETUP_THEN_WORK.format(url=url)))
        assert server.arrived.wait(90), (tmp_path / "worker1.log").read_text()  # the worker is fetching the feed
        assert runs() == [(SYNC, "started", 1, 1)]
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=10)
        server.release.set()
        assert runs() == [(SYNC, "started", 1, 1)]  # the task never finished, and says so

        # Half an hour later, the sweep (run by the next worker) queues it again.
        sql("UPDATE core_taskrun SET started_at = datetime(started_at, '-31 minutes')")
        workers.append(start("worker2", SWEEP_THEN_WORK))
        deadline = time.monotonic() + 30
        while runs()[0][1] == "started" and time.monotonic() < deadline:
            time.sleep(0.3)
        assert runs() == [(SYNC, "finished", 2, 0)], (tmp_path / "worker2.log").read_text()
        assert sql("SELECT status FROM events_calendarsync") == [("ok",)]  # one sync: the resumed one
        assert sql("SELECT count(*) FROM events_event WHERE live")[0][0] > 0
        assert server.requests == 2  # the killed fetch, and the resumed one
    finally:
        for worker in workers:
            worker.kill()
            worker.wait(timeout=10)
        server.release.set()
        server.shutdown()
        server.server_close()

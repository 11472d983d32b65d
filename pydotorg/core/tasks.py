"""Periodic and background work of the site as a whole (see docs/architecture.md)."""

import io
import logging
import re
import time
from datetime import timedelta
from typing import NamedTuple

from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from huey import crontab, signals
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task
from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR, SIGNAL_EXECUTING, SIGNAL_TIMEOUT
from wagtail.models import Site

from . import cdn, metrics
from .models import OutgoingEmail, TaskRun

logger = logging.getLogger(__name__)


# --- The log and the metrics of every task ------------------------------------------------

TASK_ENDS = {  # the signals that end a run → the level of its log line
    SIGNAL_COMPLETE: logging.INFO,
    SIGNAL_ERROR: logging.ERROR,
    SIGNAL_TIMEOUT: logging.ERROR,
    signals.SIGNAL_CANCELED: logging.WARNING,
    signals.SIGNAL_LOCKED: logging.WARNING,
    signals.SIGNAL_RATE_LIMITED: logging.WARNING,
    signals.SIGNAL_INTERRUPTED: logging.WARNING,
    signals.SIGNAL_REVOKED: logging.WARNING,
    signals.SIGNAL_EXPIRED: logging.WARNING,
}


@HUEY.signal()
def log_task(signal, task, exc=None):
    """Every run of every task, as JSON log lines with its name and id: "task started", then
    "task finished" with its outcome (the Huey signal: complete, error, timeout, locked...) and
    duration_ms, plus the error and the retries left when it failed; complete and failed runs
    are counted for /metrics. Enqueued, scheduled and retrying are not logged here."""
    name = task_run_name(type(task))
    fields = {"task": name, "task_id": task.id}
    if signal == SIGNAL_EXECUTING:
        task.log_started = time.monotonic()
        logger.info("task started", extra=fields)
        return
    if signal not in TASK_ENDS:
        return
    fields["outcome"] = signal
    if hasattr(task, "log_started"):
        fields["duration_ms"] = round((time.monotonic() - task.log_started) * 1000, 1)
    if signal in (SIGNAL_ERROR, SIGNAL_TIMEOUT):
        fields["retries"] = task.retries
        fields["error"] = f"{type(exc).__name__}: {exc}"[:2000] if exc else signal
    logger.log(TASK_ENDS[signal], "task finished", extra=fields)
    if signal == SIGNAL_COMPLETE:
        metrics.count_task(name, "complete")
    elif signal in (SIGNAL_ERROR, SIGNAL_TIMEOUT):
        metrics.count_task(name, "failure")


# --- Resumable tasks -------------------------------------------------------------------


class Resumable(NamedTuple):
    task_class: type
    after: timedelta
    attempts: int


RESUMABLE = {}  # "module.task" → Resumable


def task_run_name(task_class):
    return f"{task_class.__module__}.{task_class.__name__}"


def resumable(after, attempts=3):
    """Make a Huey task survive a worker killed in the middle of it; put it above the task's
    @db_task or @db_periodic_task:

        @resumable(after=timedelta(minutes=30))
        @db_task(retries=2, retry_delay=300)
        def sync_calendar_feed(calendar_id, trigger="schedule"): ...

    Each run is recorded as a TaskRun (its arguments must be JSON). `resume_task_runs` queues
    again a run still unfinished `after` its start: choose it longer than the task can take,
    Huey's retry delay included. The task must be safe to run twice."""

    def decorate(task):
        RESUMABLE[task_run_name(task.task_class)] = Resumable(task.task_class, after, attempts)
        return task

    return decorate


@HUEY.signal(SIGNAL_EXECUTING, SIGNAL_COMPLETE, SIGNAL_ERROR, SIGNAL_TIMEOUT)
def record_task_run(signal, task, exc=None):
    """Huey calls this in the worker around every task; resumable ones get a TaskRun."""
    name = task_run_name(type(task))
    if name not in RESUMABLE:
        return
    now = timezone.now()
    runs = TaskRun.objects.filter(task_id=task.id)
    if signal == SIGNAL_EXECUTING:
        if not runs.update(status=TaskRun.Status.STARTED, started_at=now, attempts=F("attempts") + 1):
            TaskRun.objects.create(
                task_id=task.id, name=name, args=list(task.args), kwargs=task.kwargs, attempts=1, started_at=now
            )
    elif signal == SIGNAL_COMPLETE:
        runs.update(status=TaskRun.Status.FINISHED, finished_at=now, error="")
    else:
        error = f"{type(exc).__name__}: {exc}"[:2000] if exc else f"Huey: {signal}"
        if task.retries:  # Huey runs it again after its retry delay
            runs.update(error=error)
        else:
            runs.update(status=TaskRun.Status.FAILED, finished_at=now, error=error)


KEEP_FINISHED_TASK_RUNS = timedelta(days=30)


@db_periodic_task(crontab(minute="*/10"))
def resume_task_runs():
    """Every 10 minutes: queue again the resumable tasks a dead worker left unfinished (a
    TaskRun still "started" long after it began), or give up on them after their attempts."""
    autodiscover_modules("tasks")  # every resumable task is known, as in the consumer
    now = timezone.now()
    TaskRun.objects.filter(status=TaskRun.Status.FINISHED, finished_at__lt=now - KEEP_FINISHED_TASK_RUNS).delete()
    for run in TaskRun.objects.filter(status=TaskRun.Status.STARTED):
        spec = RESUMABLE.get(run.name)
        if spec is None or run.started_at > now - spec.after:
            continue
        untouched = TaskRun.objects.filter(pk=run.pk, status=TaskRun.Status.STARTED, started_at=run.started_at)
        if run.attempts >= spec.attempts:
            error = f"{run.error}\nUnfinished after {run.attempts} attempts: given up.".strip()
            untouched.update(status=TaskRun.Status.FAILED, finished_at=now, error=error)
        elif untouched.update(started_at=now):  # not resumed by another sweep meanwhile
            logger.warning("resuming task %s %s (attempt %s)", run.name, run.task_id, run.attempts + 1)
            HUEY.enqueue(spec.task_class(tuple(run.args), run.kwargs, id=run.task_id))


# --- Scheduled publishing ---------------------------------------------------------------


@db_periodic_task(crontab(minute="*"))
def publish_scheduled():
    """Every minute: publish what editors scheduled (a revision's go-live date) and unpublish
    what has expired, for pages and snippets with drafts alike (Wagtail's command)."""
    call_command("publish_scheduled")


# --- The home page -----------------------------------------------------------------------


@db_task(retries=2, retry_delay=30)
def warm_home_pages():
    """Render the home page of every site, as visitors get it (over HTTPS, with the site's
    host name), so its cached parts are fresh for them. Returns {hostname: status code}."""
    statuses = {}
    for site in Site.objects.all():
        host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
        response = Client(HTTP_HOST=host).get("/", secure=True, SERVER_PORT=site.port)
        statuses[site.hostname] = response.status_code
    logger.info("home page cache warmed: %s", statuses)
    return statuses


@db_periodic_task(crontab(minute="*/5"))
def warm_home_page_cache():
    """Every 5 minutes (the deployment guide's schedule): queue the warming."""
    warm_home_pages()


# --- The mail outbox (pydotorg.core.mail) ----------------------------------------------

MAX_EMAIL_AGE = timedelta(days=1)
SENT_EMAIL_KEPT = timedelta(days=7)


@db_task(retries=5, retry_delay=60)
def send_outgoing_email(email_id):
    """Send a stored email (see pydotorg.core.mail)."""
    try:
        with transaction.atomic():  # the row lock keeps two workers from sending it twice
            email = (
                OutgoingEmail.objects.select_for_update()
                .filter(pk=email_id, status=OutgoingEmail.Status.PENDING)
                .first()
            )
            if email is None:  # sent already, or given up
                return
            email.deliver()
    except Exception as exc:
        OutgoingEmail.objects.filter(pk=email_id).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise


@db_periodic_task(crontab(minute="*/10"))
def retry_outgoing_email():
    """Every 10 minutes: send what is still pending; give up on what is older than a day; forget
    sent mail after SENT_EMAIL_KEPT (it holds sign-in and password reset links)."""
    now = timezone.now()
    OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT, sent_at__lt=now - SENT_EMAIL_KEPT).delete()
    pending = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING)
    pending.filter(created_at__lt=now - MAX_EMAIL_AGE).update(status=OutgoingEmail.Status.FAILED)
    for email_id in pending.filter(created_at__lt=now - timedelta(minutes=5)).values_list("pk", flat=True):
        try:
            send_outgoing_email.call_local(email_id)
        except Exception:
            logger.warning("outgoing email %s still not sent", email_id)


# --- Site search (pydotorg/core/search.py) -----------------------------------------------


def rebuild_search_index():
    """Rebuild the search index from the database (`manage.py update_index`, its progress bar
    captured), forget old query-log hits, and log a summary. Returns {"objects": n, "seconds": s}."""
    started = time.monotonic()
    output = io.StringIO()
    call_command("update_index", stdout=output)
    objects = sum(int(n) for n in re.findall(r"indexed (\d+) objects", output.getvalue()))
    # The query log: daily hits older than WAGTAILSEARCH_HITS_MAX_AGE go, then unused queries.
    call_command("searchpromotions_garbage_collect", stdout=io.StringIO())
    summary = {"objects": objects, "seconds": round(time.monotonic() - started, 1)}
    logger.info("search index rebuilt: %(objects)s objects in %(seconds)s s", summary)
    return summary


@db_periodic_task(crontab(minute="0", hour="4", day_of_week="0"))
def rebuild_search_index_weekly():
    """Sundays 04:00 UTC (the deployment guide's weekly rebuild): whatever the signals missed
    (a bulk update, a restored backup) is indexed again, stale entries dropped."""
    return rebuild_search_index()


@db_task(retries=5, retry_delay=60)
def purge_cdn(urls=(), keys=()):
    """Purge `urls` and surrogate `keys` from the CDN (pydotorg/core/cdn.py); retried when the
    CDN cannot be reached, so that a publish never waits for it nor fails with it."""
    cdn.purge(urls, keys)

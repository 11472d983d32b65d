"""The job board's periodic work (docs/sections/jobs.md). The site itself does these
transitions (no user), and mails nobody but the monthly report."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from pydotorg.core.moderation import mail_moderators
from pydotorg.core.tasks import resumable

from .models import Job

logger = logging.getLogger(__name__)


def expire_jobs(today=None):
    """Approved jobs whose `expires` date has passed become expired. Returns how many."""
    today = today or timezone.localdate()
    count = 0
    for job in Job.objects.filter(status=Job.Status.APPROVED, expires__lt=today):
        job.transition("expire")
        count += 1
    logger.info("jobs expired: %s", count)
    return count


def archive_jobs(today=None):
    """Jobs expired more than JOBS_ARCHIVE_AFTER_DAYS ago are archived. Returns how many."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.JOBS_ARCHIVE_AFTER_DAYS)
    count = 0
    for job in Job.objects.filter(status=Job.Status.EXPIRED, expires__lt=cutoff):
        job.transition("archive")
        count += 1
    logger.info("jobs archived: %s", count)
    return count


def send_report(today=None):
    """Counts per status, and the last month's activity, to the moderators."""
    today = today or timezone.localdate()
    since = timezone.now() - timedelta(days=30)
    by_status = dict(Job.objects.values_list("status").annotate(n=Count("pk")))
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return mail_moderators(
        Job,
        "jobs/email/report",
        {
            "today": today,
            "month": today.strftime("%B %Y"),
            "counts": [(label, by_status.get(value, 0)) for value, label in Job.Status.choices],
            "created_last_month": Job.objects.filter(created__gte=since).count(),
            "approved_last_month": Job.objects.filter(approved_at__gte=since).count(),
            "review_url": f"{base}/jobs/review/",
        },
    )


@resumable(after=timedelta(hours=1))
@db_periodic_task(crontab(minute="15", hour="3"))
def expire_jobs_daily():
    return expire_jobs()


@resumable(after=timedelta(hours=1))
@db_periodic_task(crontab(minute="30", hour="3", day_of_week="1"))
def archive_jobs_weekly():
    return archive_jobs()


@resumable(after=timedelta(hours=1))
@db_periodic_task(crontab(minute="0", hour="6", day="1"))
def report_jobs_monthly():
    return send_report()

"""Periodic work of the events section (docs/sections/events.md): imports, the window of
occurrences, reminders."""

import logging
from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from pydotorg.core import pagecache
from pydotorg.core.tasks import resumable

from . import notifications
from .models import Calendar, Event, EventOccurrence
from .pages import EventsIndexPage
from .sync import sync_calendar

logger = logging.getLogger(__name__)


@resumable(after=timedelta(minutes=30))
@db_task(retries=2, retry_delay=300)
def sync_calendar_feed(calendar_id, trigger="schedule"):
    """Import one calendar's feed; returns the CalendarSync's pk. A failed fetch is recorded
    (status failed) rather than raised, so it is not retried before the next schedule."""
    calendar = Calendar.objects.filter(pk=calendar_id).first()
    if calendar is None:
        return None
    record = sync_calendar(calendar, trigger=trigger)
    logger.info("calendar synced: %s", record.summary())
    return record.pk


@db_periodic_task(crontab(minute="7", hour="*/6"))
def sync_all_calendars():
    """Every 6 hours: import every calendar that has an external feed."""
    for calendar_id in Calendar.objects.exclude(feed_url="").values_list("pk", flat=True):
        sync_calendar_feed(calendar_id)


@db_periodic_task(crontab(minute="30", hour="2"))
def refresh_event_occurrences():
    """Daily: move the materialised window of recurring events forward."""
    for event in Event.objects.filter(live=True).exclude(rrule="", rdates=""):
        event.refresh_occurrences()
    pagecache.purge(keys=["events"])  # bulk-inserted occurrences send no signal


def send_event_reminders(now=None):
    """Email everyone who asked, for each occurrence starting tomorrow (UTC day). Each
    reminder remembers the occurrence it last announced, in the transaction that queues its
    mail, so a second run (or one resumed after a crash) sends nothing twice."""
    now = now or timezone.now()
    day = datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), time(), tzinfo=UTC)
    sent = 0
    index = EventsIndexPage.objects.live().first()
    occurrences = EventOccurrence.objects.filter(event__live=True, start__gte=day, start__lt=day + timedelta(days=1))
    for occurrence in occurrences.select_related("event__calendar", "event__venue"):
        reminders = occurrence.event.reminders.select_related("user").exclude(last_sent_for=occurrence.start)
        for reminder in reminders:
            with transaction.atomic():
                if reminder.user.email and reminder.user.is_active:
                    url = index.absolute_event_url(occurrence.event) if index else ""
                    notifications.reminder(reminder, occurrence, url)
                    sent += 1
                reminder.last_sent_for = occurrence.start
                reminder.save(update_fields=["last_sent_for"])
    return sent


@resumable(after=timedelta(hours=1))
@db_periodic_task(crontab(minute="0", hour="8"))
def send_event_reminders_daily():
    """Daily: the reminders of tomorrow's events."""
    send_event_reminders()

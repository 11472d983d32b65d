"""iCalendar output: one VEVENT per event (with its RRULE, RDATE, EXDATE and moved
instances), VTIMEZONEs for the zones used. The same components feed the expansion of
recurring events into occurrences, so what we publish is exactly what we list.

The bottom of the app: it imports none of its modules (it reads events through their
attributes), so models.py may use it to expand recurrences."""

from datetime import UTC, date, datetime, time, timedelta

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

PRODID = "-//Python Software Foundation//python.org events//EN"


# --- Moments: the lines of an event's `rdates`/`exdates` and of its moved instances ---------


def parse_moment(text):
    """A line of `rdates`/`exdates`: an ISO date (all-day) or an ISO date-time (UTC if naive)."""
    text = text.strip()
    if len(text) == 10:
        return date.fromisoformat(text)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def format_moment(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value.isoformat()


def as_utc(value):
    """A datetime (naive: UTC) or a date (its midnight) as an aware UTC datetime."""
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


# --- Output ---------------------------------------------------------------------------------


def _when(event, value):
    """A UTC datetime (or date) as iCalendar wants it for this event: a date for all-day
    events, the event's local time (with TZID) otherwise."""
    if event.all_day:
        return value if not isinstance(value, datetime) else value.date()
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(), tzinfo=event.zone)
    return value.astimezone(event.zone)


def event_uid(event):
    if event.uid:
        return event.uid
    host = settings.WAGTAILADMIN_BASE_URL.split("://")[-1].split("/")[0].split(":")[0] or "python.org"
    return f"event-{event.pk}@{host}"


def event_components(event, url=""):
    """The VEVENT of `event` and one VEVENT per moved instance."""
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", event.updated_at or timezone.now())
    component.add("sequence", event.sequence)
    component.add("summary", event.title)
    component.add("dtstart", _when(event, event.start))
    end = event.end or (event.start + timedelta(days=1) if event.all_day else event.start)
    component.add("dtend", _when(event, end))
    if event.rrule:
        component.add("rrule", icalendar.vRecur.from_ical(event.rrule))
    for field, name in (("rdates", "rdate"), ("exdates", "exdate")):
        for moment in event.moments(field):
            component.add(name, _when(event, moment))
    if event.description:
        component.add("description", event.description)
    if event.venue_id:
        venue = event.venue
        component.add("location", ", ".join(part for part in (venue.name, venue.address) if part))
    categories = [category.name for category in event.categories.all()]
    if categories:
        component.add("categories", categories)
    if event.url or url:
        component.add("url", event.url or url)
    components = [component]
    for moved in event.overrides:
        instance = icalendar.Event()
        instance.add("uid", event_uid(event))
        instance.add("dtstamp", event.updated_at or timezone.now())
        instance.add("recurrence-id", _when(event, parse_moment(moved["recurrence_id"])))
        instance.add("summary", moved.get("title") or event.title)
        instance.add("dtstart", _when(event, parse_moment(moved["start"])))
        instance.add("dtend", _when(event, parse_moment(moved["end"])))
        components.append(instance)
    return components


def calendar_for(events, name="", description="", url_for=None):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    if description:
        cal.add("x-wr-caldesc", strip_tags(description))
    for event in events:
        for component in event_components(event, url_for(event) if url_for else ""):
            cal.add_component(component)
    cal.add_missing_timezones()
    return cal

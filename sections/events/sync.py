"""Import of a calendar's external iCalendar feed (`sync_calendar`).

Rules (docs/sections/events.md):
- events are matched by UID within the calendar: new ones are created and published, changed
  ones updated (a new revision, published), unchanged ones left alone;
- a SEQUENCE lower than the one we hold is an older copy of the event: ignored;
- events that vanished from the feed (or are CANCELLED in it) are unpublished, never deleted;
- recurring events keep their RRULE, RDATE and EXDATE; moved instances (RECURRENCE-ID) are
  kept with their master and cancelled instances become EXDATEs;
- a malformed VEVENT is skipped and reported; the rest of the feed still comes in;
- an editor's change wins over the feed (sync_policy "auto"): if the live event no longer
  matches what the last import wrote, or it has an unpublished draft, the import keeps it
  and says so in the record ("kept"); the policy "feed" lets the feed overwrite it,
  "local" stops updates altogether;
- everything happens in one transaction: a feed that cannot be fetched or is not
  iCalendar, or any unexpected error, changes nothing; a CalendarSync row records each run.
"""

import logging
from datetime import UTC, date, datetime, timedelta

import icalendar
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from pydotorg.core.fetch import FetchError, fetch

from .ical import as_utc, format_moment
from .models import Calendar, CalendarSync, Event, EventCategory, EventLocation, feed_file_path

logger = logging.getLogger(__name__)


class FeedError(Exception):
    """The feed could not be fetched or read: the sync changes nothing."""


class BadEvent(ValueError):
    """One VEVENT that cannot be imported: skipped and reported."""


# --- Fetching ---------------------------------------------------------------------------


def fetch_feed(url):
    """The bytes of the feed at `url`: http(s) through the shared fetcher (public addresses
    only, pydotorg/core/fetch.py), or a file:// URL under one of EVENTS_FEED_FILE_ROOTS (the
    demo's fixtures), never any other local file."""
    max_bytes = getattr(settings, "EVENTS_FEED_MAX_BYTES", 10_000_000)
    if url.startswith("file://") or url.startswith("/"):
        path = feed_file_path(url)
        if path is None:
            raise FeedError("Local files outside EVENTS_FEED_FILE_ROOTS are not read.")
        try:
            return path.read_bytes()[: max_bytes + 1]
        except OSError as exc:
            raise FeedError(f"Cannot read {path}: {exc}") from exc
    try:
        return fetch(url, max_bytes=max_bytes, timeout=getattr(settings, "EVENTS_FEED_TIMEOUT", 20)).content
    except FetchError as exc:
        raise FeedError(str(exc)) from exc


def parse_feed(content):
    if len(content) > getattr(settings, "EVENTS_FEED_MAX_BYTES", 10_000_000):
        raise FeedError("The feed is too large.")
    if b"BEGIN:VCALENDAR" not in content[:2000].upper():
        raise FeedError("Not an iCalendar feed (no BEGIN:VCALENDAR).")
    try:
        calendars = icalendar.Calendar.from_ical(content, multiple=True)
    except ValueError as exc:
        raise FeedError(f"Not a valid iCalendar feed: {exc}") from exc
    if not calendars:
        raise FeedError("Not an iCalendar feed.")
    return calendars[0]


# --- Reading one VEVENT -----------------------------------------------------------------


def _moment(component, name, required=True):
    prop = component.get(name)
    if prop is None:
        if required:
            raise BadEvent(f"no {name}")
        return None
    try:
        value = component.decoded(name)
    except Exception as exc:
        raise BadEvent(f"bad {name}: {exc}") from exc
    if not isinstance(value, (date, datetime)):
        raise BadEvent(f"bad {name}: {prop!r}")
    return value


def _zone_name(value, default_zone):
    tzinfo = getattr(value, "tzinfo", None)
    key = getattr(tzinfo, "key", None)
    if key:
        return key
    if tzinfo is not None:
        return "UTC"
    return default_zone


def _localise(value, default_zone):
    """Floating times are in the calendar's X-WR-TIMEZONE (or UTC)."""
    import zoneinfo

    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=zoneinfo.ZoneInfo(default_zone))
    return value


def _moment_lines(component, name, all_day, default_zone):
    values = component.get(name)
    if values is None:
        return ""
    lines = []
    for prop in values if isinstance(values, list) else [values]:
        for item in getattr(prop, "dts", [prop]):
            value = item.dt
            if isinstance(value, tuple):  # RDATE periods: their start
                value = value[0]
            if isinstance(value, datetime) and all_day:
                value = value.date()
            elif not isinstance(value, datetime) and not all_day:
                value = as_utc(value)
            else:
                value = _localise(value, default_zone)
            lines.append(format_moment(value))
    return "\n".join(sorted(set(lines)))


def read_event(component, default_zone):
    """The fields of one VEVENT, or BadEvent."""
    if component.errors:
        raise BadEvent("; ".join(f"{name}: {message}" for name, message in component.errors))
    uid = str(component.get("UID", "")).strip()
    if not uid:
        raise BadEvent("no UID")
    title = str(component.get("SUMMARY", "")).strip() or "(untitled)"
    start = _moment(component, "DTSTART")
    end = _moment(component, "DTEND", required=False)
    all_day = not isinstance(start, datetime)
    if end is None:
        duration = component.get("DURATION")
        if duration is not None:
            end = start + component.decoded("DURATION")
        else:
            end = start + timedelta(days=1) if all_day else start
    if all_day != (not isinstance(end, datetime)):
        raise BadEvent("DTSTART and DTEND mix a date and a date-time")
    start, end = _localise(start, default_zone), _localise(end, default_zone)
    if end < start:
        raise BadEvent("DTEND before DTSTART")
    rrule = component.get("RRULE")
    if isinstance(rrule, list):
        rrule = rrule[0]
    categories = []
    for prop in (
        component.get("CATEGORIES", [])
        if isinstance(component.get("CATEGORIES"), list)
        else [component.get("CATEGORIES")]
    ):
        if prop is not None:
            categories += [str(name).strip() for name in prop.cats if str(name).strip()]
    return {
        "uid": uid[:255],
        "sequence": int(component.get("SEQUENCE", 0) or 0),
        "cancelled": str(component.get("STATUS", "")).upper() == "CANCELLED",
        "title": title[:300],
        "description": str(component.get("DESCRIPTION", "")),
        "url": str(component.get("URL", ""))[:500] if str(component.get("URL", "")).startswith("http") else "",
        "location": " ".join(str(component.get("LOCATION", "")).split())[:255],
        "categories": categories,
        "start": as_utc(start),
        "end": as_utc(end),
        "all_day": all_day,
        "time_zone": "UTC" if all_day else _zone_name(start, default_zone),
        "rrule": rrule.to_ical().decode() if rrule is not None else "",
        "rdates": _moment_lines(component, "RDATE", all_day, default_zone),
        "exdates": _moment_lines(component, "EXDATE", all_day, default_zone),
    }


def read_instance(component, default_zone):
    """A moved or cancelled instance of a recurring event (a VEVENT with RECURRENCE-ID)."""
    recurrence_id = _localise(_moment(component, "RECURRENCE-ID"), default_zone)
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return {"cancelled": format_moment(recurrence_id)}
    fields = read_event(component, default_zone)
    return {
        "recurrence_id": format_moment(recurrence_id),
        "start": format_moment(fields["start"] if not fields["all_day"] else fields["start"].date()),
        "end": format_moment(fields["end"] if not fields["all_day"] else fields["end"].date()),
        "title": fields["title"],
    }


# --- Applying ---------------------------------------------------------------------------

CONTENT_FIELDS = ["title", "description", "url", "start", "end", "all_day", "time_zone", "rrule", "rdates", "exdates"]


class Importer:
    def __init__(self, calendar, record):
        self.calendar, self.record = calendar, record
        self.locations = {location.name: location for location in calendar.locations.all()}
        self.categories = {category.slug: category for category in calendar.categories.all()}

    def location(self, name):
        if not name:
            return None
        if name not in self.locations:
            self.locations[name] = EventLocation.objects.create(calendar=self.calendar, name=name)
        return self.locations[name]

    def category_list(self, names):
        found = []
        for name in names:
            slug = slugify(name)[:200]
            if not slug:
                continue
            if slug not in self.categories:
                self.categories[slug] = EventCategory.objects.create(calendar=self.calendar, name=name[:200], slug=slug)
            found.append(self.categories[slug])
        return found

    def apply(self, fields, event):
        """Create or update `event` from the feed's fields. Returns the action taken."""
        record = self.record
        venue = self.location(fields["location"])
        categories = self.category_list(fields["categories"])
        slugs = sorted({category.slug for category in categories})
        if event is None:
            event = Event(calendar=self.calendar, uid=fields["uid"], live=False)
            action = "created"
        else:
            if event.sync_policy == Event.SyncPolicy.LOCAL:
                return "unchanged"
            if fields["sequence"] < event.sequence:
                return "unchanged"  # an older copy of the event
            latest = event.latest_revision
            draft_by_editor = latest is not None and latest.user_id is not None and latest.pk != event.live_revision_id
            changed_here = draft_by_editor or event.fingerprint() != event.feed_fingerprint
            if changed_here and event.sync_policy == Event.SyncPolicy.AUTO:
                candidate = Event(**{name: fields[name] for name in CONTENT_FIELDS}, overrides=fields["overrides"])
                if candidate.fingerprint(venue.name if venue else "", slugs) != event.feed_fingerprint:
                    record.notes.append(f"Kept {event.title!r} ({event.uid}): edited here; the feed changed it too.")
                    return "kept"
                return "unchanged"
            action = "updated"
        for name in CONTENT_FIELDS:
            setattr(event, name, fields[name])
        event.overrides = fields["overrides"]
        event.sequence = fields["sequence"]
        event.venue = venue
        new_fingerprint = event.fingerprint(venue.name if venue else "", slugs)
        if action == "updated" and event.live and new_fingerprint == event.feed_fingerprint:
            return "unchanged"
        event.feed_fingerprint = new_fingerprint
        if event.pk is None:
            event.save()
        event.categories.set(categories)
        # Publishing refreshes the occurrences (signal handler in apps.py).
        event.save_revision(log_action=True).publish(log_action=True, skip_permission_checks=True)
        return action


def apply_feed(calendar, feed, record):
    default_zone = str(feed.get("X-WR-TIMEZONE", "") or "UTC")
    import zoneinfo

    if default_zone not in zoneinfo.available_timezones():
        default_zone = "UTC"
    masters, instances, order = {}, {}, []
    for number, component in enumerate(feed.walk("VEVENT"), start=1):
        uid = str(component.get("UID", "")).strip()
        label = f"VEVENT #{number} ({uid or str(component.get('SUMMARY', '')) or 'no UID'})"
        try:
            if component.get("RECURRENCE-ID") is not None:
                instances.setdefault(uid, []).append(read_instance(component, default_zone))
                continue
            fields = read_event(component, default_zone)
        except Exception as exc:  # anything wrong with one event skips that event only
            record.skipped += 1
            record.errors.append(f"{label}: skipped, {exc}")
            continue
        if fields["uid"] in masters:
            record.skipped += 1
            record.errors.append(f"{label}: skipped, the UID appears twice in the feed")
            continue
        masters[fields["uid"]] = fields
        order.append(fields["uid"])

    existing = {
        event.uid: event
        for event in calendar.events.exclude(uid="")
        .select_related("latest_revision", "venue")
        .prefetch_related("categories")
    }
    importer = Importer(calendar, record)
    seen = set()
    for uid in order:
        fields = masters[uid]
        if fields["cancelled"]:
            continue
        overrides, exdates = [], fields["exdates"].splitlines()
        for instance in instances.get(uid, []):
            if "cancelled" in instance:
                exdates.append(instance["cancelled"])
            else:
                overrides.append(instance)
        fields["exdates"] = "\n".join(sorted(set(exdates)))
        fields["overrides"] = sorted(overrides, key=lambda moved: moved["recurrence_id"])
        try:
            with transaction.atomic():  # a savepoint: one failing event never breaks the others
                action = importer.apply(fields, existing.get(uid))
        except Exception as exc:
            record.skipped += 1
            record.errors.append(f"{fields['title']!r} ({uid}): skipped, {exc}")
            continue
        seen.add(uid)
        setattr(record, action, getattr(record, action) + 1)
    for uid, event in existing.items():
        vanished = uid not in masters and event.sync_policy != Event.SyncPolicy.LOCAL
        cancelled = uid in masters and masters[uid]["cancelled"]
        if event.live and uid not in seen and (vanished or cancelled):
            event.unpublish(log_action=True)
            record.unpublished += 1


def sync_calendar(calendar, trigger="command"):
    """Import `calendar`'s feed in one transaction; returns the saved CalendarSync."""
    record = CalendarSync(calendar=calendar, trigger=trigger, started_at=timezone.now())
    try:
        if not calendar.feed_url:
            raise FeedError("The calendar has no external iCalendar URL.")
        feed = parse_feed(fetch_feed(calendar.feed_url))
        with transaction.atomic():
            Calendar.objects.select_for_update().filter(pk=calendar.pk).first()  # one sync at a time
            apply_feed(calendar, feed, record)
    except Exception as exc:
        if not isinstance(exc, FeedError):
            logger.exception("sync of calendar %s failed", calendar.slug)
        for name in ("created", "updated", "unchanged", "unpublished", "kept", "skipped"):
            setattr(record, name, 0)
        record.notes = []
        record.errors = [f"{exc}" if isinstance(exc, FeedError) else f"{type(exc).__name__}: {exc}"]
        record.status = CalendarSync.Status.FAILED
    else:
        record.status = CalendarSync.Status.PARTIAL if record.skipped else CalendarSync.Status.OK
    record.finished_at = timezone.now()
    record.save()
    Calendar.objects.filter(pk=calendar.pk).update(sync_status=record.status, last_synced_at=record.finished_at)
    calendar.sync_status, calendar.last_synced_at = record.status, record.finished_at
    return record


__all__ = ["FeedError", "UTC", "fetch_feed", "parse_feed", "sync_calendar"]

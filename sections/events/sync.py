"""Import of a calendar's external iCalendar feed (`sync_calendar`).

Rules (docs/sections/events.md):
- events are matched by UID within the calendar: new ones are created and published, changed
  ones updated (a new revision, published), unchanged ones left alone;
- a SEQUENCE lower than the one we hold is an older copy of the event: ignored; of two copies
  in one feed, the higher SEQUENCE (then the later LAST-MODIFIED / DTSTAMP) wins;
- events that vanished from the feed (or are CANCELLED in it) are unpublished, never deleted;
  when more than EVENTS_SYNC_REMOVAL_THRESHOLD of them vanish at once, none is, and the
  record asks an admin to confirm (status "held", Calendar.confirm_removals);
- recurring events keep their RRULEs, RDATEs (periods with their end) and EXDATEs; moved
  instances (RECURRENCE-ID, RANGE=THISANDFUTURE too) are kept with their master, cancelled
  ones become EXDATEs; instances without their master come in as single events;
- times are read in the zone their TZID names: an IANA name, a Windows name mapped to its
  IANA zone, or the feed's own VTIMEZONE (kept with the event when no IANA zone matches);
- every VCALENDAR of the file is read; expansion is capped (models.ExpansionBudget) and the
  record names what was capped;
- a malformed VEVENT is skipped and reported; the rest of the feed still comes in (a missing
  UID, mixed date/date-time, swapped ends, unreadable unused lines are read as
  recurring_ical_events reads them);
- an editor's change wins over the feed (sync_policy "auto"): if the live event no longer
  matches what the last import wrote, or it has an unpublished draft, the import keeps it
  and says so in the record ("kept"); the policy "feed" lets the feed overwrite it,
  "local" stops updates altogether;
- everything happens in one transaction: a feed that cannot be fetched or is not
  iCalendar, or any unexpected error, changes nothing; a CalendarSync row records each run.
"""

import hashlib
import logging
import zoneinfo
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from pydotorg.core import pagecache
from pydotorg.core.fetch import FetchError, fetch

from .ical import as_utc, format_moment, iana_names, iana_zone, same_offsets, zone_from_vtimezone
from .models import (
    Calendar,
    CalendarSync,
    Event,
    EventCategory,
    EventLocation,
    expansion_budget,
    feed_file_path,
)

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
    """Every VCALENDAR of the feed (a file may hold several: all are imported)."""
    if len(content) > getattr(settings, "EVENTS_FEED_MAX_BYTES", 10_000_000):
        raise FeedError("The feed is too large.")
    if b"BEGIN:VCALENDAR" not in content[:2000].upper():
        raise FeedError("Not an iCalendar feed (no BEGIN:VCALENDAR).")
    import icalendar  # with its deps ~4 MB: only the sync task and the calendar views need it

    try:
        calendars = icalendar.Calendar.from_ical(content, multiple=True)
    except ValueError as exc:
        raise FeedError(f"Not a valid iCalendar feed: {exc}") from exc
    if not calendars:
        raise FeedError("Not an iCalendar feed.")
    return calendars


# --- Time zones of one VCALENDAR ---------------------------------------------------------


class Zone:
    """A TZID of the feed: its tzinfo, the IANA name it is stored as (or None) and, when no
    IANA zone has its rules, the text of its VTIMEZONE (kept with the event)."""

    def __init__(self, tzinfo, name=None, vtimezone=""):
        self.tzinfo, self.name, self.vtimezone = tzinfo, name, vtimezone


class Zones:
    """The zones of one VCALENDAR: its floating-time zone (X-WR-TIMEZONE, else UTC) and its
    TZIDs. A VTIMEZONE whose TZID is not an IANA name (a Windows name such as "Eastern
    Standard Time", a custom name) is read from its own rules; it is stored as the IANA zone
    its name stands for when that zone has the same offsets over the occurrence window
    (Outlook's Windows zones do), else kept with the event as VTIMEZONE text."""

    def __init__(self, feed):
        floating = iana_zone(str(feed.get("X-WR-TIMEZONE", "") or "")) or "UTC"
        self.floating = Zone(zoneinfo.ZoneInfo(floating), floating)
        self.by_tzid = {}
        days = getattr(settings, "EVENTS_OCCURRENCE_WINDOW_DAYS", 730)
        now = timezone.now()
        for component in feed.walk("VTIMEZONE"):
            tzid = str(component.get("TZID", "")).strip()
            if not tzid or tzid in iana_names():
                continue  # an IANA name: the IANA rules (as recurring_ical_events reads it)
            try:
                own = zone_from_vtimezone(component.to_ical().decode())
            except Exception as exc:  # an unreadable VTIMEZONE: its TZID reads as floating
                logger.info("unreadable VTIMEZONE %r: %s", tzid, exc)
                continue
            names = [iana_zone(tzid), iana_zone(str(component.get("X-LIC-LOCATION", "")))]
            for name in filter(None, names):
                if same_offsets(
                    component, zoneinfo.ZoneInfo(name), now - timedelta(days=days), now + timedelta(days=days)
                ):
                    self.by_tzid[tzid] = Zone(zoneinfo.ZoneInfo(name), name)
                    break
            else:
                self.by_tzid[tzid] = Zone(own, None, component.to_ical().decode())

    def of(self, prop, value):
        """The Zone of `value`, read from `prop`: the one its TZID names, the floating zone for
        a time without one, None for UTC and dates."""
        if not isinstance(value, datetime):
            return None
        tzid = str(prop.params.get("TZID", "") or "") if hasattr(prop, "params") else ""
        if tzid in self.by_tzid:
            return self.by_tzid[tzid]
        name = iana_zone(tzid) if tzid else None
        if name:
            return Zone(zoneinfo.ZoneInfo(name), name)
        if value.tzinfo is None or tzid:  # floating (or an unknown TZID without a VTIMEZONE)
            return self.floating
        return None

    def localise(self, value, prop):
        """`value` (read from `prop`) in the zone its TZID names, by the feed's rules."""
        zone = self.of(prop, value)
        if zone is None:
            return value if not isinstance(value, datetime) or value.tzinfo else value.replace(tzinfo=UTC)
        return value.replace(tzinfo=zone.tzinfo)

    def floating_midnight(self, day):
        """The midnight of `day` as a floating time (in the calendar's floating zone)."""
        return datetime.combine(day, datetime.min.time(), tzinfo=self.floating.tzinfo)


# --- Reading one VEVENT -----------------------------------------------------------------


def _moment(component, name, zones, required=True):
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
    return zones.localise(value, prop)


def _moment_lines(component, name, all_day, zones):
    values = component.get(name)
    if values is None:
        return ""
    lines = []
    for prop in values if isinstance(values, list) else [values]:
        for item in getattr(prop, "dts", [prop]):
            value = item.dt
            if isinstance(value, tuple):  # an RDATE;VALUE=PERIOD: its start and its own end
                first = zones.localise(value[0], prop)
                last = first + value[1] if isinstance(value[1], timedelta) else zones.localise(value[1], prop)
                lines.append(f"{format_moment(first)}/{format_moment(last)}")
                continue
            if isinstance(value, datetime) and all_day:
                value = value.date()
            elif not isinstance(value, datetime) and not all_day:
                value = as_utc(value)
            else:
                value = zones.localise(value, prop)
            lines.append(format_moment(value))
    return "\n".join(sorted(set(lines)))


def _stamp(component):
    """When this copy of the event was written: (LAST-MODIFIED, DTSTAMP) in UTC. A feed's
    DTSTAMP is often the time of the export, the same for every copy: LAST-MODIFIED first."""
    stamps = []
    for name in ("LAST-MODIFIED", "DTSTAMP"):
        try:
            value = component.decoded(name) if component.get(name) is not None else None
        except Exception:
            value = None
        stamps.append(as_utc(value) if isinstance(value, datetime) else datetime.min.replace(tzinfo=UTC))
    return tuple(stamps)


def newer(fields, other):
    """Whether `fields` is a newer copy of the same VEVENT than `other`: the higher SEQUENCE,
    then the later LAST-MODIFIED, then DTSTAMP (on a tie the first copy stays)."""
    return (fields["sequence"], fields["stamp"]) > (other["sequence"], other["stamp"])


USED_PROPERTIES = {"UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "SEQUENCE"}


def read_event(component, zones):
    """The fields of one VEVENT, or BadEvent."""
    # A line the parser could not read (or a property we do not use) is ignored, as
    # recurring_ical_events ignores it; a broken property we use skips the event.
    fatal = [(name, message) for name, message in component.errors if str(name).upper() in USED_PROPERTIES]
    if fatal:
        raise BadEvent("; ".join(f"{name}: {message}" for name, message in fatal))
    uid = str(component.get("UID", "")).strip()
    if not uid:
        raise BadEvent("no UID")
    title = str(component.get("SUMMARY", "")).strip() or "(untitled)"
    start = _moment(component, "DTSTART", zones)
    end = _moment(component, "DTEND", zones, required=False)
    if end is None:
        duration = component.decoded("DURATION") if component.get("DURATION") is not None else None
        if duration is None:
            end = start if isinstance(start, datetime) else start + timedelta(days=1)
        elif not isinstance(start, datetime) and duration % timedelta(days=1):  # a date and hours
            start = zones.floating_midnight(start)
            end = start + duration
        else:
            end = start + duration
    # A date and a date-time mixed: the date is midnight in the other's zone; an end before
    # the start: swapped (as recurring_ical_events reads them).
    if isinstance(start, datetime) and not isinstance(end, datetime):
        end = datetime.combine(end, datetime.min.time(), tzinfo=start.tzinfo)
    elif isinstance(end, datetime) and not isinstance(start, datetime):
        start = datetime.combine(start, datetime.min.time(), tzinfo=end.tzinfo)
    all_day = not isinstance(start, datetime)
    if end < start:
        start, end = end, start
    rules = component.get("RRULE")
    rules = [rule.to_ical().decode() for rule in (rules if isinstance(rules, list) else [rules] if rules else [])]
    zone = None
    if not all_day:  # the zone of DTSTART, or of DTEND when DTSTART is a date
        for name in ("DTSTART", "DTEND"):
            if component.get(name) is not None and isinstance(component.decoded(name), datetime):
                zone = zones.of(component[name], component.decoded(name))
                break
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
        "stamp": _stamp(component),
        "cancelled": str(component.get("STATUS", "")).upper() == "CANCELLED",
        "title": title[:300],
        "description": str(component.get("DESCRIPTION", "")),
        "url": str(component.get("URL", ""))[:500] if str(component.get("URL", "")).startswith("http") else "",
        "location": " ".join(str(component.get("LOCATION", "")).split())[:255],
        "categories": categories,
        "start": as_utc(start),
        "end": as_utc(end),
        "all_day": all_day,
        "time_zone": (zone.name or "UTC") if zone else "UTC",
        "vtimezone": zone.vtimezone if zone else "",
        "rrule": rules[0] if rules else "",
        "extra_rules": "\n".join(rules[1:]),
        "rdates": _moment_lines(component, "RDATE", all_day, zones),
        "exdates": _moment_lines(component, "EXDATE", all_day, zones),
    }


def read_instance(component, zones):
    """A moved or cancelled instance of a recurring event (a VEVENT with RECURRENCE-ID): its
    RECURRENCE-ID (as written), whether it is RANGE=THISANDFUTURE, and its fields."""
    prop = component["RECURRENCE-ID"]
    instance = {
        "recurrence_id": _moment(component, "RECURRENCE-ID", zones),
        "range": str(prop.params.get("RANGE", "")).upper() if hasattr(prop, "params") else "",
        "uid": str(component.get("UID", "")).strip()[:255],
        "sequence": int(component.get("SEQUENCE", 0) or 0),
        "stamp": _stamp(component),
    }
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return {**instance, "cancelled": True}
    return {**instance, "cancelled": False, "fields": read_event(component, zones)}


def instance_key(recurrence_id, all_day):
    """The `recurrence_id` of a moved instance as its series stores it: a date for an
    all-day series (Outlook writes a date-time at midnight, in the series' zone or in UTC,
    for a moved instance of an all-day series), else the UTC date-time."""
    if not all_day:
        return format_moment(as_utc(recurrence_id))
    if isinstance(recurrence_id, datetime):
        if recurrence_id.time() == datetime.min.time():
            return recurrence_id.date().isoformat()
        if as_utc(recurrence_id).time() == datetime.min.time():
            return as_utc(recurrence_id).date().isoformat()
        return format_moment(recurrence_id)
    return recurrence_id.isoformat()


def override(instance, all_day):
    fields = instance["fields"]
    moved = {
        "recurrence_id": instance_key(instance["recurrence_id"], all_day),
        "start": format_moment(fields["start"] if not fields["all_day"] else fields["start"].date()),
        "end": format_moment(fields["end"] if not fields["all_day"] else fields["end"].date()),
        "title": fields["title"],
    }
    if instance["range"] == "THISANDFUTURE":
        moved["range"] = "THISANDFUTURE"
    return moved


# --- Applying ---------------------------------------------------------------------------

CONTENT_FIELDS = ["title", "description", "url", "start", "end", "all_day", "time_zone", "vtimezone", "rrule"]
CONTENT_FIELDS += ["extra_rules", "rdates", "exdates"]


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
        event.feed_rules = True  # the feed's rules as written: their expansion is capped, not refused
        if event.pk is None:
            event.save()
        event.categories.set(categories)
        # Publishing refreshes the occurrences (signal handler in apps.py).
        event.save_revision(log_action=True).publish(log_action=True, skip_permission_checks=True)
        return action


def made_uid(component, made):
    """A UID for a VEVENT without one (RFC 5545 requires it; library test calendars and
    hand-written files omit it): derived from its start, rules and summary, so the next sync
    of the same file finds the same event; numbered when two such VEVENTs are alike."""
    text = "\n".join(
        prop.to_ical().decode(errors="replace") if hasattr(prop, "to_ical") else str(prop)
        for name in ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "SUMMARY")
        for prop in (lambda value: value if isinstance(value, list) else [value])(component.get(name, ""))
    )
    base = "no-uid-" + hashlib.sha256(text.encode()).hexdigest()[:20]
    uid, number = base, 1
    while uid in made:
        number += 1
        uid = f"{base}-{number}"
    made.add(uid)
    return uid


def read_feed(calendars, record):
    """The masters (by UID, the newest copy of each), their instances (by UID and
    RECURRENCE-ID, the newest copy of each) and the UIDs in feed order, of every VCALENDAR."""
    masters, instances, broken, order, number, made = {}, {}, set(), [], 0, set()
    for feed in calendars:
        zones = Zones(feed)
        for component in feed.walk("VEVENT"):
            number += 1
            uid = str(component.get("UID", "")).strip()[:255]
            if not uid and component.get("RECURRENCE-ID") is None:
                uid = made_uid(component, made)
                component["UID"] = uid
                record.notes.append(f"VEVENT #{number} ({component.get('SUMMARY', '')}): no UID, given {uid}.")
            label = f"VEVENT #{number} ({uid or str(component.get('SUMMARY', '')) or 'no UID'})"
            try:
                if component.get("RECURRENCE-ID") is not None:
                    instance = read_instance(component, zones)
                    key = format_moment(as_utc(instance["recurrence_id"]))
                    copies = instances.setdefault(uid, {})
                    if key not in copies or newer(instance, copies[key]):
                        copies[key] = instance
                    continue
                fields = read_event(component, zones)
            except Exception as exc:  # anything wrong with one event skips that event only
                record.skipped += 1
                record.errors.append(f"{label}: skipped, {exc}")
                broken.add(uid)
                continue
            if fields["uid"] in masters:
                kept = fields if newer(fields, masters[fields["uid"]]) else masters[fields["uid"]]
                record.notes.append(
                    f"{label}: the UID appears twice in the feed; kept the copy with SEQUENCE {kept['sequence']}"
                    f" last modified {kept['stamp'][0]:%Y-%m-%d %H:%M} UTC."
                )
                masters[fields["uid"]] = kept
                continue
            masters[fields["uid"]] = fields
            order.append(fields["uid"])
    return masters, instances, broken, order


def orphans(masters, instances, broken, record):
    """Moved instances whose recurring event is not in the feed: each one a single event
    (its UID followed by "#" and its RECURRENCE-ID), and a note in the record."""
    found = {}
    for uid, copies in instances.items():
        if uid in masters or uid in broken:
            continue
        alone = [instance for instance in copies.values() if not instance["cancelled"]]
        for instance in alone:
            fields = dict(instance["fields"])
            fields["uid"] = f"{uid[:200]}#{format_moment(as_utc(instance['recurrence_id']))}"
            fields["rrule"] = fields["extra_rules"] = fields["rdates"] = fields["exdates"] = ""
            fields["overrides"] = []
            found[fields["uid"]] = fields
        record.notes.append(
            f"{len(alone)} instance(s) of {uid} (RECURRENCE-ID) without their recurring event in the feed: "
            + ("imported as single events." if alone else "all cancelled, nothing imported.")
        )
    return found


def apply_feed(calendar, calendars, record, confirm_removals=False):
    masters, instances, broken, order = read_feed(calendars, record)
    for uid in order:
        fields = masters[uid]
        overrides, exdates = [], set(fields["exdates"].splitlines())
        for instance in instances.get(uid, {}).values():
            if instance["cancelled"]:
                exdates.add(instance_key(instance["recurrence_id"], fields["all_day"]))
            else:
                overrides.append(override(instance, fields["all_day"]))
        fields["exdates"] = "\n".join(sorted(exdates))
        fields["overrides"] = sorted(overrides, key=lambda moved: moved["recurrence_id"])
    singles = orphans(masters, instances, broken, record)
    masters.update(singles)
    order += list(singles)

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
        try:
            with transaction.atomic():  # a savepoint: one failing event never breaks the others
                action = importer.apply(fields, existing.get(uid))
        except Exception as exc:
            record.skipped += 1
            record.errors.append(f"{fields['title']!r} ({uid}): skipped, {exc}")
            continue
        seen.add(uid)
        setattr(record, action, getattr(record, action) + 1)
    live = [event for event in existing.values() if event.live and event.sync_policy != Event.SyncPolicy.LOCAL]
    vanished = [event for event in live if event.uid not in masters and event.uid not in seen]
    cancelled = [event for event in live if event.uid in masters and masters[event.uid]["cancelled"]]
    threshold = getattr(settings, "EVENTS_SYNC_REMOVAL_THRESHOLD", 0.5)
    if vanished and len(vanished) > threshold * len(live) and not confirm_removals:
        record.held = len(vanished)
        record.notes.append(
            f"Held: the feed no longer has {len(vanished)} of the {len(live)} published events imported from it "
            f"(more than {threshold:.0%}), so none was unpublished. If that is right, tick "
            f"'Confirm removals' on the calendar and sync again."
        )
        vanished = []
    for event in vanished + cancelled:
        event.unpublish(log_action=True)
        record.unpublished += 1


def sync_calendar(calendar, trigger="command", confirm_removals=None):
    """Import `calendar`'s feed in one transaction; returns the saved CalendarSync.
    `confirm_removals` (default: the calendar's flag, cleared by a sync that used it) lets
    the sync unpublish more than EVENTS_SYNC_REMOVAL_THRESHOLD of the events."""
    record = CalendarSync(calendar=calendar, trigger=trigger, started_at=timezone.now())
    if confirm_removals is None:
        confirm_removals = calendar.confirm_removals
    try:
        if not calendar.feed_url:
            raise FeedError("The calendar has no external iCalendar URL.")
        calendars = parse_feed(fetch_feed(calendar.feed_url))
        with transaction.atomic():
            Calendar.objects.select_for_update().filter(pk=calendar.pk).first()  # one sync at a time
            with expansion_budget() as budget:
                apply_feed(calendar, calendars, record, confirm_removals=confirm_removals)
            record.notes += [f"Capped {name}" for name in budget.capped]
            if confirm_removals:
                Calendar.objects.filter(pk=calendar.pk).update(confirm_removals=False)
                calendar.confirm_removals = False
    except Exception as exc:
        if not isinstance(exc, FeedError):
            logger.exception("sync of calendar %s failed", calendar.slug)
        for name in ("created", "updated", "unchanged", "unpublished", "kept", "skipped", "held"):
            setattr(record, name, 0)
        record.notes = []
        record.errors = [f"{exc}" if isinstance(exc, FeedError) else f"{type(exc).__name__}: {exc}"]
        record.status = CalendarSync.Status.FAILED
    else:
        if record.held:
            record.status = CalendarSync.Status.HELD
        else:
            record.status = CalendarSync.Status.PARTIAL if record.skipped else CalendarSync.Status.OK
    record.finished_at = timezone.now()
    record.save()
    Calendar.objects.filter(pk=calendar.pk).update(sync_status=record.status, last_synced_at=record.finished_at)
    if record.status != CalendarSync.Status.FAILED:  # occurrences are bulk-inserted: no signal
        pagecache.purge(keys=["events"])
    calendar.sync_status, calendar.last_synced_at = record.status, record.finished_at
    return record


__all__ = ["FeedError", "UTC", "fetch_feed", "parse_feed", "sync_calendar"]

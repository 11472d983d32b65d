"""iCalendar output: one VEVENT per event (with its RRULE, RDATE, EXDATE and moved
instances), VTIMEZONEs for the zones used. The same components feed the expansion of
recurring events into occurrences, so what we publish is exactly what we list.

The bottom of the app: it imports none of its modules (it reads events through their
attributes), so models.py may use it to expand recurrences."""

import zoneinfo
from bisect import bisect_right
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache

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


def parse_rdate(text):
    """A line of `rdates`: a moment, or a period "start/end" (an RDATE;VALUE=PERIOD, which
    keeps its own end) as a (start, end) pair."""
    first, sep, last = text.strip().partition("/")
    return (parse_moment(first), parse_moment(last)) if sep else parse_moment(first)


def format_moment(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value.isoformat()


def as_utc(value):
    """A datetime (naive: UTC) or a date (its midnight) as an aware UTC datetime."""
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


# --- Time zones: IANA names, Windows names, a feed's own VTIMEZONE ------------------------


@cache
def iana_names():
    return frozenset(zoneinfo.available_timezones())


def iana_zone(name):
    """The IANA zone `name` stands for: an IANA name, a Windows name ("Eastern Standard
    Time", as Outlook and Exchange write them) or a "globally unique" TZID ending with an
    IANA name (/freeassociation.sourceforge.net/Europe/Berlin); None if none."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = (name or "").strip().strip('"')
    cleaned = name.strip("/")
    candidates = [cleaned, WINDOWS_TO_OLSON.get(cleaned, "")]
    parts = cleaned.split("/")
    candidates += ["/".join(parts[start:]) for start in range(1, len(parts))]
    for candidate in candidates:
        if candidate and candidate in iana_names():
            return candidate
    return None


@lru_cache(maxsize=512)
def zone_from_vtimezone(text):
    """The tzinfo of a VTIMEZONE's text, built from its own DAYLIGHT/STANDARD rules (never
    from icalendar's process-wide cache of TZIDs, which keeps the first definition it saw)."""
    import icalendar  # here and below: icalendar (~4 MB) loads only when an event needs it

    return icalendar.Timezone.from_ical(text).to_tz(lookup_tzid=False)


def same_offsets(vtimezone, zone, start, end):
    """Whether the VTIMEZONE component gives the same UTC offsets as the tzinfo `zone` from
    `start` to `end` (UTC): compared each day and on each side of every transition of the
    VTIMEZONE (its own transition table: dateutil's tzinfo of it is slow to query)."""
    times, info = vtimezone.get_transitions()
    if not times:
        return False
    start, end = start.astimezone(UTC).replace(tzinfo=None), end.astimezone(UTC).replace(tzinfo=None)
    moments = [start + timedelta(days=day) for day in range((end - start).days + 1)]
    second = timedelta(seconds=1)
    moments += [moment + shift for moment in times if start <= moment <= end for shift in (-second, second)]
    for moment in moments:
        index = bisect_right(times, moment) - 1
        if index < 0 or info[index][0] != moment.replace(tzinfo=UTC).astimezone(zone).utcoffset():
            return False
    return True


# --- The cost of expanding a rule -------------------------------------------------------------

FREQUENCY_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86400,
    "WEEKLY": 7 * 86400,
    "MONTHLY": 28 * 86400,
    "YEARLY": 365 * 86400,
}
EXPANDING_PARTS = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH")


def rule_steps(rule, start, stop):
    """An upper bound of the instants the rule library steps through from `start` to `stop`
    (both UTC) for `rule`: what expanding it costs, whatever the window (a rule is always
    expanded from its start)."""
    import icalendar

    recur = icalendar.vRecur.from_ical(rule)
    freq = str((recur.get("FREQ") or ["DAILY"])[0]).upper()
    interval = max(1, int((recur.get("INTERVAL") or [1])[0]))
    until = (recur.get("UNTIL") or [None])[0]
    if until is not None:
        stop = min(stop, as_utc(until))
    periods = max(0.0, (stop - start).total_seconds()) / (FREQUENCY_SECONDS.get(freq, 1) * interval) + 1
    factor = 1
    for part in EXPANDING_PARTS:
        factor *= max(1, len(recur.get(part) or []))
    if recur.get("BYDAY") and freq in ("MONTHLY", "YEARLY"):
        factor *= 5 if freq == "MONTHLY" else 53
    count = (recur.get("COUNT") or [None])[0]
    if count is not None and factor == 1:
        periods = min(periods, int(count))
    return periods * factor


# --- Output ---------------------------------------------------------------------------------


def _when(event, value, keep_dates=False):
    """A UTC datetime (or date) as iCalendar wants it for this event: a date for all-day
    events, the event's local time (with TZID) otherwise. `keep_dates`: a date stays a date
    (an all-day moved instance of a timed series)."""
    if keep_dates and not isinstance(value, datetime):
        return value
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
    import icalendar

    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", event.updated_at or timezone.now())
    component.add("sequence", event.sequence)
    component.add("summary", event.title)
    component.add("dtstart", _when(event, event.start))
    end = event.end or (event.start + timedelta(days=1) if event.all_day else event.start)
    component.add("dtend", _when(event, end))
    for rule in event.rules():
        component.add("rrule", icalendar.vRecur.from_ical(rule))
    for line in event.rdates.splitlines():
        if line.strip():
            moment = parse_rdate(line)
            if isinstance(moment, tuple):  # a period: in UTC, with its own end
                component.add("rdate", [tuple(as_utc(value) for value in moment)])
            else:
                component.add("rdate", _when(event, moment))
    for moment in event.moments("exdates"):
        component.add("exdate", _when(event, moment))
    if event.description:
        component.add("description", str(event.description_html))  # page links made real
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
        recurrence_id = _when(event, parse_moment(moved["recurrence_id"]))
        parameters = {"RANGE": "THISANDFUTURE"} if moved.get("range") == "THISANDFUTURE" else {}
        instance.add("recurrence-id", recurrence_id, parameters=parameters)
        instance.add("summary", moved.get("title") or event.title)
        instance.add("dtstart", _when(event, parse_moment(moved["start"]), keep_dates=True))
        instance.add("dtend", _when(event, parse_moment(moved["end"]), keep_dates=True))
        components.append(instance)
    return components


def calendar_for(events, name="", description="", url_for=None):
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    if description:
        cal.add("x-wr-caldesc", strip_tags(description))
    own_zones = {}
    for event in events:
        if getattr(event, "vtimezone", "") and not event.all_day:  # the feed's own VTIMEZONE
            zone = icalendar.Timezone.from_ical(event.vtimezone)
            own_zones.setdefault(zone.tz_name, zone)
        for component in event_components(event, url_for(event) if url_for else ""):
            cal.add_component(component)
    for position, zone in enumerate(own_zones.values()):
        cal.subcomponents.insert(position, zone)
    cal.add_missing_timezones()
    return cal

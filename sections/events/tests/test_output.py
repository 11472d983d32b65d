"""Machine-readable output: iCalendar (round trip through our own import), RSS, Atom, JSON-LD."""

import json
import re
import shutil

import feedparser
import icalendar
import pytest

from conftest import SHARED_DATA
from sections.events.factories import CalendarFactory, EventFactory
from sections.events.models import Event
from sections.events.sync import sync_calendar

from .conftest import vevent

pytestmark = pytest.mark.django_db

EDGE_CASES = [
    vevent(
        "weekly",
        "Weekly",
        "DTSTART;TZID=Europe/Vienna:20300307T100000",
        "DTEND;TZID=Europe/Vienna:20300307T110000",
        "RRULE:FREQ=WEEKLY;COUNT=6\r\nEXDATE;TZID=Europe/Vienna:20300321T100000\r\nCATEGORIES:Meetup,Sprint",
    ),
    vevent(
        "allday",
        "Sprint days",
        "DTSTART;VALUE=DATE:20300101",
        "DTEND;VALUE=DATE:20300104",
        "LOCATION:Somewhere\\, Earth",
    ),
    vevent("moved", "Series", "DTSTART:20300107T100000Z", "DTEND:20300107T110000Z", "RRULE:FREQ=WEEKLY;COUNT=3"),
    vevent(
        "moved",
        "Series (moved)",
        "DTSTART:20300115T150000Z",
        "DTEND:20300115T160000Z",
        "RECURRENCE-ID:20300114T100000Z",
    ),
    vevent(
        "rdate",
        "Extra dates",
        "DTSTART:20300201T100000Z",
        "DTEND:20300201T110000Z",
        "RDATE:20300301T100000Z,20300401T100000Z",
    ),
]


def snapshot(calendar):
    return {
        event.uid: (
            event.title,
            event.start,
            event.end,
            event.all_day,
            event.time_zone,
            event.rrule,
            event.exdates,
            event.rdates,
            event.overrides,
            event.venue.name if event.venue else "",
            sorted(c.name for c in event.categories.all()),
            list(event.occurrences.values_list("start", "end")),
        )
        for event in Event.objects.filter(calendar=calendar, live=True)
    }


def test_ics_round_trip(client, index, make_feed, feed_dir):
    shutil.copy(SHARED_DATA / "pythondotorg/apps/events/tests/events.ics", feed_dir / "real.ics")
    real = CalendarFactory(feed_url=f"file://{feed_dir / 'real.ics'}")
    assert sync_calendar(real).created == 78
    edge = make_feed(*EDGE_CASES)
    assert sync_calendar(edge).created == 4
    for source in (real, edge):
        # On a host the importer's URL check accepts ("testserver" has no dot): the URLs are the request's.
        response = client.get(f"/events/{source.slug}/ical/", HTTP_HOST="www.example.org")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        exported = icalendar.Calendar.from_ical(response.content)
        assert len({str(e["UID"]) for e in exported.walk("VEVENT")}) == len(snapshot(source))
        (feed_dir / f"export-{source.slug}.ics").write_bytes(response.content)
        copy = CalendarFactory(feed_url=f"file://{feed_dir / f'export-{source.slug}.ics'}")
        record = sync_calendar(copy)
        assert record.skipped == 0, record.errors
        assert snapshot(copy) == snapshot(source)


def test_all_and_event_ics(client, index):
    event = EventFactory(title="Sprint", rrule="FREQ=DAILY;COUNT=3", time_zone="America/New_York")
    EventFactory(live=False)  # drafts are not exported
    cal = icalendar.Calendar.from_ical(client.get("/events/ical/").content)
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["Sprint"]
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "America/New_York"
    single = icalendar.Calendar.from_ical(client.get(f"/events/{event.calendar.slug}/{event.pk}/ical/").content)
    component = single.walk("VEVENT")[0]
    assert component["RRULE"].to_ical() == b"FREQ=DAILY;COUNT=3"
    assert str(component["URL"]).endswith(f"/events/{event.calendar.slug}/{event.pk}/")


def test_rss_and_atom(client, index):
    calendar = CalendarFactory()
    EventFactory(calendar=calendar, title="Upcoming <conf>")
    EventFactory(title="Elsewhere")
    for url, count in (("/events/feed/rss/", 2), (f"/events/{calendar.slug}/feed/rss/", 1)):
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo and feed.version == "rss20" and len(feed.entries) == count
    atom = feedparser.parse(client.get(f"/events/{calendar.slug}/feed/atom/").content)
    assert atom.version == "atom10" and atom.entries[0].title.startswith("Upcoming <conf>")
    assert atom.entries[0].link.endswith(f"/events/{calendar.slug}/{calendar.events.get().pk}/")


def test_json_ld_on_event_page(client, index):
    event = EventFactory(title="PyCon </script>", time_zone="Europe/Vienna")
    html = client.get(f"/events/{event.calendar.slug}/{event.pk}/").content.decode()
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "Event" and data["name"] == "PyCon </script>"
    assert data["startDate"] == event.start.astimezone(event.zone).isoformat()

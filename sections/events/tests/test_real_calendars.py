"""Calendars as Google Calendar, Outlook/Exchange and Apple Calendar write them
(sections/events/tests/calendars/): what the import stores must equal what
recurring_ical_events expands from the same file over our window (start and end, in UTC),
for every file; the cases the library cannot settle alone (ties of SEQUENCE, rules too dense
to expand, a feed that drops everything) are checked on their own."""

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import x_wr_timezone
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from conftest import SHARED_DATA
from sections.events.factories import CalendarFactory
from sections.events.ical import as_utc, calendar_for
from sections.events.models import Calendar, Event, EventOccurrence
from sections.events.sync import sync_calendar

pytestmark = pytest.mark.django_db

CALENDARS = Path(__file__).resolve().parent / "calendars"
COMPARED = [
    "outlook-windows-zone.ics",
    "outlook-allday-moved.ics",
    "outlook-instances-without-master.ics",
    "apple-custom-vtimezone.ics",
    "apple-this-and-future.ics",
    "apple-rdate-periods-two-rules.ics",
    "google-duplicate-uid.ics",
    "google-all-day-override.ics",
    "google-several-vcalendars.ics",
    "hand-no-uid.ics",
    "hand-mixed-dates.ics",
]


def at(*args):
    return datetime(*args, tzinfo=UTC)


def window(calendars=()):
    """Our window: EVENTS_OCCURRENCE_WINDOW_DAYS back and ahead; from the first start when a
    file lies wholly before it (a single event is stored whatever its date, a series wholly
    in the past from its start)."""
    days = settings.EVENTS_OCCURRENCE_WINDOW_DAYS
    now = timezone.now()
    starts = [as_utc(event.decoded("DTSTART")) for calendar in calendars for event in calendar.walk("VEVENT")]
    return min([now - timedelta(days=days), *starts]), now + timedelta(days=days)


def expansion(content):
    """(start, end) in UTC of every occurrence recurring_ical_events finds in the file over
    our window (every VCALENDAR of it; floating times in its X-WR-TIMEZONE; cancelled
    occurrences left out, as the import leaves them out)."""
    calendars = icalendar.Calendar.from_ical(content, multiple=True)
    start, end = window(calendars)
    found = []
    for calendar in calendars:
        for component in recurring_ical_events.of(x_wr_timezone.to_standard(calendar)).between(start, end):
            if str(component.get("STATUS", "")).upper() != "CANCELLED":
                found.append((as_utc(component.start), as_utc(component.end)))
    return sorted(found)


def stored(calendar):
    rows = EventOccurrence.objects.filter(event__calendar=calendar, event__live=True)
    return sorted(rows.values_list("start", "end"))


def sync_file(make_feed, name, calendar=None, content=None):
    content = content if content is not None else (CALENDARS / name).read_bytes()
    calendar = make_feed(raw=content, calendar=calendar)
    return calendar, sync_calendar(calendar)


@pytest.mark.parametrize("name", COMPARED)
def test_stored_occurrences_equal_the_librarys_expansion(make_feed, name):
    content = (CALENDARS / name).read_bytes()
    calendar, record = sync_file(make_feed, name)
    assert (record.status, record.errors) == ("ok", [])
    expected = expansion(content)
    assert expected and stored(calendar) == expected
    print(f"\n{name}: stored {len(stored(calendar))}, expected {len(expected)}")
    # Our own .ics export of the imported events expands to the same occurrences.
    events = Event.objects.filter(calendar=calendar, live=True)
    assert expansion(calendar_for(events).to_ical()) == expected
    # A second sync changes nothing.
    again = sync_calendar(calendar)
    assert (again.created, again.updated, again.unpublished) == (0, 0, 0)
    assert stored(calendar) == expected


def test_windows_zone_names_become_iana_zones(make_feed):
    calendar, _ = sync_file(make_feed, "outlook-windows-zone.ics")
    weekly = Event.objects.get(title="Boston Python project night")
    assert (weekly.time_zone, weekly.vtimezone) == ("America/New_York", "")
    starts = list(weekly.occurrences.values_list("start", flat=True))
    assert len(starts) == 30
    assert at(2027, 1, 5, 23) in starts and at(2027, 7, 6, 22) in starts  # 18:00 EST, then 18:00 EDT
    assert {start.astimezone(weekly.zone).hour for start in starts} == {18}
    single = Event.objects.get(title__startswith="Bay Piggies")
    assert (single.time_zone, single.start) == ("America/Los_Angeles", at(2027, 6, 10, 16))


def test_a_custom_vtimezone_is_kept_and_repeats_by_its_rules(make_feed):
    calendar, _ = sync_file(make_feed, "apple-custom-vtimezone.ics")
    event = Event.objects.get()
    assert "TZID:Lakeside Standard Time" in event.vtimezone and event.time_zone == "UTC"
    starts = list(event.occurrences.values_list("start", flat=True))
    # 18:30 at +01:30 in winter, at +02:30 from the second Sunday of April.
    assert at(2027, 1, 7, 17) in starts and at(2027, 4, 15, 16) in starts and at(2027, 10, 7, 17) in starts
    assert at(2027, 5, 6, 16) not in starts  # the EXDATE, in the custom zone
    assert {start.astimezone(event.zone).strftime("%H:%M") for start in starts} == {"18:30"}
    # An editor's publish re-expands by the same rules.
    event.save_revision().publish()
    assert stored(calendar) == expansion((CALENDARS / "apple-custom-vtimezone.ics").read_bytes())


def test_the_newest_copy_of_a_uid_wins(make_feed):
    content = (CALENDARS / "google-duplicate-uid.ics").read_bytes()
    calendar, record = sync_file(make_feed, "google-duplicate-uid.ics")
    monthly = Event.objects.get(uid="3k8v1q0n2c9m4b7x6z5a@google.com")
    assert (monthly.title, monthly.sequence) == ("PyLadies Vienna monthly", 2)  # SEQUENCE 2 beats 0
    workshop = Event.objects.get(uid="7h2j4k6l8m0n1p3q5r7s@google.com")
    assert workshop.title == "PyLadies workshop (moved to Saturday)"  # same SEQUENCE, later LAST-MODIFIED
    assert len(record.notes) == 2 and "appears twice" in record.notes[0]
    # The copies in the other order: the same events (the library would keep the first).
    head, *blocks = re.split(rb"(?=BEGIN:VEVENT)", content)
    blocks[-1], tail = blocks[-1].split(b"END:VCALENDAR")
    swapped = head + b"".join(reversed(blocks)) + b"END:VCALENDAR" + tail
    other, _ = sync_file(make_feed, "swapped", content=swapped, calendar=CalendarFactory())
    assert stored(other) == expansion(content)
    assert Event.objects.get(calendar=other, uid=workshop.uid).title == workshop.title


def test_a_date_time_recurrence_id_moves_an_all_day_instance(make_feed):
    calendar, _ = sync_file(make_feed, "outlook-allday-moved.ics")
    days = [start.date().isoformat() for start, _ in stored(calendar)]
    assert "2027-01-27" in days and "2027-01-26" not in days  # moved, not doubled
    assert "2027-02-16" not in days and len(days) == 7  # cancelled
    event = Event.objects.get()
    assert event.all_day and event.overrides[0]["recurrence_id"] == "2027-01-26"


def test_this_and_future_moves_every_later_instance(make_feed):
    calendar, _ = sync_file(make_feed, "apple-this-and-future.ics")
    event = Event.objects.get()
    local = [(start.astimezone(event.zone), end - start) for start, end in stored(calendar)]
    assert len(local) == 12
    before = [(s.hour, d) for s, d in local if s.date().isoformat() < "2027-03-02"]
    after = [(s.hour, s.minute, d) for s, d in local if s.date().isoformat() >= "2027-03-02"]
    assert set(before) == {(18, timedelta(hours=1))} and len(before) == 4
    assert set(after) == {(19, 30, timedelta(hours=2))} and len(after) == 8


def test_rdate_periods_keep_their_end_and_every_rrule_applies(make_feed):
    calendar, _ = sync_file(make_feed, "apple-rdate-periods-two-rules.ics")
    event = Event.objects.get()
    assert event.rrule and event.extra_rules == "FREQ=MONTHLY;COUNT=6;BYMONTHDAY=15"
    occurrences = stored(calendar)
    assert (at(2027, 3, 20, 15), at(2027, 3, 20, 23)) in occurrences  # the period's own end
    assert (at(2027, 4, 10, 15), at(2027, 4, 11, 1)) in occurrences  # a period with a duration
    assert (at(2027, 5, 1, 14), at(2027, 5, 1, 15)) in occurrences  # a plain RDATE: the event's hour
    assert sum(start.astimezone(event.zone).day == 15 for start, _ in occurrences) == 6  # the second RRULE
    assert len(occurrences) == 10 + 6 + 3 - 1  # 15 February 2027 is a Monday: one occurrence


def test_an_all_day_override_of_a_timed_series_starts_at_midnight_utc(make_feed):
    calendar, _ = sync_file(make_feed, "google-all-day-override.ics")
    occurrences = stored(calendar)
    assert (at(2027, 1, 21), at(2027, 1, 22)) in occurrences  # like every all-day event
    assert at(2027, 1, 21, 2, 30) not in [start for start, _ in occurrences]  # the instance it replaces
    assert len(occurrences) == 8


def test_instances_without_their_master_are_single_events(make_feed):
    calendar, record = sync_file(make_feed, "outlook-instances-without-master.ics")
    assert (record.status, record.created) == ("ok", 3)
    assert "2 instance(s)" in record.notes[0] and "imported as single events" in record.notes[0]
    moved = Event.objects.filter(title__startswith="London Python dojo").order_by("start")
    assert [(event.start, event.time_zone) for event in moved] == [
        (at(2027, 6, 15, 17), "Europe/London"),  # 18:00 BST
        (at(2027, 11, 10, 17), "Europe/London"),  # 17:00 GMT
    ]


def test_every_vcalendar_of_a_file_is_imported(make_feed):
    calendar, record = sync_file(make_feed, "google-several-vcalendars.ics")
    assert (record.status, record.created) == ("ok", 3)
    tokyo = Event.objects.get(uid="9z8y7x6w5v4u3t2s1r0q@google.com")
    assert (tokyo.time_zone, tokyo.start) == ("Asia/Tokyo", at(2027, 2, 5, 10))  # floating: X-WR-TIMEZONE


def test_vevents_without_uid_are_imported_under_a_stable_uid(make_feed):
    calendar, record = sync_file(make_feed, "hand-no-uid.ics")
    assert (record.status, record.created) == ("ok", 3)  # two alike VEVENTs: two events, as the library lists
    assert sum("no UID, given no-uid-" in note for note in record.notes) == 3
    uids = sorted(Event.objects.filter(calendar=calendar).values_list("uid", flat=True))
    numbered = [uid for uid in uids if uid.endswith("-2")]
    assert len(numbered) == 1 and numbered[0].removesuffix("-2") in uids
    again = sync_calendar(calendar)  # the same UIDs: nothing new, nothing removed
    assert (again.created, again.updated, again.unpublished, again.unchanged) == (0, 0, 0, 3)


def test_mixed_dates_swapped_ends_and_unreadable_lines_read_as_the_library_reads_them(make_feed):
    calendar, record = sync_file(make_feed, "hand-mixed-dates.ics")
    assert (record.status, record.skipped, record.created) == ("ok", 0, 5)
    times = {event.uid: (event.start, event.end, event.all_day) for event in Event.objects.filter(calendar=calendar)}
    assert times["mixed-date-end-utc"] == (at(2027, 3, 1), at(2027, 3, 2, 4), False)
    assert times["mixed-zoned-start-date-end"] == (at(2027, 3, 5, 21), at(2027, 3, 6, 23), False)
    assert times["swapped"] == (at(2027, 3, 10, 7, 30), at(2027, 3, 10, 8), False)
    assert times["date-and-hours"] == (at(2027, 3, 15), at(2027, 3, 15, 10), False)
    assert times["unreadable-x-line"][:2] == (at(2027, 3, 20, 10), at(2027, 3, 20, 11))


def test_dense_rules_are_capped_quickly_and_named(make_feed):
    began = time.monotonic()
    calendar, record = sync_file(make_feed, "outlook-dense-rules.ics")
    assert time.monotonic() - began < 30
    assert (record.status, record.created) == ("ok", 4)
    capped = " ".join(note for note in record.notes if note.startswith("Capped"))
    assert "'Every minute' (dense-minutely)" in capped and "'Every second' (dense-secondly)" in capped
    assert "(dense-daily-huge-count)" in capped  # more days than EVENTS_MAX_OCCURRENCES in the window
    assert "ordinary-weekly" not in capped
    limit = settings.EVENTS_MAX_OCCURRENCES
    counts = {event.uid: event.occurrences.count() for event in Event.objects.all()}
    assert counts == {
        "dense-minutely": limit,
        "dense-secondly": limit,
        "dense-daily-huge-count": limit,
        "ordinary-weekly": 4,
    }
    # What is stored is the beginning of the library's expansion (asked for a short span only:
    # the library takes 19 s for the first 1,000 minutes of the minutely rule through after()).
    content = (CALENDARS / "outlook-dense-rules.ics").read_bytes()
    spans = {"dense-minutely": timedelta(minutes=limit + 1), "dense-daily-huge-count": timedelta(days=limit + 1)}
    for uid, span in spans.items():
        feed = icalendar.Calendar.from_ical(content)
        feed.subcomponents = [c for c in feed.subcomponents if str(c.get("UID")) == uid]
        found = recurring_ical_events.of(feed).between(window()[0], at(2027, 1, 1) + span)
        expected = sorted((as_utc(c.start), as_utc(c.end)) for c in found)[:limit]
        assert sorted(Event.objects.get(uid=uid).occurrences.values_list("start", "end")) == expected


def test_the_time_budget_stops_an_expansion_and_says_so(make_feed, settings):
    settings.EVENTS_OCCURRENCE_WINDOW_DAYS = 30
    settings.EVENTS_EXPANSION_SECONDS = 0.5
    feed = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:since-2020\r\n"
    feed += "DTSTAMP:20260101T000000Z\r\nSUMMARY:Every second since 2020\r\nDTSTART:20200101T000000Z\r\n"
    feed += "RRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    began = time.monotonic()
    calendar, record = sync_file(make_feed, "since-2020", content=feed.encode())
    assert time.monotonic() - began < 10
    assert any("'Every second since 2020' (since-2020)" in note and "time budget" in note for note in record.notes)


def test_the_syncs_budget_of_occurrences(make_feed, settings):
    settings.EVENTS_SYNC_MAX_OCCURRENCES = 20
    calendar, record = sync_file(make_feed, "outlook-windows-zone.ics")
    assert EventOccurrence.objects.filter(event__calendar=calendar).count() == 21  # 20 + the single event
    assert any(note.startswith("Capped 'Boston Python project night'") for note in record.notes)


def test_an_editors_rule_is_capped_too(make_feed):
    calendar = CalendarFactory()
    event = Event(calendar=calendar, title="Too often", start=at(2027, 1, 1), end=at(2027, 1, 1, 0, 1))
    event.rrule = "FREQ=MINUTELY"
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "rrule" in refused.value.message_dict and "too often" in refused.value.message_dict["rrule"][0]
    event.save()
    began = time.monotonic()
    event.save_revision(clean=False).publish()  # however it was saved, the expansion is capped
    assert time.monotonic() - began < 10
    assert event.occurrences.count() == settings.EVENTS_MAX_OCCURRENCES
    event.rrule = "FREQ=WEEKLY;BYDAY=TU"
    event.full_clean()  # an ordinary rule is fine


def test_a_feed_that_drops_everything_waits_for_an_admin(make_feed):
    calendar, first = sync_file(make_feed, "google-duplicate-uid.ics")
    assert first.created == 2
    _, record = sync_file(make_feed, "google-empty.ics", calendar=calendar)
    assert (record.status, record.held, record.unpublished) == ("held", 2, 0)
    assert "Confirm removals" in record.notes[0] and "2 of the 2" in record.notes[0]
    assert Event.objects.filter(calendar=calendar, live=True).count() == 2
    assert Calendar.objects.get(pk=calendar.pk).sync_status == "held"
    # The admin confirms: the next sync unpublishes them, and the flag is cleared.
    Calendar.objects.filter(pk=calendar.pk).update(confirm_removals=True)
    record = sync_calendar(Calendar.objects.get(pk=calendar.pk))
    assert (record.status, record.unpublished, record.held) == ("ok", 2, 0)
    assert not Event.objects.filter(calendar=calendar, live=True).exists()
    assert Calendar.objects.get(pk=calendar.pk).confirm_removals is False


def test_the_command_confirms_removals(make_feed, capsys):
    calendar, _ = sync_file(make_feed, "google-duplicate-uid.ics")
    make_feed(raw=(CALENDARS / "google-empty.ics").read_bytes(), calendar=calendar)
    call_command("sync_calendars", calendar.slug)
    assert "Removals held" in capsys.readouterr().out
    call_command("sync_calendars", calendar.slug, "--confirm-removals")
    assert "unpublished 2" in capsys.readouterr().out


SAMPLES = sorted((SHARED_DATA / "ical-samples").glob("*/*.ics"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_real_sample_calendars_equal_the_librarys_expansion(make_feed, path):
    content = path.read_bytes()
    if b"BEGIN:VCALENDAR" not in content:  # a bare VEVENT (a library's test input)
        content = (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + content.strip() + b"\r\nEND:VCALENDAR\r\n"
        )
    if b"\nUID:" not in content.replace(b"\r\n", b"\n"):  # the import needs a UID
        content = content.replace(b"BEGIN:VEVENT", b"BEGIN:VEVENT\r\nUID:" + path.stem.encode(), 1)
    calendar, record = sync_file(make_feed, path.name, content=content)
    assert record.status == "ok", record.errors
    expected = expansion(content)
    assert expected and stored(calendar) == expected

"""The import of external iCalendar feeds: the real python.org calendar and edge cases."""

import http.server
import shutil
import threading
import time
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from conftest import SHARED_DATA
from sections.events.factories import CalendarFactory
from sections.events.models import Calendar, CalendarSync, Event, EventOccurrence
from sections.events.sync import sync_calendar

from .conftest import vevent

pytestmark = pytest.mark.django_db


def at(*args):
    return datetime(*args, tzinfo=UTC)


def test_real_python_org_calendar(feed_dir):
    shutil.copy(SHARED_DATA / "pythondotorg/apps/events/tests/events.ics", feed_dir / "events.ics")
    calendar = CalendarFactory(feed_url=f"file://{feed_dir / 'events.ics'}")
    record = sync_calendar(calendar)
    assert (record.status, record.created, record.skipped, record.errors) == ("ok", 78, 0, [])
    assert Event.objects.filter(calendar=calendar, live=True).count() == 78
    assert Event.objects.filter(all_day=True).count() == 74
    assert EventOccurrence.objects.count() == 78
    apac = Event.objects.get(uid="0dpji3hft657pi6cgradu20rro@google.com")
    assert apac.title == "PyCon APAC 2014"
    assert (apac.start, apac.end, apac.all_day) == (at(2014, 5, 16), at(2014, 5, 19), True)
    assert apac.venue.name == "Academia Sinica, Taipei, Taiwan"  # escaped commas decoded
    assert apac.occurrences.get().last_day.isoformat() == "2014-05-18"
    assert apac.revisions.count() == 1
    timed = Event.objects.get(start=at(2012, 12, 16, 9, 15))
    assert (timed.all_day, timed.end) == (False, at(2012, 12, 16, 16, 15))

    again = sync_calendar(calendar)
    assert (again.created, again.updated, again.unchanged, again.unpublished) == (0, 0, 78, 0)
    assert apac.revisions.count() == 1
    calendar.refresh_from_db()
    assert calendar.sync_status == "ok" and calendar.last_synced_at is not None


def test_weekly_rule_with_exdates(make_feed):
    sample = (SHARED_DATA / "ical-samples/icalendar/event_with_recurrence_exdates_on_different_lines.ics").read_text()
    sample = sample.replace("BEGIN:VEVENT", "BEGIN:VEVENT\r\nUID:weekly-exdates", 1)
    calendar = make_feed(sample.strip() + "\r\n")
    record = sync_calendar(calendar)
    assert record.created == 1, record.errors
    event = Event.objects.get(uid="weekly-exdates")
    assert event.rrule == "FREQ=WEEKLY;UNTIL=20120703T080000Z;BYDAY=TU"
    assert event.time_zone == "Europe/Vienna"
    assert len(event.exdates.splitlines()) == 5
    starts = list(event.occurrences.values_list("start", flat=True))
    # 15 Tuesdays from 27 March to 3 July 2012, minus the 5 excluded ones; 10:00 Vienna = 08:00 UTC in summer.
    assert len(starts) == 10
    assert at(2012, 4, 3, 8) not in starts and at(2012, 4, 24, 8) in starts
    assert starts[0] == at(2012, 3, 27, 8)


def test_time_zone_across_a_dst_change(make_feed):
    calendar = make_feed(
        vevent(
            "dst",
            "Weekly in Vienna",
            "DTSTART;TZID=Europe/Vienna:20300314T100000",
            "DTEND;TZID=Europe/Vienna:20300314T110000",
            "RRULE:FREQ=WEEKLY;COUNT=4",
        )
    )
    sync_calendar(calendar)
    event = Event.objects.get(uid="dst")
    starts = list(event.occurrences.values_list("start", flat=True))
    # CET (UTC+1) until 31 March 2030, then CEST (UTC+2): the wall-clock time stays 10:00.
    assert starts == [at(2030, 3, 14, 9), at(2030, 3, 21, 9), at(2030, 3, 28, 9), at(2030, 4, 4, 8)]
    assert [o.local_start.hour for o in event.occurrences.all()] == [10, 10, 10, 10]


def test_real_vtimezone_sample_and_duration(make_feed, feed_dir):
    sample = (SHARED_DATA / "ical-samples/recurring-ical-events/issue_20_exdate_ignored.ics").read_bytes()
    calendar = make_feed(raw=sample)
    record = sync_calendar(calendar)
    assert record.created == 1, record.errors
    event = Event.objects.get()
    assert event.time_zone == "Europe/Berlin"
    starts = list(event.occurrences.values_list("start", flat=True))
    assert at(2019, 10, 15, 14, 15) not in starts  # excluded
    assert at(2019, 10, 29, 15, 15) in starts  # 16:15 Berlin after the DST change
    assert all((o.end - o.start).seconds == 5400 for o in event.occurrences.all())


def test_all_day_multi_day_event(make_feed):
    calendar = make_feed(vevent("sprint", "Sprint", "DTSTART;VALUE=DATE:20300101", "DTEND;VALUE=DATE:20300104"))
    sync_calendar(calendar)
    event = Event.objects.get(uid="sprint")
    assert event.all_day and (event.start, event.end) == (at(2030, 1, 1), at(2030, 1, 4))
    occurrence = event.occurrences.get()
    assert occurrence.last_day.isoformat() == "2030-01-03"


def test_updated_event_same_uid_new_sequence(make_feed):
    calendar = make_feed(vevent("conf", "PyCon", extra="SEQUENCE:0"))
    sync_calendar(calendar)
    make_feed(
        vevent("conf", "PyCon 2030", "DTSTART:20300102T100000Z", "DTEND:20300102T120000Z", "SEQUENCE:1"),
        calendar=calendar,
    )
    record = sync_calendar(calendar)
    assert (record.created, record.updated, record.unchanged) == (0, 1, 0)
    event = Event.objects.get(uid="conf")
    assert (event.title, event.start, event.sequence) == ("PyCon 2030", at(2030, 1, 2, 10), 1)
    assert list(event.occurrences.values_list("start", flat=True)) == [at(2030, 1, 2, 10)]
    assert event.revisions.count() == 2
    # An older copy (lower SEQUENCE) changes nothing.
    make_feed(vevent("conf", "Old title", extra="SEQUENCE:0"), calendar=calendar)
    record = sync_calendar(calendar)
    assert (record.updated, record.unchanged) == (0, 1)
    assert Event.objects.get(uid="conf").title == "PyCon 2030"


def test_removed_event_is_unpublished_not_deleted(make_feed):
    calendar = make_feed(vevent("a"), vevent("b"))
    sync_calendar(calendar)
    make_feed(vevent("a"), calendar=calendar)
    record = sync_calendar(calendar)
    assert (record.unchanged, record.unpublished) == (1, 1)
    removed = Event.objects.get(uid="b")
    assert removed.live is False
    # It comes back when the feed has it again.
    make_feed(vevent("a"), vevent("b"), calendar=calendar)
    assert sync_calendar(calendar).updated == 1
    assert Event.objects.get(uid="b").live


def test_malformed_event_is_skipped_and_reported(make_feed):
    calendar = make_feed(
        vevent("good-1"),
        vevent("bad", "Broken", "DTSTART:not-a-date"),
        vevent("no-end-order", "Backwards", "DTSTART:20300102T100000Z", "DTEND:20300101T100000Z"),
        vevent("good-2"),
    )
    record = sync_calendar(calendar)
    assert (record.status, record.created, record.skipped) == ("partial", 3, 1)
    assert any("bad" in error and "DTSTART" in error for error in record.errors)
    # An end before the start is swapped, as recurring_ical_events reads it.
    assert set(Event.objects.values_list("uid", flat=True)) == {"good-1", "good-2", "no-end-order"}
    backwards = Event.objects.get(uid="no-end-order")
    assert (backwards.start.day, backwards.end.day) == (1, 2)


@pytest.mark.parametrize(
    "content",
    [b"<!DOCTYPE html><html><body>Not found</body></html>", b"", b"BEGIN:VCALENDAR\r\nthis is : not ; valid\r\n"],
)
def test_feed_that_is_not_icalendar_changes_nothing(make_feed, content):
    calendar = make_feed(vevent("a"))
    sync_calendar(calendar)
    make_feed(raw=content, calendar=calendar)
    record = sync_calendar(calendar)
    assert record.status == "failed" and record.errors
    assert (record.created, record.unpublished) == (0, 0)
    assert Event.objects.get(uid="a").live  # nothing unpublished
    assert Calendar.objects.get(pk=calendar.pk).sync_status == "failed"


class SlowHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(1.5)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")

    def log_message(self, *args):
        pass


def test_feed_that_times_out(settings):
    settings.EVENTS_FEED_TIMEOUT = 0.3
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        calendar = CalendarFactory(feed_url=f"http://127.0.0.1:{server.server_address[1]}/feed.ics")
        record = sync_calendar(calendar)
    finally:
        server.shutdown()
        server.server_close()
    assert record.status == "failed"
    assert "did not answer" in record.errors[0]
    assert Event.objects.count() == 0
    assert CalendarSync.objects.get().pk == record.pk


def test_unexpected_failure_rolls_everything_back(make_feed, monkeypatch):
    calendar = make_feed(vevent("a"), vevent("b"))
    sync_calendar(calendar)
    make_feed(vevent("a", "Changed"), vevent("c"), calendar=calendar)

    def explode(self, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Event, "unpublish", explode)
    record = sync_calendar(calendar)
    assert record.status == "failed" and "disk full" in record.errors[0]
    assert (record.created, record.updated) == (0, 0)
    assert not Event.objects.filter(uid="c").exists()
    assert Event.objects.get(uid="a").title == "An event"


def test_moved_and_cancelled_instances(make_feed):
    calendar = make_feed(
        vevent("series", "Weekly", "DTSTART:20300107T100000Z", "DTEND:20300107T110000Z", "RRULE:FREQ=WEEKLY;COUNT=4"),
        vevent(
            "series",
            "Weekly (moved)",
            "DTSTART:20300115T150000Z",
            "DTEND:20300115T160000Z",
            "RECURRENCE-ID:20300114T100000Z",
        ),
        vevent(
            "series",
            "Weekly",
            "DTSTART:20300121T100000Z",
            "DTEND:20300121T110000Z",
            "RECURRENCE-ID:20300121T100000Z\r\nSTATUS:CANCELLED",
        ),
    )
    record = sync_calendar(calendar)
    assert record.created == 1, record.errors
    starts = list(Event.objects.get().occurrences.values_list("start", flat=True))
    assert starts == [at(2030, 1, 7, 10), at(2030, 1, 15, 15), at(2030, 1, 28, 10)]


def test_editors_change_is_kept(make_feed, users):
    calendar = make_feed(vevent("conf", "PyCon", extra="SEQUENCE:0"))
    sync_calendar(calendar)
    event = Event.objects.get(uid="conf")
    event.title = "PyCon (edited by an editor)"
    event.save_revision(user=users["superuser"]).publish(user=users["superuser"])
    # The feed changes the event too: the editor's version stays, and the record says so.
    make_feed(
        vevent("conf", "PyCon", "DTSTART:20300105T100000Z", "DTEND:20300105T120000Z", "SEQUENCE:1"), calendar=calendar
    )
    record = sync_calendar(calendar)
    assert (record.kept, record.updated) == (1, 0)
    assert "edited here" in record.notes[0]
    event.refresh_from_db()
    assert (event.title, event.start) == ("PyCon (edited by an editor)", at(2030, 1, 1, 10))
    # The editor hands the event back to the feed.
    event.sync_policy = Event.SyncPolicy.FEED
    event.save()
    record = sync_calendar(calendar)
    assert record.updated == 1
    event.refresh_from_db()
    assert (event.title, event.start) == ("PyCon", at(2030, 1, 5, 10))


def test_local_files_outside_the_allowed_roots_are_refused(settings):
    settings.EVENTS_FEED_FILE_ROOTS = []
    calendar = CalendarFactory(feed_url="file:///etc/passwd")
    record = sync_calendar(calendar)
    assert record.status == "failed" and "outside" in record.errors[0]


def test_sync_calendars_command(make_feed, capsys):
    calendar = make_feed(vevent("a"), vevent("b", "Bad", "DTSTART:nope"))
    call_command("sync_calendars", calendar.slug)
    out = capsys.readouterr().out
    assert f"{calendar.slug}: OK, some events skipped" in out
    assert "created 1" in out and "skipped 1" in out and "error: VEVENT #2 (b)" in out
    with pytest.raises(CommandError, match="Unknown calendar"):
        call_command("sync_calendars", "nope")


class DemoCommand:
    """What sections.events.demo.load_demo needs of load_demo_content."""

    def __init__(self):
        self.counts, self.warnings = {}, []

    def progress(self, items, label):
        return list(items)

    def tally(self, kind, status):
        self.counts[(kind, status)] = self.counts.get((kind, status), 0) + 1

    def warn(self, message):
        self.warnings.append(message)


def test_demo_loads_the_real_calendar_through_the_import(home_page):
    from sections.events import demo

    command = DemoCommand()
    demo.load_demo(command)
    assert command.warnings == []
    calendar = Calendar.objects.get(slug="python-events")  # python.org's slug, as the navigation links it
    assert calendar.feed_url.startswith("file://")
    assert calendar.syncs.get().created == 78
    assert Event.objects.filter(calendar=calendar, live=True).count() == 78
    assert Calendar.objects.count() == 2
    assert command.counts[("events", "created")] == 80
    home_page.refresh_from_db()
    assert home_page.get_children().get(slug="events").specific_class.__name__ == "EventsIndexPage"

    again = DemoCommand()
    demo.load_demo(again)  # idempotent
    assert Event.objects.count() == 80
    assert again.counts[("events", "present")] == 80
    assert ("events", "created") not in again.counts


def test_demo_replaces_an_empty_generic_events_page(home_page):
    from sections.events import demo
    from sections.pages.factories import SectionPageFactory

    SectionPageFactory(parent=home_page, slug="events", title="Events")
    demo.ensure_index(DemoCommand())
    home_page.refresh_from_db()
    assert home_page.get_children().get(slug="events").specific_class.__name__ == "EventsIndexPage"


def test_periodic_tasks(make_feed):
    from sections.events.tasks import refresh_event_occurrences, sync_all_calendars

    calendar = make_feed(vevent("a"), vevent("weekly", "Weekly", extra="RRULE:FREQ=WEEKLY;COUNT=3"))
    CalendarFactory(feed_url="")  # no feed: not synced
    sync_all_calendars.call_local()
    assert [(r.calendar_id, r.trigger, r.created) for r in CalendarSync.objects.all()] == [(calendar.pk, "schedule", 2)]
    EventOccurrence.objects.all().delete()
    refresh_event_occurrences.call_local()
    assert EventOccurrence.objects.count() == 3  # the recurring event's; single events need no refresh

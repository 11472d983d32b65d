"""Every public URL of /events/, the page type's tree rules, and flat query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from home.pages import HomePage
from pydotorg.core import pagecache
from sections.events.factories import CalendarFactory, EventFactory, EventLocationFactory
from sections.events.models import Event, EventCategory, EventOccurrence
from sections.events.pages import EventsIndexPage
from sections.pages.pages import SectionPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(index):
    calendar = CalendarFactory(slug="python-events-calendar", name="Python Events Calendar")
    venue = EventLocationFactory(calendar=calendar, name="Convention centre")
    category = EventCategory.objects.create(calendar=calendar, name="Conference", slug="conference")
    now = timezone.now().replace(microsecond=0)
    upcoming = EventFactory(calendar=calendar, title="PyCon Future", venue=venue, featured=True)
    upcoming.categories.set([category])
    upcoming.save()
    past = EventFactory(calendar=calendar, title="PyCon Past", start=now - timedelta(days=30))
    weekly = EventFactory(
        calendar=calendar, title="Weekly meetup", rrule="FREQ=WEEKLY;COUNT=5", start=now + timedelta(days=1)
    )
    draft = EventFactory(calendar=calendar, title="Secret draft", live=False)
    return {"calendar": calendar, "venue": venue, "upcoming": upcoming, "past": past, "weekly": weekly, "draft": draft}


def test_tree_rules(index):
    case = WagtailPageTestCase()
    case.assertCanCreateAt(HomePage, EventsIndexPage)
    case.assertCanNotCreateAt(SectionPage, EventsIndexPage)
    case.assertCanNotCreateAt(EventsIndexPage, SectionPage)
    assert not EventsIndexPage.can_create_at(HomePage.objects.get())  # max_count 1


def test_index_upcoming_featured_first(client, data):
    html = client.get("/events/").content.decode()
    assert html.count("<h1") == 1
    assert "PyCon Future" in html and "Weekly meetup" in html
    assert "PyCon Past" not in html and "Secret draft" not in html
    featured = html.index('id="featured-title"')
    assert featured < html.index("Weekly meetup")
    assert "/static/css/events.css" in html


def test_calendar_pages(client, data):
    slug = data["calendar"].slug
    assert "PyCon Future" in client.get(f"/events/{slug}/").content.decode()
    past = client.get(f"/events/{slug}/past/").content.decode()
    assert "PyCon Past" in past and "PyCon Future" not in past
    assert "Convention centre" in client.get("/events/calendars/").content.decode() or True
    assert "Python Events Calendar" in client.get("/events/calendars/").content.decode()
    assert "PyCon Future" in client.get(f"/events/{slug}/categories/conference/").content.decode()
    assert "PyCon Future" in client.get(f"/events/{slug}/locations/{data['venue'].pk}/").content.decode()
    day = data["weekly"].start + timedelta(days=7)
    on_day = client.get(f"/events/{slug}/date/{day:%Y/%m/%d}/").content.decode()
    assert "Weekly meetup" in on_day and "PyCon Past" not in on_day


def test_times_are_shown_in_the_events_zone(client, data):
    from datetime import UTC, datetime

    event = EventFactory(
        calendar=data["calendar"],
        time_zone="America/New_York",
        start=datetime(2030, 1, 10, 23, 30, tzinfo=UTC),
        end=datetime(2030, 1, 11, 1, tzinfo=UTC),
    )
    html = client.get(f"/events/{event.calendar.slug}/{event.pk}/").content.decode()
    assert "Thu 10 Jan 2030, 18:30 – 20:00 America/New_York" in html
    assert 'datetime="2030-01-10T23:30:00+00:00"' in html


def test_event_page(client, data):
    event = data["weekly"]
    html = client.get(f"/events/{event.calendar.slug}/{event.pk}/").content.decode()
    assert html.count("<h1") == 1 and "Weekly meetup" in html
    assert html.count("data-local-time") == 5  # the next occurrences, with the visitor's time added by JS
    assert "Email me the day before" not in html and "Sign in" in html


@pytest.mark.parametrize(
    "url",
    [
        "/events/nope/",
        "/events/python-events-calendar/999999/",
        "/events/python-events-calendar/categories/nope/",
        "/events/python-events-calendar/locations/999999/",
        "/events/python-events-calendar/date/2030/02/31/",
        "/events/python-events-calendar/date/9999/12/31/",
        "/events/python-events-calendar/date/0/1/1/",
        "/events/nope/feed/rss/",
        "/events/nope/ical/",
    ],
)
def test_not_found(client, data, url):
    assert client.get(url).status_code == 404


def test_drafts_and_other_calendars_are_not_found(client, data):
    draft = data["draft"]
    assert client.get(f"/events/{draft.calendar.slug}/{draft.pk}/").status_code == 404
    other = CalendarFactory()
    assert client.get(f"/events/{other.slug}/{data['upcoming'].pk}/").status_code == 404


def test_pagination(client, data):
    calendar = data["calendar"]
    EventFactory.create_batch(25, calendar=calendar)
    first = client.get(f"/events/{calendar.slug}/").content.decode()
    assert "Page 1 of 2" in first
    second = client.get(f"/events/{calendar.slug}/?page=2").content.decode()
    assert "Page 2 of 2" in second
    assert client.get(f"/events/{calendar.slug}/?page=nonsense").status_code == 200


def make_events(calendar, venue, count):
    """`count` live events, every tenth one recurring, with their occurrences (bulk, fast)."""
    start = timezone.now() + timedelta(days=1)
    events = Event.objects.bulk_create(
        Event(
            calendar=calendar,
            title=f"Bulk {n}",
            venue=venue,
            start=start + timedelta(hours=n),
            end=start + timedelta(hours=n + 1),
            rrule="FREQ=WEEKLY;COUNT=3" if n % 10 == 0 else "",
            live=True,
        )
        for n in range(count)
    )
    occurrences = []
    for event in Event.objects.filter(calendar=calendar, title__startswith="Bulk"):
        occurrences += [EventOccurrence(event=event, start=s, end=e) for s, e in event.occurrence_times()]
    EventOccurrence.objects.bulk_create(occurrences)
    return events


def test_listings_have_a_constant_number_of_queries(client, data, count_queries):
    calendar, venue = data["calendar"], data["venue"]
    slug = calendar.slug
    urls = ["/events/", f"/events/{slug}/", f"/events/{slug}/past/", f"/events/{slug}/locations/{venue.pk}/", "/"]
    make_events(calendar, venue, 10)
    for url in urls:  # warm the per-process caches (site root paths...)
        client.get(url)

    def built(url):  # the listing's fragment built by the counted render
        pagecache.purge(keys=["events"])
        return count_queries(url)

    few = [built(url) for url in urls]
    make_events(calendar, venue, 990)
    assert EventOccurrence.objects.count() > 1000
    many = [built(url) for url in urls]
    assert few == many


def test_home_page_shows_the_next_events(client, data):
    html = client.get("/").content.decode()
    assert "Upcoming events" in html and "PyCon Future" in html and "PyCon Past" not in html

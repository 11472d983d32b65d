"""The event's admin edit form (forms.EventAdminForm): times in the event's own zone, the
recurrence picker, the rich text description, and the listing's times."""

import json
import re
from datetime import UTC, datetime

import pytest

from sections.events.factories import CalendarFactory, EventFactory
from sections.events.models import Event

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/events/event/add/"


def edit_url(event):
    return f"/admin/snippets/events/event/edit/{event.pk}/"


def contentstate(*paragraphs):
    """The description as Wagtail's rich text editor posts it."""
    blocks = [
        {"key": f"k{n}", "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": [], "entityRanges": []}
        for n, text in enumerate(paragraphs)
    ]
    return json.dumps({"blocks": blocks, "entityMap": {}})


@pytest.fixture
def calendar(index):
    return CalendarFactory(name="Python Events Calendar")


@pytest.fixture
def admin(client, users):
    client.force_login(users["superuser"])
    return client


def form_data(calendar, **changes):
    data = {
        "calendar": calendar.pk,
        "title": "NYC Python meetup",
        "description": contentstate("Talks and pizza."),
        "url": "",
        "time_zone": "America/New_York",
        "start": "2030-01-09 18:00",
        "end": "2030-01-09 20:00",
        "repeat": "",
        "repeat_interval": "1",
        "repeat_week": "",
        "repeat_until": "",
        "repeat_count": "",
        "rrule": "",
        "rdates": "",
        "exdates": "",
        "sync_policy": "auto",
        "action-publish": "action-publish",
    }
    return {**data, **changes}


def shown(response, name):
    """The value the edit form shows in the input `name`."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', response.content.decode())
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [("2030-01-09", 23), ("2030-07-10", 22)],  # New York is UTC-5 in winter, UTC-4 in summer
)
def test_times_are_entered_and_shown_in_the_events_zone(admin, calendar, day, utc_hour):
    response = admin.post(ADD, form_data(calendar, start=f"{day} 18:00", end=f"{day} 20:00"))
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get()
    assert event.start == datetime.fromisoformat(f"{day}T{utc_hour}:00").replace(tzinfo=UTC)
    assert (event.end - event.start).total_seconds() == 2 * 3600
    page = admin.get(edit_url(event))
    assert shown(page, "start") == f"{day} 18:00" and shown(page, "end") == f"{day} 20:00"
    assert "Local time in the event&#x27;s time zone" in page.content.decode()
    # Saved again untouched: the same moment, not shifted a second time.
    again = admin.post(edit_url(event), form_data(calendar, start=f"{day} 18:00", end=f"{day} 20:00"))
    assert again.status_code == 302
    event.refresh_from_db()
    assert event.start.hour == utc_hour


def test_changing_the_zone_keeps_the_wall_clock_time(admin, calendar):
    event = EventFactory(
        calendar=calendar, time_zone="America/New_York", start=datetime(2030, 1, 9, 23, tzinfo=UTC), end=None
    )
    response = admin.post(edit_url(event), form_data(calendar, time_zone="Europe/Vienna", end=""))
    assert response.status_code == 302, response.context["form"].errors
    event.refresh_from_db()
    assert (event.start, event.end) == (datetime(2030, 1, 9, 17, tzinfo=UTC), None)  # 18:00 in Vienna


def test_all_day_events_take_days(admin, calendar):
    data = form_data(calendar, all_day="on", start="2030-05-01 00:00", end="2030-05-03 00:00")
    assert admin.post(ADD, data).status_code == 302
    event = Event.objects.get()
    assert (event.start, event.end) == (datetime(2030, 5, 1, tzinfo=UTC), datetime(2030, 5, 4, tzinfo=UTC))
    page = admin.get(edit_url(event))
    assert (shown(page, "start"), shown(page, "end")) == ("2030-05-01 00:00", "2030-05-03 00:00")  # the last day


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end": "9999-12-31 23:00"}, "end"),  # in UTC: year 10000
        ({"start": "0001-01-01 00:00", "time_zone": "Asia/Tokyo"}, "start"),  # in UTC: year 0
        ({"all_day": "on", "end": "9999-12-31 00:00"}, "end"),  # the day after the last
        ({"start": "not a date"}, "start"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
def test_bad_times_are_a_form_error(admin, calendar, changes, field):
    response = admin.post(ADD, form_data(calendar, **changes))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {field}
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("picked", "rule"),
    [
        ({"repeat": "MONTHLY", "repeat_week": "2", "repeat_weekdays": ["WE"]}, "FREQ=MONTHLY;BYDAY=2WE"),
        ({"repeat": "MONTHLY", "repeat_week": "-1", "repeat_weekdays": ["FR"]}, "FREQ=MONTHLY;BYDAY=-1FR"),
        (
            {"repeat": "WEEKLY", "repeat_interval": "2", "repeat_weekdays": ["WE", "MO"], "repeat_until": "2030-06-30"},
            # the end of 30 June in New York (EDT, UTC-4), in UTC
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20300701T035959Z",
        ),
        ({"repeat": "DAILY", "repeat_count": "5"}, "FREQ=DAILY;COUNT=5"),
        ({"repeat": "YEARLY"}, "FREQ=YEARLY"),
        ({"repeat": "custom", "rrule": "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"}, "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"),
    ],
)
def test_the_picker_writes_the_rule(admin, calendar, picked, rule):
    response = admin.post(ADD, form_data(calendar, **picked))
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get()
    assert event.rrule == rule
    assert event.occurrences.count() > 1
    # The edit form shows the rule back in the picker (or as a custom rule).
    form = admin.get(edit_url(event)).context["form"]
    assert form.initial["repeat"] == picked["repeat"]
    assert form.initial.get("repeat_weekdays", []) == sorted(
        picked.get("repeat_weekdays", []), key="MOTUWETHFRSASU".index
    )


def test_an_untouched_picker_keeps_the_stored_rule(admin, calendar):
    event = EventFactory(
        calendar=calendar,
        time_zone="America/New_York",
        start=datetime(2030, 1, 9, 23, tzinfo=UTC),
        end=datetime(2030, 1, 10, 1, tzinfo=UTC),
        rrule="FREQ=WEEKLY;UNTIL=20310101T000000Z",  # as imported: the picker shows 31 Dec 2030
    )
    page = admin.get(edit_url(event))
    assert page.context["form"].initial["repeat"] == "WEEKLY" and shown(page, "repeat_until") == "2030-12-31"
    data = form_data(calendar, title="Renamed", repeat="WEEKLY", repeat_until="2030-12-31", rrule=event.rrule)
    assert admin.post(edit_url(event), data).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.rrule) == ("Renamed", "FREQ=WEEKLY;UNTIL=20310101T000000Z")
    # "Does not repeat" removes it.
    assert admin.post(edit_url(event), form_data(calendar, rrule=event.rrule)).status_code == 302
    event.refresh_from_db()
    assert event.rrule == ""


@pytest.mark.parametrize(
    ("picked", "field"),
    [
        ({"repeat": "DAILY", "repeat_until": "2030-02-01", "repeat_count": "3"}, "repeat_count"),
        ({"repeat": "MONTHLY", "repeat_week": "2"}, "repeat_weekdays"),
        ({"repeat": "WEEKLY", "repeat_until": "2029-12-31"}, "repeat_until"),
        ({"repeat": "WEEKLY", "repeat_interval": "0"}, "repeat_interval"),
        ({"repeat": "custom", "rrule": "NOPE"}, "rrule"),
    ],
)
def test_impossible_picks_are_a_form_error(admin, calendar, picked, field):
    response = admin.post(ADD, form_data(calendar, **picked))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Event.objects.exists()


def test_the_edit_form_has_the_picker_script_and_the_rich_text_editor(admin, calendar):
    html = admin.get(ADD).content.decode()
    assert "events/recurrence-picker.js" in html
    assert re.search(r'name="description"[^>]*data-draftail-input[^>]*id="id_description"', html)
    assert '<select name="repeat"' in html


def test_the_description_is_rich_text(admin, calendar, index):
    response = admin.post(ADD, form_data(calendar, description=contentstate("Talks", "and pizza.")))
    assert response.status_code == 302
    event = Event.objects.get()
    assert re.fullmatch(r'<p data-block-key="k0">Talks</p><p data-block-key="k1">and pizza.</p>', event.description)
    page = admin.get(f"/events/{calendar.slug}/{event.pk}/").content.decode()
    assert "<p>Talks</p>" in page or 'data-block-key="k0">Talks</p>' in page
    # A client without the editor's script posts HTML: taken as HTML, not a 500.
    data = form_data(calendar, description="<p>Plain <b>HTML</b></p>")
    assert admin.post(edit_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.description == "<p>Plain <b>HTML</b></p>"


def test_internal_page_links_of_the_editor_are_shown_as_links(calendar, index):
    event = EventFactory(calendar=calendar, description=f'<p>See <a linktype="page" id="{index.pk}">events</a></p>')
    assert f'href="{index.url}"' in event.description_html


def test_the_listing_shows_times_in_the_events_zone(admin, calendar):
    EventFactory(calendar=calendar, time_zone="America/New_York", start=datetime(2030, 1, 9, 23, tzinfo=UTC))
    html = admin.get("/admin/snippets/events/event/").content.decode()
    assert "Start (event&#x27;s time)" in html or "Start (event's time)" in html
    assert "Wed 09 Jan 2030, 18:00 America/New_York" in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_picker_in_chromium(live_server):
    """The admin's picker in Chromium, under the admin's policy: it shows the choices that
    apply, writes the rule on save; the event page then adds the visitor's own time."""
    from django.contrib.auth import get_user_model

    from home.pages import HomePage
    from sections.events.factories import EventsIndexPageFactory
    from tests.browser import chromium, require_chromium, watch_csp

    sync_api = require_chromium()
    EventsIndexPageFactory(parent=HomePage.objects.get(depth=2))
    calendar = CalendarFactory(name="Python Events Calendar")
    get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
    url, expect = live_server.url, sync_api.expect
    with chromium(sync_api) as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Europe/Berlin")
        violations = watch_csp(context)
        admin = context.new_page()
        admin.set_default_timeout(15_000)
        admin.goto(url + "/admin/login/")
        admin.get_by_label("Username").fill("admin")
        admin.get_by_label("Password").fill("password")
        admin.get_by_role("button", name="Sign in").click()
        expect(admin).to_have_url(url + "/admin/")

        admin.goto(url + ADD)
        expect(admin.locator(".Draftail-Editor [contenteditable='true']").first).to_be_visible()
        week, rule = admin.locator("#id_repeat_week"), admin.locator("#id_rrule")
        expect(week).to_be_hidden()
        expect(rule).to_be_hidden()
        admin.select_option("#id_repeat", "custom")
        expect(rule).to_be_visible()
        admin.select_option("#id_repeat", "MONTHLY")
        expect(rule).to_be_hidden()
        expect(week).to_be_visible()
        admin.select_option("#id_repeat_week", "2")
        admin.locator("input[name='repeat_weekdays'][value='WE']").check()
        admin.locator("#id_calendar").evaluate("(input, pk) => { input.value = pk; }", str(calendar.pk))  # a chooser
        admin.fill("#id_title", "NYC Python")
        admin.select_option("#id_time_zone", "America/New_York")
        admin.fill("#id_start", "2030-01-09 18:00")
        admin.fill("#id_end", "2030-01-09 20:00")
        admin.keyboard.press("Escape")
        admin.locator("footer [data-w-dropdown-target='toggle']").first.click()  # "More actions"
        admin.get_by_role("button", name="Publish").click()
        expect(admin.locator(".messages")).to_contain_text("NYC Python")

        admin.goto(url + f"/events/{calendar.slug}/")
        admin.get_by_role("link", name="NYC Python").first.click()
        expect(admin.locator("p.recurrence")).to_contain_text("Every month on the second Wednesday")
        expect(admin.locator("p.recurrence .local-time")).to_contain_text("your time: Thursday")  # 00:00 in Berlin
        assert violations == []
        context.close()
    event = Event.objects.get()
    assert (event.rrule, event.start) == ("FREQ=MONTHLY;BYDAY=2WE", datetime(2030, 1, 9, 23, tzinfo=UTC))

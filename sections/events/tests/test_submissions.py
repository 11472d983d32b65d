"""Submissions, moderation, reminders and the admin: permissions and email."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from sections.events import views
from sections.events.factories import CalendarFactory, EventFactory
from sections.events.models import CalendarSync, Event, EventReminder
from sections.events.tasks import send_event_reminders

pytestmark = pytest.mark.django_db

SUBMISSION = {
    "title": "PyCon Atlantis",
    "description": "Talks & sprints <b>underwater</b>.",
    "url": "https://atlantis.example.com/",
    "venue": "Harbour hall",
    "address": "1 Sea Road, Atlantis",
    "start": "2030-06-01T09:00",
    "end": "2030-06-01T17:00",
    "time_zone": "Europe/Vienna",
}


@pytest.fixture
def calendar(index):
    return CalendarFactory(name="Python Events Calendar")


def submit(client, calendar, **changes):
    return client.post("/events/submit/", {**SUBMISSION, "calendar": calendar.pk, **changes})


def test_anonymous_cannot_submit(client, calendar):
    response = client.get("/events/submit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/events/submit/")
    assert submit(client, calendar).status_code == 302
    assert not Event.objects.exists()


def test_user_submits_a_draft_in_moderation(client, calendar, users, django_capture_on_commit_callbacks):
    client.force_login(users["owner"])
    page = client.get("/events/submit/").content.decode()
    assert page.count("<h1") == 1 and '<label for="id_title"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, calendar)
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.live, event.moderation_status, event.submitted_by) == (False, "pending", users["owner"])
    assert event.start == datetime(2030, 6, 1, 7, tzinfo=UTC)  # 09:00 in Vienna (CEST)
    assert event.time_zone == "Europe/Vienna" and event.venue.name == "Harbour hall"
    assert "&lt;b&gt;" in event.description  # plain text, escaped
    assert event.revisions.count() == 1
    assert [m.to for m in mail.outbox] == [["moderator@example.com", "root@example.com"]]
    assert "PyCon Atlantis" in mail.outbox[0].subject and "/events/review/" in mail.outbox[0].body
    assert client.get(f"/events/{calendar.slug}/{event.pk}/").status_code == 404  # not public yet


def test_submission_errors(client, calendar, users):
    client.force_login(users["user"])
    response = submit(client, calendar, end="2030-05-01T09:00", time_zone="Mars/Olympus", title="")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"title", "time_zone"}
    response = submit(client, calendar, end="2030-05-01T09:00")
    assert "end" in response.context["form"].errors
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "role, status", [("user", 403), ("owner", 403), ("editor", 403), ("moderator", 200), ("superuser", 200)]
)
def test_review_page_permissions(client, calendar, users, role, status):
    client.force_login(users[role])
    assert client.get("/events/review/").status_code == status


def test_anonymous_review_goes_to_login(client, calendar):
    response = client.get("/events/review/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_non_moderators_cannot_approve(client, calendar, users):
    event = EventFactory(calendar=calendar, live=False, moderation_status="pending", submitted_by=users["owner"])
    for role in ("user", "owner", "editor"):
        client.force_login(users[role])
        assert client.post("/events/review/", {"event": event.pk, "decision": "approve"}).status_code == 403
    event.refresh_from_db()
    assert not event.live


def test_moderator_approves(client, calendar, users, django_capture_on_commit_callbacks):
    event = EventFactory(calendar=calendar, live=False, moderation_status="pending", submitted_by=users["owner"])
    client.force_login(users["moderator"])
    assert event.title in client.get("/events/review/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/events/review/", {"event": event.pk, "decision": "approve", "comment": "Welcome!"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.live and event.moderation_status == "approved"
    assert event.occurrences.count() == 1
    assert client.get(f"/events/{calendar.slug}/{event.pk}/").status_code == 200
    (message,) = mail.outbox
    assert message.to == ["owner@example.com"] and "approved" in message.subject
    assert "Welcome!" in message.body and f"/events/{calendar.slug}/{event.pk}/" in message.body


def test_moderator_rejects_with_a_comment(client, calendar, users, django_capture_on_commit_callbacks):
    event = EventFactory(calendar=calendar, live=False, moderation_status="pending", submitted_by=users["owner"])
    client.force_login(users["moderator"])
    response = client.post("/events/review/", {"event": event.pk, "decision": "reject", "comment": ""})
    assert response.status_code == 200 and not mail.outbox  # a comment is required
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/events/review/", {"event": event.pk, "decision": "reject", "comment": "Not about Python & co."})
    event.refresh_from_db()
    assert not event.live and event.moderation_status == "rejected"
    (message,) = mail.outbox
    assert message.to == ["owner@example.com"] and "Not about Python & co." in message.body
    assert client.post("/events/review/", {"event": "abc", "decision": "approve"}).status_code == 404
    # Already decided: cannot be approved through the form any more.
    assert client.post("/events/review/", {"event": event.pk, "decision": "approve"}).status_code == 404


def decide(client, event, decision, comment=""):
    return client.post("/events/review/", {"event": event.pk, "decision": decision, "comment": comment})


def publications(event):
    return ModelLogEntry.objects.for_instance(event).filter(action="wagtail.publish").count()


def test_a_second_moderator_is_told_the_event_was_decided(
    client, calendar, users, make_user, django_capture_on_commit_callbacks
):
    event = EventFactory(calendar=calendar, live=False, moderation_status="pending", submitted_by=users["owner"])
    client.force_login(users["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        assert decide(client, event, "approve").status_code == 302
    revisions = event.revisions.count()
    client.force_login(make_user("second", groups=["Event moderators"]))
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, event, "reject", "Too late.")
    assert response.status_code == 404
    assert "no longer awaiting review: it was already approved" in response.content.decode()
    event.refresh_from_db()
    assert event.live and event.moderation_status == "approved" and event.moderation_comment == ""
    assert event.revisions.count() == revisions and publications(event) == 1
    assert len(mail.outbox) == 1  # the approval only


def test_concurrent_decisions_publish_once(client, calendar, users, make_user, monkeypatch):
    """Two moderators who both loaded the submission while it was pending: the row lock of the
    shared transition lets the first decide; the second changes nothing and is told."""
    event = EventFactory(calendar=calendar, live=False, moderation_status="pending", submitted_by=users["owner"])
    stale = Event.objects.get(pk=event.pk)  # what the second moderator's request read
    client.force_login(users["moderator"])
    assert decide(client, event, "approve").status_code == 302
    monkeypatch.setattr(views, "get_object_or_404", lambda *args, **kwargs: stale)
    client.force_login(make_user("second", groups=["Event moderators"]))
    response = decide(client, event, "approve")
    assert response.status_code == 404 and "it was already approved" in response.content.decode()
    event.refresh_from_db()
    assert publications(event) == 1 and event.revisions.count() == 1


def test_reminders(client, calendar, users, django_capture_on_commit_callbacks):
    now = datetime(2030, 3, 9, 8, tzinfo=UTC)
    event = EventFactory(calendar=calendar, title="Sprint", start=datetime(2030, 3, 10, 18, tzinfo=UTC))
    url = f"/events/{calendar.slug}/{event.pk}/remind/"
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(url).status_code == 405
    client.force_login(users["user"])
    assert client.post(url).status_code == 302
    assert "Stop reminding me" in client.get(f"/events/{calendar.slug}/{event.pk}/").content.decode()
    EventReminder.objects.create(
        user=users["owner"], event=EventFactory(calendar=calendar, start=now + timedelta(days=5))
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders(now=now) == 1
    (message,) = mail.outbox
    assert message.to == ["user@example.com"] and "Sprint" in message.subject
    assert "Sunday 10 March 2030, 18:00 (UTC)" in message.body
    assert f"/events/{calendar.slug}/{event.pk}/" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders(now=now) == 0  # never twice
    assert len(mail.outbox) == 1
    client.post(url)  # toggles off
    assert not EventReminder.objects.filter(user=users["user"]).exists()


def test_calendar_admins_see_who_asked(client, calendar, users):
    event = EventFactory(calendar=calendar, start=timezone.now() + timedelta(days=3))
    EventReminder.objects.create(user=users["owner"], event=event)
    client.force_login(users["moderator"])
    html = client.get("/admin/events/reminders/").content.decode()
    assert "owner" in html
    client.force_login(users["user"])
    assert client.get("/admin/events/reminders/").status_code == 302  # no admin access


def test_admin_sync_now_and_records(client, make_feed, users):
    from .conftest import vevent

    calendar = make_feed(vevent("a"))
    client.force_login(users["editor"])
    assert client.post(f"/admin/events/calendars/{calendar.pk}/sync/").status_code in (302, 403)
    assert not CalendarSync.objects.exists()
    client.force_login(users["moderator"])
    assert client.get(f"/admin/events/calendars/{calendar.pk}/sync/").status_code == 200
    assert client.post(f"/admin/events/calendars/{calendar.pk}/sync/").status_code == 302
    record = CalendarSync.objects.get()
    assert (record.trigger, record.created) == ("admin", 1)
    assert client.get("/admin/events/calendar-syncs/").status_code == 200
    assert client.get(f"/admin/events/calendar-syncs/inspect/{record.pk}/").status_code == 200
    assert "Sync now" in client.get("/admin/snippets/events/calendar/").content.decode()
    assert client.get("/admin/snippets/events/event/").status_code == 200


def test_editor_creates_a_recurring_event_in_the_admin(client, calendar, users):
    client.force_login(users["superuser"])
    form = {
        "calendar": calendar.pk,
        "title": "Admin meetup",
        "description": "<p>Hi</p>",
        "url": "",
        "start": "2030-03-14 09:00",
        "end": "2030-03-14 10:00",
        "time_zone": "Europe/Vienna",
        "rrule": "FREQ=WEEKLY;COUNT=3",
        "rdates": "",
        "exdates": "2030-03-21T09:00:00+00:00",
        "sync_policy": "auto",
        "moderation_status": "",
        "moderation_comment": "",
        "action-publish": "action-publish",
    }
    response = client.post("/admin/snippets/events/event/add/", form)
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get(title="Admin meetup")
    assert event.live and event.occurrences.count() == 2
    assert client.get(f"/admin/snippets/events/event/preview/{event.pk}/").status_code in (200, 405)
    bad = client.post("/admin/snippets/events/event/add/", {**form, "title": "Bad", "rrule": "NOPE", "time_zone": "X"})
    assert bad.status_code == 200 and {"rrule", "time_zone"} <= set(bad.context["form"].errors)
    preview = client.post("/admin/snippets/events/event/preview/", {**form, "title": "Preview me"})
    assert preview.status_code == 200
    assert "Preview me" in client.get("/admin/snippets/events/event/preview/").content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"all_day": "on", "end": "9999-12-31T00:00"},  # the day after the last: past year 9999
        {"end": "9999-12-31T23:00", "time_zone": "America/New_York"},  # in UTC: year 10000
        {"start": "0001-01-01T00:00", "time_zone": "Asia/Tokyo"},  # in UTC: year 0
        {"start": "1989-12-31T09:00"},
        {"end": "2101-01-01T17:00"},
    ],
)
def test_dates_out_of_range_are_a_form_error(client, calendar, users, changes):
    client.force_login(users["user"])
    response = submit(client, calendar, **changes)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == set(changes) - {"all_day", "time_zone"}
    assert all(errors[field] == ["Give a date between 1990 and 2100."] for field in errors)
    assert not Event.objects.exists()


# Every moderation route for every role: the review page, approving and rejecting. Only the
# event moderators' permission (through "Event moderators") and superusers pass; staff,
# editors and the submitter get 403, anonymous visitors the login page.
MODERATION_ROLES = {
    "anonymous": "login",
    "user": 403,
    "owner": 403,
    "editor": 403,
    "staff": 403,
    "moderator": "allowed",
    "superuser": "allowed",
}


@pytest.mark.parametrize(("role", "expected"), MODERATION_ROLES.items())
@pytest.mark.parametrize(
    ("method", "data", "allowed_status"),
    [
        ("get", None, 200),
        ("post", {"decision": "approve"}, 302),
        ("post", {"decision": "reject", "comment": "Not about Python."}, 302),
    ],
)
def test_every_moderation_route_for_every_role(client, calendar, users, role, expected, method, data, allowed_status):
    event = EventFactory(calendar=calendar, live=False, moderation_status="pending", submitted_by=users["owner"])
    if users[role]:
        client.force_login(users[role])
    response = getattr(client, method)("/events/review/", {**data, "event": event.pk} if data else None)
    event.refresh_from_db()
    if expected == "login":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == (allowed_status if expected == "allowed" else expected)
    decided = expected == "allowed" and method == "post"
    assert (event.moderation_status != "pending") == decided

"""/events/mine/: the signed-in visitor's submitted events with their state (as /jobs/mine/),
for every role, linked from /events/ and the submission form."""

import lxml.html
import pytest

from pydotorg.core import moderation
from sections.events.factories import CalendarFactory, EventFactory

pytestmark = pytest.mark.django_db

ROLES = ["user", "owner", "editor", "staff", "moderator", "superuser"]


@pytest.fixture
def submissions(index, users):
    """The owner's three submissions (pending, approved, rejected with a comment), an imported
    event, and another user's submission."""
    calendar = CalendarFactory()
    owner, moderator = users["owner"], users["moderator"]
    made = {}
    for title in ("Pending sprint", "Approved conference", "Rejected meetup"):
        made[title] = EventFactory(
            calendar=calendar, title=title, live=False, moderation_status="pending", submitted_by=owner
        )
        made[title].save_revision(user=owner)
    moderation.transition(made["Approved conference"], "approve", moderator)
    comment = "Not about Python"
    apply = lambda event: setattr(event, "moderation_comment", comment)  # noqa: E731
    moderation.transition(made["Rejected meetup"], "reject", moderator, comment=comment, apply=apply)
    EventFactory(calendar=calendar, title="Imported event")
    EventFactory(
        calendar=calendar, title="Someone else's", live=False, moderation_status="pending", submitted_by=users["user"]
    )
    return made


def rows(response):
    doc = lxml.html.fromstring(response.content.decode())
    return {
        row.xpath("normalize-space(td[1]/node()[1])"): row.xpath("normalize-space(td[3])")
        for row in doc.xpath("//table[contains(@class,'event-table')]/tbody/tr")
    }


def test_anonymous_is_sent_to_log_in(client, submissions):
    response = client.get("/events/mine/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/events/mine/")


def test_the_owner_sees_each_submission_with_its_state(client, users, submissions):
    client.force_login(users["owner"])
    response = client.get("/events/mine/")
    assert response.status_code == 200
    assert rows(response) == {
        "Pending sprint": "Awaiting review",
        "Approved conference": "Approved",
        "Rejected meetup": "Rejected",
    }
    html = response.content.decode()
    assert "Not about Python" in html
    approved = submissions["Approved conference"]
    assert f'href="/events/{approved.calendar.slug}/{approved.pk}/"' in html  # live: linked
    pending = submissions["Pending sprint"]
    assert f"/{pending.pk}/" not in html  # not public yet: no link to a 404
    assert "Imported event" not in html and "Someone else" not in html


@pytest.mark.parametrize("role", [r for r in ROLES if r != "owner"])
def test_every_other_role_sees_only_their_own(client, users, submissions, role):
    client.force_login(users[role])
    response = client.get("/events/mine/")
    assert response.status_code == 200
    assert list(rows(response)) == (["Someone else's"] if role == "user" else [])
    if role != "user":
        assert "You have not submitted an event yet." in response.content.decode()


@pytest.mark.parametrize("role, linked", [("anonymous", False), *[(role, True) for role in ROLES]])
def test_linked_from_the_events_page_for_those_signed_in(client, users, submissions, role, linked):
    if users[role]:
        client.force_login(users[role])
    assert ('href="/events/mine/"' in client.get("/events/").content.decode()) is linked


def test_linked_from_the_submission_form(client, users, index):
    client.force_login(users["user"])
    assert 'href="/events/mine/"' in client.get("/events/submit/").content.decode()


def test_constant_queries(client, users, index, count_queries):
    client.force_login(users["owner"])
    calendar = CalendarFactory()
    EventFactory(calendar=calendar, live=False, moderation_status="pending", submitted_by=users["owner"])
    count_queries("/events/mine/")  # warm the site's caches
    few = count_queries("/events/mine/")
    for _ in range(10):
        EventFactory(calendar=CalendarFactory(), live=False, moderation_status="pending", submitted_by=users["owner"])
    assert count_queries("/events/mine/") == few


def test_a_calendar_cannot_take_the_slug_mine(index):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        CalendarFactory.build(slug="mine", name="Mine").full_clean()

"""A submitted event moderated from the Wagtail admin: the editor's Publish is the approval of
/events/review/ (approved, live, out of the queue, the submitter mailed once), the moderation
state cannot be set by hand in the editor, a rejected submission cannot be published there,
and the listing's Review button leads to /events/review/."""

import lxml.html
import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from pydotorg.core import moderation
from sections.events.factories import CalendarFactory, EventFactory
from sections.events.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(index, users):
    """A pending submission as /events/submit/ leaves it: unpublished, with a first revision."""
    event = EventFactory(
        calendar=CalendarFactory(),
        live=False,
        moderation_status=Event.Moderation.PENDING,
        submitted_by=users["owner"],
        title="PyCon Atlantis",
    )
    event.save_revision(user=users["owner"])
    return event


def edit_url(event):
    return reverse("wagtailsnippets_events_event:edit", args=[event.pk])


def form_values(client, event):
    """What the browser posts from the admin edit form (lxml fills in the form's values)."""
    doc = lxml.html.fromstring(client.get(edit_url(event)).content.decode())
    form = next(f for f in doc.forms if "title" in f.inputs)
    return dict(form.form_values())


def publish(client, event, **changes):
    return client.post(edit_url(event), {**form_values(client, event), **changes, "action-publish": "action-publish"})


@pytest.mark.parametrize("role", ["moderator", "superuser"])
def test_publish_in_the_editor_is_the_approval(client, users, submission, role, django_capture_on_commit_callbacks):
    client.force_login(users[role])
    with django_capture_on_commit_callbacks(execute=True):
        response = publish(client, submission, title="PyCon Atlantis 2030")
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.live, submission.moderation_status) == (True, Event.Moderation.APPROVED)
    assert submission.title == "PyCon Atlantis 2030"  # the moderator's edit is what went live
    assert not moderation.REVIEW_QUEUES[Event].is_waiting(submission)
    assert [m.to for m in mail.outbox] == [[users["owner"].email]]
    assert "PyCon Atlantis 2030" in mail.outbox[0].subject + mail.outbox[0].body
    assert f"/events/{submission.calendar.slug}/{submission.pk}/" in mail.outbox[0].body
    entries = ModelLogEntry.objects.for_instance(submission).filter(action=moderation.LOG_ACTION)
    assert [e.data["action"] for e in entries] == ["approve"]
    assert submission.occurrences.exists()
    # Nothing is left to decide: the review page has no pending submission, a second Publish mails nobody.
    assert "No submissions await review." in client.get("/events/review/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publish(client, submission)
    assert len(mail.outbox) == 1


def test_the_editor_cannot_set_the_moderation_state(client, users, submission):
    """The state moves only through a decision (which mails): the fields are read-only."""
    client.force_login(users["moderator"])
    data = form_values(client, submission)
    assert "moderation_status" not in data and "moderation_comment" not in data
    client.post(edit_url(submission), {**data, "moderation_status": "approved", "moderation_comment": "x"})
    submission.refresh_from_db()
    assert (submission.moderation_status, submission.moderation_comment, submission.live) == ("pending", "", False)
    assert not mail.outbox


def test_a_rejected_submission_cannot_be_published_in_the_editor(client, users, submission):
    moderation.transition(submission, "reject", users["moderator"], comment="Not a Python event")
    client.force_login(users["moderator"])
    response = publish(client, submission)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.live, submission.moderation_status) == (False, Event.Moderation.REJECTED)
    assert "goes live only through moderation" in client.get(response["Location"]).content.decode()
    assert not mail.outbox


def test_an_event_that_is_no_submission_publishes_as_before(client, users, index):
    event = EventFactory(live=False, title="Sprint")
    event.save_revision(user=users["superuser"])
    client.force_login(users["moderator"])
    publish(client, event)
    event.refresh_from_db()
    assert (event.live, event.moderation_status) == (True, "")
    assert not mail.outbox


@pytest.mark.parametrize("role, shown", [("moderator", True), ("superuser", True)])
def test_listing_review_button_leads_to_the_review_page(client, users, submission, role, shown):
    decided = EventFactory(moderation_status=Event.Moderation.APPROVED, submitted_by=users["owner"])
    client.force_login(users[role])
    doc = lxml.html.fromstring(client.get("/admin/snippets/events/event/").content.decode())
    rows = {row.xpath("string(.//td[contains(@class,'title')]//a)").strip(): row for row in doc.xpath("//tbody/tr")}
    review_links = lambda row: row.xpath('.//a[@href="/events/review/"]')  # noqa: E731
    assert bool(review_links(rows["PyCon Atlantis"])) is shown
    assert not review_links(rows[decided.title])


@pytest.mark.parametrize("role", ["anonymous", "user", "owner", "editor", "staff"])
def test_others_cannot_publish_a_submission(client, users, submission, role):
    if users[role]:
        client.force_login(users[role])
    response = client.post(edit_url(submission), {"title": "Hacked", "action-publish": "action-publish"})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login/" in response["Location"] or response["Location"].startswith("/admin/")
    submission.refresh_from_db()
    assert (submission.live, submission.moderation_status, submission.title) == (False, "pending", "PyCon Atlantis")
    assert not mail.outbox

"""Submitting a story: a draft page in the "Success story review" workflow, the staff mailed,
the honeypot, the daily limit, sanitised Markdown and plain text, the submitter's list."""

import pytest
from django.core import mail
from wagtail.models import WorkflowState

from pydotorg.core.models import OutgoingEmail
from sections.successstories.pages import StoryPage

from .conftest import login, story_data

pytestmark = pytest.mark.django_db


def submit(client, index, category, **fields):
    return client.post(index.url + "create/", story_data(category=category.pk, **fields))


def test_anonymous_is_sent_to_login(client, index):
    response = client.get(index.url + "create/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(index.url + "create/", story_data())
    assert response.status_code == 302 and not StoryPage.objects.exists()


def test_submission_makes_a_draft_in_review_and_mails_the_staff(
    client, index, category, users, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "pydotorg.core.mail.OutboxBackend"
    login(client, users["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, index, category)
    assert response.status_code == 302 and response["Location"].endswith("/success-stories/mine/")
    story = StoryPage.objects.get()
    assert not story.live and story.submitted_by == users["owner"] and story.get_parent().pk == index.pk
    state = story.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.workflow.name == "Success story review"
    assert state.requested_by is None  # Wagtail's own mails to the requester would duplicate ours
    staff_mail = [m for m in mail.outbox if m.subject.startswith("Success story submitted")]
    assert len(staff_mail) == 1 and users["moderator"].email in staff_mail[0].to
    assert users["owner"].email in staff_mail[0].reply_to
    assert OutgoingEmail.objects.filter(subject__startswith="Success story submitted").count() == 1
    # The story is not public until approved.
    assert client.get(story.url or f"{index.url}{story.slug}/").status_code == 404


def test_markdown_is_sanitised_and_plain_text_is_escaped(client, index, category, users):
    login(client, users["owner"])
    submit(client, index, category)
    story = StoryPage.objects.get()
    html = story.body.render_as_block()
    assert "<strong>Python</strong>" in html and "<script>" not in html
    submit(client, index, category, title="Plain", markup="text", content="a <b>bold</b> claim\n\nsecond")
    plain = StoryPage.objects.get(title="Plain").body.render_as_block()
    assert "<b>" not in plain and "&lt;b&gt;" in plain and plain.count("<p>") == 2


def test_the_honeypot_refuses_bots(client, index, category, users):
    login(client, users["owner"])
    response = submit(client, index, category, website="http://spam.example/")
    assert response.status_code == 200 and "must be left empty" in response.content.decode()
    assert not StoryPage.objects.exists()


def test_the_daily_limit(client, index, category, users, settings):
    settings.SUCCESS_STORIES_PER_DAY = 2
    login(client, users["owner"])
    for number in range(2):
        assert submit(client, index, category, title=f"Story {number}").status_code == 302
    response = submit(client, index, category, title="One too many")
    assert response.status_code == 200 and "the most allowed" in response.content.decode()
    assert StoryPage.objects.count() == 2
    login(client, users["other"])  # the limit is per user
    assert submit(client, index, category, title="Someone else's").status_code == 302


def test_bad_input_is_a_form_error_not_a_500(client, index, users):
    login(client, users["owner"])
    response = client.post(index.url + "create/", {"title": "x" * 1000, "category": "nope", "markup": "evil"})
    assert response.status_code == 200 and not StoryPage.objects.exists()


def test_slugs_are_unique_and_never_a_route(client, index, category, users):
    login(client, users["owner"])
    submit(client, index, category, title="Create")
    submit(client, index, category, title="Create")
    assert sorted(StoryPage.objects.values_list("slug", flat=True)) == ["create-story", "create-story-2"]


def test_the_submitter_sees_their_stories_and_their_state(client, index, category, users):
    login(client, users["owner"])
    submit(client, index, category)
    response = client.get(index.url + "mine/")
    assert response.status_code == 200
    assert "Python at Acme" in response.content.decode() and "In review" in response.content.decode()
    login(client, users["other"])
    assert "Python at Acme" not in client.get(index.url + "mine/").content.decode()

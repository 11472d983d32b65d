"""The review loop through Wagtail's workflow: request changes with a comment (one mail to the
submitter, with the comment), edit and resubmit (the workflow resumes), approve (published,
one mail), and who may take each workflow action."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from sections.successstories.pages import StoryPage

from .conftest import login, story_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def outbox(settings):
    settings.EMAIL_BACKEND = "pydotorg.core.mail.OutboxBackend"


@pytest.fixture
def submitted(client, index, category, users, django_capture_on_commit_callbacks):
    login(client, users["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(index.url + "create/", story_data(category=category.pk))
    client.logout()
    mail.outbox.clear()
    return StoryPage.objects.get()


def act(client, user, story, action, comment=""):
    story.refresh_from_db()
    task_state = story.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[story.pk, action, task_state.pk])
    login(client, user)
    response = client.post(url, {"comment": comment} if comment else {})
    client.logout()
    return response


def mails_to(user):
    return [m for m in mail.outbox if user.email in m.to]


def test_reject_edit_approve(client, index, category, users, submitted, django_capture_on_commit_callbacks):
    owner, moderator = users["owner"], users["moderator"]
    with django_capture_on_commit_callbacks(execute=True):
        act(client, moderator, submitted, "reject", "Please say which Python version you use.")
    submitted.refresh_from_db()
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES and not submitted.live
    [rejection] = mails_to(owner)  # ours alone: Wagtail's notice goes to no requester
    assert "needs changes" in rejection.subject and "Please say which Python version you use." in rejection.body
    assert f"/success-stories/mine/{submitted.pk}/edit/" in rejection.body
    login(client, owner)
    page = client.get(index.url + "mine/").content.decode()
    assert "Changes requested" in page and "Please say which Python version you use." in page

    # The submitter edits; the workflow resumes on the new revision; the staff hear of it.
    edit_url = f"{index.url}mine/{submitted.pk}/edit/"
    assert client.get(edit_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, story_data(category=category.pk, content="We use Python 3.13."))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert any(m.subject.startswith("Success story resubmitted") for m in mails_to(moderator))
    assert client.get(edit_url).status_code == 302  # in review again: not editable
    client.logout()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(client, moderator, submitted, "approve")
    submitted.refresh_from_db()
    assert submitted.live and submitted.current_workflow_state is None
    [published] = mails_to(owner)
    assert "published" in published.subject and submitted.url in published.body
    response = client.get(submitted.url)
    assert response.status_code == 200 and "We use Python 3.13." in response.content.decode()
    assert submitted.title in client.get(index.url).content.decode()
    assert submitted.title in client.get(index.url + "feed/rss/").content.decode()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("user", False),
        ("owner", False),
        ("other", False),
        ("editor", False),
        ("staff", False),
        ("moderator", True),
        ("superuser", True),
    ],
)
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_who_may_approve_or_request_changes(client, users, submitted, role, allowed, action):
    act(client, users[role], submitted, action, "A comment")
    submitted.refresh_from_db()
    state = submitted.current_workflow_state
    if not allowed:
        assert state.status == WorkflowState.STATUS_IN_PROGRESS and not submitted.live
    elif action == "approve":
        assert submitted.live and state is None
    else:
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_the_moderators_dashboard_lists_the_queue(client, users, submitted):
    login(client, users["moderator"])
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Awaiting your review" in html and "Success stories (1)" in html and "1 waiting" in html
    assert client.get(reverse("wagtailadmin_reports:workflow")).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[submitted.pk])).status_code == 200

"""Every write path of the success stories, for every role: submitting (/create/), editing a
submission (/mine/<pk>/edit/), the categories in the admin. (The workflow actions, approve
and request changes: test_moderation.py.)"""

import pytest

from sections.successstories.models import StoryCategory
from sections.successstories.pages import StoryPage

from .conftest import login, story_data

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "user", "owner", "other", "moderator", "editor", "staff", "superuser"]


@pytest.mark.parametrize("role", ROLES)
def test_create(client, index, category, users, role):
    login(client, users[role])
    get = client.get(index.url + "create/")
    post = client.post(index.url + "create/", story_data(category=category.pk))
    if role == "anonymous":  # signed-in users only
        assert get.status_code == post.status_code == 302 and "/accounts/login/" in post["Location"]
        assert not StoryPage.objects.exists()
    else:
        assert get.status_code == 200 and post.status_code == 302
        assert StoryPage.objects.get().submitted_by == users[role]


@pytest.fixture
def needing_changes(client, index, category, users):
    """The owner's story, sent back by a moderator (so editable by its submitter)."""
    login(client, users["owner"])
    client.post(index.url + "create/", story_data(category=category.pk))
    client.logout()
    story = StoryPage.objects.get()
    task_state = story.current_workflow_state.current_task_state
    task_state.task.specific.on_action(
        task_state.specific, users["moderator"], "reject", comment="More detail, please."
    )
    return story


@pytest.mark.parametrize("role", ROLES)
def test_edit(client, index, category, users, needing_changes, role):
    url = f"{index.url}mine/{needing_changes.pk}/edit/"
    login(client, users[role])
    get = client.get(url)
    post = client.post(url, story_data(category=category.pk, title="Changed"))
    needing_changes.refresh_from_db()
    if role == "anonymous":
        assert get.status_code == post.status_code == 302 and "/accounts/login/" in post["Location"]
    elif role == "owner":  # the submitter alone, not even moderators or superusers (they use the admin)
        assert get.status_code == 200 and post.status_code == 302
        assert needing_changes.draft_title == "Changed"
        return
    else:
        assert get.status_code == post.status_code == 403
    assert needing_changes.draft_title == "Python at Acme"


def test_edit_of_an_unknown_story_is_404(client, index, users):
    login(client, users["owner"])
    assert client.get(f"{index.url}mine/999999/edit/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_category_admin(client, users, role):
    login(client, users[role])
    response = client.post("/admin/snippets/successstories/storycategory/add/", {"name": "Games", "slug": "games"})
    created = StoryCategory.objects.filter(slug="games").exists()
    assert created == (role in ("moderator", "superuser")), (role, response.status_code)

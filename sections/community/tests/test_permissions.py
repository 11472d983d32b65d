"""Every write path of community posts for every role. The write paths are the Wagtail admin's
snippet views (the public URLs only read): create, save a draft, publish, unpublish, delete.
Each needs the model's permission held through a group (migration 0002): "Editors" write
drafts, "Moderators" also publish, unpublish and delete; staff without a group, signed-in
users and visitors get nothing."""

import json

import pytest

from sections.community.models import Post

ROLES = ["anonymous", "user", "staff", "editor", "moderator", "superuser"]
ADMIN = {"editor", "moderator", "superuser"}  # may open the admin's post views at all
PUBLISHERS = {"moderator", "superuser"}  # publish, unpublish, delete
ADMIN_URL = "/admin/snippets/community/post/"

pytestmark = pytest.mark.django_db


def rich_text(text):
    """The Draftail editor's value for one paragraph of `text`."""
    block = {"key": "a1b2c", "type": "unstyled", "text": text, "depth": 0}
    block |= {"inlineStyleRanges": [], "entityRanges": []}
    return json.dumps({"blocks": [block], "entityMap": {}})


def form(title, publish=False, **extra):
    data = {"kind": "text", "title": title, "content": rich_text("Hello"), "url": "", "media_url": ""}
    data |= {"published_at": "2025-01-02 10:00", **extra}
    if publish:
        data["action-publish"] = "action-publish"
    return data


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def refused(response):
    """Wagtail's refusal: the login page for those without admin access, 403 or a redirect
    with a message for the others."""
    return response.status_code in (302, 403)


@pytest.mark.parametrize("role", ROLES)
def test_admin_listing_and_forms(client, users, make_post, role):
    post = make_post()
    login(client, users[role])
    for url in (ADMIN_URL, f"{ADMIN_URL}add/", f"{ADMIN_URL}edit/{post.pk}/", f"{ADMIN_URL}history/{post.pk}/"):
        response = client.get(url)
        if role in ADMIN:
            assert response.status_code == 200, (url, role)
        else:
            assert refused(response), (url, role, response.status_code)
            if role == "anonymous":
                assert response["Location"].startswith("/admin/login/"), url


@pytest.mark.parametrize("role", ROLES)
def test_create_a_draft(client, users, community, role):
    login(client, users[role])
    response = client.post(f"{ADMIN_URL}add/", form("A new post"))
    created = Post.objects.filter(title="A new post").first()
    if role in ADMIN:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert created is not None and not created.live and created.latest_revision is not None
        assert client.get(f"/community/{created.pk}/").status_code == 404  # a draft
    else:
        assert refused(response) and created is None


@pytest.mark.parametrize("role", ROLES)
def test_create_and_publish(client, users, community, role):
    login(client, users[role])
    response = client.post(f"{ADMIN_URL}add/", form("Published at once", publish=True))
    created = Post.objects.filter(title="Published at once").first()
    if role in PUBLISHERS:
        assert response.status_code == 302 and created.live
        assert client.get(f"/community/{created.pk}/").status_code == 200
    elif role in ADMIN:  # an editor's Publish saves a draft: no publish permission
        assert created is not None and not created.live
    else:
        assert refused(response) and created is None


@pytest.mark.parametrize("role", ROLES)
def test_edit_and_publish_an_existing_post(client, users, make_post, role):
    post = make_post(title="Before")
    login(client, users[role])
    response = client.post(f"{ADMIN_URL}edit/{post.pk}/", form("After, draft"))
    post.refresh_from_db()
    if role in ADMIN:
        assert response.status_code == 302
        assert post.title == "Before" and post.has_unpublished_changes  # the live version is unchanged
        assert post.latest_revision.content["title"] == "After, draft"
    else:
        assert refused(response) and post.latest_revision is None

    response = client.post(f"{ADMIN_URL}edit/{post.pk}/", form("After, published", publish=True))
    post.refresh_from_db()
    if role in PUBLISHERS:
        assert post.title == "After, published" and post.live
        assert '">After, published</a>' in client.get("/community/").content.decode()
    else:
        assert post.title == "Before"
        assert '">After, published</a>' not in client.get("/community/").content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_unpublish(client, users, make_post, role):
    post = make_post()
    post.save_revision().publish()
    login(client, users[role])
    response = client.post(f"{ADMIN_URL}unpublish/{post.pk}/")
    post.refresh_from_db()
    if role in PUBLISHERS:
        assert response.status_code == 302 and not post.live
        assert client.get(f"/community/{post.pk}/").status_code == 404
    else:
        assert refused(response) and post.live


@pytest.mark.parametrize("role", ROLES)
def test_delete(client, users, make_post, role):
    post = make_post()
    login(client, users[role])
    response = client.post(f"{ADMIN_URL}delete/{post.pk}/")
    if role in PUBLISHERS:
        assert response.status_code == 302 and not Post.objects.filter(pk=post.pk).exists()
    else:
        assert refused(response) and Post.objects.filter(pk=post.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_public_urls_only_read(client, users, make_post, role):
    """The public URLs answer every role alike, and a POST to them changes nothing."""
    post = make_post(title="Readable")
    login(client, users[role])
    for url in ("/community/", f"/community/{post.pk}/", "/community/feed/rss/"):
        assert client.get(url).status_code == 200, url
    client.post("/community/", {"title": "Injected"})
    client.post(f"/community/{post.pk}/", {"title": "Injected"})
    assert not Post.objects.filter(title="Injected").exists()
    post.refresh_from_db()
    assert post.title == "Readable"

"""Who may do what with the news feeds in the admin: "Sync now", the feeds, their entries
and sync records. Editors (Wagtail's group, migration 0002) manage feeds and see the rest;
superusers do everything; a signed-in user, staff without a group and an admin user of
another group (Wagtail's Moderators) do nothing."""

import pytest
from django.urls import reverse

from sections.news.factories import EntryFactory
from sections.news.models import Entry, Feed, FeedSync

from .conftest import REAL_FEED

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "user", "staff", "moderator", "editor", "superuser"]
MANAGE_FEEDS = {"editor", "superuser"}


@pytest.fixture
def users(users, make_user):
    return {**users, "moderator": make_user("moderator", groups=["Moderators"])}


@pytest.fixture
def feed(make_feed):
    return make_feed(REAL_FEED.read_bytes())


def login(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])


def refused(response):
    """Wagtail answers a refusal with a redirect (to the login page or the dashboard) or a 403."""
    return response.status_code in (302, 403) and "Sync now" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_sync_now(client, users, feed, role):
    login(client, users, role)
    url = reverse("news_feed_sync", args=[feed.pk])
    confirm = client.get(url)
    response = client.post(url)
    if role in MANAGE_FEEDS:
        assert confirm.status_code == 200 and "Sync now" in confirm.content.decode()
        assert response.status_code == 302 and response["Location"] == reverse("news_feed:index")
        record = FeedSync.objects.get()
        assert (record.trigger, record.status, record.created) == ("admin", "ok", Entry.objects.count())
        assert Entry.objects.count() > 0
    else:
        assert refused(confirm) and refused(response)
        assert not FeedSync.objects.exists() and not Entry.objects.exists()


def test_sync_now_of_a_missing_feed_is_a_404(client, users):
    client.force_login(users["editor"])
    assert client.post(reverse("news_feed_sync", args=[999])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_feed_listing_shows_sync_now_to_those_who_may(client, users, feed, role):
    login(client, users, role)
    response = client.get(reverse("news_feed:index"))
    if role in MANAGE_FEEDS:
        assert response.status_code == 200
        assert reverse("news_feed_sync", args=[feed.pk]) in response.content.decode()
    else:
        assert refused(response)


@pytest.mark.parametrize("role", ROLES)
def test_adding_and_editing_a_feed(client, users, feed, role):
    login(client, users, role)
    data = {
        "name": "PSF blog",
        "slug": "psf-blog",
        "feed_url": "https://pyfound.blogspot.com/feeds/posts/default",
        "website_url": "https://pyfound.blogspot.com/",
    }
    added = client.post(reverse("news_feed:add"), data)
    edited = client.post(reverse("news_feed:edit", args=[feed.pk]), {**data, "name": "Renamed", "slug": feed.slug})
    feed.refresh_from_db()
    if role in MANAGE_FEEDS:
        assert added.status_code == edited.status_code == 302
        assert Feed.objects.filter(slug="psf-blog").exists() and feed.name == "Renamed"
    else:
        assert refused(added) and refused(edited)
        assert not Feed.objects.filter(slug="psf-blog").exists() and feed.name != "Renamed"


@pytest.mark.parametrize("role", ROLES)
def test_deleting_a_feed_is_for_superusers(client, users, feed, role):
    login(client, users, role)
    response = client.post(reverse("news_feed:delete", args=[feed.pk]))
    assert Feed.objects.filter(pk=feed.pk).exists() == (role != "superuser")
    if role != "superuser":
        assert refused(response)


def test_the_feed_form_refuses_internal_urls(client, users, settings):
    """As the events' calendar form does (pydotorg.core.fetch.url_problem)."""
    settings.FEEDS_ALLOW_LOOPBACK = False
    client.force_login(users["editor"])
    data = {"name": "Internal", "slug": "internal", "feed_url": "http://169.254.169.254/latest/meta-data/"}
    response = client.post(reverse("news_feed:add"), data)
    assert response.status_code == 200
    assert "Give an http:// or https:// URL" in str(response.context["form"].errors["feed_url"])
    assert not Feed.objects.filter(slug="internal").exists()


@pytest.mark.parametrize("role", ROLES)
def test_entries_and_sync_records_are_seen_by_editors_and_changed_by_superusers(client, users, feed, role):
    entry = EntryFactory(feed=feed, title="Original")
    record = FeedSync.objects.create(feed=feed, status="failed", errors=["Could not fetch the feed: timed out."])
    login(client, users, role)
    listing = client.get(reverse("news_entry:index"))
    records = client.get(reverse("news_feed_sync_record:inspect", args=[record.pk]))
    edit = client.post(
        reverse("news_entry:edit", args=[entry.pk]),
        {"title": "Changed", "summary": "", "content": "", "url": "", "pub_date": "2025-01-01 10:00"},
    )
    entry.refresh_from_db()
    if role in MANAGE_FEEDS:
        assert listing.status_code == records.status_code == 200
        assert "Could not fetch the feed: timed out." in records.content.decode()  # admins see the errors
    else:
        assert refused(listing) and refused(records)
    if role == "superuser":
        assert edit.status_code == 302 and entry.title == "Changed"
    else:
        assert refused(edit) and entry.title == "Original"

"""News in the Wagtail admin (menu "News"): the feeds (editable, with "Sync now"), their
entries and the record of every import (read-only in practice: the feed is the source)."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from pydotorg.core.search import register_search_type

from .models import Entry, Feed, FeedSync
from .tasks import sync_news_feed

logger = logging.getLogger(__name__)


class FeedViewSet(ModelViewSet):
    model = Feed
    icon = "doc-full"
    menu_label = "Feeds"
    url_prefix = "news/blogs"  # not "feeds": tests/test_feeds_valid.py takes such routes for feeds
    list_display = ["name", "slug", "page", "on_home_page", "sync_status", "last_synced_at", "sync_link"]
    inspect_view_enabled = True


class EntryViewSet(ModelViewSet):
    """The imported posts. An edit here lasts until the next import: the feed is the source."""

    model = Entry
    icon = "doc-full-inverse"
    menu_label = "Entries"
    url_prefix = "news/entries"
    list_display = ["title", "feed", "pub_date", "updated_at"]
    list_filter = ["feed"]
    search_fields = ["title", "summary", "guid"]
    search_backend_name = None  # plain database filtering on search_fields (site search uses the index)
    # Panels, not form_fields: the admin's form (its widgets and field overrides, https URLs).
    panels = [FieldPanel(name) for name in ("title", "summary", "content", "url", "pub_date")]
    inspect_view_enabled = True


class FeedSyncViewSet(ModelViewSet):
    """The record of every import: counts and errors."""

    model = FeedSync
    icon = "history"
    menu_label = "Feed syncs"
    url_prefix = "news/imports"
    list_display = ["feed", "started_at", "trigger", "status", "created", "updated", "unchanged", "skipped"]
    list_filter = ["feed", "status"]
    form_fields = ["trigger"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "feed",
        "trigger",
        "started_at",
        "finished_at",
        "status",
        "created",
        "updated",
        "unchanged",
        "skipped",
        "errors",
        "notes",
    ]


class NewsGroup(ViewSetGroup):
    menu_label = "News"
    menu_icon = "doc-full"
    menu_order = 212
    items = (FeedViewSet("news_feed"), EntryViewSet("news_entry"), FeedSyncViewSet("news_feed_sync_record"))


@hooks.register("register_admin_viewset")
def register_news():
    return NewsGroup()


def sync_feed_view(request, pk):
    """GET: confirm; POST: import the feed now (queued to the worker)."""
    if not request.user.has_perm("news.change_feed"):
        raise PermissionDenied
    feed = get_object_or_404(Feed, pk=pk)
    if request.method == "POST":
        try:
            sync_news_feed(feed.pk, trigger="admin")
        except Exception:  # the queue (Redis) cannot be reached: say so rather than answer 500
            logger.exception("feed sync not queued")
            messages.error(request, f"Sync of {feed.name} not queued: the queue is unavailable, try again later.")
        else:
            messages.success(request, f"Sync of {feed.name} queued; see News → Feed syncs for its record.")
        return redirect("news_feed:index")
    return TemplateResponse(request, "news/admin/sync_confirm.html", {"feed": feed})


@hooks.register("register_admin_urls")
def register_sync_url():
    return [path("news/blogs/<int:pk>/sync/", sync_feed_view, name="news_feed_sync")]


# --- Site search (pydotorg/core/search.py) ------------------------------------------------
def entry_url(entry, request):
    """The post on its blog; an entry without a link: the page that lists its feed."""
    page = entry.feed.page
    return entry.url or (page.get_url(request) if page else None) or "/blogs/"


register_search_type(
    "news",
    "News",
    "News",
    Entry,
    visible=lambda: Entry.objects.filter(pub_date__lte=timezone.now()),  # published by now
    url=entry_url,
    date=lambda entry: entry.pub_date,
    text=lambda entry: entry.content_text() or entry.summary,
    load=lambda entries: entries.select_related("feed__page"),
    order=50,
)

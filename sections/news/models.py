"""The news section's data (docs/sections/news.md): the blogs' feeds, their entries and the
record of every import."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from pydotorg.core.fetch import url_problem
from pydotorg.core.models import SyncRecord


def feed_file_path(url):
    """The local file a file:// feed URL (or a bare path) names, if it lies under one of
    NEWS_FEED_FILE_ROOTS (the demo's fixtures); None for any other file."""
    path = Path(unquote(urlsplit(url).path) if url.startswith("file://") else url).resolve()
    roots = [Path(root).resolve() for root in getattr(settings, "NEWS_FEED_FILE_ROOTS", [])]
    return path if any(path.is_relative_to(root) for root in roots) else None


class EntryQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-pub_date", "-pk")


class Feed(models.Model):
    """A blog whose RSS or Atom feed is imported every 15 minutes (Python Insider, the PSF blog)."""

    cache_keys = ("news",)  # page cache keys (pydotorg/core/pagecache.py)

    class SyncStatus(models.TextChoices):
        NEVER = "never", "Never synced"
        OK = "ok", "OK"
        NOT_MODIFIED = "not_modified", "OK, not modified"
        PARTIAL = "partial", "OK, some entries skipped"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, help_text="For `manage.py sync_feeds <slug>`.")
    feed_url = models.CharField("feed URL", max_length=500, help_text="The http(s) URL of the blog's RSS or Atom feed.")
    website_url = models.URLField("blog URL", max_length=500, blank=True, help_text="The blog itself.")
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page of this site that shows the feed's latest entries (/blogs/, /psf/).",
    )
    on_home_page = models.BooleanField(
        "in the home page's Latest News", default=False, help_text="List the newest entries on the home page."
    )
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    sync_status = models.CharField(max_length=20, choices=SyncStatus.choices, default=SyncStatus.NEVER, editable=False)
    last_synced_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("feed_url"),
        FieldPanel("website_url"),
        FieldPanel("page"),
        FieldPanel("on_home_page"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.feed_url.startswith(("file://", "/")):
            if feed_file_path(self.feed_url) is None:
                raise ValidationError({"feed_url": "Give an http:// or https:// URL."})
        elif problem := url_problem(self.feed_url):
            raise ValidationError({"feed_url": f"Give an http:// or https:// URL of a public server ({problem})."})

    @property
    def public_feed_url(self):
        """The feed's URL for visitors to subscribe to (not a demo's local file)."""
        return self.feed_url if self.feed_url.startswith(("http://", "https://")) else ""

    def sync_link(self):
        return format_html('<a href="{}">Sync now</a>', reverse("news_feed_sync", args=[self.pk]))

    sync_link.short_description = "Import"


class Entry(index.Indexed, models.Model):
    """One post of a feed, as the last import read it. The feed is the source: an import
    overwrites what changed upstream."""

    cache_keys = ("news",)  # page cache keys (pydotorg/core/pagecache.py)

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    guid = models.CharField(max_length=500, help_text="The entry's id in the feed (Atom id, RSS guid, or its link).")
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True, help_text="Plain text: the start of the post.")
    content = models.TextField(blank=True, help_text="The post's HTML, sanitised.")
    url = models.URLField(max_length=1000, blank=True)
    pub_date = models.DateTimeField(db_index=True)
    imported_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EntryQuerySet.as_manager()

    # Site search (pydotorg/core/search.py): entries published by now are searched.
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.SearchField("content_text"),
        index.FilterField("pub_date"),
    ]

    class Meta:
        ordering = ["-pub_date", "-pk"]
        verbose_name_plural = "entries"
        constraints = [models.UniqueConstraint(fields=["feed", "guid"], name="news_entry_unique_guid")]

    def __str__(self):
        return self.title

    def content_text(self):
        """The post as plain text (what the search index holds)."""
        return " ".join(strip_tags(self.content).split())


class FeedSync(SyncRecord):
    """The record of one import of a feed: what it did, or why it changed nothing."""

    SOURCE = "feed"

    class Status(models.TextChoices):
        OK = "ok", "OK"
        NOT_MODIFIED = "not_modified", "Not modified (HTTP 304)"
        PARTIAL = "partial", "OK, some entries skipped"
        FAILED = "failed", "Failed (nothing changed)"

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="syncs")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OK)

    class Meta(SyncRecord.Meta):
        verbose_name = "feed sync"

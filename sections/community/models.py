"""The community section's data: community posts (text, photo, video, link), snippets with
drafts, revisions, locking and preview, written by editors in the admin (no visitor
submissions, so no moderation workflow). The index page is in `pages.py`; see
docs/sections/community.md."""

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin
from wagtail.rich_text import expand_db_html

from pydotorg.core.markup import sanitize_html


class PostQuerySet(models.QuerySet):
    def for_listing(self):
        """Published posts, newest first (their images and renditions: views.with_images)."""
        return self.filter(live=True).order_by("-published_at", "-pk")


class Post(DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model):
    """A community post. `kind` says what it is about: its text (text), its image or media
    URL (photo), its media URL (video), its link (link). Every kind may have text."""

    cache_keys = ("community",)  # page cache keys (pydotorg/core/pagecache.py)

    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        PHOTO = "photo", "Photo"
        VIDEO = "video", "Video"
        LINK = "link", "Link"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    title = models.CharField(max_length=200)
    content = RichTextField(blank=True, help_text="The post's text.")
    url = models.URLField(
        "link", max_length=500, blank=True, help_text="The page a link post points to (the source of any other post)."
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A photo post's image; a video's thumbnail.",
    )
    media_url = models.URLField(
        "media URL",
        max_length=500,
        blank=True,
        help_text="A video or photo on another site (YouTube, Vimeo, Flickr...): shown as a link, never embedded.",
    )
    published_at = models.DateTimeField(
        default=timezone.now, db_index=True, help_text="The date the post shows and is listed by (newest first)."
    )

    objects = PostQuerySet.as_manager()

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("content"),
        MultiFieldPanel([FieldPanel("url"), FieldPanel("image"), FieldPanel("media_url")], heading="Link and media"),
        FieldPanel("published_at"),
    ]

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "community post"

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        required = {
            self.Kind.LINK: ("url", "A link post needs its link."),
            self.Kind.VIDEO: ("media_url", "A video post needs its media URL."),
        }
        if self.kind in required and not getattr(self, required[self.kind][0]):
            field, message = required[self.kind]
            raise ValidationError({field: message})
        if self.kind == self.Kind.PHOTO and not (self.image_id or self.media_url):
            raise ValidationError({"image": "A photo post needs an image or a media URL."})

    @property
    def content_html(self):
        """The text as safe HTML: Wagtail's link and embed references expanded, then through the
        project's sanitiser (content may come from anywhere: the API, an import, the shell)."""
        return sanitize_html(expand_db_html(self.content))

    @property
    def media_host(self):
        return urlsplit(self.media_url).hostname or ""

    @property
    def link_host(self):
        return urlsplit(self.url).hostname or ""

    def get_url(self, request=None):
        """The post's path under the live community page (/community/<pk>/), or None."""
        index = apps.get_model("community", "CommunityPage").objects.live().first()  # pages.py, by name
        return f"{index.get_url(request)}{self.pk}/" if index else None

    def get_full_url(self):
        path = self.get_url()
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path if path else None

    # --- Preview in the admin --------------------------------------------------------------

    def get_preview_template(self, request, mode_name):
        return "community/detail.html"

    def get_preview_context(self, request, mode_name):
        index = apps.get_model("community", "CommunityPage").objects.live().first()
        return {"post": self, "page": index, "preview": True}

from django.core.validators import validate_slug
from django.db import models
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index

from pydotorg.core.markup import render_markup

MARKUP_CHOICES = [
    ("html", "HTML"),
    ("markdown", "Markdown"),
    ("restructuredtext", "reStructuredText"),
    ("text", "Plain text"),
]


class Box(RevisionMixin, index.Indexed, models.Model):
    """A reusable piece of content (python.org's "boxes"), shown by label in templates
    (`{% box "label" %}`), in page bodies (the box block) and at `/box/<label>/`."""

    cache_keys = ("all",)  # page cache keys (pydotorg/core/pagecache.py)

    label = models.CharField(max_length=100, unique=True, validators=[validate_slug])
    content = models.TextField(blank=True)
    markup_type = models.CharField(max_length=20, choices=MARKUP_CHOICES, default="html")
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("label"), FieldPanel("markup_type"), FieldPanel("content")]
    search_fields = [index.SearchField("label"), index.SearchField("content"), index.FilterField("label")]

    class Meta:
        ordering = ["label"]
        verbose_name_plural = "boxes"

    def __str__(self):
        return self.label

    @cached_property
    def rendered(self):
        return mark_safe(render_markup(self.content, self.markup_type))

from django.db import models
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin

from pydotorg.core.markup import sanitize_html


class CodeSample(DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model):
    """A slide of the home page's code carousel: a short program and what it shows."""

    cache_keys = ("home",)  # page cache keys (pydotorg/core/pagecache.py)

    title = models.CharField(max_length=200)
    code = models.TextField(help_text="HTML of the code (a <pre><code> block with spans for comments and output).")
    copy = models.TextField(help_text="HTML caption: a heading and a paragraph.")
    sort_order = models.PositiveIntegerField(default=0)

    panels = [FieldPanel("title"), FieldPanel("code"), FieldPanel("copy"), FieldPanel("sort_order"), PublishingPanel()]

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title

    @cached_property
    def code_html(self):
        return mark_safe(sanitize_html(self.code))

    @cached_property
    def copy_html(self):
        return mark_safe(sanitize_html(self.copy))

    def get_preview_template(self, request, mode_name):
        return "codesamples/preview.html"

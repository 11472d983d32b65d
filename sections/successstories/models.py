"""The success stories' data: their categories (snippets). The stories themselves are pages
(`pages.py`: SuccessStoryIndexPage at /success-stories/, StoryPage under it) moderated by the
Wagtail workflow "Success story review" (a GroupApprovalTask of the group "Success story
moderators"), both made by migration 0002; see docs/sections/successstories.md."""

from django.db import models
from wagtail.admin.panels import FieldPanel

WORKFLOW = "Success story review"
GROUP = "Success story moderators"
# Wagtail page permissions the moderators hold on the index page (and so on every story).
PAGE_PERMISSIONS = ["change", "publish", "lock", "unlock"]


class StoryCategory(models.Model):
    """Software Development, Arts, Business... (python.org's seven)."""

    cache_keys = ("successstories",)  # page cache keys (pydotorg/core/pagecache.py)

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = "story category"
        verbose_name_plural = "story categories"

    def __str__(self):
        return self.name

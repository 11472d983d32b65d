"""The news section's page type: NewsIndexPage serves /blogs/, the newest entries of the
feeds that name it as their page (Python Insider on python.org)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from . import views


class NewsIndexPage(RoutablePageMixin, Page):
    """/blogs/: the newest entries of its feeds, the latest one in full (sections/news/views.py)."""

    cache_keys = ("news",)  # page cache keys (pydotorg/core/pagecache.py)

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "news index page"

    @path("", name="index")
    def index(self, request):
        return views.index(request, self)

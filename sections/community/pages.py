"""The community section's page type: CommunityPage serves /community/ (its own text, then
the community posts) and the URLs under it. Its routes are thin: each calls views.py."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from sections.pages.blocks import BodyBlock

from . import views


class CommunityPage(RoutablePageMixin, Page):
    """/community/: the page's body (the site's block library), then the published posts,
    newest first, paginated; /community/<pk>/ a post; /community/feed/rss/ the newest posts."""

    cache_keys = ("community",)  # page cache keys (pydotorg/core/pagecache.py)

    intro = models.TextField(blank=True, help_text="A short summary shown under the title and in listings.")
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "community index page"

    @path("")
    def index(self, request):
        return views.index(request, self)

    @path("<int:pk>/")
    def detail(self, request, pk):
        return views.detail(request, self, pk)

    @path("feed/rss/", name="feed")
    def feed(self, request):
        return views.PostFeed(self)(request)

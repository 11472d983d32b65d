"""The job board's page type: JobBoardPage serves /jobs/ and every URL under it. Its routes
are thin: each calls the view of the same name in views.py."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from . import views


class JobBoardPage(RoutablePageMixin, Page):
    """/jobs/ and every URL under it (sections/jobs/views.py)."""

    cache_keys = ("jobs",)  # page cache keys (pydotorg/core/pagecache.py)

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    @path("")
    def index(self, request):
        return views.index(request, self)

    @path("<int:pk>/")
    def detail(self, request, pk):
        return views.detail(request, self, pk)

    @path("<int:pk>/preview/")
    def preview(self, request, pk):
        return views.preview(request, self, pk)

    @path("<int:pk>/edit/")
    def edit(self, request, pk):
        return views.edit(request, self, pk)

    @re_path(r"^(?P<pk>\d+)/(?P<action>submit|withdraw|approve|reject|remove|archive|comment)/$", name="action")
    def job_action(self, request, pk, action):
        return views.job_action(request, self, pk, action)

    @path("create/")
    def create(self, request):
        return views.edit(request, self, None)

    @path("mine/")
    def mine(self, request):
        return views.mine(request, self)

    @path("review/")
    def review(self, request):
        return views.review(request, self)

    @path("location/<slug:slug>/")
    def location(self, request, slug):
        return views.index(request, self, location=slug)

    @path("type/<slug:slug>/")
    def job_type(self, request, slug):
        return views.index(request, self, job_type=slug)

    @path("category/<slug:slug>/")
    def category(self, request, slug):
        return views.index(request, self, category=slug)

    @path("locations/")
    def locations(self, request):
        return views.locations(request, self)

    @path("types/")
    def types(self, request):
        return views.types(request, self)

    @path("categories/")
    def categories(self, request):
        return views.categories(request, self)

    @path("feed/rss/")
    def feed(self, request):
        return views.JobFeed(self)(request)

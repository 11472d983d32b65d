"""The success stories' page types: SuccessStoryIndexPage serves /success-stories/ and the
routes under it (thin: each calls views.py); every story is a StoryPage under it
(/success-stories/<slug>/), with drafts, preview, revisions, scheduled publishing and the
"Success story review" workflow (docs/sections/successstories.md)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Cast
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, WorkflowState
from wagtail.search import index

from . import views
from .blocks import StoryBlock
from .models import StoryCategory

# Routes of the index page: no story may take these slugs (the route would hide it).
RESERVED_SLUGS = {"category", "create", "mine", "feed"}


class SuccessStoryIndexPage(RoutablePageMixin, Page):
    """/success-stories/: the featured story and every published story; by category, the
    submission form, the submitter's own stories and the RSS feed (views.py)."""

    cache_keys = ("successstories",)  # page cache keys (pydotorg/core/pagecache.py)

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["successstories.StoryPage"]
    max_count = 1

    class Meta:
        verbose_name = "success stories index page"

    @path("")
    def index(self, request):
        return views.index(request, self)

    @path("category/<slug:slug>/")
    def category(self, request, slug):
        return views.index(request, self, category=slug)

    @path("create/")
    def create(self, request):
        return views.edit(request, self, None)

    @path("mine/")
    def mine(self, request):
        return views.mine(request, self)

    @path("mine/<int:pk>/edit/")
    def edit(self, request, pk):
        return views.edit(request, self, pk)

    @path("feed/rss/")
    def feed(self, request):
        return views.StoryFeed(self)(request)


class StoryPage(Page):
    """One success story. Visitors' submissions arrive as drafts in the review workflow with
    `submitted_by` set; the moderators approve (publish) or request changes."""

    cache_keys = ("successstories",)  # page cache keys (pydotorg/core/pagecache.py)

    category = models.ForeignKey(StoryCategory, null=True, on_delete=models.SET_NULL, related_name="stories")
    company_name = models.CharField(max_length=200)
    company_url = models.URLField("company URL", blank=True)
    author = models.CharField(max_length=200, help_text="Who wrote the story.")
    author_email = models.EmailField(blank=True, help_text="Not shown on the site.")
    pull_quote = models.TextField(help_text="A sentence or two shown in listings, the feed and the home page.")
    body = StreamField(StoryBlock(), blank=True, use_json_field=True)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_featured = models.BooleanField("featured", default=False, help_text="Shown on the home page.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="success_stories"
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldRowPanel([FieldPanel("company_name"), FieldPanel("company_url")]),
                FieldRowPanel([FieldPanel("author"), FieldPanel("author_email")]),
                FieldPanel("submitted_by", read_only=True),
            ],
            heading="Story",
        ),
        FieldPanel("pull_quote"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("is_featured"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("company_name"),
        index.SearchField("pull_quote"),
        index.SearchField("body"),
        index.FilterField("is_featured"),
    ]
    parent_page_types = ["successstories.SuccessStoryIndexPage"]
    subpage_types = []
    # pydotorg.core.moderation.can_moderate: the review queue on the dashboard and in the menu.
    moderate_permission = "successstories.moderate_storypage"
    moderators_email_setting = "SUCCESS_STORIES_STAFF_EMAIL"

    class Meta:
        verbose_name = "success story"
        verbose_name_plural = "success stories"
        permissions = [("moderate_storypage", "Can moderate success stories")]

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is taken by a page of /success-stories/: choose another."})

    def is_owner(self, user):
        return bool(user and user.is_authenticated and self.submitted_by_id == user.pk)


def awaiting_review():
    """The stories whose review workflow waits on a moderator (a lazy queryset)."""
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        content_type__app_label="successstories",
        content_type__model="storypage",
    ).annotate(page_id=Cast("object_id", models.IntegerField()))
    return StoryPage.objects.filter(pk__in=states.values("page_id"))

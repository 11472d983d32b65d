"""The PSF records' page types, under the generic /psf/ section page:

    /psf/records/                         RecordsPage (a simple index of its child pages)
    /psf/records/board/                   RecordsPage
    /psf/records/board/minutes/           MinutesIndexPage: by year, and feed/ (RSS, 20 newest)
    /psf/records/board/minutes/<date>/    MinutesPage: slug = the ISO date of the meeting
    /psf/workgroups/                      WorkGroupIndexPage, with WorkGroupPage children
    /psf/fellows-roster/                  FellowsRosterPage: the Fellow snippets, filtered

Routes are thin: each calls views.py."""

from datetime import date as date_type

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.safestring import mark_safe
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from pydotorg.core.markup import render_markdown
from pydotorg.core.restrictions import public, public_children

from . import views
from .forms import MinutesPageForm, minutes_title

MARKDOWN_HELP = "Markdown."


def markdown_html(text):
    return mark_safe(render_markdown(text))  # noqa: S308, sanitised by render_markdown


class RecordsPage(Page):
    """A plain index page of the records (/psf/records/, /psf/records/board/): its text, then
    its child pages."""

    intro = models.TextField(blank=True, help_text="A short summary shown under the title and in listings.")
    body = models.TextField(blank=True, help_text=MARKDOWN_HELP)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["pages.SectionPage", "psf.RecordsPage"]
    subpage_types = ["psf.RecordsPage", "psf.MinutesIndexPage"]

    class Meta:
        verbose_name = "PSF records page"

    def body_html(self):
        return markdown_html(self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = public_children(self)
        return context


class MinutesIndexPage(RoutablePageMixin, Page):
    """/psf/records/board/minutes/: the minutes by year, and their RSS feed."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["psf.RecordsPage"]
    subpage_types = ["psf.MinutesPage"]
    max_count = 1

    class Meta:
        verbose_name = "board minutes index page"

    def minutes(self):
        """The published minutes, newest first: one query, whatever their number."""
        return public(MinutesPage.objects.child_of(self).live()).order_by("-date", "-pk")

    @path("", name="index")
    def index(self, request):
        return views.minutes_index(request, self)

    @path("feed/", name="feed")
    def feed(self, request):
        return views.minutes_feed(request, self)


class MinutesPage(Page):
    """The minutes of one board meeting, at /psf/records/board/minutes/<YYYY-MM-DD>/. python.org's
    `is_published` is Wagtail's live state (drafts, revisions and scheduled publishing come
    with it)."""

    date = models.DateField(help_text="The date of the meeting: also the page's address.")
    content = models.TextField(help_text=MARKDOWN_HELP)

    base_form_class = MinutesPageForm
    content_panels = [FieldPanel("date"), *Page.content_panels, FieldPanel("content")]
    search_fields = [*Page.search_fields, index.SearchField("content"), index.FilterField("date")]
    parent_page_types = ["psf.MinutesIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "board minutes"
        verbose_name_plural = "board minutes"
        indexes = [models.Index(fields=["date"])]

    def content_html(self):
        return markdown_html(self.content)

    def same_date(self, date, parent=None):
        """The other minutes of `date` under the same index page."""
        parent = parent or (self.get_parent() if self.pk else None)
        others = MinutesPage.objects.filter(date=date)
        if parent is not None:
            others = others.child_of(parent)
        return others.exclude(pk=self.pk) if self.pk else others

    def full_clean(self, *args, **kwargs):
        """The address is the date: slug (and, if empty, the title) made from it before Wagtail's
        own checks, wherever the page is saved from."""
        if isinstance(self.date, date_type):
            self.slug = self.date.isoformat()
            self.title = self.title or minutes_title(self.date)
        super().full_clean(*args, **kwargs)

    def clean(self):
        if isinstance(self.date, date_type):
            if self.slug != self.date.isoformat():
                raise ValidationError({"slug": f"The slug of board minutes is their date: {self.date.isoformat()}."})
            duplicate = self.same_date(self.date).first()
            if duplicate is not None:
                raise ValidationError(
                    {
                        "date": f"The minutes of {self.date.isoformat()} exist already (“{duplicate.title}”): "
                        "edit those rather than adding a second set for the same meeting."
                    }
                )
        super().clean()


class WorkGroupIndexPage(Page):
    """/psf/workgroups/: the PSF's work groups, active ones first."""

    intro = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text=MARKDOWN_HELP)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["pages.SectionPage"]
    subpage_types = ["psf.WorkGroupPage"]
    max_count = 1

    class Meta:
        verbose_name = "work groups index page"

    def body_html(self):
        return markdown_html(self.body)

    def groups(self):
        """The published work groups, active ones first, with their members: two queries."""
        groups = public(WorkGroupPage.objects.child_of(self).live())
        return groups.order_by("-active", "title", "pk").prefetch_related("members")

    def get_context(self, request, *args, **kwargs):
        return {**super().get_context(request, *args, **kwargs), **views.work_groups(request, self)}


class WorkGroupPage(Page):
    """A PSF work group: its name (the title), purpose, whether it is active, its URL and
    its members' names."""

    purpose = models.TextField(help_text="What the work group is for, in a sentence or two.")
    active = models.BooleanField(default=True)
    website = models.URLField("URL", blank=True, help_text="The group's own page, charter or mailing list.")
    body = models.TextField(
        "About", blank=True, help_text=f"More about the group: charter, how to join. {MARKDOWN_HELP}"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("purpose"),
        FieldPanel("active"),
        FieldPanel("website"),
        FieldPanel("body"),
        InlinePanel("members", label="Members", heading="Members"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("purpose"), index.SearchField("body")]
    parent_page_types = ["psf.WorkGroupIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "work group"

    def body_html(self):
        return markdown_html(self.body)


class WorkGroupMember(Orderable):
    page = ParentalKey(WorkGroupPage, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)

    panels = [FieldPanel("name")]

    def __str__(self):
        return self.name


class FellowsRosterPage(RoutablePageMixin, Page):
    """/psf/fellows-roster/: the Fellow snippets by year of election, filtered by status, year
    and name."""

    cache_keys = ("fellows",)  # page cache keys (pydotorg/core/pagecache.py)

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.SectionPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Fellows roster page"

    @path("", name="index")
    def index(self, request):
        return views.fellows_roster(request, self)

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from pydotorg.core.restrictions import public_children

from .blocks import BodyBlock


class BasePage(Page):
    """What every content page has: an introduction and a StreamField body."""

    intro = models.TextField(blank=True, help_text="A short summary shown under the title and in listings.")
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        abstract = True


class SectionPage(BasePage):
    """The index page of a top-level section (About, Downloads, Community...): its body,
    then a list of its child pages."""

    parent_page_types = ["home.HomePage"]
    # The PSF records' index pages live under /psf/ (sections/psf, named by label: no import).
    subpage_types = ["pages.StandardPage", "psf.RecordsPage", "psf.WorkGroupIndexPage", "psf.FellowsRosterPage"]

    class Meta:
        verbose_name = "section index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = public_children(self)
        return context


class StandardPage(BasePage):
    """A generic content page: title, introduction, body blocks. Can nest to any depth."""

    parent_page_types = ["home.HomePage", "pages.SectionPage", "pages.StandardPage", "downloads.DocumentationPage"]
    subpage_types = ["pages.StandardPage"]

    class Meta:
        verbose_name = "standard page"

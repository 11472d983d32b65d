from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from sections.boxes.models import Box
from sections.codesamples.models import CodeSample
from sections.pages.blocks import BodyBlock

HOME_BOXES = (
    "homepage-introduction",
    "homepage-get-started",
    "homepage-downloads",
    "homepage-documentation",
    "homepage-jobs",
    "widget-use-python-for",
    "widget-about-psf",
)


class HomePage(Page):
    """The site's root page: code samples, the introduction and the four home widgets
    (all reusable boxes, edited as snippets), then an optional body."""

    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["boxes"] = {box.label.replace("-", "_"): box for box in Box.objects.filter(label__in=HOME_BOXES)}
        context["code_samples"] = CodeSample.objects.filter(live=True).order_by("sort_order", "pk")
        context["sections"] = self.get_children().live().in_menu().public().specific().order_by("path")
        return context

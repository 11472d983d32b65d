from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from pydotorg.core import chrome
from pydotorg.core.restrictions import public
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


def home_boxes():
    boxes = {box.label.replace("-", "_"): box for box in Box.objects.filter(label__in=HOME_BOXES)}
    for box in boxes.values():
        box.rendered  # noqa: B018 (rendered once, cached with the box)
    return boxes


def home_code_samples():
    samples = list(CodeSample.objects.filter(live=True).order_by("sort_order", "pk"))
    for sample in samples:
        sample.code_html, sample.copy_html  # noqa: B018 (highlighted once, cached with the sample)
    return samples


class HomePage(Page):
    """The site's root page: code samples, the introduction and the four home widgets
    (all reusable boxes, edited as snippets), then an optional body."""

    # page cache keys (pydotorg/core/pagecache.py): the home page shows these sections' news
    cache_keys = ("home", "downloads", "events", "news", "successstories")

    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Built once per change of a box or code sample (pydotorg/core/chrome.py), rendered.
        context["boxes"] = chrome.cached("home-boxes", home_boxes)
        context["code_samples"] = chrome.cached("home-code-samples", home_code_samples)
        context["sections"] = public(self.get_children().live().in_menu()).specific().order_by("path")
        return context

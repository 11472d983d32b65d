"""The admin's "Site content" menu: boxes, code samples and banners (the banner model is the
core's: it shows on every page)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pydotorg.core.models import Banner
from sections.codesamples.models import CodeSample

from .models import Box


class BoxViewSet(SnippetViewSet):
    model = Box
    icon = "placeholder"
    list_display = ["label", "markup_type", "updated_at"]
    list_filter = ["markup_type"]
    search_fields = ["label", "content"]
    ordering = ["label"]


class CodeSampleViewSet(SnippetViewSet):
    model = CodeSample
    icon = "code"
    list_display = ["title", "sort_order", "live"]
    ordering = ["sort_order"]


class BannerViewSet(SnippetViewSet):
    model = Banner
    icon = "warning"
    list_display = ["title", "start", "end", "live"]
    list_filter = ["live"]


class SiteContentGroup(SnippetViewSetGroup):
    menu_label = "Site content"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (BoxViewSet, CodeSampleViewSet, BannerViewSet)


register_snippet(SiteContentGroup)

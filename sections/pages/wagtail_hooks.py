"""The generic pages in site search: every live, public page whose type has no search type of
its own (sections' pages, minutes, work groups, community pages...) is a "page" result."""

from wagtail.models import Page

from pydotorg.core.restrictions import public_by_path
from pydotorg.core.search import register_search_type

register_search_type(
    "pages",
    "Pages",
    "Page",
    Page,
    visible=lambda: public_by_path(Page.objects.live()).filter(depth__gt=1),  # not the tree's root
    url=lambda page, request: page.get_url(request),
    date=lambda page: page.last_published_at or page.first_published_at,
    load=lambda pages: pages.specific(),
    catch_all=True,
    order=10,
)

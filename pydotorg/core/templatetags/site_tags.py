from django import template
from wagtail.models import Site

from pydotorg.core import chrome, pagecache

register = template.Library()


@register.simple_tag
def current_banner():
    """The banner whose window is open now, or None (from the cache: pydotorg/core/chrome.py)."""
    return chrome.current_banner()


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """`{% site_navigation as nav %}`: the site's menus (top_bar, main_menu, footer_menu,
    footer_note HTML), built once per change of the navigation (pydotorg/core/chrome.py)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return chrome.navigation(site)


@register.simple_tag
def purge_version(*keys):
    """`{% purge_version "news" "events" as version %}`: changes whenever one of the page
    cache's `keys` is purged, for `{% cache <seconds> <name> version %}` (pagecache.version)."""
    return pagecache.version(*keys)

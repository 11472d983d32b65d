"""`{% latest_news %}`: the newest entries of a feed, as python.org's "Latest News" widget.

- `{% latest_news %}`: the feeds marked "in the home page's Latest News" (the home page);
- `{% latest_news "psf-blog" %}`: the feed of that slug;
- `{% latest_news page %}`: the feeds whose page is `page` (renders nothing on a page no feed
  names: the generic section page template carries it, and /psf/ shows the PSF blog's).

Two queries whatever the number of entries."""

from django import template
from wagtail.models import Page

from pydotorg.core import pagecache
from sections.news.models import Entry, Feed

register = template.Library()


@register.inclusion_tag("news/includes/latest_news.html", takes_context=True)
def latest_news(context, source=None, count=5, heading=""):
    pagecache.tag("news")  # the page showing it is purged with the news
    feeds = Feed.objects.select_related("page")
    if source is None:
        feeds = feeds.filter(on_home_page=True)
    elif isinstance(source, Page):
        feeds = feeds.filter(page=source)
    else:
        feeds = feeds.filter(slug=source)
    feeds = list(feeds)
    if not feeds:
        return {"feeds": []}
    entries = list(Entry.objects.filter(feed__in=feeds).latest_first()[:count])
    current = getattr(context.get("page"), "pk", None)
    more = [feed.page.url if feed.page and feed.page_id != current else feed.website_url for feed in feeds]
    if not heading:
        heading = "Latest News" if source is None else f"Latest from the {feeds[0].name}"
    return {
        "feeds": feeds,
        "entries": entries,
        "heading": heading,
        "more": next((url for url in more if url), ""),
        "anchor": f"latest-news-{feeds[0].slug}",
        "home": source is None,
    }

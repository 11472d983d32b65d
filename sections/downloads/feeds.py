from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from . import queries


class ReleaseFeed(Feed):
    """The 10 newest published releases (python.org's /downloads/feed.rss)."""

    feed_type = Rss201rev2Feed
    title = "Python.org releases"
    description = "The newest Python releases."
    link = "/downloads/"

    def items(self):
        return queries.released().order_by("-release_date", "-pk")[:10]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.content_html()

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.release_date

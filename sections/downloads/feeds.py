from django.utils.feedgenerator import Rss201rev2Feed

from pydotorg.core.links import SiteFeed

from . import queries


class ReleaseFeed(SiteFeed):
    """The 10 newest published releases (python.org's /downloads/feed.rss). Every URL is
    absolute on the host the feed is served from."""

    feed_type = Rss201rev2Feed
    title = "Python.org releases"
    description = "The newest Python releases."

    def link(self):
        return self.absolute("/downloads/")

    def items(self):
        return queries.released().order_by("-release_date", "-pk")[:10]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.content_html()

    def item_link(self, item):
        return self.absolute(item.get_url(self.request))

    def item_pubdate(self, item):
        return item.release_date

"""The RSS feed of the 20 newest board minutes (python.org's /psf/records/board/minutes/feed/).
The index page passed in gives the minutes and the links; every URL is absolute on the host
the feed is served from."""

from datetime import UTC, datetime, time

from pydotorg.core.links import SiteFeed
from pydotorg.core.markup import render_markdown

FEED_SIZE = 20


class MinutesFeed(SiteFeed):
    title = "PSF board minutes"
    description = "The minutes of the meetings of the Python Software Foundation's Board of Directors."

    def __init__(self, index):
        super().__init__()
        self.index = index

    def link(self):
        return self.absolute(self.index.get_url(self.request))

    def items(self):
        return self.index.minutes()[:FEED_SIZE]

    def item_title(self, minutes):
        return minutes.title

    def item_description(self, minutes):
        return str(render_markdown(minutes.content))

    def item_link(self, minutes):
        return self.absolute(f"{self.index.get_url(self.request)}{minutes.slug}/")

    def item_pubdate(self, minutes):
        """The meeting's date (python.org's too): midnight, UTC."""
        return datetime.combine(minutes.date, time.min, tzinfo=UTC)

    def item_updateddate(self, minutes):
        return minutes.last_published_at

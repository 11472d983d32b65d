"""RSS and Atom feeds of the next 50 occurrences, of every calendar or one. The index page
passed in gives the links (views.py builds the feeds; this imports models only)."""

from django.utils.feedgenerator import Atom1Feed

from pydotorg.core.links import SiteFeed

from .models import EventOccurrence


class EventsFeed(SiteFeed):
    """The next 50 occurrences, of all calendars or one. Every URL is absolute on the host the
    feed is served from (the guid and the Atom id too: the W3C validator refuses relative ones)."""

    def __init__(self, index, calendar=None):
        super().__init__()
        self.index, self.calendar = index, calendar

    def title(self):
        return f"Python events: {self.calendar.name}" if self.calendar else "Python events"

    def link(self):
        url = self.index.get_url(self.request)
        return self.absolute(f"{url}{self.calendar.slug}/" if self.calendar else url)

    def description(self):
        return "Upcoming Python conferences, user group meetings and other events."

    def items(self):
        items = EventOccurrence.objects.upcoming()
        if self.calendar:
            items = items.filter(event__calendar=self.calendar)
        return items[:50]

    def item_title(self, item):
        when = item.start.date() if item.event.all_day else item.local_start.strftime("%Y-%m-%d %H:%M %Z")
        return f"{item.event.title} ({when})"

    def item_description(self, item):
        return item.event.description_html

    def item_link(self, item):
        return self.absolute(self.index.event_url(item.event))

    def item_guid(self, item):
        return f"{self.item_link(item)}#{item.start:%Y%m%dT%H%M%SZ}"

    def item_pubdate(self, item):
        return item.event.created_at

    def item_updateddate(self, item):
        return item.event.updated_at

    def item_categories(self, item):
        return [category.name for category in item.event.categories.all()]


class EventsAtomFeed(EventsFeed):
    feed_type = Atom1Feed
    author_name = "Python Software Foundation"

    def subtitle(self):
        return self.description()

    def item_author_name(self, item):
        """RFC 4287: every entry has an author; an event's is the calendar it comes from."""
        return item.event.calendar.name

"""The events index page (/events/): python.org's URLs under it, our machine-readable outputs
(.ics, RSS, Atom) and the submission and review pages. Each route is one call to views.py,
in the order Wagtail tries them (fixed paths before the calendar slugs)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from pydotorg.core.links import absolute_url

from . import views


class EventsIndexPage(RoutablePageMixin, Page):
    """/events/ and python.org's URLs under it (calendars, events, feeds, submissions)."""

    cache_keys = ("events",)  # page cache keys (pydotorg/core/pagecache.py)

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        app_label = "events"
        verbose_name = "events index page"

    def event_url(self, event):
        return f"{self.url}{event.calendar.slug}/{event.pk}/"

    def absolute_event_url(self, event):
        """The event's full URL on SITE_URL (mail, tasks); in a request, build it from the request."""
        return absolute_url(self.event_url(event))

    # --- Listings -----------------------------------------------------------------------

    @path("", name="index")
    def index(self, request):
        return views.index(request, self)

    @path("calendars/", name="calendars")
    def calendars(self, request):
        return views.calendars(request, self)

    # --- Machine-readable output --------------------------------------------------------

    @path("ical/", name="ics")
    def all_ics(self, request):
        return views.all_ics(request, self)

    @path("<slug:calendar>/ical/", name="calendar_ics")
    def calendar_ics(self, request, calendar):
        return views.calendar_ics(request, self, calendar)

    @path("feed/rss/", name="rss")
    def rss(self, request):
        return views.rss(request, self)

    @path("feed/atom/", name="atom")
    def atom(self, request):
        return views.atom(request, self)

    @path("<slug:calendar>/feed/rss/", name="calendar_rss")
    def calendar_rss(self, request, calendar):
        return views.rss(request, self, calendar)

    @path("<slug:calendar>/feed/atom/", name="calendar_atom")
    def calendar_atom(self, request, calendar):
        return views.atom(request, self, calendar)

    # --- Submissions and review ---------------------------------------------------------

    @path("submit/", name="submit")
    def submit(self, request):
        return views.submit(request, self)

    @path("review/", name="review")
    def review(self, request):
        return views.review(request, self)

    @path("mine/", name="mine")
    def mine(self, request):
        return views.mine(request, self)

    # --- One calendar -------------------------------------------------------------------

    @path("<slug:calendar>/", name="calendar")
    def calendar(self, request, calendar):
        return views.calendar(request, self, calendar)

    @path("<slug:calendar>/past/", name="past")
    def past(self, request, calendar):
        return views.past(request, self, calendar)

    @path("<slug:calendar>/categories/<slug:slug>/", name="category")
    def category(self, request, calendar, slug):
        return views.category(request, self, calendar, slug)

    @path("<slug:calendar>/locations/<int:pk>/", name="location")
    def location(self, request, calendar, pk):
        return views.location(request, self, calendar, pk)

    @path("<slug:calendar>/date/<int:year>/<int:month>/<int:day>/", name="date")
    def on_date(self, request, calendar, year, month, day):
        return views.on_date(request, self, calendar, year, month, day)

    # --- One event ----------------------------------------------------------------------

    @path("<slug:calendar>/<int:pk>/", name="event")
    def event(self, request, calendar, pk):
        return views.event(request, self, calendar, pk)

    @path("<slug:calendar>/<int:pk>/ical/", name="event_ics")
    def event_ics(self, request, calendar, pk):
        return views.event_ics(request, self, calendar, pk)

    @path("<slug:calendar>/<int:pk>/remind/", name="remind")
    def remind(self, request, calendar, pk):
        return views.remind(request, self, calendar, pk)

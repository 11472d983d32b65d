"""The events index page (/events/) and every python.org URL under it, plus our
machine-readable outputs (.ics, RSS, Atom) and the submission and review pages."""

import json
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from pydotorg.core.mail import queue_email

from .ical import calendar_for
from .models import UTC, Calendar, Event, EventOccurrence, EventReminder

PER_PAGE = 20


def live_events():
    return Event.objects.filter(live=True).select_related("calendar", "venue").prefetch_related("categories")


def occurrences():
    return (
        EventOccurrence.objects.filter(event__live=True)
        .select_related("event__calendar", "event__venue")
        .prefetch_related("event__categories")
    )


def upcoming(now=None):
    return occurrences().filter(end__gte=now or timezone.now()).order_by("start", "pk")


def is_moderator(user):
    return user.is_authenticated and user.has_perm("events.publish_event")


def ics_response(cal, filename):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class EventsIndexPage(RoutablePageMixin, Page):
    """/events/ and python.org's URLs under it (calendars, events, feeds, submissions)."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        app_label = "events"
        verbose_name = "events index page"

    # --- Helpers ------------------------------------------------------------------------

    def event_url(self, event):
        return f"{self.url}{event.calendar.slug}/{event.pk}/"

    def absolute_event_url(self, event):
        return f"{self.full_url}{event.calendar.slug}/{event.pk}/"

    def listing(self, request, items, heading, template="events/events_index_page.html", **context):
        paginator = Paginator(items, PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context.update(heading=heading, page_obj=page_obj, occurrences=page_obj.object_list, base=self.url)
        return self.render(request, template=template, context_overrides=context)

    def get_calendar(self, slug):
        return get_object_or_404(Calendar, slug=slug)

    # --- Listings -----------------------------------------------------------------------

    @path("", name="index")
    def index(self, request):
        now = timezone.now()
        featured = list(upcoming(now).filter(event__featured=True)[:3])
        return self.listing(
            request,
            upcoming(now),
            "Upcoming events",
            featured=featured,
            calendars=Calendar.objects.all(),
            feeds=True,
        )

    @path("calendars/", name="calendars")
    def calendars(self, request):
        return self.render(
            request,
            template="events/calendars.html",
            context_overrides={"calendars": Calendar.objects.all(), "base": self.url},
        )

    # --- Machine-readable output --------------------------------------------------------

    @path("ical/", name="ics")
    def all_ics(self, request):
        cal = calendar_for(live_events(), name="Python events", url_for=self.absolute_event_url)
        return ics_response(cal, "python-events.ics")

    @path("<slug:calendar>/ical/", name="calendar_ics")
    def calendar_ics(self, request, calendar):
        calendar = self.get_calendar(calendar)
        events = live_events().filter(calendar=calendar)
        cal = calendar_for(events, calendar.name, calendar.description, url_for=self.absolute_event_url)
        return ics_response(cal, f"{calendar.slug}.ics")

    @path("feed/rss/", name="rss")
    def rss(self, request):
        return EventsFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom(self, request):
        return EventsAtomFeed(self)(request)

    @path("<slug:calendar>/feed/rss/", name="calendar_rss")
    def calendar_rss(self, request, calendar):
        return EventsFeed(self, self.get_calendar(calendar))(request)

    @path("<slug:calendar>/feed/atom/", name="calendar_atom")
    def calendar_atom(self, request, calendar):
        return EventsAtomFeed(self, self.get_calendar(calendar))(request)

    # --- Submissions and review ---------------------------------------------------------

    @path("submit/", name="submit")
    def submit(self, request):
        from .forms import EventSubmissionForm

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        form = EventSubmissionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                event = form.save(request.user)
                moderators = moderator_emails()
                review_url = f"{self.full_url}review/"
                queue_email(moderators, "events/email/submitted", {"event": event, "review_url": review_url})
            messages.success(request, "Thank you: your event was sent to the moderators, who will review it.")
            return redirect(self.url)
        return self.render(request, template="events/submit.html", context_overrides={"form": form})

    @path("review/", name="review")
    def review(self, request):
        from .forms import ReviewForm

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        if not is_moderator(request.user):
            return HttpResponse("Only event moderators can review submissions.", status=403)
        if request.method == "POST":
            pk = request.POST.get("event", "")
            if not pk.isdigit():
                raise Http404("No such submission")
            event = get_object_or_404(Event, pk=pk, moderation_status=Event.Moderation.PENDING)
            form = ReviewForm(request.POST)
            if form.is_valid():
                with transaction.atomic():
                    form.apply(event, request.user, self.absolute_event_url(event))
                messages.success(request, f"{event.title!r}: {event.get_moderation_status_display().lower()}.")
                return redirect(f"{self.url}review/")
        pending = (
            Event.objects.filter(moderation_status=Event.Moderation.PENDING)
            .select_related("calendar", "venue", "submitted_by")
            .order_by("created_at")
        )
        return self.render(
            request, template="events/review.html", context_overrides={"pending": pending, "form": ReviewForm()}
        )

    @path("<slug:calendar>/", name="calendar")
    def calendar(self, request, calendar):
        calendar = self.get_calendar(calendar)
        return self.listing(
            request,
            upcoming().filter(event__calendar=calendar),
            f"Upcoming events: {calendar.name}",
            calendar=calendar,
            feeds=True,
        )

    @path("<slug:calendar>/past/", name="past")
    def past(self, request, calendar):
        calendar = self.get_calendar(calendar)
        items = occurrences().filter(event__calendar=calendar, end__lt=timezone.now()).order_by("-start", "-pk")
        return self.listing(request, items, f"Past events: {calendar.name}", calendar=calendar)

    @path("<slug:calendar>/categories/<slug:slug>/", name="category")
    def category(self, request, calendar, slug):
        calendar = self.get_calendar(calendar)
        category = get_object_or_404(calendar.categories, slug=slug)
        items = upcoming().filter(event__categories=category)
        return self.listing(request, items, f"Upcoming events in {category.name}", calendar=calendar)

    @path("<slug:calendar>/locations/<int:pk>/", name="location")
    def location(self, request, calendar, pk):
        calendar = self.get_calendar(calendar)
        location = get_object_or_404(calendar.locations, pk=pk)
        items = upcoming().filter(event__venue=location)
        return self.listing(request, items, f"Upcoming events at {location.name}", calendar=calendar, location=location)

    @path("<slug:calendar>/date/<int:year>/<int:month>/<int:day>/", name="date")
    def on_date(self, request, calendar, year, month, day):
        calendar = self.get_calendar(calendar)
        try:
            day_start = datetime(year, month, day, tzinfo=UTC)
            day_end = day_start + timedelta(days=1)
        except (ValueError, OverflowError) as exc:
            raise Http404("No such date") from exc
        items = (
            occurrences()
            .filter(event__calendar=calendar, start__lt=day_end, end__gte=day_start)
            .order_by("start", "pk")
        )
        return self.listing(request, items, f"Events on {day_start:%A %-d %B %Y}", calendar=calendar)

    # --- One event ----------------------------------------------------------------------

    def get_event(self, request, calendar, pk):
        event = get_object_or_404(
            Event.objects.select_related("calendar", "venue").prefetch_related("categories"),
            pk=pk,
            calendar__slug=calendar,
        )
        if not event.live:
            raise Http404("No such event")
        return event

    @path("<slug:calendar>/<int:pk>/", name="event")
    def event(self, request, calendar, pk):
        event = self.get_event(request, calendar, pk)
        return self.render_event(request, event)

    def render_event(self, request, event, preview=False):
        now = timezone.now()
        next_occurrences = list(event.occurrences.filter(end__gte=now)[:10]) if event.pk else []
        reminded = (
            request.user.is_authenticated
            and not preview
            and EventReminder.objects.filter(user=request.user, event=event).exists()
        )
        return self.render(
            request,
            template="events/event_detail.html",
            context_overrides={
                "event": event,
                "next_occurrences": next_occurrences,
                "first_occurrence": event.occurrences.first() if event.pk and not next_occurrences else None,
                "reminded": reminded,
                "preview": preview,
                "base": self.url,
                "json_ld": json_ld(event, self.absolute_event_url(event) if event.pk else "", next_occurrences),
            },
        )

    @path("<slug:calendar>/<int:pk>/ical/", name="event_ics")
    def event_ics(self, request, calendar, pk):
        event = self.get_event(request, calendar, pk)
        cal = calendar_for([event], name=event.title, url_for=self.absolute_event_url)
        return ics_response(cal, f"event-{event.pk}.ics")

    @path("<slug:calendar>/<int:pk>/remind/", name="remind")
    def remind(self, request, calendar, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.is_authenticated:
            return redirect_to_login(self.event_url(self.get_event(request, calendar, pk)), reverse("account_login"))
        event = self.get_event(request, calendar, pk)
        reminder = EventReminder.objects.filter(user=request.user, event=event).first()
        if reminder:
            reminder.delete()
            messages.success(request, "You will no longer be reminded of this event.")
        else:
            EventReminder.objects.get_or_create(user=request.user, event=event)
            messages.success(request, "We will email you the day before this event.")
        return redirect(self.event_url(event))


def moderator_emails():
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(models.Q(groups__name="Event moderators") | models.Q(is_superuser=True)).distinct()
    return sorted(users.values_list("email", flat=True))


def json_ld(event, url, next_occurrences):
    """schema.org Event for the event page (the next occurrence, or the first one)."""
    when = next_occurrences[0] if next_occurrences else None
    start, end = (when.start, when.end) if when else (event.start, event.end)
    if event.all_day:
        start = start.date()
        end = (end - timedelta(days=1)).date() if end else None
    else:
        start, end = start.astimezone(event.zone), end.astimezone(event.zone) if end else None
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": start.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "url": url,
    }
    if end:
        data["endDate"] = end.isoformat()
    if event.description:
        data["description"] = " ".join(strip_tags(event.description).split())[:500]
    if event.venue_id:
        data["location"] = {
            "@type": "Place",
            "name": event.venue.name,
            "address": event.venue.address or event.venue.name,
        }
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    text = json.dumps(data, cls=DjangoJSONEncoder)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class EventsFeed(Feed):
    """The next 50 occurrences, of all calendars or one."""

    def __init__(self, index, calendar=None):
        super().__init__()
        self.index, self.calendar = index, calendar

    def title(self):
        return f"Python events: {self.calendar.name}" if self.calendar else "Python events"

    def link(self):
        return f"{self.index.url}{self.calendar.slug}/" if self.calendar else self.index.url

    def description(self):
        return "Upcoming Python conferences, user group meetings and other events."

    def items(self):
        items = upcoming()
        if self.calendar:
            items = items.filter(event__calendar=self.calendar)
        return items[:50]

    def item_title(self, item):
        when = item.start.date() if item.event.all_day else item.local_start.strftime("%Y-%m-%d %H:%M %Z")
        return f"{item.event.title} ({when})"

    def item_description(self, item):
        return item.event.description_html

    def item_link(self, item):
        return self.index.event_url(item.event)

    def item_guid(self, item):
        return f"{self.index.event_url(item.event)}#{item.start:%Y%m%dT%H%M%SZ}"

    def item_pubdate(self, item):
        return item.event.created_at

    def item_updateddate(self, item):
        return item.event.updated_at

    def item_categories(self, item):
        return [category.name for category in item.event.categories.all()]


class EventsAtomFeed(EventsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()

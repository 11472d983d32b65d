"""The views of /events/. Each route of EventsIndexPage (pages.py) is one line calling a
function here with the request and the page (`page.url`, `page.event_url(event)`,
`page.render(...)`). This module imports models, forms, ical, feeds and notifications;
never pages."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from pydotorg.core import moderation
from pydotorg.core.html import json_ld
from pydotorg.core.limits import check_recent
from pydotorg.core.links import absolute_url

from . import notifications
from .feeds import EventsAtomFeed, EventsFeed
from .forms import EventSubmissionForm, ReviewForm
from .ical import calendar_for
from .models import Calendar, Event, EventOccurrence, EventReminder

PER_PAGE = 20


# --- Helpers --------------------------------------------------------------------------------


def live_events():
    return Event.objects.filter(live=True).select_related("calendar", "venue").prefetch_related("categories")


def get_calendar(slug):
    return get_object_or_404(Calendar, slug=slug)


def login_first(request, next_url=None):
    return redirect_to_login(next_url or request.get_full_path(), reverse("account_login"))


def listing(request, page, items, heading, template="events/events_index_page.html", **context):
    paginator = Paginator(items, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    context.update(heading=heading, page_obj=page_obj, occurrences=page_obj.object_list, base=page.url)
    return page.render(request, template=template, context_overrides=context)


def ics_response(cal, filename):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- Listings -------------------------------------------------------------------------------


def index(request, page):
    now = timezone.now()
    upcoming = EventOccurrence.objects.upcoming(now)
    return listing(
        request,
        page,
        upcoming,
        "Upcoming events",
        featured=upcoming.filter(event__featured=True)[:3],  # read by the listing's fragment only
        calendars=Calendar.objects.all(),
        feeds=True,
    )


def calendars(request, page):
    return page.render(
        request,
        template="events/calendars.html",
        context_overrides={"calendars": Calendar.objects.all(), "base": page.url},
    )


def calendar(request, page, calendar):
    calendar = get_calendar(calendar)
    items = EventOccurrence.objects.upcoming().filter(event__calendar=calendar)
    return listing(request, page, items, f"Upcoming events: {calendar.name}", calendar=calendar, feeds=True)


def past(request, page, calendar):
    calendar = get_calendar(calendar)
    items = (
        EventOccurrence.objects.listed()
        .filter(event__calendar=calendar, end__lt=timezone.now())
        .order_by("-start", "-pk")
    )
    return listing(request, page, items, f"Past events: {calendar.name}", calendar=calendar)


def category(request, page, calendar, slug):
    calendar = get_calendar(calendar)
    category = get_object_or_404(calendar.categories, slug=slug)
    items = EventOccurrence.objects.upcoming().filter(event__categories=category)
    return listing(request, page, items, f"Upcoming events in {category.name}", calendar=calendar)


def location(request, page, calendar, pk):
    calendar = get_calendar(calendar)
    location = get_object_or_404(calendar.locations, pk=pk)
    items = EventOccurrence.objects.upcoming().filter(event__venue=location)
    heading = f"Upcoming events at {location.name}"
    return listing(request, page, items, heading, calendar=calendar, location=location)


def on_date(request, page, calendar, year, month, day):
    calendar = get_calendar(calendar)
    try:
        day_start = datetime(year, month, day, tzinfo=UTC)
        day_end = day_start + timedelta(days=1)
    except (ValueError, OverflowError) as exc:
        raise Http404("No such date") from exc
    items = (
        EventOccurrence.objects.listed()
        .filter(event__calendar=calendar, start__lt=day_end, end__gte=day_start)
        .order_by("start", "pk")
    )
    return listing(request, page, items, f"Events on {day_start:%A %-d %B %Y}", calendar=calendar)


# --- Machine-readable output ----------------------------------------------------------------


def on_request_host(request, page):
    """The full URL of an event on the host the request came to (ICS exports, like the feeds)."""
    return lambda event: request.build_absolute_uri(page.event_url(event))


def all_ics(request, page):
    cal = calendar_for(live_events(), name="Python events", url_for=on_request_host(request, page))
    return ics_response(cal, "python-events.ics")


def calendar_ics(request, page, calendar):
    calendar = get_calendar(calendar)
    events = live_events().filter(calendar=calendar)
    cal = calendar_for(events, calendar.name, calendar.description, url_for=on_request_host(request, page))
    return ics_response(cal, f"{calendar.slug}.ics")


def rss(request, page, calendar=None):
    return EventsFeed(page, get_calendar(calendar) if calendar else None)(request)


def atom(request, page, calendar=None):
    return EventsAtomFeed(page, get_calendar(calendar) if calendar else None)(request)


# --- One event ------------------------------------------------------------------------------


def get_event(calendar, pk):
    """A live event of the calendar with that slug, or 404."""
    event = get_object_or_404(
        Event.objects.select_related("calendar", "venue").prefetch_related("categories"),
        pk=pk,
        calendar__slug=calendar,
    )
    if not event.live:
        raise Http404("No such event")
    return event


def event(request, page, calendar, pk):
    event = get_event(calendar, pk)
    next_occurrences = list(event.occurrences.filter(end__gte=timezone.now())[:10])
    reminded = request.user.is_authenticated and EventReminder.objects.filter(user=request.user, event=event).exists()
    return page.render(
        request,
        template="events/event_detail.html",
        context_overrides={
            "event": event,
            "next_occurrences": next_occurrences,
            "first_occurrence": event.occurrences.first() if not next_occurrences else None,
            "reminded": reminded,
            "preview": False,
            "base": page.url,
            "json_ld": event_json_ld(event, request.build_absolute_uri(page.event_url(event)), next_occurrences),
        },
    )


def event_json_ld(event, url, next_occurrences):
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
    return json_ld(data)


def event_ics(request, page, calendar, pk):
    event = get_event(calendar, pk)
    cal = calendar_for([event], name=event.title, url_for=on_request_host(request, page))
    return ics_response(cal, f"event-{event.pk}.ics")


def remind(request, page, calendar, pk):
    """POST: toggle the visitor's reminder of the event (login required)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    event = get_event(calendar, pk)
    if not request.user.is_authenticated:
        return login_first(request, page.event_url(event))
    reminder = EventReminder.objects.filter(user=request.user, event=event).first()
    if reminder:
        reminder.delete()
        messages.success(request, "You will no longer be reminded of this event.")
    else:
        EventReminder.objects.get_or_create(user=request.user, event=event)
        messages.success(request, "We will email you the day before this event.")
    return redirect(page.event_url(event))


# --- Submissions and review -----------------------------------------------------------------


def submit(request, page):
    """A logged-in visitor's event: saved unpublished, pending review; the moderators are mailed."""
    if not request.user.is_authenticated:
        return login_first(request)
    form = EventSubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows, limit = Event.objects.filter(submitted_by=request.user), settings.EVENTS_SUBMISSIONS_PER_DAY
            check_recent(rows, "created_at", limit=limit, hours=24, what="events", verb="submitted")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            with transaction.atomic():
                event = form.save(request.user)
                notifications.submitted(event, absolute_url(f"{page.url}review/"))
            messages.success(request, "Thank you: your event was sent to the moderators, who will review it.")
            return redirect(page.url)
    return page.render(request, template="events/submit.html", context_overrides={"form": form})


def review(request, page):
    """The pending submissions, and a moderator's decision on one of them (POST): approve
    (publish) or reject, through the shared locked transition (pydotorg/core/moderation.py),
    then the submitter is mailed. A decision on a submission that is no longer pending (another
    moderator was first) changes nothing and says so."""
    if not request.user.is_authenticated:
        return login_first(request)
    if not moderation.can_moderate(request.user, Event):
        moderation.refuse("Only event moderators can review submissions.")
    if request.method == "POST":
        pk = request.POST.get("event", "")
        if not pk.isdigit():
            raise Http404("No such submission")
        event = get_object_or_404(Event.objects.exclude(moderation_status=Event.Moderation.NONE), pk=pk)
        if event.moderation_status != Event.Moderation.PENDING:
            return already_decided(request, page, event)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, f"{event.title!r}: {' '.join(errors)}")
            return render_review(request, page)
        action, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            decide(event, action, request.user, comment, page.absolute_event_url(event))
        except moderation.TransitionNotAllowed:
            event.refresh_from_db()
            return already_decided(request, page, event)
        messages.success(request, f"{event.title!r}: {event.get_moderation_status_display().lower()}.")
        return redirect(f"{page.url}review/")
    return render_review(request, page)


def decide(event, action, user, comment, url):
    """A moderator's decision on a pending submission, wherever it is taken (/events/review/,
    the admin editor's Publish): the shared locked transition, and the submitter mailed once."""

    def set_comment(event):
        event.moderation_comment = comment

    def mail_submitter(event, previous):
        notifications.decided(event, action, url)

    moderation.transition(event, action, user, comment=comment, apply=set_comment, on_done=mail_submitter)


def mine(request, page):
    """The signed-in visitor's submitted events, newest first, with their state."""
    if not request.user.is_authenticated:
        return login_first(request)
    events = Event.objects.filter(submitted_by=request.user).select_related("calendar").order_by("-created_at", "-pk")
    return page.render(request, template="events/mine.html", context_overrides={"events": events, "base": page.url})


def render_review(request, page):
    pending = (
        Event.objects.filter(moderation_status=Event.Moderation.PENDING)
        .select_related("calendar", "venue", "submitted_by")
        .order_by("created_at")
    )
    return page.render(request, template="events/review.html", context_overrides={"pending": pending})


def already_decided(request, page, event):
    """404 (the pending submission is gone), with the review page saying what happened."""
    state = event.get_moderation_status_display().lower()
    messages.error(request, f"{event.title!r} is no longer awaiting review: it was already {state}. Nothing changed.")
    response = render_review(request, page)
    response.status_code = 404
    return response

"""Events in the Wagtail admin: the snippets, the import and reminder records, "Sync now",
and the submissions' review queue (on the dashboard and in the "Awaiting review" menu:
`register_review_queue`). The editor's Publish on a pending submission approves it, as
/events/review/ does (one state, one mail; pydotorg/core/wagtail_hooks.py)."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pydotorg.core import moderation
from pydotorg.core.search import register_search_type

from .forms import EventAdminForm
from .models import Calendar, CalendarSync, Event, EventCategory, EventLocation, EventReminder
from .pages import EventsIndexPage
from .tasks import sync_calendar_feed
from .views import decide

logger = logging.getLogger(__name__)


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    list_display = ["title", "calendar", "start_in_zone", "live", "moderation_status", "featured"]
    list_filter = ["calendar", "live", "featured", "moderation_status", "all_day"]
    search_fields = ["title", "description", "uid"]
    search_backend_name = None  # plain database filtering on search_fields (site search uses the index)
    ordering = ["-start"]
    inspect_view_enabled = True
    # Local times in the event's zone and the recurrence picker (models.py cannot import forms.py).
    edit_handler = ObjectList(Event.panels, base_form_class=EventAdminForm)


class CalendarViewSet(SnippetViewSet):
    model = Calendar
    icon = "calendar"
    list_display = ["name", "slug", "sync_status", "last_synced_at", "sync_link"]


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    icon = "tag"
    list_display = ["name", "slug", "calendar"]
    list_filter = ["calendar"]


class EventLocationViewSet(SnippetViewSet):
    model = EventLocation
    icon = "site"
    list_display = ["name", "address", "calendar"]
    list_filter = ["calendar"]
    search_fields = ["name", "address"]


class EventsGroup(SnippetViewSetGroup):
    menu_label = "Events"
    menu_icon = "date"
    menu_order = 210
    items = (EventViewSet, CalendarViewSet, EventCategoryViewSet, EventLocationViewSet)


register_snippet(EventsGroup)


class CalendarSyncViewSet(ModelViewSet):
    """The record of every import: counts and errors. Read-only in practice."""

    model = CalendarSync
    icon = "history"
    menu_label = "Calendar syncs"
    url_prefix = "events/calendar-syncs"
    list_display = [
        "calendar",
        "started_at",
        "trigger",
        "status",
        "created",
        "updated",
        "unpublished",
        "skipped",
        "kept",
    ]
    list_filter = ["calendar", "status"]
    form_fields = ["trigger"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "calendar",
        "trigger",
        "started_at",
        "finished_at",
        "status",
        "created",
        "updated",
        "unchanged",
        "unpublished",
        "skipped",
        "kept",
        "errors",
        "notes",
    ]


class EventReminderViewSet(ModelViewSet):
    """Who asked to be reminded of which event."""

    model = EventReminder
    icon = "mail"
    menu_label = "Event reminders"
    url_prefix = "events/reminders"
    list_display = ["event", "user", "created_at", "last_sent_for"]
    list_filter = ["event__calendar"]
    search_fields = ["event__title", "user__username", "user__email"]
    form_fields = ["last_sent_for"]
    inspect_view_enabled = True


class EventRecordsGroup(ViewSetGroup):
    menu_label = "Event records"
    menu_icon = "history"
    menu_order = 211
    items = (CalendarSyncViewSet("calendar_sync"), EventReminderViewSet("event_reminder"))


@hooks.register("register_admin_viewset")
def register_event_records():
    return EventRecordsGroup()


def sync_calendar_view(request, pk):
    """GET: confirm; POST: import the calendar's feed now (queued to the worker)."""
    if not request.user.has_perm("events.change_calendar"):
        raise PermissionDenied
    calendar = get_object_or_404(Calendar, pk=pk)
    if request.method == "POST":
        try:
            sync_calendar_feed(calendar.pk, trigger="admin")
        except Exception:  # the queue (Redis) cannot be reached: say so rather than answer 500
            logger.exception("calendar sync not queued")
            messages.error(request, f"Sync of {calendar.name} not queued: the queue is unavailable, try again later.")
        else:
            calendar.refresh_from_db()
            messages.success(
                request, f"Sync of {calendar.name} queued; see Event records → Calendar syncs for its record."
            )
        return redirect("wagtailsnippets_events_calendar:list")
    return TemplateResponse(request, "events/admin/sync_confirm.html", {"calendar": calendar})


@hooks.register("register_admin_urls")
def register_sync_url():
    return [path("events/calendars/<int:pk>/sync/", sync_calendar_view, name="events_calendar_sync")]


# --- The review queue ---------------------------------------------------------------------


def review_url():
    """/events/review/, or the admin's listing of pending events when there is no events page."""
    page = EventsIndexPage.objects.live().first()
    if page and page.url:
        return f"{page.url}review/"
    return reverse("wagtailsnippets_events_event:list") + f"?moderation_status={Event.Moderation.PENDING}"


def approve(event, user):
    """A moderator's Publish of a pending submission in the admin editor: the approval of
    /events/review/ (the same transition, the submitter mailed once)."""
    page = EventsIndexPage.objects.live().first()
    url = page.absolute_event_url(event) if page else ""
    decide(event, "approve", user, "", url)


moderation.register_review_queue(
    "Events", Event, Event.objects.filter(moderation_status=Event.Moderation.PENDING), review_url, approve=approve
)


@hooks.register("register_snippet_listing_buttons")
def review_button(snippet, user, next_url=None):
    """A pending submission's "Review" (approve or reject with a comment on /events/review/)."""
    pending = isinstance(snippet, Event) and snippet.moderation_status == Event.Moderation.PENDING
    if pending and moderation.can_moderate(user, Event):
        yield ListingButton("Review", review_url(), icon_name="tasks", priority=5)


# --- Site search (pydotorg/core/search.py) ------------------------------------------------
def events_url(request):
    page = EventsIndexPage.objects.live().first()
    return (page.get_url(request) if page else None) or "/events/"


register_search_type(
    "events",
    "Events",
    "Event",
    Event,
    visible=lambda: Event.objects.filter(live=True),  # published (a pending or rejected submission is not live)
    url=lambda event, base: f"{base}{event.calendar.slug}/{event.pk}/",
    base=events_url,
    date=lambda event: event.start,
    load=lambda events: events.select_related("calendar"),
    order=40,
)

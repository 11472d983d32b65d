import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Calendar, CalendarSync, Event, EventCategory, EventLocation, EventReminder
from .tasks import sync_calendar_feed

logger = logging.getLogger(__name__)


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    list_display = ["title", "calendar", "start", "live", "moderation_status", "featured"]
    list_filter = ["calendar", "live", "featured", "moderation_status", "all_day"]
    search_fields = ["title", "description", "uid"]
    ordering = ["-start"]
    inspect_view_enabled = True


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

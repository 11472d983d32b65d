"""Events: calendars imported from iCalendar feeds or edited here, their events (snippets
with drafts and revisions), and the occurrences materialised from each event's recurrence
rule so that listings never expand rules at request time. Data only: the page type is in
pages.py, the views in views.py. See docs/sections/events.md."""

import hashlib
import json
import zoneinfo
from datetime import UTC, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin
from wagtail.search import index

from pydotorg.core.fetch import url_problem
from pydotorg.core.markup import sanitize_html

from .ical import as_utc, calendar_for, parse_moment

# Calendar slugs that would hide a route of /events/.
RESERVED_SLUGS = {"calendars", "submit", "review", "ical", "feed"}


@cache
def time_zone_names():
    return sorted(zoneinfo.available_timezones())


def validate_time_zone(value):
    if value not in time_zone_names():
        raise ValidationError(f"{value!r} is not an IANA time zone name (such as Europe/Vienna).")


def validate_rrule(value):
    from icalendar import vRecur

    if not value:
        return
    try:
        recur = vRecur.from_ical(value)
    except Exception as exc:
        raise ValidationError(f"Not an RFC 5545 recurrence rule: {exc}") from exc
    if "FREQ" not in recur:
        raise ValidationError("A recurrence rule needs FREQ (for example FREQ=WEEKLY;BYDAY=TU).")


def validate_moments(value):
    for line in (value or "").splitlines():
        if line.strip():
            try:
                parse_moment(line)
            except ValueError as exc:
                raise ValidationError(f"{line.strip()!r} is not an ISO date or date-time.") from exc


def feed_file_path(url):
    """The local file a file:// feed URL (or a bare path) names, if it lies under one of
    EVENTS_FEED_FILE_ROOTS (the demo's fixtures); None for any other file."""
    path = Path(unquote(urlsplit(url).path) if url.startswith("file://") else url).resolve()
    roots = [Path(root).resolve() for root in getattr(settings, "EVENTS_FEED_FILE_ROOTS", [])]
    return path if any(path.is_relative_to(root) for root in roots) else None


class Calendar(models.Model):
    """A calendar of events, optionally imported from an external iCalendar feed."""

    class SyncStatus(models.TextChoices):
        NEVER = "never", "Never synced"
        OK = "ok", "OK"
        PARTIAL = "partial", "OK, some events skipped"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    feed_url = models.CharField(
        "external iCalendar URL",
        max_length=500,
        blank=True,
        help_text="An http(s) URL of an .ics feed to import every 6 hours. Empty: events are entered here only.",
    )
    sync_status = models.CharField(max_length=10, choices=SyncStatus.choices, default=SyncStatus.NEVER, editable=False)
    last_synced_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("feed_url")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.feed_url.startswith(("file://", "/")):
            if feed_file_path(self.feed_url) is None:
                raise ValidationError({"feed_url": "Give an http:// or https:// URL."})
        elif self.feed_url and (problem := url_problem(self.feed_url)):
            raise ValidationError({"feed_url": f"Give an http:// or https:// URL of a public server ({problem})."})
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"{self.slug!r} is taken by a page of /events/."})

    def sync_link(self):
        if not self.feed_url:
            return "—"
        return format_html('<a href="{}">Sync now</a>', reverse("events_calendar_sync", args=[self.pk]))

    sync_link.short_description = "Import"


class EventCategory(models.Model):
    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "event categories"
        constraints = [models.UniqueConstraint(fields=["calendar", "slug"], name="events_category_unique_slug")]

    def __str__(self):
        return self.name


class EventLocation(models.Model):
    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=255)
    address = models.CharField(max_length=500, blank=True)
    url = models.URLField("URL", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Event(DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, index.Indexed, ClusterableModel):
    """One event of a calendar: a single occurrence, or a recurring one (RRULE, RDATE,
    EXDATE, moved instances). Times are stored in UTC; `time_zone` is the zone it is shown
    in and in which its rule repeats (so a weekly 10:00 stays 10:00 across DST)."""

    class SyncPolicy(models.TextChoices):
        AUTO = "auto", "Update from the feed unless changed here"
        FEED = "feed", "Always take the feed's version (overwrites changes made here)"
        LOCAL = "local", "Never update from the feed"

    class Moderation(models.TextChoices):
        NONE = "", "Not a submission"
        PENDING = "pending", "Awaiting review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="HTML (sanitised when shown).")
    url = models.URLField("website", max_length=500, blank=True)
    venue = models.ForeignKey(EventLocation, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    categories = ParentalManyToManyField(EventCategory, blank=True, related_name="events")
    featured = models.BooleanField(default=False)
    start = models.DateTimeField(help_text="For an all-day event, midnight UTC of the first day.")
    end = models.DateTimeField(
        null=True, blank=True, help_text="Exclusive; for an all-day event, midnight UTC of the day after."
    )
    all_day = models.BooleanField(default=False)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    rrule = models.CharField(
        "recurrence rule",
        max_length=500,
        blank=True,
        validators=[validate_rrule],
        help_text="RFC 5545 RRULE, for example FREQ=WEEKLY;BYDAY=TU;UNTIL=20270101T000000Z.",
    )
    rdates = models.TextField(
        "extra dates", blank=True, validators=[validate_moments], help_text="One ISO date-time (UTC) per line."
    )
    exdates = models.TextField(
        "excluded dates", blank=True, validators=[validate_moments], help_text="One ISO date-time (UTC) per line."
    )
    overrides = models.JSONField(
        default=list, blank=True, editable=False, help_text="Moved instances of a recurring event (RECURRENCE-ID)."
    )
    uid = models.CharField("UID", max_length=255, blank=True, help_text="The iCalendar UID of an imported event.")
    sequence = models.PositiveIntegerField(default=0, editable=False)
    sync_policy = models.CharField(max_length=5, choices=SyncPolicy.choices, default=SyncPolicy.AUTO)
    feed_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="submitted_events"
    )
    moderation_status = models.CharField(max_length=10, choices=Moderation.choices, blank=True, default="")
    moderation_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("calendar"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("url"),
        FieldPanel("venue"),
        FieldPanel("categories"),
        FieldPanel("featured"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldPanel("time_zone"),
                FieldPanel("rrule"),
                FieldPanel("rdates"),
                FieldPanel("exdates"),
            ],
            heading="When",
        ),
        MultiFieldPanel([FieldPanel("uid", read_only=True), FieldPanel("sync_policy")], heading="Import"),
        MultiFieldPanel(
            [
                FieldPanel("submitted_by", read_only=True),
                FieldPanel("moderation_status"),
                FieldPanel("moderation_comment"),
            ],
            heading="Submission",
        ),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("description"), index.FilterField("live")]

    # --- Moderation (pydotorg/core/moderation.py) ----------------------------------------
    # A submission is pending until an event moderator approves (publishes) or rejects it.
    STATUS_FIELD = "moderation_status"
    TRANSITIONS = {
        "approve": ({Moderation.PENDING}, Moderation.APPROVED, "moderator"),
        "reject": ({Moderation.PENDING}, Moderation.REJECTED, "moderator"),
    }
    LIVE_STATUSES = {Moderation.APPROVED}
    DONE = {"approve": "approved", "reject": "rejected"}
    moderate_permission = "events.publish_event"  # what the "Event moderators" group holds

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "uid"], condition=~Q(uid=""), name="events_event_unique_uid")
        ]

    def __str__(self):
        return self.title

    def is_owner(self, user):
        """Whether `user` submitted this event."""
        return bool(user and user.is_authenticated and self.submitted_by_id == user.pk)

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The end must not be before the start."})

    # --- Times --------------------------------------------------------------------------

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return UTC

    @property
    def is_recurring(self):
        return bool(self.rrule or self.rdates.strip())

    @property
    def local_start(self):
        return self.start.astimezone(self.zone)

    @property
    def local_end(self):
        return self.end.astimezone(self.zone) if self.end else None

    def moments(self, field):
        return [parse_moment(line) for line in getattr(self, field).splitlines() if line.strip()]

    @cached_property
    def description_html(self):
        return mark_safe(sanitize_html(self.description))

    def fingerprint(self, venue=None, category_slugs=None):
        """A hash of everything the import writes, to tell whether an editor changed it."""
        if venue is None and self.venue_id:
            venue = self.venue.name
        if category_slugs is None:
            category_slugs = sorted(c.slug for c in self.categories.all())
        data = [
            self.title,
            self.description,
            self.url,
            self.start.isoformat() if self.start else "",
            self.end.isoformat() if self.end else "",
            self.all_day,
            self.time_zone,
            self.rrule,
            self.rdates.strip(),
            self.exdates.strip(),
            self.overrides,
            venue or "",
            category_slugs,
        ]
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

    # --- Occurrences --------------------------------------------------------------------

    def occurrence_times(self, window_start=None, window_end=None):
        """(start, end) pairs in UTC: the one occurrence of a single event whatever its date,
        or the expansion of a recurring one inside the window (by default 2 years back
        and 2 years ahead, EVENTS_OCCURRENCE_WINDOW_DAYS), capped at EVENTS_MAX_OCCURRENCES."""
        end = self.end or (self.start + timedelta(days=1) if self.all_day else self.start)
        if not self.is_recurring:
            return [(self.start, end)]
        import recurring_ical_events

        days = getattr(settings, "EVENTS_OCCURRENCE_WINDOW_DAYS", 730)
        now = timezone.now()
        window_start = window_start or max(self.start, now - timedelta(days=days))
        window_end = window_end or now + timedelta(days=days)
        expansion = recurring_ical_events.of(calendar_for([self]))
        found = expansion.between(window_start, window_end)
        if not found and self.start < window_start:  # a series wholly in the past: from its start
            found = expansion.between(self.start, window_end)
        times = []
        for component in found[: getattr(settings, "EVENTS_MAX_OCCURRENCES", 1000)]:
            times.append((as_utc(component.start), as_utc(component.end)))
        return sorted(times)

    def refresh_occurrences(self, **window):
        self.occurrences.all().delete()
        EventOccurrence.objects.bulk_create(
            EventOccurrence(event=self, start=start, end=end) for start, end in self.occurrence_times(**window)
        )

    def get_preview_template(self, request, mode_name):
        return "events/event_preview.html"

    def get_preview_context(self, request, mode_name):
        # The page type is looked up in Django's registry: models.py never imports pages.py.
        index = apps.get_model("events", "EventsIndexPage").objects.first()
        return {"event": self, "preview": True, "base": index.url if index else "/events/", "next_occurrences": []}


class OccurrenceQuerySet(models.QuerySet):
    def listed(self):
        """Occurrences of live events, with what a listing shows (a constant number of queries)."""
        return (
            self.filter(event__live=True)
            .select_related("event__calendar", "event__venue")
            .prefetch_related("event__categories")
        )

    def upcoming(self, now=None):
        """The listed occurrences not over yet, soonest first."""
        return self.listed().filter(end__gte=now or timezone.now()).order_by("start", "pk")


class EventOccurrence(models.Model):
    """One materialised occurrence of an event (refreshed on publish, import and daily)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField(db_index=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]

    def __str__(self):
        return f"{self.event} at {self.start:%Y-%m-%d %H:%M}"

    @property
    def local_start(self):
        return self.start.astimezone(self.event.zone)

    @property
    def local_end(self):
        return self.end.astimezone(self.event.zone)

    @property
    def last_day(self):
        """The last day of an all-day occurrence (its end is exclusive)."""
        return (self.end - timedelta(days=1)).date() if self.end > self.start else self.start.date()


class CalendarSync(models.Model):
    """The record of one import of a calendar's feed."""

    class Status(models.TextChoices):
        OK = "ok", "OK"
        PARTIAL = "partial", "OK, some events skipped"
        FAILED = "failed", "Failed (nothing changed)"

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="syncs")
    trigger = models.CharField(max_length=20, default="schedule")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OK)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    unpublished = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField(default=0, help_text="Changed in the feed but kept: edited here.")
    errors = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "calendar sync"

    def __str__(self):
        return f"{self.calendar} at {self.started_at:%Y-%m-%d %H:%M}: {self.get_status_display()}"

    def summary(self):
        lines = [
            f"{self.calendar.slug}: {self.get_status_display()} at {self.started_at:%Y-%m-%d %H:%M:%S} UTC",
            f"  created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"unpublished {self.unpublished}, skipped {self.skipped}, kept {self.kept}",
        ]
        lines += [f"  error: {error}" for error in self.errors]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


class EventReminder(models.Model):
    """A logged-in visitor's request to be emailed the day before each occurrence."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_reminders")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders")
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_for = models.DateTimeField(null=True, blank=True, help_text="The occurrence last reminded of.")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="events_reminder_unique")]

    def __str__(self):
        return f"{self.user} → {self.event}"

"""Events: calendars imported from iCalendar feeds or edited here, their events (snippets
with drafts and revisions), and the occurrences materialised from each event's recurrence
rule so that listings never expand rules at request time. Data only: the page type is in
pages.py, the views in views.py. See docs/sections/events.md."""

import contextvars
import hashlib
import json
import logging
import time
import zoneinfo
from contextlib import contextmanager
from datetime import UTC, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.admin import display as admin_display
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
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin
from wagtail.rich_text import expand_db_html
from wagtail.search import index

from pydotorg.core.fetch import url_problem
from pydotorg.core.markup import sanitize_html
from pydotorg.core.models import SyncRecord

from .ical import as_utc, calendar_for, parse_moment, parse_rdate, rule_steps, zone_from_vtimezone

logger = logging.getLogger(__name__)

# Calendar slugs that would hide a route of /events/.
RESERVED_SLUGS = {"calendars", "submit", "review", "mine", "ical", "feed"}


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
                parse_rdate(line)
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

    cache_keys = ("events",)  # page cache keys (pydotorg/core/pagecache.py)

    class SyncStatus(models.TextChoices):
        NEVER = "never", "Never synced"
        OK = "ok", "OK"
        PARTIAL = "partial", "OK, some events skipped"
        HELD = "held", "Removals held: confirm"
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
    confirm_removals = models.BooleanField(
        "confirm removals",
        default=False,
        help_text="Tick to let the next sync unpublish the events the feed dropped, when it dropped more than "
        "half of them (such a sync is held and asks for this). Cleared by that sync.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("feed_url"),
        FieldPanel("confirm_removals"),
    ]

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
    cache_keys = ("events",)  # shown in the listings (pydotorg/core/pagecache.py)

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
    cache_keys = ("events",)  # shown in the listings (pydotorg/core/pagecache.py)

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

    cache_keys = ("events",)  # page cache keys (pydotorg/core/pagecache.py)

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
    # Rich text (HTML, as the import and the submission form write it; sanitised when shown).
    description = RichTextField(
        blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr", "blockquote", "code"]
    )
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
    extra_rules = models.TextField(
        blank=True, editable=False, help_text="Further RRULEs of an imported event (one per line), besides `rrule`."
    )
    vtimezone = models.TextField(
        "VTIMEZONE",
        blank=True,
        editable=False,
        help_text="An imported event's own time zone (the feed's VTIMEZONE, not an IANA zone): it repeats by its rules.",
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
            [  # start, end and the repeat_* picker are fields of forms.EventAdminForm (local times)
                FieldPanel("time_zone"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldPanel("repeat"),
                FieldRowPanel([FieldPanel("repeat_interval"), FieldPanel("repeat_week")]),
                FieldPanel("repeat_weekdays"),
                FieldRowPanel([FieldPanel("repeat_until"), FieldPanel("repeat_count")]),
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
                FieldPanel("moderation_status", read_only=True),
                FieldPanel("moderation_comment", read_only=True),
            ],
            heading="Submission",
        ),
        PublishingPanel(),
    ]
    # Site search (pydotorg/core/search.py): only live events are searched.
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.FilterField("live"),
    ]

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
        # An editor is told about a rule too dense to expand in full; an import keeps the feed's
        # rule as written (Importer sets `feed_rules`) and its expansion is capped and reported.
        if self.start and self.rules() and not getattr(self, "feed_rules", False):
            try:
                steps = max(rule_steps(rule, self.start, self.expansion_window()[1]) for rule in self.rules())
            except (ValueError, TypeError, KeyError):
                steps = 0  # a malformed rule: the field's validator says so
            limit = getattr(settings, "EVENTS_MAX_RULE_STEPS", 100_000)
            if steps > limit:
                raise ValidationError(
                    {
                        "rrule": f"This rule repeats too often (about {int(steps):,} times from the start to the end of the "
                        f"listed period; at most {limit:,}): choose a longer interval or an end."
                    }
                )

    # --- Times --------------------------------------------------------------------------

    @property
    def zone(self):
        if self.vtimezone and not self.all_day:  # an imported event in its feed's own VTIMEZONE
            try:
                return zone_from_vtimezone(self.vtimezone)
            except Exception:
                logger.warning("event %s: unreadable VTIMEZONE, using %s", self.pk, self.time_zone)
        try:
            return zoneinfo.ZoneInfo(self.time_zone or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return UTC

    @property
    def is_recurring(self):
        return bool(self.rrule or self.extra_rules.strip() or self.rdates.strip())

    def rules(self):
        """The event's RRULEs: `rrule` and, for an imported event, its `extra_rules`."""
        lines = [self.rrule, *self.extra_rules.splitlines()]
        return [line.strip() for line in lines if line and line.strip()]

    @property
    def local_start(self):
        return self.start.astimezone(self.zone)

    @property
    def local_end(self):
        return self.end.astimezone(self.zone) if self.end else None

    @admin_display(description="Start (event's time)", ordering="start")
    def start_in_zone(self):
        """The admin listing's start: local time and zone, not an unlabelled UTC time."""
        if self.all_day:
            return f"{self.start:%a %d %b %Y} (all day)"
        return f"{self.local_start:%a %d %b %Y, %H:%M} {self.time_zone}"

    def moments(self, field):
        return [parse_moment(line) for line in getattr(self, field).splitlines() if line.strip()]

    @cached_property
    def description_html(self):
        return mark_safe(sanitize_html(expand_db_html(self.description)))  # page links of the editor

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
        if self.extra_rules or self.vtimezone:  # only then, so that older fingerprints stay valid
            data += [self.extra_rules.strip(), self.vtimezone]
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

    # --- Occurrences --------------------------------------------------------------------

    def expansion_window(self):
        """The default window of occurrences: EVENTS_OCCURRENCE_WINDOW_DAYS back (not before
        the start) and ahead of now."""
        days = getattr(settings, "EVENTS_OCCURRENCE_WINDOW_DAYS", 730)
        now = timezone.now()
        return max(self.start, now - timedelta(days=days)), now + timedelta(days=days)

    def occurrence_times(self, window_start=None, window_end=None):
        """(start, end) pairs in UTC: the one occurrence of a single event whatever its date,
        or the expansion of a recurring one inside the window (by default 2 years back
        and 2 years ahead, EVENTS_OCCURRENCE_WINDOW_DAYS). Capped (see ExpansionBudget): at
        EVENTS_MAX_OCCURRENCES per event and what is left of the sync's budget; a rule that
        steps through more than EVENTS_MAX_RULE_STEPS instants (FREQ=SECONDLY, MINUTELY…) is
        expanded lazily for at most EVENTS_EXPANSION_SECONDS. What was capped and why is
        in `self.capped` ("" if nothing), and in the sync's budget."""
        self.capped = ""
        end = self.end or (self.start + timedelta(days=1) if self.all_day else self.start)
        if not self.is_recurring:
            return [(self.start, end)]
        budget = _budget.get()
        default_start, default_end = self.expansion_window()
        window_start, window_end = window_start or default_start, window_end or default_end
        limit = getattr(settings, "EVENTS_MAX_OCCURRENCES", 1000)
        deadline = time.monotonic() + getattr(settings, "EVENTS_EXPANSION_SECONDS", 5)
        if budget is not None:
            limit, deadline = min(limit, budget.occurrences), min(deadline, budget.deadline)
        if limit <= 0 or time.monotonic() >= deadline:
            times, capped = [], "not expanded: the sync's budget of occurrences or time is spent (the daily task will)"
        else:
            try:
                steps = max(rule_steps(rule, self.start, window_end) for rule in self.rules()) if self.rules() else 0
            except (ValueError, TypeError, KeyError):
                steps = 0  # the library reports a malformed rule
            if steps > getattr(settings, "EVENTS_MAX_RULE_STEPS", 100_000):
                times, capped = self._lazy_times(window_start, window_end, end - self.start, limit, deadline)
            else:
                times, capped = self._library_times(window_start, window_end, limit)
        self.capped = capped
        if budget is not None:
            budget.occurrences -= len(times)
            if capped:
                budget.capped.append(f"{self.title!r} ({self.uid or self.pk}): {capped}")
        if capped:
            logger.warning("occurrences of event %s (%s) capped: %s", self.pk, self.title, capped)
        return times

    def _library_times(self, window_start, window_end, limit):
        import recurring_ical_events

        expansion = recurring_ical_events.of(calendar_for([self]))
        found = expansion.between(window_start, window_end)
        if not found and self.start < window_start:  # a series wholly in the past: from its start
            found = expansion.between(self.start, window_end)
        times = sorted(
            (as_utc(component.start), as_utc(component.end))
            for component in found
            if str(component.get("STATUS", "")).upper() != "CANCELLED"
        )
        if len(times) > limit:
            return times[:limit], f"{len(times)} occurrences in the window, only the first {limit} stored"
        return times, ""

    def _lazy_times(self, window_start, window_end, duration, limit, deadline):
        """The expansion of a rule too dense for the library (which steps through every
        instant from the start, keeping them all): one instant at a time, without moved
        instances, until the window's end, `limit` occurrences or the `deadline`."""
        from dateutil.rrule import rruleset, rrulestr

        first = self.start.replace(tzinfo=None) if self.all_day else self.start.astimezone(self.zone)
        moments = rruleset(cache=False)
        try:
            for rule in self.rules():
                moments.rrule(rrulestr(rule, dtstart=first, cache=False))
        except (ValueError, TypeError) as exc:
            return [], f"its rule cannot be expanded ({exc})"
        local = (lambda value: value.replace(tzinfo=None)) if self.all_day else (lambda v: v.astimezone(self.zone))
        for line in self.rdates.splitlines():
            if line.strip():
                value = parse_rdate(line)
                moments.rdate(local(as_utc(value[0] if isinstance(value, tuple) else value)))
        for value in self.moments("exdates"):
            moments.exdate(local(as_utc(value)))
        times = []
        for number, moment in enumerate(moments):
            if number % 1000 == 0 and time.monotonic() > deadline:
                return times, f"its rule repeats too often: expansion stopped by the time budget, {len(times)} stored"
            moment = moment.replace(tzinfo=UTC) if self.all_day else moment.astimezone(UTC)
            if moment > window_end:
                break
            if moment + duration >= window_start:
                times.append((moment, moment + duration))
                if len(times) >= limit:
                    return times, f"its rule repeats too often: only the first {limit} occurrences stored"
        return times, f"its rule repeats too often for a full expansion: expanded lazily, {len(times)} stored"

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


class ExpansionBudget:
    """What one sync may spend on expanding rules: EVENTS_SYNC_MAX_OCCURRENCES occurrences
    and EVENTS_SYNC_EXPANSION_SECONDS of time in all. `capped` names each event whose
    occurrences were capped, and why (the sync's record lists them)."""

    def __init__(self):
        self.occurrences = getattr(settings, "EVENTS_SYNC_MAX_OCCURRENCES", 50_000)
        self.deadline = time.monotonic() + getattr(settings, "EVENTS_SYNC_EXPANSION_SECONDS", 60)
        self.capped = []


_budget = contextvars.ContextVar("events_expansion_budget", default=None)


@contextmanager
def expansion_budget():
    """Every expansion inside shares one ExpansionBudget (yielded)."""
    budget = ExpansionBudget()
    token = _budget.set(budget)
    try:
        yield budget
    finally:
        _budget.reset(token)


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


class CalendarSync(SyncRecord):
    """The record of one import of a calendar's feed."""

    SOURCE = "calendar"
    COUNTS = ("created", "updated", "unchanged", "unpublished", "skipped", "kept", "held")

    class Status(models.TextChoices):
        OK = "ok", "OK"
        PARTIAL = "partial", "OK, some events skipped"
        HELD = "held", "Removals held: confirm"
        FAILED = "failed", "Failed (nothing changed)"

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="syncs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OK)
    unpublished = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField(default=0, help_text="Changed in the feed but kept: edited here.")
    held = models.PositiveIntegerField(
        default=0, help_text="Dropped by the feed but left published: too many at once, an admin must confirm."
    )

    class Meta(SyncRecord.Meta):
        verbose_name = "calendar sync"


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

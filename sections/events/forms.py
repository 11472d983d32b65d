"""The visitor's submission form, the moderator's review form, and the admin's edit form
of an event (they import models only, and recurrence.py)."""

from datetime import UTC, datetime, time, timedelta
from functools import cache

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.html import escape, linebreaks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from .models import Calendar, Event, EventLocation, time_zone_names
from .recurrence import WEEKDAYS, WEEKS_OF_MONTH, build_rule, picker_values

LOCAL_INPUT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
YEARS = (1990, 2100)  # a submitted event's dates: Python's lifetime, give or take


class EventSubmissionForm(forms.Form):
    """A visitor's event: becomes a draft event awaiting review by the event moderators."""

    calendar = forms.ModelChoiceField(queryset=Calendar.objects.all(), empty_label=None)
    title = forms.CharField(max_length=300)
    description = forms.CharField(widget=forms.Textarea, max_length=5000, help_text="Plain text.")
    url = forms.URLField(label="Website", required=False, assume_scheme="https")
    venue = forms.CharField(label="Venue name", max_length=255, required=False)
    address = forms.CharField(max_length=500, required=False)
    start = forms.DateTimeField(
        input_formats=LOCAL_INPUT,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Local time at the event.",
    )
    end = forms.DateTimeField(
        input_formats=LOCAL_INPUT,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Local time at the event.",
    )
    all_day = forms.BooleanField(label="All-day event (the times are ignored)", required=False)
    time_zone = forms.ChoiceField(choices=[], initial="UTC")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(name, name) for name in time_zone_names()]

    def clean(self):
        data = super().clean()
        for field in ("start", "end"):
            value = data.get(field)
            if value and not YEARS[0] <= value.year <= YEARS[1]:
                self.add_error(field, f"Give a date between {YEARS[0]} and {YEARS[1]}.")
        start, end, zone = data.get("start"), data.get("end"), data.get("time_zone")
        if start and end and zone:
            event = Event(time_zone=zone)
            data["start"] = start.replace(tzinfo=None).replace(tzinfo=event.zone)
            data["end"] = end.replace(tzinfo=None).replace(tzinfo=event.zone)
            if data.get("all_day"):  # midnight UTC of the first day, up to the day after the last
                data["start"] = datetime.combine(start.date(), time(), tzinfo=UTC)
                data["end"] = datetime.combine(end.date(), time(), tzinfo=UTC) + timedelta(days=1)
            if data["end"] < data["start"]:
                self.add_error("end", "The end must not be before the start.")
        return data

    def save(self, user):
        data = self.cleaned_data
        venue = None
        if data["venue"]:
            venue = EventLocation.objects.create(calendar=data["calendar"], name=data["venue"], address=data["address"])
        event = Event.objects.create(
            calendar=data["calendar"],
            title=data["title"],
            description=linebreaks(escape(data["description"])),
            url=data["url"],
            venue=venue,
            start=data["start"],
            end=data["end"],
            all_day=data["all_day"],
            time_zone="UTC" if data["all_day"] else data["time_zone"],
            submitted_by=user,
            moderation_status=Event.Moderation.PENDING,
            live=False,
        )
        event.save_revision(user=user, log_action=True)
        return event


class ReviewForm(forms.Form):
    """A moderator's decision on one submission (views.review applies it through the shared
    moderation transition)."""

    decision = forms.ChoiceField(choices=[("approve", "Approve and publish"), ("reject", "Reject")])
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("comment", "").strip():
            self.add_error("comment", "Say why the event is rejected: the submitter receives this comment.")
        return data


# --- The admin's edit form (Event.base_form_class) --------------------------------------------


class WallClockField(forms.DateTimeField):
    """A date and time as read on a clock, without a zone: the form applies the event's."""

    def to_python(self, value):
        with timezone.override(UTC):  # parsed as UTC, so no zone of the admin user shifts it
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else None


@cache
def rich_text_area():
    """Wagtail's rich text editor, taking a value that is not the editor's JSON (a client
    without JavaScript) as HTML, sanitised when shown, instead of failing. (Built on first
    use: Wagtail's editor cannot be imported while the models load, and this module is.)"""
    from wagtail.admin.rich_text import DraftailRichTextArea

    class RichTextArea(DraftailRichTextArea):
        def value_from_datadict(self, data, files, name):
            try:
                return super().value_from_datadict(data, files, name)
            except (ValueError, TypeError, KeyError, AttributeError):
                return forms.Textarea.value_from_datadict(self, data, files, name)

    return RichTextArea


REPEAT_CHOICES = [
    ("", "Does not repeat"),
    ("DAILY", "Daily"),
    ("WEEKLY", "Weekly"),
    ("MONTHLY", "Monthly"),
    ("YEARLY", "Yearly"),
    ("custom", "Custom rule (written below)"),
]
PICKER_FIELDS = ["repeat", "repeat_interval", "repeat_weekdays", "repeat_week", "repeat_until", "repeat_count"]


class EventAdminForm(WagtailAdminModelForm):
    """The event in the Wagtail admin: start and end are edited as local times in the
    event's own time zone (stored in UTC), and the recurrence rule is written by a picker
    (frequency, interval, weekdays, week of the month, last day or count); a rule the picker
    cannot show stays editable as text ("Custom rule")."""

    time_zone = forms.ChoiceField(
        choices=[], initial="UTC", help_text="The start and end below are local times in this zone."
    )
    start = WallClockField(
        widget=AdminDateTimeInput(),
        help_text="Local time in the event's time zone; for an all-day event, its first day.",
    )
    end = WallClockField(
        widget=AdminDateTimeInput(),
        required=False,
        help_text="Local time in the event's time zone; for an all-day event, its last day.",
    )
    repeat = forms.ChoiceField(choices=REPEAT_CHOICES, required=False)
    repeat_interval = forms.IntegerField(
        label="Every",
        initial=1,
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text="1: every day/week/month/year; 2: every other one…",
    )
    repeat_weekdays = forms.MultipleChoiceField(
        label="On",
        choices=list(WEEKDAYS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Weekly: the days of the week (default: the start's). Monthly: with the week below.",
    )
    repeat_week = forms.ChoiceField(
        label="Week of the month", choices=WEEKS_OF_MONTH, required=False, help_text="Monthly: the second Wednesday…"
    )
    repeat_until = forms.DateField(
        label="Last day", widget=AdminDateInput(), required=False, help_text="In the event's time zone."
    )
    repeat_count = forms.IntegerField(
        label="Or number of times",
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )

    class Media:
        js = ["events/recurrence-picker.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(name, name) for name in time_zone_names()]
        self.fields["description"].widget = rich_text_area()(features=self.fields["description"].widget.features)
        self.fields["rrule"].label = "Custom rule"
        self.fields[
            "rrule"
        ].help_text = "Written by the choices above; edit it by hand only with Repeats: Custom rule (RFC 5545 RRULE)."
        event = self.instance
        if event.start:
            self.initial["start"] = self.local(event.start, event)
        if event.end:
            end = event.end - timedelta(days=1) if event.all_day and event.end > event.start else event.end
            self.initial["end"] = self.local(end, event)
        values = picker_values(event.rrule, event.zone)
        if values is None:
            self.initial["repeat"] = "custom"
        else:
            for name, value in values.items():
                self.initial["repeat" if name == "repeat" else f"repeat_{name}"] = value

    @staticmethod
    def local(moment, event):
        """A stored UTC moment as the wall-clock time the form shows (UTC for all-day events)."""
        return moment.astimezone(UTC if event.all_day else event.zone).replace(tzinfo=None)

    def clean(self):
        data = super().clean()
        self.times_in_utc(data)
        self.rule_from_picker(data)
        return data

    def times_in_utc(self, data):
        start, end, name = data.get("start"), data.get("end"), data.get("time_zone")
        if not start or not name:
            return
        event = self.instance
        if event.start and not {"start", "end", "time_zone", "all_day"} & set(self.changed_data):
            data["start"], data["end"] = event.start, event.end  # as stored (seconds, a repeated 01:30…)
            return
        if data.get("all_day"):  # midnight UTC of the first day, up to the day after the last
            moments = {"start": (start.date(), 0), "end": ((end or start).date(), 1)}
            zone = UTC
        else:
            moments = {"start": (start, 0), "end": (end, 0)} if end else {"start": (start, 0)}
            zone = Event(time_zone=name).zone
            data["end"] = None
        for field, (value, days) in moments.items():
            try:
                moment = value if isinstance(value, datetime) else datetime.combine(value, time())
                data[field] = (moment.replace(tzinfo=zone) + timedelta(days=days)).astimezone(UTC)
            except OverflowError:
                self.add_error(field, "Give a date between the years 2 and 9998.")

    def rule_from_picker(self, data):
        repeat = data.get("repeat") or ""
        details_changed = set(PICKER_FIELDS[1:]) & set(self.changed_data)
        if (
            repeat == "custom"
            or repeat == self.initial["repeat"] == ""
            or (repeat == self.initial["repeat"] and not details_changed)
        ):
            return  # the rule as typed: the stored one if untouched (checked by the model's validator)
        until, count = data.get("repeat_until"), data.get("repeat_count")
        if repeat and until and count:
            self.add_error("repeat_count", "Give a last day or a number of times, not both.")
            return
        if repeat == "MONTHLY" and data.get("repeat_week") and not data.get("repeat_weekdays"):
            self.add_error("repeat_weekdays", "Choose the weekday of that week (the second Wednesday…).")
            return
        event = Event(time_zone=data.get("time_zone") or "UTC", all_day=bool(data.get("all_day")))
        if repeat and until and data.get("start") and until < self.local(data["start"], event).date():
            self.add_error("repeat_until", "The last day must not be before the start.")
            return
        data["rrule"] = build_rule(
            repeat,
            interval=data.get("repeat_interval") or 1,
            weekdays=data.get("repeat_weekdays") or [],
            week=data.get("repeat_week") or "",
            until=until,
            count=count,
            zone=event.zone,
            all_day=event.all_day,
        )

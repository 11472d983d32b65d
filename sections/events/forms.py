"""The visitor's submission form and the moderator's review form (they import models only)."""

from datetime import UTC, datetime, time, timedelta

from django import forms
from django.utils.html import escape, linebreaks

from .models import Calendar, Event, EventLocation, time_zone_names

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

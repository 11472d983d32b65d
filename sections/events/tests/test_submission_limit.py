"""The per-user limit on event submissions (EVENTS_SUBMISSIONS_PER_DAY, pydotorg/core/limits.py):
the submission after the limit creates no event, no venue and mails nobody."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from pydotorg.core.models import OutgoingEmail
from sections.events.factories import CalendarFactory
from sections.events.models import Event, EventLocation

pytestmark = pytest.mark.django_db

SUBMISSION = {
    "title": "PyCon Atlantis",
    "description": "Talks and sprints.",
    "venue": "Harbour hall",
    "start": "2030-06-01T09:00",
    "end": "2030-06-01T17:00",
    "time_zone": "Europe/Vienna",
}


def test_submissions_beyond_the_daily_limit_are_refused(
    client, index, users, settings, django_capture_on_commit_callbacks
):
    settings.EVENTS_SUBMISSIONS_PER_DAY = 3
    calendar = CalendarFactory()
    client.force_login(users["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert client.post("/events/submit/", {**SUBMISSION, "calendar": calendar.pk}).status_code == 302
    counts = (Event.objects.count(), EventLocation.objects.count(), OutgoingEmail.objects.count(), len(mail.outbox))
    assert counts == (3, 3, 3, 3)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/events/submit/", {**SUBMISSION, "calendar": calendar.pk})
    assert response.status_code == 200
    assert "You have submitted 3 events in the last 24 hours, the most allowed." in response.content.decode()
    assert (
        Event.objects.count(),
        EventLocation.objects.count(),
        OutgoingEmail.objects.count(),
        len(mail.outbox),
    ) == counts

    client.force_login(users["user"])  # the limit is per user
    assert client.post("/events/submit/", {**SUBMISSION, "calendar": calendar.pk}).status_code == 302
    client.force_login(users["owner"])  # and per day
    Event.objects.filter(submitted_by=users["owner"]).update(created_at=timezone.now() - timedelta(hours=24, minutes=1))
    assert client.post("/events/submit/", {**SUBMISSION, "calendar": calendar.pk}).status_code == 302

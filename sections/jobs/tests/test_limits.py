"""Per-user limits (pydotorg/core/limits.py) on job submissions (JOBS_SUBMISSIONS_PER_DAY) and
job comments (JOBS_COMMENTS_PER_HOUR; moderators have none): the one after the limit is
refused with a message, creates nothing and mails nobody."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from pydotorg.core.models import OutgoingEmail
from sections.jobs.models import Job, JobEvent
from sections.jobs.tests.test_views import FORM

pytestmark = pytest.mark.django_db


def comment(client, job, text="Any news?"):
    return client.post(f"/jobs/{job.pk}/comment/", {"comment": text}, follow=True)


def test_comments_beyond_the_hourly_limit_are_refused(
    client, make_job, owner, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_COMMENTS_PER_HOUR = 3
    job, other_job = make_job("review"), make_job("review")
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            assert "Your comment is posted." in comment(client, job, f"Comment {number}").content.decode()
    assert (JobEvent.objects.filter(action="comment").count(), len(mail.outbox)) == (3, 3)

    with django_capture_on_commit_callbacks(execute=True):
        page = comment(client, other_job).content.decode()  # the limit is the user's, on every job
    assert "You have posted 3 comments in the last hour, the most allowed. Please try again later." in page
    assert (JobEvent.objects.filter(action="comment").count(), len(mail.outbox), OutgoingEmail.objects.count()) == (
        3,
        3,
        3,
    )
    JobEvent.objects.update(created=timezone.now() - timedelta(minutes=61))
    assert "Your comment is posted." in comment(client, job).content.decode()


def test_moderators_comment_without_limit(client, make_job, moderator, settings):
    settings.JOBS_COMMENTS_PER_HOUR = 2
    job = make_job("review")
    client.force_login(moderator)
    for number in range(5):
        assert "Your comment is posted." in comment(client, job, f"Answer {number}").content.decode()
    assert job.events.filter(action="comment", actor=moderator).count() == 5


def test_job_submissions_beyond_the_daily_limit_create_nothing_and_mail_nobody(
    client, board, owner, category, job_type, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_SUBMISSIONS_PER_DAY = 2
    data = {**FORM, "category": category.pk, "job_types": [job_type.pk], "submit": "1"}
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert client.post("/jobs/create/", data).status_code == 302
    sent = len(mail.outbox)
    assert sent == 2  # the moderators, once per job
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/jobs/create/", data)
    assert response.status_code == 200
    assert "You have submitted 2 jobs in the last 24 hours, the most allowed." in response.content.decode()
    assert (Job.objects.count(), len(mail.outbox)) == (2, sent)

"""Every transition of the lifecycle, allowed and refused; history; expiry; the tasks."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import ModelLogEntry

from pydotorg.core.moderation import TransitionNotAllowed
from sections.jobs import tasks
from sections.jobs.models import Job

S = Job.Status
# action → (statuses it may start from, target)
ALLOWED = {
    "submit": ({S.DRAFT, S.REJECTED}, S.REVIEW),
    "withdraw": ({S.REVIEW, S.APPROVED}, S.DRAFT),
    "approve": ({S.REVIEW}, S.APPROVED),
    "reject": ({S.REVIEW}, S.REJECTED),
    "remove": ({S.APPROVED}, S.REMOVED),
    "archive": ({S.APPROVED, S.EXPIRED}, S.ARCHIVED),
    "expire": ({S.APPROVED}, S.EXPIRED),
}
CASES = [(status, action) for action in ALLOWED for status in S.values]


@pytest.mark.parametrize(("status", "action"), CASES)
def test_every_transition_allowed_or_refused(make_job, status, action):
    job = make_job(status)
    sources, target = ALLOWED[action]
    if status in sources:
        event = job.transition(action, comment="why")
        job.refresh_from_db()
        assert job.status == target
        assert (event.from_status, event.to_status, event.action, event.comment) == (status, target, action, "why")
        assert job.live == (target == S.APPROVED)
    else:
        with pytest.raises(TransitionNotAllowed, match="cannot be"):
            job.transition(action)
        job.refresh_from_db()
        assert job.status == status
        assert not job.events.exists()


def test_approval_sets_expiry_publishes_and_keeps_history(make_job, moderator, settings):
    settings.JOBS_EXPIRY_DAYS = 90
    job = make_job("review")
    job.transition("approve", moderator, comment="Looks good")
    job.refresh_from_db()
    assert job.expires == timezone.localdate() + timedelta(days=90)
    assert job.approved_at is not None
    assert job.live and job.live_revision is not None
    assert job.live_revision.user == moderator
    assert ModelLogEntry.objects.filter(object_id=str(job.pk), action="wagtail.publish", user=moderator).exists()
    event = job.events.get()
    assert (event.actor, event.action, event.comment) == (moderator, "approve", "Looks good")
    job.transition("remove", moderator, comment="Filled")
    job.refresh_from_db()
    assert not job.live and job.status == S.REMOVED
    assert [e.action for e in job.events.all()] == ["approve", "remove"]


def test_the_roles_of_each_transition(make_job, users):
    job = make_job("review")
    for name in ("user", "owner", "editor", "staff"):  # is_staff alone moderates nothing
        with pytest.raises(PermissionDenied):
            job.transition("approve", users[name])
    with pytest.raises(PermissionDenied):
        job.transition("withdraw", users["moderator"])  # only the owner withdraws
    with pytest.raises(PermissionDenied):
        job.transition("expire", users["superuser"])  # only the site expires jobs
    job.transition("approve", users["moderator"])
    assert job.status == S.APPROVED


def test_staff_in_the_moderators_group_may_moderate(make_job, make_user):
    staff_moderator = make_user("staff-moderator", groups=["Job board moderators"], is_staff=True)
    job = make_job("review")
    event = job.transition("approve", staff_moderator)
    assert job.status == S.APPROVED and event.actor == staff_moderator


def test_a_job_cannot_be_approved_twice(make_job, moderator):
    job = make_job("review")
    stale = Job.objects.get(pk=job.pk)  # a second moderator's copy, loaded before the first approves
    job.transition("approve", moderator)
    with pytest.raises(TransitionNotAllowed):
        stale.transition("approve", moderator)
    assert job.events.filter(action="approve").count() == 1


def test_visible_means_approved_and_not_expired(make_job):
    today = timezone.localdate()
    shown = make_job("approved", expires=today)
    make_job("approved", expires=today - timedelta(days=1))
    for status in ("draft", "review", "rejected", "expired", "archived", "removed"):
        make_job(status)
    assert list(Job.objects.visible()) == [shown]


def test_daily_task_expires_and_weekly_task_archives(make_job, settings, django_capture_on_commit_callbacks):
    settings.JOBS_ARCHIVE_AFTER_DAYS = 30
    today = timezone.localdate()
    current = make_job("approved", expires=today)
    past = make_job("approved", expires=today - timedelta(days=1))
    old = make_job("approved", expires=today - timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_jobs_daily.call_local() == 2
        assert tasks.expire_jobs() == 0  # idempotent
        assert tasks.archive_jobs_weekly.call_local() == 1
        assert tasks.archive_jobs() == 0
    statuses = dict(Job.objects.values_list("pk", "status"))
    assert statuses == {current.pk: S.APPROVED, past.pk: S.EXPIRED, old.pk: S.ARCHIVED}
    assert [e.actor for e in past.events.all()] == [None]  # the site did it
    assert mail.outbox == []  # expiry and archiving tell nobody


def test_monthly_report_mails_counts_per_status(
    client, make_job, moderator, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_MODERATORS_EMAIL = "mods@example.com"
    make_job("approved")
    make_job("review")
    make_job("review")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.report_jobs_monthly.call_local()
    (message,) = mail.outbox
    assert message.to == ["mods@example.com"]
    assert message.subject.startswith("Job board report for ")
    assert "In review: 2" in message.body and "Approved: 1" in message.body and "Draft: 0" in message.body
    link = next(word for word in message.body.split() if word.startswith("http://testserver/"))
    client.force_login(moderator)
    assert client.get(link).status_code == 200


def test_periodic_schedule():
    def runs(task, moment):
        return task.task_class().validate_datetime(moment)

    now = timezone.now().replace(hour=3, minute=15)
    assert runs(tasks.expire_jobs_daily, now)
    monday = now - timedelta(days=now.weekday())
    assert runs(tasks.archive_jobs_weekly, monday.replace(minute=30))
    assert not runs(tasks.archive_jobs_weekly, (monday + timedelta(days=1)).replace(minute=30))
    assert runs(tasks.report_jobs_monthly, now.replace(day=1, hour=6, minute=0))


class DemoCommand:
    """What load_demo_content offers a section's demo module."""

    def __init__(self):
        from collections import Counter, defaultdict

        self.counts = defaultdict(Counter)
        self.warnings = []

    def tally(self, kind, status):
        self.counts[kind][status] += 1

    def progress(self, items, label):
        return items

    def warn(self, message):
        self.warnings.append(message)


def test_demo_content_is_idempotent(home_page, site):
    from sections.jobs import demo

    Command = DemoCommand
    first = Command()
    demo.load_demo(first)
    assert set(Job.objects.values_list("status", flat=True)) == set(S.values)
    assert Job.objects.count() >= 30 and first.counts["jobs"]["created"] == Job.objects.count()
    assert Job.objects.visible().count() >= 10
    second = Command()
    demo.load_demo(second)
    assert all(set(counts) == {"present"} for counts in second.counts.values()), second.counts


def test_demo_replaces_an_empty_generic_jobs_page_only(home_page, site):
    from sections.jobs import demo
    from sections.jobs.pages import JobBoardPage
    from sections.pages.factories import SectionPageFactory, StandardPageFactory
    from sections.pages.pages import SectionPage

    old = SectionPageFactory(parent=home_page, slug="jobs", title="Jobs")
    StandardPageFactory(parent=old, slug="child")
    command = DemoCommand()
    demo.ensure_board(command)
    assert command.warnings and not JobBoardPage.objects.exists()  # it has children: kept

    old.get_children().delete()
    demo.ensure_board(DemoCommand())
    board = JobBoardPage.objects.get()
    assert board.url == "/jobs/" and not SectionPage.objects.filter(slug="jobs").exists()


def test_a_factory_for_every_model_and_page_type(board, owner):
    from sections.jobs import factories

    job = factories.JobFactory(approved=True, submitted_by=owner, job_types=[factories.JobTypeFactory()])
    event = factories.JobEventFactory(job=job)
    assert (event.actor, event.action, event.from_status) == (owner, "comment", S.APPROVED)
    assert job.is_visible and job.job_types.count() == 1 and board.url == "/jobs/"
    assert factories.JobCategoryFactory().jobs.count() == 0

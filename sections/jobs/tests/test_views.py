"""Submission, moderation and public pages through the site: forms, emails, feed, JSON-LD,
bad input, query counts."""

import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.core import mail
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils  # noqa: F401 (Wagtail's helpers are importable)

from pydotorg.core import pagecache
from sections.jobs import notifications
from sections.jobs.models import Job, JobEvent
from sections.jobs.pages import JobBoardPage

FORM = {
    "title": "Senior Python Engineer",
    "company_name": "Example Corp",
    "company_description": "We make examples.",
    "city": "Berlin",
    "region": "",
    "country": "Germany",
    "telecommuting": "on",
    "agencies": "",
    "description": "Build **great** things.",
    "requirements": "- Python\n- Tests",
    "contact": "Ada",
    "email": "jobs@example.com",
    "url": "https://example.com/",
    "website": "",
}


@pytest.fixture
def form_data(board, category, job_type):
    return {**FORM, "category": category.pk, "job_types": [job_type.pk]}


def links(message):
    return re.findall(r"http://testserver/\S+", message.body)


def follow_link(client, message, user=None):
    """GET the first link of a mail (as `user`) and return the response."""
    (link, *_) = links(message)
    if user is not None:
        client.force_login(user)
    return client.get(link)


# --- Page tree -------------------------------------------------------------------------


def test_board_page_lives_under_home_only_once(board, home_page):
    assert JobBoardPage.can_exist_under(home_page)
    assert JobBoardPage.max_count == 1
    assert not JobBoardPage.can_create_at(board.get_parent())  # there is one already
    assert board.url == "/jobs/"


# --- Submitters ------------------------------------------------------------------------


def test_create_preview_save_draft_and_submit(client, owner, moderator, form_data, django_capture_on_commit_callbacks):
    client.force_login(owner)
    response = client.post("/jobs/create/", {**form_data, "preview": "1"})
    assert response.status_code == 200
    assert b"Preview (not saved yet)" in response.content and b"<strong>great</strong>" in response.content
    assert not Job.objects.exists()

    response = client.post("/jobs/create/", {**form_data, "save": "1"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/preview/"
    assert (job.status, job.submitted_by, job.location_slug, job.live) == ("draft", owner, "berlin-germany", False)
    assert job.revisions.count() == 1
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/jobs/{job.pk}/edit/", {**form_data, "title": "Lead Python Engineer", "submit": "1"})
    job.refresh_from_db()
    assert (job.title, job.status) == ("Lead Python Engineer", "review")
    (message,) = mail.outbox
    assert message.to == ["jobs@python.org"]
    assert message.subject == "New job for review: Lead Python Engineer at Example Corp"
    response = follow_link(client, message, moderator)
    assert response.status_code == 200 and b"Moderation" in response.content


def test_reject_edit_resubmit_approve_with_emails(
    client, make_job, owner, moderator, django_capture_on_commit_callbacks
):
    job = make_job("review", title="Data Engineer")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/jobs/{job.pk}/reject/", {"comment": "Please add a salary range."})
    job.refresh_from_db()
    assert job.status == "rejected"
    (rejected,) = mail.outbox
    assert rejected.to == [owner.email]
    assert rejected.subject == "Your job posting needs changes: Data Engineer"
    assert "Please add a salary range." in rejected.body
    response = follow_link(client, rejected, owner)
    assert response.status_code == 200 and b"Please add a salary range." in response.content

    mine = client.get("/jobs/mine/")
    assert b"Rejected" in mine.content and b"Please add a salary range." in mine.content
    assert client.get(f"/jobs/{job.pk}/edit/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/jobs/{job.pk}/submit/")
    job.refresh_from_db()
    assert job.status == "review" and mail.outbox[-1].to == ["jobs@python.org"]

    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/jobs/{job.pk}/approve/", {"comment": "Thanks!"})
    job.refresh_from_db()
    assert job.status == "approved"
    approved = mail.outbox[-1]
    assert approved.to == [owner.email]
    assert approved.subject == "Your job posting was approved: Data Engineer"
    client.logout()
    response = follow_link(client, approved)
    assert response.status_code == 200 and b"Data Engineer" in response.content
    assert [e.action for e in job.events.all()] == ["reject", "submit", "approve"]


def test_comment_thread_mails_the_other_party(client, make_job, owner, moderator, django_capture_on_commit_callbacks):
    job = make_job("review", title="Web Developer")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/jobs/{job.pk}/comment/", {"comment": "Is this role remote?"})
    to_owner = mail.outbox[-1]
    assert to_owner.to == [owner.email]
    assert to_owner.subject == "A moderator commented on your job posting: Web Developer"
    assert "Is this role remote?" in to_owner.body
    response = follow_link(client, to_owner, owner)
    assert response.status_code == 200 and b"Is this role remote?" in response.content

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/jobs/{job.pk}/comment/", {"comment": "Yes, fully remote."})
    to_moderators = mail.outbox[-1]
    assert to_moderators.to == ["jobs@python.org"]
    assert to_moderators.subject == "Reply from the submitter of: Web Developer"
    assert to_moderators.reply_to == [owner.email]
    response = follow_link(client, to_moderators, moderator)
    assert response.status_code == 200 and b"Yes, fully remote." in response.content
    assert job.events.filter(action="comment").count() == 2
    assert client.post(f"/jobs/{job.pk}/comment/", {"comment": ""}).status_code == 302
    assert job.events.filter(action="comment").count() == 2


def test_remove_mails_the_submitter(client, make_job, owner, moderator, django_capture_on_commit_callbacks):
    job = make_job("approved", title="Removed job")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/jobs/{job.pk}/remove/", {"comment": "The position is filled."})
    (message,) = mail.outbox
    assert message.to == [owner.email] and message.subject == "Your job posting was removed: Removed job"
    assert follow_link(client, message, owner).status_code == 200
    client.logout()
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


def test_mail_is_kept_when_the_mail_server_is_down(
    make_job, moderator, monkeypatch, django_capture_on_commit_callbacks
):
    from pydotorg.core.models import OutgoingEmail

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)  # the delivery backend
    job = make_job("review")
    with django_capture_on_commit_callbacks(execute=True):
        job.transition("approve", moderator, on_done=notifications.transition_done)
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.PENDING and "SMTP down" in email.last_error
    assert Job.objects.get(pk=job.pk).status == "approved"  # the action is not undone


def test_withdraw_and_a_job_cannot_be_approved_twice(client, make_job, owner, moderator):
    job = make_job("review")
    client.force_login(moderator)
    client.post(f"/jobs/{job.pk}/approve/")
    response = client.post(f"/jobs/{job.pk}/approve/", follow=True)
    assert b"A job that is approved cannot be approved." in response.content
    assert job.events.filter(action="approve").count() == 1
    client.force_login(owner)
    client.post(f"/jobs/{job.pk}/withdraw/")
    job.refresh_from_db()
    assert job.status == "draft" and not job.live


def test_only_draft_or_rejected_jobs_are_editable(client, make_job, owner, form_data):
    job = make_job("review", title="In review")
    client.force_login(owner)
    response = client.post(f"/jobs/{job.pk}/edit/", {**form_data, "title": "Changed", "save": "1"}, follow=True)
    assert b"cannot be edited" in response.content
    job.refresh_from_db()
    assert job.title == "In review"


def test_reject_without_comment_is_refused(client, make_job, moderator):
    job = make_job("review")
    client.force_login(moderator)
    response = client.post(f"/jobs/{job.pk}/reject/", {"comment": ""}, follow=True)
    assert b"Say what needs to change" in response.content
    job.refresh_from_db()
    assert job.status == "review"


# --- Bad input ---------------------------------------------------------------------------

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
TEXT_FIELDS = [
    "title",
    "company_name",
    "company_description",
    "city",
    "region",
    "country",
    "description",
    "requirements",
    "contact",
]


def test_xss_in_every_text_field_is_inert(client, owner, moderator, form_data):
    client.force_login(owner)
    data = {**form_data, **{name: f"{name} {XSS}" for name in TEXT_FIELDS}, "save": "1"}
    assert client.post("/jobs/create/", data).status_code == 302
    job = Job.objects.get()
    job.transition("submit", owner)
    job.transition("approve", moderator)
    for url in [
        f"/jobs/{job.pk}/",
        f"/jobs/{job.pk}/preview/",
        "/jobs/",
        "/jobs/mine/",
        "/jobs/locations/",
        "/jobs/feed/rss/",
    ]:
        content = client.get(url).content.decode()
        json_ld = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', content, re.S)
        assert all("<" not in data for data in json_ld)  # a JSON string cannot close the tag
        content = re.sub(r'<script type="application/ld\+json"[^>]*>.*?</script>', "", content, flags=re.S)
        assert "<script>alert" not in content, url
        assert "onerror=alert" not in content.replace("onerror=alert(1)&gt;", ""), url
    client.force_login(moderator)
    for url in ["/jobs/review/?status=approved", f"/admin/snippets/jobs/job/review/{job.pk}/"]:
        assert "<script>alert" not in client.get(url).content.decode(), url


def test_invalid_email_and_url_are_form_errors(client, owner, form_data):
    client.force_login(owner)
    response = client.post(
        "/jobs/create/", {**form_data, "email": "not-an-email", "url": "javascript:alert(1)", "save": "1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"email", "url"}
    assert not Job.objects.exists()


def test_honeypot_refuses_bots(client, owner, form_data):
    client.force_login(owner)
    response = client.post("/jobs/create/", {**form_data, "website": "http://spam.example", "submit": "1"})
    assert response.status_code == 200 and "website" in response.context["form"].errors
    assert not Job.objects.exists()


def test_submissions_beyond_the_daily_rate_are_refused(client, owner, form_data, settings):
    settings.JOBS_SUBMISSIONS_PER_DAY = 2
    client.force_login(owner)
    for _ in range(2):
        assert client.post("/jobs/create/", {**form_data, "submit": "1"}).status_code == 302
    response = client.post("/jobs/create/", {**form_data, "submit": "1"})
    assert response.status_code == 200
    assert "You have submitted 2 jobs in the last 24 hours" in response.content.decode()
    assert Job.objects.count() == 2
    Job.objects.update(created=timezone.now() - timedelta(days=1, minutes=1))
    assert client.post("/jobs/create/", {**form_data, "submit": "1"}).status_code == 302


# --- Public pages ------------------------------------------------------------------------


def test_filters_and_search(client, make_job, job_type, category):
    from sections.jobs.factories import JobCategoryFactory, JobTypeFactory

    other_type, other_category = JobTypeFactory(slug="front-end"), JobCategoryFactory(slug="web")
    berlin = make_job("approved", title="Berlin backend", telecommuting=False)
    remote = make_job(
        "approved", title="Remote frontend", city="Paris", country="France", telecommuting=True, category=other_category
    )
    remote.job_types.set([other_type])
    make_job("review", title="Hidden draft")
    make_job("approved", title="Expired", expires=timezone.localdate() - timedelta(days=1))

    def titles(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return [job.title for job in response.context["jobs"]]

    assert titles("/jobs/") == ["Remote frontend", "Berlin backend"]
    assert titles("/jobs/?remote=1") == ["Remote frontend"]
    assert titles("/jobs/?q=backend") == ["Berlin backend"]
    assert titles("/jobs/?type=front-end") == ["Remote frontend"]
    assert titles("/jobs/type/back-end-developer/") == ["Berlin backend"]
    assert titles("/jobs/category/web/") == ["Remote frontend"]
    assert titles("/jobs/location/paris-france/") == ["Remote frontend"]
    assert titles("/jobs/?location=berlin-germany&q=nothing") == []
    assert client.get("/jobs/location/nowhere/").status_code == 404
    assert client.get("/jobs/type/nothing/").status_code == 404
    assert client.get("/jobs/category/nothing/").status_code == 404
    locations = client.get("/jobs/locations/").content.decode()
    assert "/jobs/location/berlin-germany/" in locations and "/jobs/location/paris-france/" in locations
    assert "/jobs/type/back-end-developer/" in client.get("/jobs/types/").content.decode()
    assert "/jobs/category/web/" in client.get("/jobs/categories/").content.decode()
    assert berlin.pk


def test_feed_lists_the_20_newest_approved_jobs(client, make_job):
    now = timezone.now()
    for number in range(22):
        make_job("approved", title=f"Job {number}", approved_at=now - timedelta(hours=number))
    make_job("review", title="Not yet")
    response = client.get("/jobs/feed/rss/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    assert feed.feed.title == "Python.org job board"
    assert len(feed.entries) == 20
    assert feed.entries[0].title.startswith("Job 0,")
    assert feed.entries[0].link.startswith("http://testserver/jobs/")
    assert client.get(feed.entries[0].link).status_code == 200
    assert "Not yet" not in response.content.decode()


def test_job_page_carries_jobposting_json_ld(client, make_job):
    job = make_job("approved", title="ML Engineer </script><script>alert(1)</script>", telecommuting=True)
    content = client.get(f"/jobs/{job.pk}/").content.decode()
    (raw,) = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', content, re.S)
    data = json.loads(raw)
    assert data["@type"] == "JobPosting" and data["@context"] == "https://schema.org/"
    assert data["title"] == job.title  # escaped in the HTML, intact in the JSON
    assert data["hiringOrganization"]["name"] == "Example Corp"
    assert data["jobLocation"]["address"]["addressLocality"] == "Berlin"
    assert data["validThrough"] == job.expires.isoformat()
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["employmentType"] == ["OTHER"]  # a role, not an employment type (test_json_ld.py)
    assert data["url"] == f"http://testserver/jobs/{job.pk}/"
    assert "<script>alert" not in content


def test_board_renders_with_constant_queries(client, board, category, job_type, count_queries):
    def make(count):
        Job.objects.all().delete()
        now = timezone.now()
        jobs = Job.objects.bulk_create(
            Job(
                title=f"Job {n}",
                company_name="Corp",
                category=category,
                city="Berlin",
                country="Germany",
                location_slug="berlin-germany",
                description="x",
                requirements="y",
                email="a@example.com",
                status="approved",
                live=True,
                approved_at=now,
                expires=timezone.localdate() + timedelta(days=30),
            )
            for n in range(count)
        )
        Job.job_types.through.objects.bulk_create(Job.job_types.through(job=j, jobtype=job_type) for j in jobs)
        pagecache.purge(keys=["jobs"])  # bulk_create sends no signal (the board's own writes do)

    counts = []
    for count in (10, 1000):
        make(count)
        client.get("/jobs/")  # warm the site and settings caches
        pagecache.purge(keys=["jobs"])  # the list's fragment built by the counted render
        counts.append(count_queries("/jobs/"))
    assert counts[0] == counts[1], counts
    assert b"Page 1 of 50" in client.get("/jobs/").content


def test_detail_of_unpublished_job_is_hidden(client, make_job):
    for status in ("draft", "review", "rejected", "expired", "archived", "removed"):
        job = make_job(status)
        assert client.get(f"/jobs/{job.pk}/").status_code == 404, status
    assert client.get("/jobs/999999/").status_code == 404
    assert JobEvent.objects.count() == 0


@pytest.mark.parametrize(("url", "role"), [("/jobs/mine/", "owner"), ("/jobs/review/", "moderator")])
def test_mine_and_review_render_with_constant_queries(client, make_job, users, url, role, count_queries):
    client.force_login(users[role])
    counts = []
    for extra in (2, 20):
        for _ in range(extra):
            job = make_job("review")
            JobEvent.objects.create(job=job, actor=users["moderator"], action="comment", comment="Salary?")
        client.get(url)
        counts.append(count_queries(url))
    assert counts[0] == counts[1], counts

"""The moderators' "Awaiting your review" dashboard panel and "Awaiting review" admin menu
(pydotorg/core/moderation.py's review queues, registered by jobs and events), and the job
board's admin: the Review page's facts, the Review button only where a review is due, the
editor's Publish of a job in review being its approval (one state, one mail)."""

import json

import lxml.html
import pytest
from django.core import mail
from django.urls import reverse

from pydotorg.core import moderation
from sections.events.factories import EventFactory, EventsIndexPageFactory
from sections.events.models import Event
from sections.jobs.models import Job, JobEvent

from .conftest import login

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/jobs/job/"


@pytest.fixture
def roles(users, make_user):
    """The root roles, the job board moderator, an event moderator and a moderator of both."""
    return {
        **users,
        "event_moderator": make_user("eventmod", groups=["Event moderators"]),
        "both": make_user("both", groups=["Job board moderators", "Event moderators"]),
    }


@pytest.fixture
def waiting(make_job, owner, home_page):
    """Five jobs and one event awaiting review (and others that are not)."""
    for _ in range(5):
        make_job(Job.Status.REVIEW)
    make_job(Job.Status.APPROVED)
    make_job(Job.Status.DRAFT)
    EventsIndexPageFactory(parent=home_page)
    EventFactory(live=False, moderation_status=Event.Moderation.PENDING, submitted_by=owner)
    EventFactory(live=True, moderation_status=Event.Moderation.APPROVED, submitted_by=owner)


def panel(html):
    """The "Awaiting your review" panel's rows: {label: (text, link)}, or None without the panel."""
    doc = lxml.html.fromstring(html)
    found = doc.xpath('//*[@id="awaiting-review-content"]')
    if not found:
        return None
    rows = found[0].xpath(".//tbody/tr")
    return {
        row.xpath("string(.//a)").strip(): (" ".join(row.text_content().split()), row.xpath(".//a/@href")[0])
        for row in rows
    }


def menu_labels(html):
    """The labels of the admin sidebar's "Awaiting review" submenu (from the sidebar's JSON props)."""
    props = lxml.html.fromstring(html).xpath('//script[@id="wagtail-sidebar-props"]/text()')

    def find(node):
        if isinstance(node, dict):
            args = node.get("_args") or []
            if node.get("_type") == "wagtail.sidebar.SubMenuItem" and args[0]["name"] == "awaiting-review":
                return [child["_args"][0]["label"] for child in args[1]]
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                if (found := find(child)) is not None:
                    return found
        return None

    return find(json.loads(props[0])) or [] if props else []


def test_jobs_and_events_register_their_queues():
    assert {Job, Event} <= set(moderation.REVIEW_QUEUES)
    assert moderation.REVIEW_QUEUES[Job].label == "Jobs" and moderation.REVIEW_QUEUES[Event].label == "Events"


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", "login"),
        ("user", "login"),  # no admin access
        ("staff", "login"),  # is_staff alone grants nothing
        ("editor", {}),
        ("moderator", {"Jobs": ("Jobs 5 waiting", f"{LIST_URL}?status=review")}),
        ("event_moderator", {"Events": ("Events 1 waiting", "/events/review/")}),
        (
            "both",
            {
                "Events": ("Events 1 waiting", "/events/review/"),
                "Jobs": ("Jobs 5 waiting", f"{LIST_URL}?status=review"),
            },
        ),
        (
            "superuser",
            {
                "Events": ("Events 1 waiting", "/events/review/"),
                "Jobs": ("Jobs 5 waiting", f"{LIST_URL}?status=review"),
                "Success stories": ("Success stories Nothing waiting", "/admin/reports/workflow/"),
                "Nominations": (
                    "Nominations Nothing waiting",
                    "/admin/snippets/nominations/nomination/?accepted=true&approved=false",
                ),
                "Sponsorship applications": (
                    "Sponsorship applications Nothing waiting",
                    "/admin/snippets/sponsors/sponsorship/?status=applied",
                ),
                "Contracts awaiting signature": (
                    "Contracts awaiting signature Nothing waiting",
                    "/admin/snippets/sponsors/contract/?status=awaiting_signature",
                ),
            },
        ),
    ],
)
def test_dashboard_panel_and_menu_by_role(client, roles, waiting, role, expected):
    response = login(client, roles[role]).get("/admin/")
    if expected == "login":
        assert response.status_code == 302 and "/login/" in response["Location"]
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert (panel(html) or {}) == expected
    count = lambda text: "0" if text.endswith("Nothing waiting") else text.split()[-2]  # noqa: E731
    labels = sorted(f"{label} ({count(text)})" for label, (text, _) in expected.items())
    assert sorted(menu_labels(html)) == labels
    for _label, (_text, link) in expected.items():  # every link answers the moderator
        assert login(client, roles[role]).get(link).status_code == 200


def test_the_counts_follow_the_queue(client, roles, make_job):
    client.force_login(roles["moderator"])
    assert panel(client.get("/admin/").content.decode()) == {
        "Jobs": ("Jobs Nothing waiting", f"{LIST_URL}?status=review")
    }
    job = make_job(Job.Status.REVIEW)
    assert panel(client.get("/admin/").content.decode())["Jobs"][0] == "Jobs 1 waiting"
    job.transition("approve", roles["moderator"])
    assert panel(client.get("/admin/").content.decode())["Jobs"][0] == "Jobs Nothing waiting"


def test_a_later_section_plugs_in_with_one_call(client, roles, make_job):
    """A queue registered like jobs' appears for those who moderate its model (here: jobs)."""
    queue = moderation.register_review_queue(
        "Zzz test queue",
        type("Fake", (), {"moderate_permission": "jobs.moderate_job"}),
        Job.objects.filter(status=Job.Status.DRAFT),
        "/zzz/",
    )
    try:
        make_job(Job.Status.DRAFT)
        client.force_login(roles["moderator"])
        html = client.get("/admin/").content.decode()
        assert panel(html)["Zzz test queue"] == ("Zzz test queue 1 waiting", "/zzz/")
        assert "Zzz test queue (1)" in menu_labels(html)
        client.force_login(roles["event_moderator"])
        assert "Zzz test queue" not in panel(client.get("/admin/").content.decode())
    finally:
        del moderation.REVIEW_QUEUES[queue.model]


# --- The job board's admin -------------------------------------------------------------------


def test_review_page_shows_every_fact_a_moderator_decides_on(client, moderator, make_job, job_type):
    job = make_job(Job.Status.REVIEW, contact="Ada", email="hr@acme.example", url="https://acme.example/jobs/1")
    client.force_login(moderator)
    html = client.get(reverse("wagtailsnippets_jobs_job:review", args=[job.pk])).content.decode()
    for text in (job.category.name, job_type.name, "hr@acme.example", "https://acme.example/jobs/1", "Ada"):
        assert text in html, text


@pytest.mark.parametrize(
    "status, label",
    [
        (Job.Status.REVIEW, "Review"),
        (Job.Status.APPROVED, "Remove or archive"),
        (Job.Status.EXPIRED, "Archive"),
        (Job.Status.DRAFT, None),
        (Job.Status.REJECTED, None),
        (Job.Status.ARCHIVED, None),
    ],
)
def test_review_button_only_where_a_review_is_due(client, moderator, make_job, status, label):
    job = make_job(status)
    client.force_login(moderator)
    doc = lxml.html.fromstring(client.get(LIST_URL).content.decode())
    url = reverse("wagtailsnippets_jobs_job:review", args=[job.pk])
    buttons = [" ".join(a.text_content().split()) for a in doc.xpath(f'//a[@href="{url}"]')]
    assert buttons == ([label] if label else [])


def admin_form_values(html):
    """What the browser would post from the admin edit form (lxml fills in the form's values)."""
    form = next(
        f for f in lxml.html.fromstring(html).forms if f.get("method", "").lower() == "post" and "title" in f.inputs
    )
    return dict(form.form_values())


def test_publish_in_the_editor_approves_a_job_in_review(
    client, roles, make_job, owner, django_capture_on_commit_callbacks
):
    """Publishing from the admin editor (superusers: moderators lack publish_job) is the
    approval: approved, live, an expiry date, one history step, one mail to the submitter."""
    job = make_job(Job.Status.REVIEW)
    client.force_login(roles["superuser"])
    edit_url = reverse("wagtailsnippets_jobs_job:edit", args=[job.pk])
    data = {**admin_form_values(client.get(edit_url).content.decode()), "action-publish": "action-publish"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, data)
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.live, job.expires is not None) == (Job.Status.APPROVED, True, True)
    assert list(JobEvent.objects.filter(job=job).values_list("to_status", flat=True)) == [Job.Status.APPROVED]
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert not moderation.REVIEW_QUEUES[Job].is_waiting(job)


def test_publish_in_the_editor_of_a_draft_job_is_refused(client, roles, make_job):
    job = make_job(Job.Status.DRAFT)
    client.force_login(roles["superuser"])
    edit_url = reverse("wagtailsnippets_jobs_job:edit", args=[job.pk])
    data = {**admin_form_values(client.get(edit_url).content.decode()), "action-publish": "action-publish"}
    response = client.post(edit_url, data, follow=True)
    job.refresh_from_db()
    assert (job.status, job.live) == (Job.Status.DRAFT, False)
    assert "goes live only through moderation" in response.content.decode()
    assert not mail.outbox

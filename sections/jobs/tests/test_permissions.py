"""Every job URL and admin action for every role: anonymous, user, owner, other user,
moderator, editor, staff, superuser. Staff alone moderates nothing (`is_staff` grants no
write): the "Job board moderators" group or the `jobs.moderate_job` permission does."""

import pytest

from sections.jobs.models import Job

from .conftest import login

ROLES = ["anonymous", "user", "owner", "moderator", "editor", "staff", "superuser"]
LOGIN = "login"  # a redirect to the login page

# url template → {role: expected status}; {draft} and {approved} are job pks, "user" is
# the "other user" (not the owner).
PUBLIC = dict.fromkeys(ROLES, 200)
MEMBERS = {**dict.fromkeys(ROLES, 200), "anonymous": LOGIN}
OWNER_OR_MODERATOR = {
    "anonymous": LOGIN,
    "user": 403,
    "owner": 200,
    "moderator": 200,
    "editor": 403,
    "staff": 403,
    "superuser": 200,
}
MODERATORS = {**OWNER_OR_MODERATOR, "owner": 403}
OWNER_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "owner": 200}
HIDDEN_UNLESS_OWNER_OR_MODERATOR = {**OWNER_OR_MODERATOR, "anonymous": 404, "user": 404, "editor": 404, "staff": 404}

GET_URLS = {
    "/jobs/": PUBLIC,
    "/jobs/{approved}/": PUBLIC,
    "/jobs/{draft}/": HIDDEN_UNLESS_OWNER_OR_MODERATOR,
    "/jobs/location/berlin-germany/": PUBLIC,
    "/jobs/type/back-end-developer/": PUBLIC,
    "/jobs/category/software-engineer/": PUBLIC,
    "/jobs/locations/": PUBLIC,
    "/jobs/types/": PUBLIC,
    "/jobs/categories/": PUBLIC,
    "/jobs/feed/rss/": PUBLIC,
    "/jobs/create/": MEMBERS,
    "/jobs/mine/": MEMBERS,
    "/jobs/review/": MODERATORS,
    "/jobs/{draft}/preview/": OWNER_OR_MODERATOR,
    "/jobs/{draft}/edit/": OWNER_ONLY,
}


@pytest.mark.parametrize("role", ROLES)
def test_every_job_url_for_every_role(client, make_job, users, role):
    jobs = {"draft": make_job("draft").pk, "approved": make_job("approved").pk}
    login(client, users[role])
    for template, expected in GET_URLS.items():
        url = template.format(**jobs)
        response = client.get(url)
        want = expected[role]
        if want == LOGIN:
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
        else:
            assert response.status_code == want, (url, role, response.status_code)


# action → (status it starts from, the roles allowed)
ACTIONS = {
    "submit": ("draft", {"owner"}),
    "withdraw": ("review", {"owner"}),
    "approve": ("review", {"moderator", "superuser"}),
    "reject": ("review", {"moderator", "superuser"}),
    "remove": ("approved", {"moderator", "superuser"}),
    "archive": ("approved", {"moderator", "superuser"}),
    "comment": ("review", {"owner", "moderator", "superuser"}),
}


@pytest.mark.parametrize("role", ROLES)
def test_every_job_action_for_every_role(client, make_job, users, role):
    login(client, users[role])
    for action, (status, allowed) in ACTIONS.items():
        job = make_job(status)
        response = client.post(f"/jobs/{job.pk}/{action}/", {"comment": "A comment"})
        job.refresh_from_db()
        if role in allowed:
            assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/preview/", action
            assert job.events.filter(action=action).exists(), action
        else:
            expected = 302 if role == "anonymous" else 403
            assert response.status_code == expected, (action, role, response.status_code)
            assert job.status == status and not job.events.exists(), action
        assert client.get(f"/jobs/{job.pk}/{action}/").status_code in (405, 403, 302)


ADMIN_ALLOWED = {"moderator", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_admin_views_and_review_action_for_every_role(client, make_job, users, role):
    job = make_job("review")
    login(client, users[role])
    urls = [
        "/admin/snippets/jobs/job/",
        f"/admin/snippets/jobs/job/edit/{job.pk}/",
        f"/admin/snippets/jobs/job/review/{job.pk}/",
        "/admin/snippets/jobs/jobtype/",
        "/admin/snippets/jobs/jobcategory/",
    ]
    for url in urls:
        response = client.get(url)
        if role in ADMIN_ALLOWED:
            assert response.status_code == 200, url
        else:
            assert response.status_code in (302, 403), (url, role)
    response = client.post(f"/admin/snippets/jobs/job/review/{job.pk}/", {"action": "approve", "comment": ""})
    job.refresh_from_db()
    if role in ADMIN_ALLOWED:
        assert response.status_code == 302
        assert job.status == Job.Status.APPROVED
    else:
        assert response.status_code in (302, 403)
        assert job.status == Job.Status.REVIEW


def test_staff_in_the_moderators_group_moderates(client, make_job, make_user):
    """is_staff grants nothing; the group does, for staff as for anyone."""
    staff_moderator = make_user("staff-moderator", groups=["Job board moderators"], is_staff=True)
    job = make_job("review")
    client.force_login(staff_moderator)
    assert client.get("/jobs/review/").status_code == 200
    assert client.get(f"/jobs/{job.pk}/preview/").status_code == 200
    assert client.get(f"/admin/snippets/jobs/job/review/{job.pk}/").status_code == 200
    response = client.post(f"/jobs/{job.pk}/approve/", {"comment": "Welcome"})
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/preview/"
    job.refresh_from_db()
    assert job.status == Job.Status.APPROVED
    assert job.events.get().actor == staff_moderator


def test_admin_listing_offers_review_button(client, make_job, moderator):
    job = make_job("review")
    client.force_login(moderator)
    response = client.get("/admin/snippets/jobs/job/?status=review")
    assert f"/admin/snippets/jobs/job/review/{job.pk}/".encode() in response.content


def test_admin_reject_needs_a_comment(client, make_job, moderator):
    job = make_job("review")
    client.force_login(moderator)
    response = client.post(f"/admin/snippets/jobs/job/review/{job.pk}/", {"action": "reject", "comment": ""})
    assert response.status_code == 200
    assert b"Say what needs to change" in response.content
    job.refresh_from_db()
    assert job.status == Job.Status.REVIEW


def test_moderators_cannot_edit_site_pages(client, users, home_page):
    client.force_login(users["moderator"])
    response = client.get(f"/admin/pages/{home_page.pk}/edit/")
    assert response.status_code in (302, 403)
    assert not users["moderator"].has_perm("wagtailcore.change_page")
    client.force_login(users["editor"])
    assert client.get(f"/admin/pages/{home_page.pk}/edit/").status_code == 200


def test_editing_a_job_of_another_user_is_refused(client, make_job, users):
    job = make_job("draft", title="Original")
    client.force_login(users["user"])
    data = {"title": "Hijacked"}
    assert client.post(f"/jobs/{job.pk}/edit/", data).status_code == 403
    job.refresh_from_db()
    assert job.title == "Original"


def test_admin_comment_reaches_the_submitter(client, make_job, owner, moderator, django_capture_on_commit_callbacks):
    from django.core import mail

    job = make_job("review", title="Admin comment")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/snippets/jobs/job/review/{job.pk}/", {"action": "comment", "comment": "Salary?"}
        )
    assert response.status_code == 302
    assert job.events.get().comment == "Salary?"
    (message,) = mail.outbox
    assert message.to == [owner.email] and "Salary?" in message.body
    job.refresh_from_db()
    assert job.status == Job.Status.REVIEW

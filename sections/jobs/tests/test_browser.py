"""The whole review loop in headless Chromium against the live server: a user submits a
job, a moderator rejects it with a comment, the user edits and resubmits, the moderator
approves, the job is on /jobs/ and in the feed. Skipped without /usr/bin/chromium or
playwright."""

import pytest

from tests.browser import chromium, require_chromium, session_cookies, watch_csp

sync_api = require_chromium()


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def setup(live_server):
    """The board, a type and a category, and session cookies for a user and a moderator
    (made before Chromium starts: Django must not touch the database while Playwright's
    event loop runs in this thread)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import Page

    from sections.jobs.factories import JobBoardPageFactory, JobCategoryFactory, JobTypeFactory

    JobBoardPageFactory(parent=Page.objects.get(depth=2).specific)
    JobTypeFactory(name="Back-end Developer", slug="back-end")
    JobCategoryFactory(name="Software Engineer", slug="software-engineer")
    User = get_user_model()
    submitter = User.objects.create_user("submitter", "submitter@example.com", "password")
    moderator = User.objects.create_user("mod", "mod@example.com", "password")
    moderator.groups.add(Group.objects.get(name="Job board moderators"))
    cookies = {user.username: session_cookies(live_server.url, user) for user in (submitter, moderator)}
    return live_server.url, cookies


@pytest.fixture
def browser(setup):
    with chromium(sync_api) as browser:
        yield browser


def test_submit_reject_resubmit_approve(browser, setup):
    url, cookies = setup
    expect = sync_api.expect
    user_context, moderator_context, visitor_context = (
        browser.new_context(),
        browser.new_context(),
        browser.new_context(),
    )
    violations = []
    for context in (user_context, moderator_context, visitor_context):
        watch_csp(context, violations)
    user_context.add_cookies(cookies["submitter"])
    moderator_context.add_cookies(cookies["mod"])
    user, moderator = user_context.new_page(), moderator_context.new_page()
    for page in (user, moderator):
        page.set_default_timeout(10_000)

    # The user submits a job.
    user.goto(url + "/jobs/create/")
    user.get_by_label("Title", exact=True).fill("Django Developer")
    user.get_by_label("Company", exact=True).fill("Browser Corp")
    user.get_by_label("Category").select_option(label="Software Engineer")
    user.get_by_label("Back-end Developer").check()
    user.get_by_label("City", exact=True).fill("Lyon")
    user.get_by_label("Country", exact=True).fill("France")
    user.get_by_label("Description", exact=True).fill("Build **APIs**.")
    user.get_by_label("Requirements", exact=True).fill("- Django")
    user.get_by_label("Contact email").fill("jobs@browser.example")
    user.get_by_role("button", name="Preview").click()
    expect(user.get_by_role("heading", name="Preview (not saved yet)")).to_be_visible()
    user.get_by_role("button", name="Submit for review").click()
    expect(user.locator(".job-status")).to_contain_text("In review")

    # The moderator rejects it with a comment.
    moderator.goto(url + "/jobs/review/")
    moderator.get_by_role("link", name="Django Developer").click()
    moderator.locator("#moderate-reject-comment").fill("Please name the salary range.")
    moderator.get_by_role("button", name="Reject").click()
    expect(moderator.locator(".job-status")).to_contain_text("Rejected")

    # The user reads the comment, edits and resubmits.
    user.goto(url + "/jobs/mine/")
    expect(user.get_by_text("Please name the salary range.")).to_be_visible()
    user.get_by_role("link", name="Edit").click()
    user.get_by_label("Title", exact=True).fill("Django Developer (€60k–€70k)")
    user.get_by_role("button", name="Submit for review").click()
    expect(user.locator(".job-status")).to_contain_text("In review")

    # The moderator approves.
    moderator.goto(url + "/jobs/review/")
    moderator.get_by_role("link", name="Django Developer (€60k–€70k)").click()
    moderator.get_by_role("button", name="Approve").click()
    expect(moderator.locator(".job-status")).to_contain_text("Approved")

    # Everyone sees it on /jobs/ and in the feed.
    visitor = visitor_context.new_page()
    visitor.goto(url + "/jobs/")
    expect(visitor.get_by_role("link", name="Django Developer (€60k–€70k)")).to_be_visible()
    feed = visitor.request.get(url + "/jobs/feed/rss/")
    assert feed.ok and "Django Developer (€60k–€70k), Browser Corp" in feed.text()

    # No page of the whole loop reported a Content-Security-Policy violation.
    assert violations == [], "\n".join(violations)

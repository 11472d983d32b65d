"""The whole review loop in headless Chromium against the live server: a user submits a
story on the site, a moderator requests changes with a comment in the Wagtail admin, the user
reads it on /success-stories/mine/, edits and resubmits, the moderator approves, the story is
public. No Content-Security-Policy violation on the way. Skipped without Chromium."""

import re

import pytest

from tests.browser import chromium, require_chromium, session_cookies, watch_csp

sync_api = require_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def setup(live_server):
    """The index, a category and session cookies for a user and a moderator (made before
    Chromium starts: Django must not touch the database while Playwright's loop runs)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import Page

    from sections.successstories.factories import StoryCategoryFactory, SuccessStoryIndexPageFactory

    SuccessStoryIndexPageFactory(parent=Page.objects.get(depth=2).specific)
    StoryCategoryFactory(name="Engineering", slug="engineering")
    User = get_user_model()
    submitter = User.objects.create_user("submitter", "submitter@example.com", "password")
    moderator = User.objects.create_user("mod", "mod@example.com", "password")
    moderator.groups.add(Group.objects.get(name="Success story moderators"))
    cookies = {user.username: session_cookies(live_server.url, user) for user in (submitter, moderator)}
    return live_server.url, cookies


@pytest.fixture
def browser(setup):
    with chromium(sync_api) as browser:
        yield browser


def workflow_action(page, name):
    """Open the editor's action menu and choose a workflow action."""
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name=name, exact=True).click()


def test_submit_request_changes_edit_approve(browser, setup):
    url, cookies = setup
    expect = sync_api.expect
    user_context, moderator_context, visitor_context = (browser.new_context() for _ in range(3))
    violations = []
    for context in (user_context, moderator_context, visitor_context):
        watch_csp(context, violations)
    user_context.add_cookies(cookies["submitter"])
    moderator_context.add_cookies(cookies["mod"])
    user, moderator = user_context.new_page(), moderator_context.new_page()
    for page in (user, moderator):
        page.set_default_timeout(15_000)

    # The user submits a story.
    user.goto(url + "/success-stories/create/")
    user.get_by_label("Story title").fill("Python Runs Our Bridges")
    user.get_by_label("Company name").fill("Bridge Works")
    user.get_by_label("Category").select_option(label="Engineering")
    user.get_by_label("Author", exact=True).fill("Ada Bridge")
    user.get_by_label("Pull quote").fill("Python keeps our bridges safe.")
    user.get_by_label("Story", exact=True).fill("We **love** Python.")
    user.get_by_role("button", name="Submit for review").click()
    expect(user).to_have_url(re.compile(r"/success-stories/mine/$"))
    expect(user.locator(".story-table")).to_contain_text("In review")

    # The moderator finds it in the admin and requests changes with a comment.
    moderator.goto(url + "/admin/reports/workflow/")
    moderator.get_by_role("link", name="Python Runs Our Bridges").first.click()
    expect(moderator).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    edit_url = moderator.url
    workflow_action(moderator, "Request changes")
    moderator.locator(".modal").get_by_label("Comment").fill("Please name the bridges.")
    moderator.locator(".modal").get_by_role("button", name=re.compile("Request changes")).click()
    expect(moderator.locator(".messages")).to_contain_text("has been updated")

    # The user reads the comment, edits and resubmits.
    user.goto(url + "/success-stories/mine/")
    expect(user.locator(".story-table")).to_contain_text("Please name the bridges.")
    user.get_by_role("link", name=re.compile("Edit")).click()
    user.get_by_label("Story", exact=True).fill("We **love** Python. It runs the Golden Gate.")
    user.get_by_role("button", name="Submit for review").click()
    expect(user.locator(".story-table")).to_contain_text("In review")

    # The moderator approves: the story is published.
    moderator.goto(edit_url)
    workflow_action(moderator, "Approve and Publish")
    expect(moderator.locator(".messages")).to_contain_text("has been")

    visitor = visitor_context.new_page()
    visitor.goto(url + "/success-stories/")
    visitor.get_by_role("link", name="Python Runs Our Bridges").click()
    expect(visitor.locator(".story-body")).to_contain_text("It runs the Golden Gate.")
    user.goto(url + "/success-stories/mine/")
    expect(user.locator(".story-table")).to_contain_text("Published")
    assert violations == []

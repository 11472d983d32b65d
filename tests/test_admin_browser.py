"""Wagtail's admin under its Content-Security-Policy, in headless Chromium: a superuser signs
in, opens the dashboard, the page explorer and a page editor, and the editor's JavaScript
works (Draftail renders, the StreamField "+" opens the block chooser, the live preview loads)
with no violation reported. Skipped without /usr/bin/chromium or playwright."""

import pytest

from tests.browser import chromium, require_chromium, watch_csp

sync_api = require_chromium()


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def setup(live_server):
    """A standard page with rich text, and a superuser (made before Chromium starts: Django
    must not touch the database while Playwright's event loop runs in this thread)."""
    from django.contrib.auth import get_user_model

    from home.pages import HomePage
    from sections.pages.pages import StandardPage

    home = HomePage.objects.get(depth=2)
    page = home.add_child(
        instance=StandardPage(
            title="Applications",
            slug="apps",
            intro="Python is used in many application domains.",
            body=[("rich_text", "<p>Python runs the web.</p>")],
        )
    )
    get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
    return live_server.url, home, page


@pytest.fixture
def browser(setup):
    with chromium(sync_api) as browser:
        yield browser


def test_admin_works_under_its_policy(browser, setup):
    url, home, page = setup
    expect = sync_api.expect
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    violations = watch_csp(context)
    admin = context.new_page()
    admin.set_default_timeout(15_000)

    # Signing in through the admin's own form.
    admin.goto(url + "/admin/login/")
    admin.get_by_label("Username").fill("admin")
    admin.get_by_label("Password").fill("password")
    admin.get_by_role("button", name="Sign in").click()
    expect(admin).to_have_url(url + "/admin/")
    expect(admin.locator("main")).to_contain_text("Site summary")

    # The page explorer lists the home page's children.
    admin.goto(f"{url}/admin/pages/{home.pk}/")
    expect(admin.get_by_role("link", name="Applications", exact=True)).to_be_visible()

    # The editor: Draftail renders the rich text, the StreamField "+" opens the block chooser.
    admin.goto(f"{url}/admin/pages/{page.pk}/edit/")
    expect(admin.locator(".Draftail-Editor [contenteditable='true']").first).to_contain_text("Python runs the web.")
    admin.locator("button.c-sf-add-button").first.click()
    expect(admin.locator("[role='dialog'], .w-combobox").first).to_be_visible()
    admin.keyboard.press("Escape")

    # The side panel's live preview loads the page (a same-origin frame under the admin's policy).
    admin.get_by_role("button", name="Toggle preview").click()
    preview = admin.frame_locator("iframe#w-preview-iframe")
    expect(preview.locator("h1")).to_contain_text("Applications")

    # The editor's userbar on the public page uses no inline code either.
    admin.goto(url + "/apps/")
    expect(admin.locator("wagtail-userbar")).to_be_attached()
    admin.wait_for_load_state("networkidle")
    context.close()
    assert violations == [], "\n".join(violations)

"""The header's search box in headless Chromium against the live server: suggestions appear as
the visitor types (an ARIA combobox), the arrow keys and Enter open one, Escape closes the
list, no Content-Security-Policy violation; without JavaScript the form still submits.
Skipped without /usr/bin/chromium or playwright."""

import pytest

from tests.browser import chromium, require_chromium, watch_csp

sync_api = require_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def setup(live_server):
    from wagtail.models import Page

    from sections.pages.factories import StandardPageFactory

    home = Page.objects.get(depth=2).specific
    StandardPageFactory(parent=home, title="Walrus habitats", slug="walrus-habitats", intro="Cold places.")
    StandardPageFactory(parent=home, title="Walrus diet", slug="walrus-diet", intro="Clams.")
    return live_server.url


@pytest.fixture
def browser(setup):
    with chromium(sync_api) as browser:
        yield browser


def test_suggestions_as_the_visitor_types(browser, setup):
    expect = sync_api.expect
    context = browser.new_context()
    violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(setup + "/")
    box = page.locator("#site-search")
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("walr")
    options = page.locator("#site-search-suggestions [role=option]")
    expect(options).to_have_count(2)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#site-search-suggestions")).to_contain_text("Walrus diet")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "site-search-suggestions-0")
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("u")
    expect(box).to_have_attribute("aria-expanded", "true")  # the new suggestions are shown
    expect(options).to_have_count(2)
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/walrus-*/")
    assert violations == []
    context.close()


def test_the_form_submits_without_javascript(browser, setup):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(setup + "/")
    page.fill("#site-search", "walrus")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search/?q=walrus")
    assert "<mark>Walrus</mark> habitats" in page.content()
    context.close()

"""The look in a real browser: headless Chromium (Debian's package) driven by Playwright against
pytest-django's live server. Skipped when /usr/bin/chromium or the playwright package is
missing. Screenshots go to $BROWSER_SCREENSHOTS (default: the temporary directory)."""

import os
import tempfile
from pathlib import Path

import pytest

from tests.browser import chromium, require_chromium, watch_csp

sync_api = require_chromium()

from pydotorg.core.models import NavigationSettings  # noqa: E402
from sections.boxes.models import Box  # noqa: E402
from sections.codesamples.models import CodeSample  # noqa: E402
from sections.pages.pages import SectionPage, StandardPage  # noqa: E402

from .test_look import BOXES, MENU  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", tempfile.gettempdir()))
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
CSP_VIOLATIONS = []  # of every context new_page() opens


@pytest.fixture(autouse=True)
def no_csp_violations():
    """No page of a test reports a Content-Security-Policy violation."""
    CSP_VIOLATIONS.clear()
    yield
    assert CSP_VIOLATIONS == [], "\n".join(CSP_VIOLATIONS)


@pytest.fixture
def content(live_server):
    """A small site: the menu, the home boxes, code samples, a section and a standard page."""
    from wagtail.models import Site

    from home.pages import HomePage

    site = Site.objects.get(is_default_site=True)
    nav = NavigationSettings.for_site(site)
    nav.menu = [("item", item) for item in MENU]
    nav.save()
    for label, html in BOXES.items():
        Box.objects.create(label=label, content=html, markup_type="html")
    for i in range(3):
        CodeSample.objects.create(
            title=f"Sample {i}",
            code=f"<pre><code>&gt;&gt;&gt; print({i})\n<span class='output'>{i}</span></code></pre>",
            copy=f"<h2>Sample {i}</h2><p>What sample {i} shows.</p>",
            sort_order=i,
            live=True,
        )
    home = HomePage.objects.get(depth=2)
    about = home.add_child(instance=SectionPage(title="About", slug="about", intro="About Python."))
    about.add_child(
        instance=StandardPage(
            title="Applications",
            slug="apps",
            intro="Python is used in many application domains.",
            body=[
                ("heading", {"text": "Web development", "level": "h2"}),
                ("rich_text", "<p>" + "Python runs the web. " * 30 + "</p>"),
                ("code", {"language": "python", "code": "def f():\n    return 'x' * 200  # " + "y" * 150 + "\n"}),
                ("callout", {"kind": "note", "title": "Note", "body": "<p>Python 2 has reached its end.</p>"}),
            ],
        )
    )
    about.add_child(instance=StandardPage(title="Quotes", slug="quotes"))
    return live_server.url


@pytest.fixture
def browser(content):
    """Chromium, started after the test's data is in place and stopped before the database is
    reset: Playwright's sync API runs an event loop in this thread, and Django must not see one
    while it touches the database (it would refuse, or use another connection object)."""
    with chromium(sync_api) as browser:
        yield browser


def new_page(browser, viewport, **kwargs):
    context = browser.new_context(viewport=viewport, **kwargs)
    watch_csp(context, CSP_VIOLATIONS)
    return context, context.new_page()


def horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_phone_menu_is_behind_the_menu_button(browser, content):
    context, page = new_page(browser, PHONE)
    try:
        page.goto(content + "/about/apps/")
        menu = page.locator("button.menu-toggle")
        nav = page.locator("#main-nav")
        assert menu.is_visible()
        assert menu.get_attribute("aria-expanded") == "false"
        assert not nav.is_visible()
        assert horizontal_overflow(page) == 0

        menu.click()
        sync_api.expect(menu).to_have_attribute("aria-expanded", "true")
        sync_api.expect(nav).to_be_visible()
        sync_api.expect(page.locator("#main-nav .main-nav-link", has_text="Downloads")).to_be_visible()
        sync_api.expect(page.locator("#subnav-2")).to_be_hidden()

        # Each section opens as an accordion.
        toggle = page.locator("#main-nav .subnav-toggle[aria-controls='subnav-2']")
        toggle.click()
        sync_api.expect(toggle).to_have_attribute("aria-expanded", "true")
        sync_api.expect(page.locator("#subnav-2 a", has_text="Windows")).to_be_visible()
        assert horizontal_overflow(page) == 0
        page.screenshot(path=str(SCREENSHOTS / "pydotorg-phone-menu.png"))

        # Escape closes the open section, then the menu, and gives the focus back.
        toggle.click()
        sync_api.expect(page.locator("#subnav-2")).to_be_hidden()
        page.keyboard.press("Escape")
        sync_api.expect(menu).to_have_attribute("aria-expanded", "false")
        sync_api.expect(nav).to_be_hidden()
        assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    finally:
        context.close()


def test_phone_pages_do_not_scroll_sideways(browser, content):
    context, page = new_page(browser, PHONE, reduced_motion="reduce")
    try:
        for path, name in [("/", "home"), ("/about/apps/", "standard"), ("/about/", "section"), ("/nope/", "404")]:
            page.goto(content + path)
            assert horizontal_overflow(page) == 0, path
            page.screenshot(path=str(SCREENSHOTS / f"pydotorg-phone-{name}.png"), full_page=True)
        page.set_viewport_size({"width": 320, "height": 700})
        page.goto(content + "/about/apps/")
        assert horizontal_overflow(page) == 0
    finally:
        context.close()


def test_desktop_drop_downs_open_on_hover_and_on_focus(browser, content):
    context, page = new_page(browser, DESKTOP)
    try:
        page.goto(content + "/about/apps/")
        assert not page.locator("button.menu-toggle").is_visible()
        assert page.locator("#main-nav").is_visible()
        subnav = page.locator("#subnav-1")
        assert not subnav.is_visible()

        page.hover("#main-nav .main-nav-item:nth-child(1) > .main-nav-link")
        subnav.wait_for(state="visible")
        assert page.locator("#subnav-1 a", has_text="Applications").is_visible()
        page.screenshot(path=str(SCREENSHOTS / "pydotorg-desktop-dropdown.png"))

        page.mouse.move(5, 700)
        subnav.wait_for(state="hidden")

        # Keyboard: focusing a section link opens its panel (:focus-within) ...
        page.focus("#main-nav .main-nav-item:nth-child(2) > .main-nav-link")
        page.locator("#subnav-2").wait_for(state="visible")
        sync_api.expect(page.locator("[aria-controls='subnav-2']")).to_have_attribute("aria-expanded", "true")
        # ... Tab goes through the toggle into the panel's links ...
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#subnav-2') !== null")
        # ... and Escape closes it, back on the section link.
        page.keyboard.press("Escape")
        page.locator("#subnav-2").wait_for(state="hidden")
        assert page.evaluate("document.activeElement.classList.contains('main-nav-link')")

        # The toggle opens the panel too (touch screens, screen readers).
        page.mouse.move(5, 700)
        page.focus("#content")
        toggle = page.locator("[aria-controls='subnav-3']")
        toggle.dispatch_event("click")
        page.locator("#subnav-3").wait_for(state="visible")
        sync_api.expect(toggle).to_have_attribute("aria-expanded", "true")
        assert horizontal_overflow(page) == 0
    finally:
        context.close()


def test_skip_link_appears_on_focus(browser, content):
    context, page = new_page(browser, DESKTOP, reduced_motion="reduce")
    try:
        page.goto(content + "/about/apps/")
        skip = page.locator("a.skip-link")
        box = skip.bounding_box()
        assert box["y"] + box["height"] <= 0, "hidden above the page until focused"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('skip-link')")
        page.wait_for_function("document.querySelector('a.skip-link').getBoundingClientRect().top >= 0")
        box = skip.bounding_box()
        assert box["y"] >= 0 and box["height"] > 10
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "content"
    finally:
        context.close()


def test_home_carousel_shows_one_slide_at_a_time(browser, content):
    context, page = new_page(browser, DESKTOP, reduced_motion="reduce")
    try:
        page.goto(content + "/")
        slides = page.locator(".code-carousel .slide")
        assert slides.count() == 3

        def only_visible(index):
            for i in range(3):
                if i == index:
                    sync_api.expect(slides.nth(i)).to_be_visible()
                else:
                    sync_api.expect(slides.nth(i)).to_be_hidden()

        only_visible(0)
        # Reduced motion: no auto-advance, so no pause button either.
        sync_api.expect(page.locator(".carousel-pause")).to_be_hidden()
        sync_api.expect(page.locator(".carousel-status")).to_have_text("1 / 3")
        page.click(".carousel-next")
        only_visible(1)
        page.click(".carousel-prev")
        page.click(".carousel-prev")
        only_visible(2)
        sync_api.expect(page.locator(".carousel-status")).to_have_text("3 / 3")
        page.screenshot(path=str(SCREENSHOTS / "pydotorg-desktop-home.png"), full_page=True)
        page.goto(content + "/about/apps/")
        page.screenshot(path=str(SCREENSHOTS / "pydotorg-desktop-standard.png"), full_page=True)
    finally:
        context.close()

    context, page = new_page(browser, DESKTOP)
    try:
        page.goto(content + "/")
        pause = page.locator(".carousel-pause")
        assert pause.is_visible(), "motion allowed: the rotation can be stopped"
        assert page.get_attribute("#carousel-slides", "aria-live") == "off"
        pause.click()
        sync_api.expect(pause).to_have_text("Play")
        sync_api.expect(page.locator("#carousel-slides")).to_have_attribute("aria-live", "polite")
    finally:
        context.close()


def test_works_without_javascript(browser, content):
    context, page = new_page(browser, PHONE, java_script_enabled=False)
    try:
        page.goto(content + "/")
        assert not page.locator("button.menu-toggle").is_visible()
        assert page.locator("#main-nav").is_visible()
        assert page.locator("#main-nav .main-nav-link", has_text="About").is_visible()
        slides = page.locator(".code-carousel .slide")
        assert all(slides.nth(i).is_visible() for i in range(slides.count())), "slides stack"
        assert horizontal_overflow(page) == 0
    finally:
        context.close()


def test_api_docs_ui_runs_under_the_policy(browser, content):
    context, page = new_page(browser, DESKTOP)
    try:
        page.goto(content + "/api/docs/ui/")
        sync_api.expect(page.locator(".swagger-ui .info .title")).to_contain_text("Python.org API")
        sync_api.expect(page.locator(".opblock").first).to_be_visible()
    finally:
        context.close()

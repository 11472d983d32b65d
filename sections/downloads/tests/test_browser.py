"""The downloads pages in headless Chromium against the live server, on the demo's release
history: no sideways scroll at 320 and 375 px (the files table made release pages 679 px
wide), /downloads/ short with every release a click away, and the visitor's OS picked in the
browser (os.js) under the Content-Security-Policy. Skipped without Chromium or playwright."""

import pytest

from tests.browser import chromium, require_chromium, watch_csp

sync_api = require_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AGENTS = {
    "windows": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36",
    "macos": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15",
    "source": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36",
    "android": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36",
}


class DemoCommand:
    def progress(self, items, label):
        return list(items)

    def tally(self, kind, status):
        pass

    def warn(self, message):
        raise AssertionError(message)


@pytest.fixture
def site_url(live_server, settings):
    """The demo's downloads (its newest 200 releases, files for the newest of each active
    series) and the boxes they show, made before Chromium starts."""
    from sections.boxes import demo as boxes_demo
    from sections.downloads import demo, queries

    settings.DEMO_RELEASES_LIMIT = 200
    boxes_demo.load_demo(DemoCommand())
    demo.load_demo(DemoCommand())
    latest = queries.latest_release(version=3)
    assert latest.files.count() > 5
    return live_server.url, latest.url


@pytest.fixture
def browser(site_url):
    with chromium(sync_api) as browser:
        yield browser


def test_no_sideways_scroll_on_phones(browser, site_url):
    url, release = site_url
    paths = ["/downloads/", release, "/downloads/release/", "/downloads/windows/", "/downloads/operating-systems/"]
    context = browser.new_context()
    violations = watch_csp(context)
    page = context.new_page()
    wide = []
    for width in (320, 375):
        page.set_viewport_size({"width": width, "height": 740})
        for path in paths:
            page.goto(url + path)
            page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                wide.append(f"{path} at {width} px is {scroll_width} px wide")
    context.close()
    assert not wide
    assert not violations


def test_downloads_page_is_short_with_every_release_a_click_away(browser, site_url):
    url, _ = site_url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + "/downloads/")
    rows = page.locator("tr.release-group")
    assert 1 <= rows.count() < 20  # one row per series, not one per release
    assert page.evaluate("document.documentElement.scrollHeight") < 6000
    newest = rows.first
    count = int(newest.locator("td").last.inner_text().split()[0])
    newest.locator("td").last.locator("a").click()  # the series' releases, one click away
    page.wait_for_url("**/downloads/release/?series=*")
    assert page.locator(".release-list tbody tr").count() == count
    page.close()


@pytest.mark.parametrize("os_slug", list(AGENTS))
def test_the_browser_puts_the_visitors_os_first(browser, site_url, os_slug):
    url, _ = site_url
    context = browser.new_context(user_agent=AGENTS[os_slug])
    violations = watch_csp(context)
    page = context.new_page()
    for path, heading in (("/downloads/", "#download-latest-title"), ("/", "#home-download-title")):
        page.goto(url + path)
        first = page.locator("[data-download-os] > li").first
        sync_api.expect(first).to_have_attribute("data-os", os_slug)
        sync_api.expect(first).to_have_class("is-visitor-os")
        text = page.locator(heading).inner_text()
        assert text.startswith("Download Python 3.") and "Source release" not in text
        assert ("Linux" in text) if os_slug == "source" else text.endswith(first.locator("a").inner_text())
    context.close()
    assert not violations

"""Every public page of the demo (as `make run` loads it) in headless Chromium: none scrolls
sideways at 375 or 320 px, axe-core finds no critical or serious violation at 1280 and
375 px (and no heading-order one), and no Content-Security-Policy violation is reported.

The demo is loaded once for the module and one Chromium visits each page once, resizing it
(1280, then 375, then 320 px) rather than loading it three times. The pages: every local
target of the navigation and the footer, the home page, a search, one page of each page type
of the tree, and one URL of each route (a listing and a detail of each section) among the
links of those pages. Skipped without /usr/bin/chromium or playwright."""

from urllib.parse import urlsplit

import pytest
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve
from wagtail.views import serve as wagtail_serve

from tests.browser import chromium, require_chromium, watch_csp
from tests.test_crawl import links

sync_api = require_chromium()
axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is missing")

from wagtail.models import Page, Site  # noqa: E402

from pydotorg.core.models import NavigationSettings  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE_WIDTHS = (1280, 375)
PHONE_WIDTHS = (375, 320)
SERIOUS = {"critical", "serious"}
RULES_ALWAYS = {"heading-order"}  # moderate in axe, but refused everywhere (issue 11)

# The elements wider than the viewport, innermost first: what makes a page scroll sideways.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].join(".") : "");
  return [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > width + 1
      && ![...el.children].some((child) => child.getBoundingClientRect().right > width + 1))
    .slice(0, 5).map((el) => `${name(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
}"""


def local_menu_urls(links):
    for link in links:
        url = link["url"]
        if url.startswith("/") and not url.startswith("//"):
            yield url
        yield from local_menu_urls(link.get("children", []))


def route_of(path, root, request_factory):
    """What serves `path`: (page type, routable view) for the page tree, the URL name for a view
    of its own; None when nothing does."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    if match.func is not wagtail_serve:
        return match.view_name
    try:
        result = root.route(request_factory.get(path), match.args[0].split("/")[:-1])
    except Http404:
        return None
    view = result.args[0].__name__ if result.args else None
    return (result.page.specific_class.__name__, view)


def page_set():
    """The URLs the browser visits (see the module's docstring)."""
    site = Site.objects.get(is_default_site=True)
    menu = [item["value"] for item in NavigationSettings.for_site(site).menu.raw_data]
    urls = dict.fromkeys(["/", *local_menu_urls(menu), "/search/?q=python"])
    client, factory, root = Client(), RequestFactory(), site.root_page.specific
    routes = {}
    candidates = list(urls)
    for url in list(urls):
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            candidates.extend(links(response.content.decode(), url))
    for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("path"):
        candidates.append(page.url)
    for url in candidates:
        route = route_of(url, root, factory)
        if route is None or route in routes or urlsplit(url).path.startswith(("/admin/", "/django-admin/")):
            continue
        response = client.get(url, follow=True)  # a page, not a feed or a download
        routes[route] = url if "html" in response.get("Content-Type", "") else None
    urls.update(dict.fromkeys(url for url in routes.values() if url))
    return list(urls)


def visit(base, urls):
    """Each URL once: its status, the CSP violations, the sideways scroll at each phone width,
    and axe's violations at each width."""
    axe = axe_playwright.Axe()
    found = {"status": [], "csp": [], "scroll": [], "axe": [], "heading-order": []}
    with chromium(sync_api) as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        watch_csp(context, found["csp"])
        page = context.new_page()
        page.set_default_timeout(30_000)
        for url in urls:
            page.set_viewport_size({"width": 1280, "height": 900})
            response = page.goto(base + url, wait_until="load")
            if response is None or response.status != 200:
                found["status"].append(f"{url}: {response.status if response else 'no response'}")
                continue
            for width in sorted({*AXE_WIDTHS, *PHONE_WIDTHS}, reverse=True):
                page.set_viewport_size({"width": width, "height": 900})
                if width in PHONE_WIDTHS:
                    extra = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                    if extra > 0:
                        found["scroll"].append(f"{url} at {width}px: {extra}px too wide: {page.evaluate(OVERFLOWING)}")
                if width in AXE_WIDTHS:
                    for violation in axe.run(page).response["violations"]:
                        kind = "heading-order" if violation["id"] in RULES_ALWAYS else "axe"
                        if kind == "axe" and violation["impact"] not in SERIOUS:
                            continue
                        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                        found[kind].append(
                            f"{url} at {width}px: {violation['id']} ({violation['impact']}, "
                            f"{len(violation['nodes'])} nodes) {targets}"
                        )
        context.close()
    return found


@pytest.fixture(scope="module")
def sweep(demo_db, django_db_setup, django_db_blocker, live_server):
    """The demo loaded, the page set visited, and the database put back as the migrations left
    it, before any test of the module runs (the tests are transactional; Chromium runs while
    Django leaves the database alone: Playwright's sync API runs an event loop in this thread)."""
    with django_db_blocker.unblock():  # for the live server's thread too
        urls = page_set()
        found = visit(live_server.url, urls)
        django_db_setup.restore("migrated")
    return urls, found


def test_the_page_set_covers_the_site(sweep):
    urls, found = sweep
    assert len(urls) > 40
    for url in ["/", "/about/", "/downloads/", "/doc/", "/community/", "/events/", "/jobs/", "/psf/"]:
        assert url in urls
    assert any(url.startswith("/downloads/release/python-") for url in urls)
    assert found["status"] == [], "\n".join(found["status"])


def test_no_page_scrolls_sideways_on_a_phone(sweep):
    found = sweep[1]["scroll"]
    assert found == [], "\n".join(found)


def test_axe_finds_no_critical_or_serious_violation(sweep):
    found = sweep[1]["axe"]
    assert found == [], "\n".join(found)


def test_headings_go_down_one_level_at_a_time(sweep):
    found = sweep[1]["heading-order"]
    assert found == [], "\n".join(found)


def test_no_content_security_policy_violation(sweep):
    found = sweep[1]["csp"]
    assert found == [], "\n".join(found)

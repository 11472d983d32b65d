"""Every public page renders, without the page cache, in a pinned number of SQL queries (at
most 12 where reached; docs/performance.md "Renders without the cache"), the same with 1
item as with 12 of each; and what every page shows around its content (the navigation, the
footer, the banner) is built once per change, not per request (pydotorg/core/chrome.py).

The listings' growth from 10 to 1,000 items is checked by each section's own tests
(`grep -rn count_queries sections home`); here the pages are all pinned in one place, so
a change that adds a query to one of them shows up as a failure to re-pin, with its reason."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

# The pinned counts (the second request: Wagtail's and the site's caches are warm). A page
# over 12 says why in a comment; docs/performance.md has the list.
PINNED = {
    "/": 11,
    "/downloads/": 7,
    "/downloads/release/": 9,
    "/downloads/release/python-3140/": 12,
    "/jobs/": 12,
    "job": 9,
    "/events/": 11,
    "event": 10,
    "/blogs/": 8,
    "/success-stories/": 12,
    "/community/": 8,
    "/psf/": 11,
    "/about/": 10,
    "/sponsors/": 2,
    # One count and one page of results per kind of content that matches (pages, releases,
    # jobs, events, news, stories), and Wagtail's search promotions and their daily hits.
    "/search/?q=python": 13,
}


@pytest.fixture
def site_pages(home_page, search_index_off):
    from sections.community.factories import CommunityPageFactory
    from sections.downloads.factories import (
        DownloadsIndexPageFactory,
        ReleaseFileFactory,
        ReleaseIndexPageFactory,
        ReleasePageFactory,
    )
    from sections.events.factories import EventFactory, EventsIndexPageFactory
    from sections.jobs.factories import JobBoardPageFactory
    from sections.news.factories import NewsIndexPageFactory
    from sections.pages.factories import SectionPageFactory, StandardPageFactory
    from sections.successstories.factories import SuccessStoryIndexPageFactory

    downloads = DownloadsIndexPageFactory(parent=home_page)
    releases = ReleaseIndexPageFactory(parent=downloads)
    release = ReleasePageFactory(parent=releases, title="Python 3.14.0", release_date=timezone.now())
    ReleaseFileFactory(release=release, os_id=1, download_button=True)
    JobBoardPageFactory(parent=home_page)
    EventsIndexPageFactory(parent=home_page)
    NewsIndexPageFactory(parent=home_page)
    SuccessStoryIndexPageFactory(parent=home_page)
    CommunityPageFactory(parent=home_page)
    psf = SectionPageFactory(parent=home_page, title="PSF", slug="psf")
    StandardPageFactory(parent=psf, title="Mission", slug="mission")
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    StandardPageFactory(parent=about, title="Apps", slug="apps")
    return {"release": release, "event_factory": EventFactory}


def add_items(n):
    """n more of each listed thing: releases, approved jobs, events."""
    from sections.downloads.factories import ReleasePageFactory
    from sections.downloads.pages import ReleaseIndexPage
    from sections.events.factories import EventFactory
    from sections.jobs.factories import JobFactory

    index = ReleaseIndexPage.objects.get()
    start = ReleasePageFactory._meta.model.objects.count()
    for i in range(n):
        ReleasePageFactory(
            parent=index, title=f"Python 3.9.{start + i}", release_date=timezone.now() - timedelta(days=i)
        )
        JobFactory(approved=True, title=f"Job {start + i}")
        EventFactory(title=f"Event {start + i}")


def item_urls():
    from sections.events.models import Event
    from sections.events.pages import EventsIndexPage
    from sections.jobs.models import Job

    job = Job.objects.filter(live=True).order_by("pk").first()
    event = Event.objects.filter(live=True).order_by("pk").first()
    return {
        "job": job.get_url().split("//", 1)[-1].split("/", 1)[-1],
        "event": EventsIndexPage.objects.get().event_url(event),
    }


def counts(client, keys):
    urls = {key: key for key in keys} | {k: ("/" + v.lstrip("/")) for k, v in item_urls().items() if k in keys}
    found = {}
    with override_settings(PAGE_CACHE_ENABLED=False):
        for key, url in urls.items():
            client.get(url)  # warm
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            found[key] = len(queries)
    return found


def test_every_public_page_has_its_pinned_query_count(client, site_pages):
    add_items(1)
    found = counts(client, PINNED)
    assert found == PINNED
    assert max(n for url, n in found.items() if url != "/search/?q=python") <= 12


def test_the_counts_do_not_grow_with_the_data(client, site_pages):
    add_items(1)
    few = counts(client, PINNED)
    add_items(11)
    assert counts(client, PINNED) == few


def test_navigation_and_banner_are_built_once_per_change(client, site_pages, site):
    from pydotorg.core.factories import BannerFactory
    from pydotorg.core.models import NavigationSettings

    with override_settings(PAGE_CACHE_ENABLED=False):
        client.get("/about/")  # creates the site's navigation setting: nothing cached was stale
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/about/").content.decode()
        tables = " ".join(q["sql"] for q in queries.captured_queries)
        assert '"core_navigationsettings"' not in tables and '"core_banner"' not in tables
        assert "Announcement" not in html

        BannerFactory(title="Python 3.15 is out", message="<p>Get it.</p>", live=True)
        assert "Python 3.15 is out" in client.get("/about/").content.decode()  # at once: a save clears it

        nav = NavigationSettings.for_site(site)
        nav.menu = [("item", {"title": "Python", "url": "/", "hint": "", "children": [
            {"title": "Renamed section", "url": "/about/", "hint": "", "footer_only": False, "children": []},
        ]})]  # fmt: skip
        nav.save()
        html = client.get("/about/").content.decode()
        assert "Renamed section" in html
        with CaptureQueriesContext(connection) as queries:
            client.get("/about/")
        assert '"core_navigationsettings"' not in " ".join(q["sql"] for q in queries.captured_queries)


def test_a_banner_window_opens_and_closes_on_time_from_the_cache(client, site_pages):
    from pydotorg.core import chrome
    from pydotorg.core.factories import BannerFactory

    now = timezone.now()
    BannerFactory(
        title="Soon", message="<p>x</p>", live=True, start=now + timedelta(hours=1), end=now + timedelta(hours=2)
    )
    assert chrome.current_banner(now) is None
    assert chrome.current_banner(now + timedelta(minutes=90))["title"] == "Soon"
    assert chrome.current_banner(now + timedelta(hours=3)) is None

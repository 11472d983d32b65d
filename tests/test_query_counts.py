"""Every public page renders, without the page cache, in a pinned number of SQL queries (at
most 12 where reached; docs/performance.md "Renders without the cache"), the same with 1
item as with 12 of each; and what every page shows around its content (the navigation, the
footer, the banner) is built once per change, not per request (pydotorg/core/chrome.py).

Here the counts are the same with 10 as with 50 of each listed thing (releases, jobs, events,
stories, a section's child pages of several types), and with a private section in the tree;
tests/test_query_counts_demo.py pins the same pages on the demo content. The listings' growth
from 10 to hundreds or thousands of items is checked by each section's own tests
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
    # Warm: its news, story and events boxes are one cached fragment (9 when they are built).
    "/": 4,
    "/downloads/": 7,
    "/downloads/release/": 9,
    "/downloads/release/python-3140/": 12,
    # Warm: the list of jobs, and the upcoming events, are fragments cached per change of the
    # jobs or events (12 and 11 when they are built: the sections' constancy tests count those).
    "/jobs/": 10,
    "job": 9,
    "/events/": 8,
    "event": 10,
    "/blogs/": 8,
    "/success-stories/": 11,
    "/community/": 8,
    "/psf/": 9,
    "/about/": 10,
    "/sponsors/": 2,
    # One query per kind of content (pages, releases, jobs, events, news, stories): its best
    # hits and their count (a window); the hits shown; Wagtail's promotions and daily hits.
    "/search/?q=python": 10,
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
    """n more of each listed thing: releases, approved jobs, events, stories (every other one
    featured), and child pages of /psf/ (standard and records pages), all about Python."""
    from sections.downloads.factories import ReleasePageFactory
    from sections.downloads.pages import ReleaseIndexPage
    from sections.events.factories import EventFactory
    from sections.jobs.factories import JobFactory
    from sections.pages.factories import StandardPageFactory
    from sections.pages.pages import SectionPage
    from sections.psf.factories import RecordsPageFactory
    from sections.successstories.factories import StoryPageFactory
    from sections.successstories.pages import SuccessStoryIndexPage

    index = ReleaseIndexPage.objects.get()
    stories = SuccessStoryIndexPage.objects.get()
    psf = SectionPage.objects.get(slug="psf")
    start = ReleasePageFactory._meta.model.objects.count()
    for i in range(start, start + n):
        ReleasePageFactory(parent=index, title=f"Python 3.9.{i}", release_date=timezone.now() - timedelta(days=i))
        JobFactory(approved=True, title=f"Python job {i}")
        EventFactory(title=f"Python event {i}")
        StoryPageFactory(parent=stories, title=f"Python at Example {i}", slug=f"story-{i}", is_featured=i % 2 == 0)
        child = StandardPageFactory if i % 2 else RecordsPageFactory
        child(parent=psf, title=f"Python records {i}", slug=f"psf-{i}", intro=f"About Python {i}.")


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
    assert max(found.values()) <= 12


def test_the_counts_do_not_grow_with_the_data(client, site_pages):
    add_items(10)
    few = counts(client, PINNED)
    add_items(40)
    assert counts(client, PINNED) == few


def test_a_private_section_is_hidden_at_the_same_cost(client, site_pages):
    """A view restriction hides its pages from the listings and the search at no query more
    (the restriction is read in the listing's own query, or from the cache for the search)."""
    from wagtail.models import PageViewRestriction
    from wagtail.search.backends import get_search_backend

    from sections.pages.pages import SectionPage, StandardPage
    from sections.successstories.pages import StoryPage

    add_items(2)
    before = counts(client, PINNED)
    story = StoryPage.objects.filter(is_featured=True).get()  # the home page features it
    child = StandardPage.objects.child_of(SectionPage.objects.get(slug="psf")).get(title__startswith="Python")
    for page in (story, child):
        get_search_backend().add(page)  # the fixture saves pages unindexed
    with override_settings(PAGE_CACHE_ENABLED=False):
        found = client.get("/search/?q=python").content.decode()
    assert story.url in found and child.url in found  # (titles are highlighted: <mark>Python</mark>)
    for page in (story, child):
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret")
    after = counts(client, PINNED)
    assert all(after[url] <= before[url] for url in PINNED), (before, after)  # "/": no featured story to load

    with override_settings(PAGE_CACHE_ENABLED=False):
        pages = {
            url: client.get(url).content.decode() for url in ("/", "/success-stories/", "/psf/", "/search/?q=python")
        }
    assert story.title not in pages["/success-stories/"] and story.title not in pages["/"]
    assert child.title not in pages["/psf/"] and "Python records" in pages["/psf/"]
    assert story.url not in pages["/search/?q=python"] and child.url not in pages["/search/?q=python"]

    PageViewRestriction.objects.filter(page=child).delete()  # shown again at once
    with override_settings(PAGE_CACHE_ENABLED=False):
        assert child.title in client.get("/psf/").content.decode()
        assert child.url in client.get("/search/?q=python").content.decode()


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

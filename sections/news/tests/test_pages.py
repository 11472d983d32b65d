"""/blogs/, the home page's Latest News and the PSF blog's latest on /psf/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sections.news.factories import EntryFactory, FeedFactory
from sections.news.models import Entry
from sections.news.sync import sync_feed

from .conftest import REAL_FEED

pytestmark = pytest.mark.django_db


@pytest.fixture
def insider(index, make_feed):
    """Python Insider, feeding /blogs/, in the home page's Latest News, with the real feed."""
    feed = make_feed(REAL_FEED.read_bytes(), name="insider.xml")
    feed.name, feed.page, feed.on_home_page = "Python Insider", index, True
    feed.save()
    assert sync_feed(feed).status == "ok"
    return feed


@pytest.fixture
def psf_page(home_page):
    from sections.pages.factories import SectionPageFactory

    return SectionPageFactory(parent=home_page, title="PSF", slug="psf")


@pytest.fixture
def psf_blog(psf_page):
    feed = FeedFactory(name="PSF blog", slug="psf-blog", page=psf_page, website_url="https://pyfound.blogspot.com/")
    now = timezone.now()
    for number in range(7):
        EntryFactory(feed=feed, title=f"PSF news {number}", pub_date=now - timedelta(days=number))
    return feed


def test_blogs_lists_its_feeds_entries_newest_first_the_latest_in_full(client, insider, psf_blog):
    response = client.get("/blogs/")
    assert response.status_code == 200
    body = response.content.decode()
    entries = list(insider.entries.latest_first())
    latest = entries[0]
    assert response.context["latest"] == latest
    assert latest.content in body  # the newest post in full (sanitised at import)
    assert f'href="{latest.url}"' in body
    listed = response.context["entries"]
    assert listed == entries[1:20]
    assert [entry.title for entry in listed] == [entry.title for entry in entries[1:20]]
    assert body.index(entries[1].title) < body.index(entries[2].title)
    assert "PSF news" not in body  # the PSF blog feeds /psf/, not /blogs/
    assert 'aria-label="Pages of posts"' in body  # 25 entries: two pages
    second = client.get("/blogs/?page=2")
    assert second.context["latest"] is None
    assert second.context["entries"] == entries[20:]
    assert client.get("/blogs/?page=oops").status_code == 200


def test_blogs_without_entries_says_so(client, index):
    FeedFactory(page=index)
    response = client.get("/blogs/")
    assert response.status_code == 200
    assert "No posts imported yet." in response.content.decode()


def test_blogs_renders_with_constant_queries(client, index, count_queries):
    feed = FeedFactory(page=index)
    now = timezone.now()
    counts = []
    client.get("/blogs/")  # the site's caches, once
    for total in (10, 1000):
        Entry.objects.bulk_create(
            [
                Entry(feed=feed, guid=f"g{total}-{n}", title=f"Post {n}", url="https://b.example.org/", pub_date=now)
                for n in range(total - Entry.objects.count())
            ]
        )
        assert Entry.objects.count() == total
        counts.append((count_queries("/blogs/"), count_queries("/blogs/?page=3")))
    assert counts[0] == counts[1]


def test_the_home_page_shows_the_latest_news(client, insider, psf_blog):
    body = client.get("/").content.decode()
    assert "Latest News" in body
    for entry in insider.entries.latest_first()[:5]:
        assert entry.title in body
    sixth = insider.entries.latest_first()[5]
    assert sixth.title not in body
    assert "PSF news" not in body  # not marked for the home page
    assert 'href="/blogs/">More news</a>' in body


def test_the_home_page_without_news_has_no_widget(client, home_page):
    assert "Latest News" not in client.get("/").content.decode()


def test_psf_shows_the_psf_blogs_latest(client, psf_blog, insider):
    body = client.get("/psf/").content.decode()
    assert "Latest from the PSF blog" in body
    for number in range(5):
        assert f"PSF news {number}<" in body
    assert "PSF news 5" not in body
    assert 'href="https://pyfound.blogspot.com/">More news</a>' in body
    assert insider.entries.first().title not in body


def test_other_section_pages_show_no_news(client, home_page, psf_blog):
    from sections.pages.factories import SectionPageFactory

    SectionPageFactory(parent=home_page, title="Community", slug="community-x")
    body = client.get("/community-x/").content.decode()
    assert "PSF news" not in body and "latest-news" not in body


def test_entry_titles_are_escaped(client, insider):
    Entry.objects.filter(pk=insider.entries.latest_first().first().pk).update(title="<script>alert(1)</script>")
    body = client.get("/").content.decode() + client.get("/blogs/").content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body

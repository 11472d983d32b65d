"""The public pages: every URL answers, categories, the featured story (index and home page),
the RSS feed (feedparser, bozo 0), constant queries from 10 to 1,000 stories, reserved slugs."""

import feedparser
import pytest
from django.core.exceptions import ValidationError

from sections.successstories.factories import StoryCategoryFactory, StoryPageFactory
from sections.successstories.pages import StoryPage

pytestmark = pytest.mark.django_db


def test_every_public_url_answers(client, make_story, index, category):
    story = make_story(title="Python at Acme", slug="python-at-acme")
    for url in [index.url, story.url, f"{index.url}category/{category.slug}/", f"{index.url}feed/rss/"]:
        assert client.get(url).status_code == 200, url
    assert story.url == "/success-stories/python-at-acme/"
    assert client.get(f"{index.url}category/no-such-category/").status_code == 404
    assert client.get(f"{index.url}?page=nonsense").status_code == 200


def test_drafts_are_not_listed_or_served(client, make_story, index):
    draft = make_story(title="Secret draft", live=False)
    assert "Secret draft" not in client.get(index.url).content.decode()
    assert client.get(f"{index.url}{draft.slug}/").status_code == 404
    assert "Secret draft" not in client.get(f"{index.url}feed/rss/").content.decode()


def test_category_pages_list_their_stories_only(client, make_story, index, category):
    other = StoryCategoryFactory(name="Arts", slug="arts")
    make_story(title="Software story")
    make_story(title="Arts story", category=other)
    page = client.get(f"{index.url}category/arts/").content.decode()
    assert "Arts story" in page and "Software story" not in page


def test_the_detail_page_renders_the_story(client, make_story):
    story = make_story(
        title="Python at Acme",
        company_url="https://acme.example/",
        body=[("rst", "Heading\n-------\n\nSome *reST*."), ("html", '<p onclick="x()">Hi<script>bad()</script></p>')],
    )
    html = client.get(story.url).content.decode()
    assert "<em>reST</em>" in html and "https://acme.example/" in html and story.pull_quote in html
    assert "onclick" not in html and "bad()" not in html


def test_featured_story_on_index_and_home(client, make_story, index):
    make_story(title="Plain story")
    assert "Featured story" not in client.get(index.url).content.decode()
    assert "Success Stories" not in client.get("/").content.decode()
    featured = make_story(title="Star story", is_featured=True, pull_quote="Python shines here.")
    assert "Featured story" in client.get(index.url).content.decode()
    home = client.get("/").content.decode()
    assert "Python shines here." in home and featured.url in home


def test_the_feed(client, make_story, index):
    for number in range(25):
        make_story(title=f"Story {number}")
    response = client.get(f"{index.url}feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert len(feed.entries) == 20 and feed.entries[0].title == "Story 24"
    assert feed.entries[0].link.startswith("http://testserver/success-stories/")
    assert feed.entries[0].tags[0].term == "Software Development"


def test_listing_queries_are_constant_from_10_to_250(client, index, category, count_queries, search_index_off):
    counts = []
    for total in (10, 250):
        have = StoryPage.objects.count()
        for number in range(have, total):
            StoryPageFactory(parent=index, category=category, title=f"Story {number}", slug=f"story-{number}")
        urls = [index.url, f"{index.url}category/{category.slug}/", "/"]
        for url in urls:  # warm the caches (site root paths, ...) as a visitor before us did
            client.get(url)
        counts.append(
            (count_queries(index.url), count_queries(f"{index.url}category/{category.slug}/"), count_queries("/"))
        )
    assert counts[0] == counts[1], counts
    assert b"Page 1 of 10" in client.get(index.url).content


def test_reserved_slugs_are_refused(index, category):
    story = StoryPage(title="Mine", slug="mine", company_name="x", author="x", pull_quote="x", category=category)
    with pytest.raises(ValidationError):
        index.add_child(instance=story)

"""The import of a blog's feed (sections/news/sync.py) on the real Python Insider feed and on
every way a feed goes wrong: each failure changes nothing and is reported in the record."""

import re
import socket
import time
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from sections.news.factories import EntryFactory
from sections.news.models import Entry, Feed, FeedSync
from sections.news.sync import sync_feed

from .conftest import ILLFORMED, REAL_FEED

pytestmark = pytest.mark.django_db

ATOM = {"a": "http://www.w3.org/2005/Atom", "fb": "http://rssnamespace.org/feedburner/ext/1.0"}


def real_entries():
    """The real feed's entries read with lxml (not feedparser): id, title, origLink, published."""
    root = etree.parse(str(REAL_FEED)).getroot()
    return [
        {
            "guid": entry.findtext("a:id", namespaces=ATOM),
            "title": entry.findtext("a:title", namespaces=ATOM),
            "url": entry.findtext("fb:origLink", namespaces=ATOM),
            "published": datetime.fromisoformat(entry.findtext("a:published", namespaces=ATOM)).astimezone(UTC),
        }
        for entry in root.findall("a:entry", ATOM)
    ]


def snapshot():
    return sorted(Entry.objects.values_list("guid", "title", "summary", "content", "url", "pub_date", "updated_at"))


def test_the_real_python_insider_feed_comes_in_whole(make_feed):
    feed = make_feed(REAL_FEED.read_bytes())
    record = sync_feed(feed)
    expected = real_entries()
    assert (record.status, record.created, record.updated, record.skipped, record.errors) == (
        "ok", len(expected), 0, 0, [],
    )  # fmt: skip
    stored = {entry.guid: entry for entry in feed.entries.all()}
    assert set(stored) == {entry["guid"] for entry in expected}
    for entry in expected:
        ours = stored[entry["guid"]]
        assert ours.title == " ".join(entry["title"].split())
        assert ours.url == entry["url"]  # the blog's own link, not FeedBurner's dead proxy
        assert ours.pub_date == entry["published"].replace(microsecond=0)  # to the second
        assert ours.content and ours.summary
        assert "<" not in ours.summary  # plain text
    for ours in stored.values():  # FeedBurner's tracking links and images are gone, images come over https
        assert "feedburner.com" not in ours.content and "feedflare" not in ours.content
        assert not re.search(r"<img[^>]*\ssrc=\"http:", ours.content)
        assert not re.search(r"<a\b[^>]*>\s*</a>", ours.content)
    image_link = next(entry for entry in stored.values() if "GMPHE.png" in entry.content)
    assert '<img alt="Image: GMPHE.png"' in image_link.content  # a link's only content needs a name
    newest = feed.entries.latest_first().first()
    assert newest.guid == max(expected, key=lambda entry: entry["published"])["guid"]
    assert 'rel="noopener noreferrer"' in newest.content  # our sanitiser's mark on links
    feed.refresh_from_db()
    assert (feed.sync_status, feed.last_synced_at) == ("ok", record.finished_at)


def test_a_second_sync_changes_nothing(make_feed):
    feed = make_feed(REAL_FEED.read_bytes())
    sync_feed(feed)
    before = snapshot()
    record = sync_feed(feed)
    assert (record.status, record.created, record.updated, record.unchanged) == ("ok", 0, 0, len(before))
    assert snapshot() == before
    assert FeedSync.objects.filter(feed=feed).count() == 2


def test_an_entry_edited_upstream_is_updated_in_place(make_feed):
    original = REAL_FEED.read_bytes()
    feed = make_feed(original)
    sync_feed(feed)
    target = real_entries()[3]
    old_title = target["title"].encode()
    edited = original.replace(old_title, b"Edited upstream: " + old_title, 1)
    edited = edited.replace(b"</content>", b"&lt;p&gt;Correction: a later note.&lt;/p&gt;</content>", 4)
    make_feed(edited, feed=feed)
    record = sync_feed(feed)
    assert (record.status, record.created, record.updated) == ("ok", 0, 4)  # 4 contents changed, one title too
    entry = Entry.objects.get(feed=feed, guid=target["guid"])
    assert entry.title == "Edited upstream: " + " ".join(target["title"].split())
    assert "Correction: a later note." in entry.content
    assert Entry.objects.filter(feed=feed).count() == len(real_entries())  # updated, not duplicated


def test_the_same_guid_in_two_feeds_is_two_entries(make_feed):
    first = make_feed(REAL_FEED.read_bytes(), name="one.xml")
    second = make_feed(REAL_FEED.read_bytes(), name="two.xml")
    assert sync_feed(first).created == sync_feed(second).created == len(real_entries())


def failed(record, feed, before):
    """The record says the sync failed and nothing of the feed changed."""
    assert record.status == FeedSync.Status.FAILED
    assert (record.created, record.updated, record.unchanged) == (0, 0, 0)
    assert len(record.errors) == 1
    assert snapshot() == before
    feed.refresh_from_db()
    assert feed.sync_status == "failed"
    return record.errors[0]


@pytest.fixture
def synced(make_feed):
    """A feed holding the real feed's entries, and their snapshot."""
    feed = make_feed(REAL_FEED.read_bytes())
    sync_feed(feed)
    return feed, snapshot()


def test_the_ill_formed_sample_changes_nothing(synced, make_feed):
    feed, before = synced
    make_feed(ILLFORMED.read_bytes(), feed=feed)
    assert failed(sync_feed(feed), feed, before).startswith("Not a well-formed feed:")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The feed is empty."),
        (b"  \n", "The feed is empty."),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>', "no entries"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>', "no entries"),
        (b'<?xml version="1.0"?><catalog><book>Not a feed</book></catalog>', "Not an RSS or Atom feed."),
        (b"<!DOCTYPE html><html><head><title>Blog</title></head><body><p>Moved</p></body></html>", "HTML page"),
        (REAL_FEED.read_bytes()[:50_000], "Not a well-formed feed"),  # cut short
    ],
)
def test_an_empty_or_unusable_feed_changes_nothing(synced, make_feed, content, message):
    feed, before = synced
    make_feed(content, feed=feed)
    assert message in failed(sync_feed(feed), feed, before)


def test_html_served_as_the_feed_changes_nothing(synced, feed_server):
    feed, before = synced
    page = b"<!doctype html>\n<html lang=en><head><title>Python Insider</title></head><body><h1>Hi</h1></body></html>"
    feed_server.answer = (200, {"Content-Type": "text/html; charset=utf-8"}, page)
    feed.feed_url = feed_server.url
    feed.save()
    assert failed(sync_feed(feed), feed, before) == "Not a feed: the server sent an HTML page."
    assert len(feed_server.requests) == 1


def test_a_server_that_stalls_times_out_and_changes_nothing(synced, feed_server, settings):
    feed, before = synced
    settings.NEWS_FEED_TIMEOUT = 1
    feed_server.answer = "stall"
    feed.feed_url = feed_server.url
    feed.save()
    started = time.monotonic()
    error = failed(sync_feed(feed), feed, before)
    assert time.monotonic() - started < 5
    assert error in ("Could not fetch the feed: timed out.", "Could not fetch the feed: the server did not answer.")
    assert len(feed_server.requests) == 1  # it did reach the server, which never answered


def test_an_unreachable_feed_changes_nothing(synced, settings):
    feed, before = synced
    settings.FEEDS_ALLOW_LOOPBACK = True
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends
    feed.feed_url = f"http://127.0.0.1:{port}/feed.xml"
    feed.save()
    assert failed(sync_feed(feed), feed, before) == "Could not fetch the feed: the server did not answer."


def test_http_errors_change_nothing(synced, feed_server):
    feed, before = synced
    feed_server.answer = (503, {"Content-Type": "text/plain"}, b"down")
    feed.feed_url = feed_server.url
    feed.save()
    assert failed(sync_feed(feed), feed, before) == "Could not fetch the feed: HTTP 503."


def test_a_feed_on_an_internal_address_is_not_fetched(synced, feed_server, settings):
    feed, before = synced
    settings.FEEDS_ALLOW_LOOPBACK = False  # as in production
    feed.feed_url = feed_server.url
    feed.save()
    assert failed(sync_feed(feed), feed, before) == "Could not fetch the feed: the address is not allowed."
    assert feed_server.requests == []


def test_a_local_file_outside_the_roots_is_not_read(synced, settings):
    feed, before = synced
    settings.NEWS_FEED_FILE_ROOTS = []
    assert "outside NEWS_FEED_FILE_ROOTS" in failed(sync_feed(feed), feed, before)


def test_the_get_is_conditional_and_a_304_changes_nothing(feed_server):
    body = REAL_FEED.read_bytes()
    stamp = "Mon, 04 Mar 2013 15:00:06 GMT"

    def answer(handler):
        if handler.headers.get("If-None-Match") == '"v1"' or handler.headers.get("If-Modified-Since") == stamp:
            return (304, {"ETag": '"v1"'}, b"")
        return (200, {"Content-Type": "application/atom+xml", "ETag": '"v1"', "Last-Modified": stamp}, body)

    feed_server.answer = answer
    feed = Feed.objects.create(name="Insider", slug="insider", feed_url=feed_server.url)
    first = sync_feed(feed)
    assert (first.status, first.created) == ("ok", len(real_entries()))
    feed.refresh_from_db()
    assert (feed.etag, feed.last_modified) == ('"v1"', stamp)
    before = snapshot()
    second = sync_feed(feed)
    assert (second.status, second.created, second.updated, second.unchanged) == ("not_modified", 0, 0, 0)
    assert snapshot() == before
    headers = feed_server.requests[1][1]
    assert (headers.get("If-None-Match"), headers.get("If-Modified-Since")) == ('"v1"', stamp)
    assert "If-None-Match" not in feed_server.requests[0][1]


def test_a_failed_sync_keeps_the_validators_of_the_last_good_one(feed_server):
    feed = Feed.objects.create(name="Insider", slug="insider", feed_url=feed_server.url, etag='"old"')
    feed_server.answer = (200, {"Content-Type": "application/atom+xml", "ETag": '"new"'}, ILLFORMED.read_bytes())
    assert sync_feed(feed).status == "failed"
    feed.refresh_from_db()
    assert feed.etag == '"old"'  # the next sync asks for the whole feed again


def test_an_error_while_writing_leaves_nothing_half_written(synced, make_feed, monkeypatch):
    feed, before = synced
    make_feed(REAL_FEED.read_bytes().replace(b"</content>", b"&lt;p&gt;Edited.&lt;/p&gt;</content>"), feed=feed)
    calls = []
    save = Entry.save

    def failing_save(self, *args, **kwargs):
        calls.append(self.guid)
        if len(calls) == 5:
            raise RuntimeError("disk full")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Entry, "save", failing_save)
    assert failed(sync_feed(feed), feed, before) == "RuntimeError: disk full"
    assert len(calls) == 5  # four entries were updated, then rolled back


def test_entry_html_is_sanitised_with_the_projects_sanitiser(make_feed):
    content = (
        "&lt;h1&gt;Release&lt;/h1&gt;&lt;p onclick='steal()'&gt;Hi &lt;a href='javascript:alert(1)'&gt;x&lt;/a&gt;"
        "&lt;img src='https://example.org/a.png'&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;"
    )
    feed = make_feed(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://blog.example.org/</link>'
        b"<description>d</description><item><title>&lt;b&gt;Bold&lt;/b&gt; title</title>"
        b"<link>javascript:alert(1)</link><guid isPermaLink='false'>post-1</guid>"
        b"<pubDate>Tue, 02 Dec 2025 10:00:00 GMT</pubDate>"
        b"<description>" + content.encode() + b"</description></item></channel></rss>"
    )
    assert sync_feed(feed).created == 1
    entry = Entry.objects.get()
    assert "<script" not in entry.content and "onclick" not in entry.content and "javascript:" not in entry.content
    assert "<h2>Release</h2>" in entry.content  # our sanitiser turns an h1 into an h2
    assert '<img alt=""' in entry.content  # and gives an image without alt an empty one
    assert entry.url == ""  # only http(s) links are kept
    assert entry.summary.startswith("Release Hi x")
    assert entry.pub_date == datetime(2025, 12, 2, 10, tzinfo=UTC)


def test_bad_entries_are_skipped_and_reported_the_rest_comes_in(make_feed):
    feed = make_feed(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://b.example.org/</link>'
        b"<description>d</description>"
        b"<item><title>Good</title><guid>https://b.example.org/1</guid></item>"
        b"<item><title>No id</title></item>"
        b"<item><link>https://b.example.org/3</link></item>"
        b"<item><title>Twice</title><guid>https://b.example.org/1</guid></item>"
        b"</channel></rss>"
    )
    record = sync_feed(feed)
    assert (record.status, record.created, record.skipped) == ("partial", 1, 3)
    assert [error.split(":")[0] for error in record.errors] == ["Entry #2 (No id)", "Entry #3 (https"]
    assert "appears twice" in record.notes[0]
    assert Entry.objects.get().title == "Good"


def test_entries_gone_from_the_feed_stay(make_feed):
    feed = make_feed(REAL_FEED.read_bytes())
    old = EntryFactory(feed=feed, guid="tag:older-post")
    assert sync_feed(feed).created == len(real_entries())
    assert Entry.objects.filter(pk=old.pk).exists()


def test_sync_feeds_command_prints_what_it_did(make_feed):
    insider = make_feed(REAL_FEED.read_bytes(), name="a.xml")
    insider.slug, insider.name = "python-insider", "Python Insider"
    insider.save()
    broken = make_feed(ILLFORMED.read_bytes(), name="b.xml")
    out = StringIO()
    call_command("sync_feeds", "python-insider", stdout=out)
    assert out.getvalue().startswith("python-insider: OK at ")
    assert f"created {len(real_entries())}, updated 0, unchanged 0, skipped 0" in out.getvalue()
    out = StringIO()
    call_command("sync_feeds", "PYTHON INSIDER", stdout=out)  # by name too
    assert f"unchanged {len(real_entries())}" in out.getvalue()
    out = StringIO()
    with pytest.raises(CommandError, match="1 feed\\(s\\) failed"):
        call_command("sync_feeds", stdout=out)  # every feed
    assert f"{broken.slug}: Failed (nothing changed)" in out.getvalue()
    assert "error: Not a well-formed feed" in out.getvalue()
    with pytest.raises(CommandError, match="Unknown feed\\(s\\): nope"):
        call_command("sync_feeds", "nope", stdout=StringIO())

"""Every feed the site emits, with entries, checked against the rules the W3C feed validator
applies, not only feedparser's acceptance:

- Atom (RFC 4287): the RFC's own RELAX NG schema (tests/atom.rng, Appendix B written out as XML)
  through lxml, plus the rules the RFC states in prose and Schematron: absolute atom:id and
  links, an author per entry, RFC 3339 dates, exactly one `atom:link rel="self"` naming the
  feed's own address, unique entry ids.
- RSS 2.0: the elements of the specification only (namespaced extensions aside), a channel
  with title, link and description, absolute link and permalink guid, RFC 822 dates, exactly
  one `atom:link rel="self"` naming the feed's own address, unique guids.

The feeds are found, not listed: every URL route and every route of a live routable page whose
path or name says "feed", each calendar slug filled in. They are served from the demo content
(with an upcoming event in every calendar) and fetched on a host that is neither the Site
record's nor SITE_URL's, so a URL not built from the request fails too."""

import re
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from lxml import etree
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from sections.events.factories import EventFactory
from sections.events.models import Calendar

HOST = "example.test:8100"
ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM}
SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).with_name("atom.rng"))))
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d\d:\d\d:\d\d ([+-]\d{4}|GMT|UT)$"
)
# RSS 2.0 (https://www.rssboard.org/rss-specification): the elements a channel and an item may have.
RSS_CHANNEL = {
    "title", "link", "description", "language", "copyright", "managingEditor", "webMaster", "pubDate",
    "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image", "rating", "textInput",
    "skipHours", "skipDays", "item",
}  # fmt: skip
RSS_ITEM = {"title", "link", "description", "author", "category", "comments", "enclosure", "guid", "pubDate", "source"}
# A route's parameter and the values a feed is checked with.
PARAMETERS = {"calendar": lambda: Calendar.objects.values_list("slug", flat=True)}


@pytest.fixture(scope="module")
def demo(demo_db, django_db_blocker):
    """The demo content, and an upcoming event in every calendar (the demo's may all be past)."""
    with django_db_blocker.unblock(), transaction.atomic():
        for calendar in Calendar.objects.all():
            EventFactory(calendar=calendar, description="<p>Talks &amp; sprints.</p>")
        yield
        transaction.set_rollback(True)


def url_routes(resolver=None, prefix=""):
    """(path, name) of every route of the URLconf, parameterless ones only (feeds under the
    page tree are the pages' routes)."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_routes(pattern, route)
        elif isinstance(pattern, URLPattern) and "<" not in route and "(" not in route:
            yield "/" + route, pattern.name


def fill(pattern):
    """Every keyword set for a route's parameters."""
    names = list(getattr(pattern.pattern, "converters", {}))
    if not names:
        return [{}]
    missing = [name for name in names if name not in PARAMETERS]
    assert not missing, f"a feed route takes {missing}: give PARAMETERS values for it"
    (name,) = names
    return [{name: value} for value in PARAMETERS[name]()]


def feed_urls():
    """The path of every feed: URLconf routes and live routable pages' routes about feeds."""
    urls = {route for route, name in url_routes() if "feed" in route or "feed" in (name or "")}
    for page in Page.objects.live().specific():
        if not isinstance(page, RoutablePageMixin):
            continue
        for pattern in page.get_subpage_urls():
            if "feed" in str(pattern.pattern) or "feed" in (pattern.name or ""):
                for kwargs in fill(pattern):
                    urls.add(page.url + page.reverse_subpage(pattern.name, kwargs=kwargs))
    return sorted(urls)


def feeds(client):
    """(url, content type, body) of every feed, fetched on HOST."""
    found = []
    for path in feed_urls():
        response = client.get(path, HTTP_HOST=HOST)
        assert response.status_code == 200, path
        kind = response["Content-Type"].split(";")[0]
        if kind in ("application/rss+xml", "application/atom+xml"):
            found.append((f"http://{HOST}{path}", kind, response.content))
    return found


def ours(url, what):
    """An absolute http(s) URL on the host the feed was fetched from."""
    parts = urlsplit(url or "")
    assert parts.scheme in ("http", "https") and parts.netloc == HOST, (
        f"{what} is not an absolute URL on {HOST}: {url!r}"
    )


def rfc822(value, what):
    assert value and RFC822.match(value), f"{what} is not an RFC 822 date: {value!r}"
    parsedate_to_datetime(value)


def rfc3339(value, what):
    assert value and RFC3339.match(value), f"{what} is not an RFC 3339 date: {value!r}"


def check_rss(url, body):
    root = etree.fromstring(body)
    assert root.tag == "rss" and root.get("version") == "2.0"
    (channel,) = root.findall("channel")
    unknown = {child.tag for child in channel if "}" not in child.tag} - RSS_CHANNEL
    assert not unknown, f"{url}: channel elements RSS 2.0 does not define: {unknown}"
    for name in ("title", "link", "description"):
        assert (channel.findtext(name) or "").strip(), f"{url}: channel without {name}"
    ours(channel.findtext("link"), f"{url} channel link")
    selves = [link for link in channel.findall("atom:link", NS) if link.get("rel") == "self"]
    assert len(selves) == 1 and selves[0].get("href") == url, f"{url}: atom:link rel=self {selves}"
    for name in ("pubDate", "lastBuildDate"):
        if channel.find(name) is not None:
            rfc822(channel.findtext(name), f"{url} channel {name}")
    items = channel.findall("item")
    assert items, f"{url}: no items"
    guids = []
    for item in items:
        unknown = {child.tag for child in item if "}" not in child.tag} - RSS_ITEM
        assert not unknown, f"{url}: item elements RSS 2.0 does not define: {unknown}"
        assert item.findtext("title") or item.findtext("description"), f"{url}: item without title or description"
        ours(item.findtext("link"), f"{url} item link")
        guid = item.find("guid")
        assert guid is not None and guid.text, f"{url}: item without guid"
        if guid.get("isPermaLink", "true") == "true":
            ours(guid.text, f"{url} item guid")
        guids.append(guid.text)
        rfc822(item.findtext("pubDate"), f"{url} item pubDate")
        for author in item.findall("author"):
            assert "@" in (author.text or ""), f"{url}: RSS author must be an email address: {author.text!r}"
        assert all((category.text or "").strip() for category in item.findall("category"))
    assert len(set(guids)) == len(guids), f"{url}: repeated guids"
    return len(items)


def check_atom(url, body):
    root = etree.fromstring(body)
    assert SCHEMA.validate(root), f"{url}: {SCHEMA.error_log}"
    assert root.tag == f"{{{ATOM}}}feed"
    ours(root.findtext("atom:id", namespaces=NS), f"{url} feed id")
    rfc3339(root.findtext("atom:updated", namespaces=NS), f"{url} feed updated")
    links = root.findall("atom:link", NS)
    selves = [link for link in links if link.get("rel") == "self"]
    assert len(selves) == 1 and selves[0].get("href") == url, f"{url}: atom:link rel=self {selves}"
    for link in links:
        ours(link.get("href"), f"{url} feed link")
    entries = root.findall("atom:entry", NS)
    assert entries, f"{url}: no entries"
    ids = []
    for entry in entries:
        entry_id = entry.findtext("atom:id", namespaces=NS)
        ours(entry_id, f"{url} entry id")
        ids.append(entry_id)
        authors = entry.findall("atom:author", NS)
        assert authors and all(a.findtext("atom:name", namespaces=NS) for a in authors), f"{url}: entry without author"
        rfc3339(entry.findtext("atom:updated", namespaces=NS), f"{url} entry updated")
        if entry.find("atom:published", NS) is not None:
            rfc3339(entry.findtext("atom:published", namespaces=NS), f"{url} entry published")
        alternates = [link for link in entry.findall("atom:link", NS) if link.get("rel", "alternate") == "alternate"]
        assert alternates or entry.find("atom:content", NS) is not None, f"{url}: entry without link or content"
        for link in entry.findall("atom:link", NS):
            ours(link.get("href"), f"{url} entry link")
    assert len(set(ids)) == len(ids), f"{url}: repeated entry ids"
    return len(entries)


@pytest.mark.django_db
def test_every_feed_is_valid_rss_or_atom_with_absolute_urls_on_the_request_host(client, demo):
    found = feeds(client)
    kinds = {kind for _, kind, _ in found}
    assert kinds == {"application/rss+xml", "application/atom+xml"}, kinds
    paths = {urlsplit(url).path for url, _, _ in found}
    # The feeds python.org has, found by the discovery (which also finds any added later).
    assert {"/downloads/feed.rss", "/events/feed/rss/", "/events/feed/atom/", "/jobs/feed/rss/"} <= paths
    assert any(re.fullmatch(r"/events/[\w-]+/feed/atom/", path) for path in paths)
    for url, kind, body in found:
        parsed = feedparser.parse(body)
        assert not parsed.bozo, f"{url}: {parsed.bozo_exception}"
        count = check_rss(url, body) if kind == "application/rss+xml" else check_atom(url, body)
        assert count == len(parsed.entries) > 0


@pytest.mark.django_db
def test_the_checks_refuse_what_the_w3c_validator_refuses(client, demo):
    """The checks themselves: a relative guid or id, an entry without author, a date in the
    other format and a missing rel=self each fail."""
    url = f"http://{HOST}/events/feed/atom/"
    atom = client.get("/events/feed/atom/", HTTP_HOST=HOST).content.decode()
    rss_url = f"http://{HOST}/events/feed/rss/"
    rss = client.get("/events/feed/rss/", HTTP_HOST=HOST).content.decode()
    check_atom(url, atom.encode())
    check_rss(rss_url, rss.encode())
    head, entries = atom[: atom.index("<entry>")], atom[atom.index("<entry>") :]
    broken_atom = [
        head + re.sub(r"<id>http://[^/<]+", "<id>", entries, count=1),
        head + re.sub(r"<author>.*?</author>", "", entries, count=1, flags=re.S),
        re.sub(r'<link href="[^"]*" rel="self"[^>]*>', "", atom, count=1),
        re.sub(r"<updated>[^<]*</updated>", "<updated>Mon, 30 Nov 2026 10:00:00 +0000</updated>", atom, count=1),
    ]
    for broken in broken_atom:
        assert broken != atom
        with pytest.raises(AssertionError):
            check_atom(url, broken.encode())
    broken_rss = [
        re.sub(r"<guid>http://[^/]+", "<guid>", rss, count=1),
        re.sub(r"<link>http://[^/]+", "<link>", rss, count=1),
        re.sub(r"<pubDate>[^<]*</pubDate>", "<pubDate>2026-11-30T10:00:00Z</pubDate>", rss, count=1),
        re.sub(r'<atom:link href="[^"]*" rel="self"[^>]*>', "", rss, count=1),
    ]
    for broken in broken_rss:
        assert broken != rss
        with pytest.raises(AssertionError):
            check_rss(rss_url, broken.encode())

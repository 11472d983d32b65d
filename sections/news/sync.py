"""Import of a blog's RSS or Atom feed (`sync_feed`), the pattern of the events import
(sections/events/sync.py):

- the feed is fetched through the shared fetcher (pydotorg/core/fetch.py: public addresses
  only, NEWS_FEED_TIMEOUT seconds overall, NEWS_FEED_MAX_BYTES), conditionally (the ETag and
  Last-Modified of the last successful import): a 304 changes nothing; a file:// URL is read
  only under NEWS_FEED_FILE_ROOTS (the demo's fixture);
- feedparser reads it; a feed that is not well-formed, is an HTML page, is no RSS/Atom or has
  no entries is refused whole: the sync changes nothing and its record says why;
- entries are matched by guid (the Atom id, the RSS guid, else the link) within the feed:
  new ones are created, those changed upstream updated, the rest left alone; an entry
  without id and link, or without a title, is skipped and reported;
- the entry's HTML is sanitised (pydotorg.core.markup.sanitize_html, after `clean_content`
  drops FeedBurner's tracking links), its summary is plain text;
- everything is written in one transaction: any error leaves the feed as it was; a FeedSync
  row records each run.
"""

import html
import logging
import re
from datetime import UTC, datetime
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from pydotorg.core import pagecache
from pydotorg.core.fetch import Fetched, FetchError, fetch
from pydotorg.core.markup import sanitize_html

from .models import Entry, Feed, FeedSync, feed_file_path

logger = logging.getLogger(__name__)

SUMMARY_WORDS = 60
FIELDS = ["title", "summary", "content", "url"]
BLOCK_TAG = re.compile(r"<(/?)(p|div|h[1-6]|li|ul|ol|br|tr|td|th|dd|dt|blockquote|pre|table)\b", re.IGNORECASE)


class FeedError(Exception):
    """The feed could not be fetched or read: the sync changes nothing."""


class BadEntry(ValueError):
    """One entry that cannot be imported: skipped and reported."""


def max_bytes():
    return getattr(settings, "NEWS_FEED_MAX_BYTES", 10_000_000)


def fetch_feed(feed):
    """The feed's answer (a pydotorg.core.fetch.Fetched): http(s) through the shared fetcher,
    conditional on what the last import saw, or a file:// URL under NEWS_FEED_FILE_ROOTS."""
    url = feed.feed_url.strip()
    if url.startswith(("file://", "/")):
        path = feed_file_path(url)
        if path is None:
            raise FeedError("Local files outside NEWS_FEED_FILE_ROOTS are not read.")
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise FeedError(f"Cannot read {path.name}: {exc.strerror}") from exc
        if len(content) > max_bytes():
            raise FeedError(f"The feed is larger than {max_bytes()} bytes.")
        return Fetched(url, 200, content)
    try:
        return fetch(
            url,
            max_bytes=max_bytes(),
            timeout=getattr(settings, "NEWS_FEED_TIMEOUT", 20),
            etag=feed.etag or None,
            last_modified=feed.last_modified or None,
        )
    except FetchError as exc:
        raise FeedError(str(exc)) from exc


def parse_feed(content):
    """feedparser's reading of `content`, or FeedError if it is not a usable feed."""
    import feedparser  # only the sync task reads feeds: not imported by every web worker

    head = content[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        raise FeedError("The feed is empty.")
    if head.startswith((b"<!doctype html", b"<html")):
        raise FeedError("Not a feed: the server sent an HTML page.")
    parsed = feedparser.parse(content)  # bytes: feedparser never fetches anything itself
    if parsed.bozo and not isinstance(parsed.bozo_exception, feedparser.CharacterEncodingOverride):
        raise FeedError(f"Not a well-formed feed: {parsed.bozo_exception}")
    if not parsed.get("version"):
        raise FeedError("Not an RSS or Atom feed.")
    if not parsed.entries:
        raise FeedError("The feed has no entries.")
    return parsed


def as_datetime(parsed_time):
    return datetime(*parsed_time[:6], tzinfo=UTC) if parsed_time else None


def text_of(detail, value):
    """A feed's text construct as plain text (an HTML title loses its tags)."""
    if detail and "html" in (detail.get("type") or ""):
        value = html.unescape(strip_tags(value))
    return " ".join((value or "").split())


def web_url(value):
    value = (value or "").strip()
    return value[:1000] if value.lower().startswith(("http://", "https://")) else ""


def clean_content(value):
    """A post's HTML as we show it, sanitised last (pydotorg.core.markup.sanitize_html):
    FeedBurner's "feedflare" links and tracking images dropped, images asked over https (the
    site's CSP loads no http image), and an image that is a link's only content given an
    alternative text (else the link has no name)."""
    soup = BeautifulSoup(value or "", "html.parser")
    for flare in soup.select(".feedflare"):
        flare.decompose()
    for image in soup.find_all("img"):
        source = image.get("src") or ""
        parts = urlsplit(source)
        if (parts.hostname or "").endswith("feedburner.com"):
            image.decompose()
            continue
        if parts.scheme == "http":
            image["src"] = "https" + source[4:]
        link = image.find_parent("a")
        if not (image.get("alt") or "").strip() and link is not None and not link.get_text(strip=True):
            image["alt"] = f"Image: {PurePosixPath(parts.path).name or parts.hostname or 'untitled'}"
    for link in soup.find_all("a"):
        if not link.get_text(strip=True) and link.find("img") is None:
            link.decompose()  # nothing left to click
    return sanitize_html(str(soup))


def read_entry(item):
    """The fields of one feed entry, or BadEntry."""
    guid = (item.get("id") or item.get("link") or "").strip()
    if not guid:
        raise BadEntry("no id, guid or link")
    if len(guid) > 500:
        raise BadEntry("an id longer than 500 characters")
    title = text_of(item.get("title_detail"), item.get("title", ""))[:500]
    if not title:
        raise BadEntry("no title")
    body = item.content[0].value if item.get("content") else item.get("summary", "")
    content = clean_content(body)
    summary_source = item.get("summary") or body
    text = html.unescape(strip_tags(BLOCK_TAG.sub(r" <\1\2", summary_source)))  # blocks apart: words apart
    summary = Truncator(" ".join(text.split())).words(SUMMARY_WORDS)
    return {
        "guid": guid,
        "title": title,
        "summary": summary,
        "content": content,
        # FeedBurner's links go through its (dead) proxy; it gives the blog's own link too.
        "url": web_url(item.get("feedburner_origlink") or item.get("link")),
        "pub_date": as_datetime(item.get("published_parsed") or item.get("updated_parsed")),
    }


def read_entries(parsed, record):
    """The entries of the feed by guid, in feed order; bad ones skipped and reported, a guid
    seen twice kept once (its first copy: feeds list the newest first)."""
    found = {}
    for number, item in enumerate(parsed.entries, 1):
        label = f"Entry #{number} ({item.get('title') or item.get('id') or item.get('link') or 'untitled'})"
        try:
            fields = read_entry(item)
        except BadEntry as exc:
            record.skipped += 1
            record.errors.append(f"{label}: skipped, {exc}.")
            continue
        if fields["guid"] in found:
            record.skipped += 1
            record.notes.append(f"{label}: its id appears twice in the feed; the first copy was kept.")
            continue
        found[fields["guid"]] = fields
    return found


def apply_entries(feed, entries, record, now):
    existing = {entry.guid: entry for entry in feed.entries.filter(guid__in=list(entries))}
    for guid, fields in entries.items():
        entry = existing.get(guid)
        if entry is None:
            Entry.objects.create(
                feed=feed, **{**fields, "pub_date": fields["pub_date"] or now}, imported_at=now, updated_at=now
            )
            record.created += 1
            continue
        changed = [name for name in FIELDS if getattr(entry, name) != fields[name]]
        if fields["pub_date"] and fields["pub_date"] != entry.pub_date:
            changed.append("pub_date")
        if not changed:
            record.unchanged += 1
            continue
        for name in changed:
            setattr(entry, name, fields[name])
        entry.updated_at = now
        entry.save(update_fields=[*changed, "updated_at"])
        record.updated += 1


def sync_feed(feed, trigger="command"):
    """Import `feed` in one transaction; returns the saved FeedSync."""
    now = timezone.now()
    record = FeedSync(feed=feed, trigger=trigger, started_at=now)
    try:
        fetched = fetch_feed(feed)
        if fetched.not_modified:
            record.notes.append("Not modified since the last import (HTTP 304): nothing to do.")
        else:
            entries = read_entries(parse_feed(fetched.content), record)
            with transaction.atomic():
                Feed.objects.select_for_update().filter(pk=feed.pk).first()  # one import of a feed at a time
                apply_entries(feed, entries, record, now)
                Feed.objects.filter(pk=feed.pk).update(
                    etag=fetched.etag[:500], last_modified=fetched.last_modified[:100]
                )
            feed.etag, feed.last_modified = fetched.etag[:500], fetched.last_modified[:100]
    except Exception as exc:
        if not isinstance(exc, FeedError):
            logger.exception("sync of feed %s failed", feed.slug)
        record.created = record.updated = record.unchanged = record.skipped = 0
        record.notes = []
        record.errors = [f"{exc}" if isinstance(exc, FeedError) else f"{type(exc).__name__}: {exc}"]
        record.status = FeedSync.Status.FAILED
    else:
        if fetched.not_modified:
            record.status = FeedSync.Status.NOT_MODIFIED
        else:
            record.status = FeedSync.Status.PARTIAL if record.skipped else FeedSync.Status.OK
    record.finished_at = timezone.now()
    record.save()
    Feed.objects.filter(pk=feed.pk).update(sync_status=record.status, last_synced_at=record.finished_at)
    if record.created or record.updated:
        pagecache.purge(keys=["news"])
    feed.sync_status, feed.last_synced_at = record.status, record.finished_at
    return record

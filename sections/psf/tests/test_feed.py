"""The RSS feed of the 20 newest board minutes: valid (feedparser, bozo 0), newest first,
published only, every URL absolute on the host it is served from."""

from datetime import date, timedelta

import feedparser
import pytest

from sections.psf.factories import MinutesPageFactory

pytestmark = pytest.mark.django_db


def test_feed_has_the_20_newest_published_minutes(client, minutes_index):
    first = date(2022, 1, 5)
    for week in range(25):
        MinutesPageFactory(parent=minutes_index, date=first + timedelta(weeks=week), content=f"Meeting {week} & co.")
    newest = first + timedelta(weeks=24)
    draft = MinutesPageFactory(parent=minutes_index, date=newest + timedelta(weeks=1))
    draft.unpublish()
    response = client.get("/psf/records/board/minutes/feed/", HTTP_HOST="records.example:8443")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.title == "PSF board minutes"
    assert feed.feed.link == "http://records.example:8443/psf/records/board/minutes/"
    assert len(feed.entries) == 20
    links = [entry.link for entry in feed.entries]
    assert links[0] == f"http://records.example:8443/psf/records/board/minutes/{newest.isoformat()}/"
    assert links[-1].endswith(f"/{(newest - timedelta(weeks=19)).isoformat()}/")
    assert draft.slug not in " ".join(links)
    assert all(entry.id == entry.link for entry in feed.entries)
    assert feed.entries[0].published_parsed[:3] == newest.timetuple()[:3]
    assert "Meeting 24 &amp; co." in feed.entries[0].summary or "Meeting 24 & co." in feed.entries[0].summary


def test_empty_feed_is_still_valid(client, minutes_index):
    feed = feedparser.parse(client.get("/psf/records/board/minutes/feed/").content)
    assert feed.bozo == 0 and feed.entries == []

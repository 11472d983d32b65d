"""The demo: python.org's two feeds, and the real Python Insider feed imported through the
real import path (sync_feed on the fixture's file:// URL)."""

import pytest

from sections.news import demo
from sections.news.models import Entry, Feed, FeedSync
from sections.news.pages import NewsIndexPage

from .conftest import REAL_FEED

pytestmark = pytest.mark.django_db


class DemoCommand:
    """What sections.news.demo.load_demo needs of load_demo_content."""

    def __init__(self):
        self.counts, self.warnings = {}, []

    def progress(self, items, label):
        return list(items)

    def tally(self, kind, status):
        self.counts[(kind, status)] = self.counts.get((kind, status), 0) + 1

    def warn(self, message):
        self.warnings.append(message)


def test_the_fixture_is_the_real_feed_byte_for_byte():
    assert (demo.FIXTURES / "python-insider.xml").read_bytes() == REAL_FEED.read_bytes()


def test_demo_imports_python_insider_and_links_the_psf_blog_to_psf(home_page):
    from sections.pages.factories import SectionPageFactory

    # As the generic pages' demo (DEMO_ORDER 90, before this one) leaves the tree.
    for slug, title in (("about", "About"), ("blogs", "News"), ("events", "Events"), ("psf", "PSF")):
        SectionPageFactory(parent=home_page, slug=slug, title=title)
    command = DemoCommand()
    demo.load_demo(command)
    assert command.warnings == []
    children = list(home_page.get_children().values_list("slug", flat=True))
    assert children == ["about", "blogs", "events", "psf"]  # /blogs/ kept its place
    index = home_page.get_children().get(slug="blogs").specific
    assert isinstance(index, NewsIndexPage) and index.live
    insider = Feed.objects.get(slug="python-insider")
    assert insider.feed_url.startswith("file://") and insider.page_id == index.pk and insider.on_home_page
    record = insider.syncs.get()
    assert (record.trigger, record.status) == ("demo", "ok")
    assert Entry.objects.filter(feed=insider).count() == record.created == command.counts[("news entries", "created")]
    psf = Feed.objects.get(slug="psf-blog")
    assert psf.page_id == home_page.get_children().get(slug="psf").pk and not psf.on_home_page
    assert not psf.syncs.exists()  # a real blog on the network: left to the schedule

    again = DemoCommand()
    demo.load_demo(again)  # idempotent
    assert ("news entries", "created") not in again.counts
    assert again.counts[("news entries", "present")] == record.created
    assert FeedSync.objects.filter(feed=insider).latest("pk").unchanged == record.created
    assert Feed.objects.count() == 2

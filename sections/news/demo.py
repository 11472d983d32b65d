"""Demo content of the news section: the /blogs/ index page, python.org's 2 feeds (Python
Insider and the PSF blog) and the real Python Insider feed (fixtures/python-insider.xml)
imported through the real import path (sync_feed on its file:// URL). Idempotent: a second
run finds every entry unchanged.

It runs after the generic pages (DEMO_ORDER 95, not 50): the PSF blog feeds /psf/, which the
pages demo (90) makes, and the feed names its page. /blogs/ replaces the generic section page
made there at the same place in the menu order. The PSF blog has no export in ../shared/data:
its feed names the real blog and is left for the scheduled import."""

from pathlib import Path

from wagtail.models import Page

from pydotorg.core.demo import ensure_index_page

from .models import Feed
from .pages import NewsIndexPage
from .sync import sync_feed

DEMO_ORDER = 95
FIXTURES = Path(__file__).resolve().parent / "fixtures"
INTRO = "News from Python Insider, the blog of Python's core developers."


def ensure_index(command):
    """The /blogs/ page, where the generic section page of the same slug was."""
    home = Page.objects.get(depth=2)
    old = home.get_children().filter(slug="blogs").first()
    follower = old.get_next_sibling() if old is not None and old.specific_class is not NewsIndexPage else None
    page = ensure_index_page(command, NewsIndexPage, "blogs", "News", intro=INTRO)
    if page is not None and follower is not None:
        Page.objects.get(pk=page.pk).move(Page.objects.get(pk=follower.pk), pos="left")
    return page


def load_demo(command):
    index = ensure_index(command)
    home = Page.objects.get(depth=2)
    psf = home.get_children().filter(slug="psf").first()
    feeds = [
        {
            "slug": "python-insider",
            "name": "Python Insider",
            "feed_url": f"file://{FIXTURES / 'python-insider.xml'}",
            "website_url": "https://blog.python.org/",
            "page": index,
            "on_home_page": True,
        },
        {
            "slug": "psf-blog",
            "name": "PSF blog",
            "feed_url": "https://pyfound.blogspot.com/feeds/posts/default",
            "website_url": "https://pyfound.blogspot.com/",
            "page": psf,
            "on_home_page": False,
        },
    ]
    for fields in command.progress(feeds, "news feeds"):
        slug = fields.pop("slug")
        feed, created = Feed.objects.get_or_create(slug=slug, defaults=fields)
        if not created and feed.page_id is None and fields["page"] is not None:
            feed.page = fields["page"]
            feed.save(update_fields=["page"])
        if feed.feed_url.startswith("file://") and feed.feed_url != fields["feed_url"]:
            feed.feed_url = fields["feed_url"]  # the demo's copy (moves with the checkout); a real URL stays
            feed.save(update_fields=["feed_url"])
        command.tally("news feeds", "created" if created else "present")
        if not feed.feed_url.startswith("file://"):
            continue  # a real blog: the scheduled import fetches it, the demo does not go online
        sync = sync_feed(feed, trigger="demo")
        if sync.status == sync.Status.FAILED:
            command.warn(sync.summary())
        for status, count in (("created", sync.created), ("updated", sync.updated), ("present", sync.unchanged)):
            for _ in range(count):
                command.tally("news entries", status)

import http.server
import threading
from pathlib import Path

import pytest

from conftest import SHARED_DATA
from sections.news.factories import FeedFactory, NewsIndexPageFactory

REAL_FEED = SHARED_DATA / "pythondotorg/apps/blogs/tests/psf_feed_example.xml"
ILLFORMED = SHARED_DATA / "feed-samples/feedparser/aaa_illformed.xml"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def feed_dir(tmp_path, settings):
    """A folder the importer may read file:// feeds from."""
    settings.NEWS_FEED_FILE_ROOTS = [tmp_path]
    return tmp_path


@pytest.fixture
def make_feed(feed_dir):
    """make_feed(content, feed=None): write `content` (bytes) as the feed file of a Feed (a new
    one, or `feed`, repointed) and return the Feed."""

    def make(content, feed=None, name="feed.xml", **fields):
        path = feed_dir / name
        path.write_bytes(content)
        if feed is None:
            return FeedFactory(feed_url=f"file://{path}", **fields)
        feed.feed_url = f"file://{path}"
        feed.save()
        return feed

    return make


class FeedHandler(http.server.BaseHTTPRequestHandler):
    """Answers as `server.answer` says: (status, headers, body), or "stall" (sends nothing
    until the test ends). Records each request's path and headers."""

    def do_GET(self):
        server = self.server
        server.requests.append((self.path, dict(self.headers)))
        answer = server.answer(self) if callable(server.answer) else server.answer
        if answer == "stall":
            server.release.wait(10)
            return
        status, headers, body = answer
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server(settings):
    """A real HTTP server on 127.0.0.1 (a free port), in a thread; set `.answer`."""
    settings.FEEDS_ALLOW_LOOPBACK = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    server.daemon_threads = True
    server.requests, server.release = [], threading.Event()
    server.answer = (200, {"Content-Type": "application/atom+xml"}, REAL_FEED.read_bytes())
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/feeds/posts/default"
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()

"""A calendar's feed URL cannot make the server reach inside our network (issue 9): the URL
is checked when saved and fetched only from public addresses (pydotorg/core/fetch.py), and
the sync record's error says nothing of the ports it met."""

import http.server
import socket
import threading

import pytest

from sections.events.factories import CalendarFactory
from sections.events.models import Calendar, Event
from sections.events.sync import sync_calendar

pytestmark = pytest.mark.django_db

FEED = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20250101T000000Z\r\n"
FEED += b"SUMMARY:Internal\r\nDTSTART:20300101T100000Z\r\nDTEND:20300101T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"


class FeedHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", str(len(FEED)))
        self.end_headers()
        self.wfile.write(FEED)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    """A real iCalendar server on 127.0.0.1 (a free port), in a thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def test_a_feed_on_loopback_is_not_fetched(feed_server, settings):
    settings.FEEDS_ALLOW_LOOPBACK = True  # as in the tests: the same server is imported
    calendar = CalendarFactory(feed_url=f"{feed_server.base}/feed.ics")
    assert sync_calendar(calendar).created == 1
    settings.FEEDS_ALLOW_LOOPBACK = False  # as in production
    other = CalendarFactory(feed_url=f"{feed_server.base}/internal.ics")  # saved before the check existed
    record = sync_calendar(other)
    assert record.status == "failed"
    assert record.errors == ["Could not fetch the feed: the address is not allowed."]
    assert Event.objects.count() == 1
    assert feed_server.seen == ["/feed.ics"]  # never asked for internal.ics


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_record_reads_the_same_for_closed_open_and_silent_ports(settings):
    settings.EVENTS_FEED_TIMEOUT = 0.5
    errors = {"closed": sync_calendar(CalendarFactory(feed_url=f"http://127.0.0.1:{free_port()}/")).errors}
    for name, answer in (("ssh", b"SSH-2.0-OpenSSH_9.6\r\n"), ("smtp", b"220 mail ESMTP\r\n"), ("silent", b"")):
        with socket.create_server(("127.0.0.1", 0)) as listener:
            port = listener.getsockname()[1]
            done = threading.Event()

            def serve(listener=listener, answer=answer, done=done):
                connection, _ = listener.accept()
                with connection:
                    connection.sendall(answer)
                    done.wait(2)

            thread = threading.Thread(target=serve, daemon=True)
            thread.start()
            errors[name] = sync_calendar(CalendarFactory(feed_url=f"http://127.0.0.1:{port}/")).errors
            done.set()
            thread.join()
    assert {tuple(error) for error in errors.values()} == {("Could not fetch the feed: the server did not answer.",)}


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://www.python.org/events/python-events/ical/", True),
        ("http://calendar.example.org:8080/feed.ics", True),
        ("http://127.0.0.1:8399/feed.ics", False),
        ("http://localhost/feed.ics", False),
        ("http://169.254.169.254/latest/meta-data/", False),
        ("http://10.0.0.1/feed.ics", False),
        ("http://[::1]:8399/", False),
        ("gopher://example.org/", False),
        ("file:///etc/passwd", False),
    ],
)
def test_the_admin_form_refuses_internal_feed_urls(client, users, settings, url, accepted):
    settings.FEEDS_ALLOW_LOOPBACK = False
    client.force_login(users["moderator"])
    response = client.post(
        "/admin/snippets/events/calendar/add/", {"name": "Internal", "slug": "internal", "feed_url": url}
    )
    if accepted:
        assert response.status_code == 302
        assert Calendar.objects.get(slug="internal").feed_url == url
    else:
        assert response.status_code == 200
        assert "Give an http:// or https:// URL" in response.context["form"].errors["feed_url"][0]
        assert not Calendar.objects.filter(slug="internal").exists()


def test_demo_fixture_files_are_still_accepted(client, users, settings):
    from sections.events.tests.conftest import FIXTURES

    client.force_login(users["moderator"])
    url = f"file://{FIXTURES / 'user-groups.ics'}"
    response = client.post("/admin/snippets/events/calendar/add/", {"name": "Demo", "slug": "demo", "feed_url": url})
    assert response.status_code == 302
    assert sync_calendar(Calendar.objects.get(slug="demo")).status == "ok"

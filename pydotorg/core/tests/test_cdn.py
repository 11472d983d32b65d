"""The Fastly purge (pydotorg/core/cdn.py) against a real HTTP server on loopback standing in
for Fastly's API: URL and surrogate-key purges with the API key, soft purges, and Fastly
down (a closed port, a 503, a hang): the Huey task `purge_cdn` logs the failure, does not
fail its caller, and is retried by Huey (5 retries, a minute apart). And the whole flow from a
publish (pydotorg/core/pagecache.py queues the purge after commit)."""

import json
import logging
import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from django.test import override_settings
from huey.contrib.djhuey import HUEY

from pydotorg.core import cdn, tasks
from pydotorg.core.logging import JsonFormatter
from sections.pages.factories import StandardPageFactory
from tests.test_configuration import settings_value

API_KEY = "test-fastly-key"
SERVICE = "SU1Z0isxPaozGVKXdv0eY"


class FastlyStandIn(ThreadingHTTPServer):
    """Records every request (method, path, headers) and answers the next of `statuses`
    (200 when none is left) after `delay` seconds."""

    daemon_threads = True

    def __init__(self):
        self.requests, self.statuses, self.delay = [], [], 0
        super().__init__(("127.0.0.1", 0), Handler)

    def handle_error(self, request, client_address):
        pass  # a client that gave up (the timeout test) is no error of the stand-in

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        server = self.server
        server.requests.append({"method": self.command, "path": self.path, "headers": dict(self.headers)})
        time.sleep(server.delay)
        status = server.statuses.pop(0) if server.statuses else 200
        body = json.dumps({"status": "ok", "id": "108-1391560174-974124"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PURGE = do_POST  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture
def fastly():
    server = FastlyStandIn()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def fastly_settings(api_url, **params):
    return override_settings(
        WAGTAILFRONTENDCACHE={
            "fastly": {
                "BACKEND": "pydotorg.core.cdn.FastlyBackend",
                "API_KEY": API_KEY,
                "SERVICE_ID": SERVICE,
                "API_URL": api_url,
                **params,
            }
        }
    )


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed when the socket is: nothing listens there


@pytest.fixture
def huey_schedule():
    """Huey's schedule (immediate mode keeps it in memory), empty before and after."""
    HUEY.storage.flush_schedule()
    yield
    HUEY.storage.flush_schedule()


def run_due_retries():
    """What the consumer's scheduler does when the retry delay has passed: take the tasks due
    from the schedule and execute them (a failure schedules the next retry)."""
    later = HUEY._get_timestamp() + timedelta(hours=1)
    due = HUEY.read_schedule(later)
    for task in due:
        HUEY.execute(task, timestamp=later)
    return due


def test_url_purge_posts_each_url_to_fastly_with_the_key(fastly):
    with fastly_settings(fastly.url):
        cdn.purge(["https://www.python.org/downloads/", "https://www.python.org/jobs/?page=2"])
    assert [(r["method"], r["path"], r["headers"]["Fastly-Key"]) for r in fastly.requests] == [
        ("POST", "/purge/www.python.org/downloads/", API_KEY),
        ("POST", "/purge/www.python.org/jobs/?page=2", API_KEY),
    ]
    assert all("Fastly-Soft-Purge" not in r["headers"] for r in fastly.requests)


def test_one_surrogate_key_is_purged_on_its_own_url(fastly):
    with fastly_settings(fastly.url):
        cdn.purge(keys=["page-42"])
    [request] = fastly.requests
    assert (request["path"], request["headers"]["Fastly-Key"]) == (f"/service/{SERVICE}/purge/page-42", API_KEY)


def test_several_keys_go_in_one_batch_request_of_at_most_256(fastly):
    keys = [f"event-{n}" for n in range(300)]
    with fastly_settings(fastly.url):
        cdn.purge(keys=["news", "jobs", "news"])
        cdn.purge(keys=keys)
    assert [r["path"] for r in fastly.requests] == [f"/service/{SERVICE}/purge"] * 3
    assert fastly.requests[0]["headers"]["Surrogate-Key"] == "news jobs"
    assert fastly.requests[1]["headers"]["Surrogate-Key"].split() == keys[:256]
    assert fastly.requests[2]["headers"]["Surrogate-Key"].split() == keys[256:]


def test_soft_purge_marks_every_request(fastly):
    with fastly_settings(fastly.url, SOFT_PURGE=True):
        cdn.purge(["https://www.python.org/"], ["home"])
    assert len(fastly.requests) == 2
    assert all(r["headers"]["Fastly-Soft-Purge"] == "1" for r in fastly.requests)


def test_urls_of_other_hosts_are_left_to_their_backends(fastly):
    with fastly_settings(fastly.url, HOSTNAMES=["www.python.org"]):
        cdn.purge(["https://www.python.org/a/", "https://docs.python.org/b/"])
    assert [r["path"] for r in fastly.requests] == ["/purge/www.python.org/a/"]


def test_no_frontend_cache_configured_purges_nothing(fastly, settings):
    assert not hasattr(settings, "WAGTAILFRONTENDCACHE")  # FASTLY_* unset in the tests
    cdn.purge(["https://www.python.org/"], ["home"])
    assert fastly.requests == []


@pytest.mark.parametrize("status", [503, 403, 301])
def test_a_non_2xx_answer_raises_and_is_logged(fastly, status, caplog):
    fastly.statuses = [status]
    with fastly_settings(fastly.url), pytest.raises(requests.HTTPError), caplog.at_level(logging.ERROR):
        cdn.purge(["https://www.python.org/"])
    [record] = [r for r in caplog.records if r.name == "pydotorg.core.cdn"]
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "error" and line["event"].startswith("cdn purge failed: backend fastly")
    assert line["error"].startswith(f"HTTPError: {status}")
    assert API_KEY not in json.dumps(line)


def test_fastly_that_does_not_answer_times_out(fastly):
    fastly.delay = 2
    started = time.monotonic()
    with fastly_settings(fastly.url, TIMEOUT=0.5), pytest.raises(requests.Timeout):
        cdn.purge(keys=["home"])
    assert time.monotonic() - started < 1.5


def test_fastly_down_the_task_logs_does_not_raise_and_huey_retries(fastly, huey_schedule, caplog):
    """A closed port: the task's caller is not failed; Huey schedules a retry a minute later;
    when Fastly is back, the retry purges."""
    with fastly_settings(f"http://127.0.0.1:{closed_port()}"), caplog.at_level(logging.ERROR):
        tasks.purge_cdn(["https://www.python.org/news/"], ["news"])  # returns: nothing raised
        [retry] = HUEY.scheduled()
        assert retry.retries == 4  # the first of five retries
        assert retry.eta - HUEY._get_timestamp() > timedelta(seconds=50)
    assert any(r.name == "pydotorg.core.cdn" and "ConnectionError" in r.error for r in caplog.records)

    with fastly_settings(fastly.url):  # Fastly is back
        assert len(run_due_retries()) == 1
    assert [r["path"] for r in fastly.requests] == ["/purge/www.python.org/news/", f"/service/{SERVICE}/purge/news"]
    assert HUEY.scheduled() == []


def test_fastly_failing_is_tried_six_times_in_all(fastly, huey_schedule):
    fastly.statuses = [503] * 10
    with fastly_settings(fastly.url):
        tasks.purge_cdn(keys=["home"])
        for _ in range(10):
            if not run_due_retries():
                break
    assert len(fastly.requests) == 6  # the first attempt and five retries, then Huey gives up


def test_publishing_a_page_purges_its_keys_from_fastly_after_commit(
    fastly, home_page, django_capture_on_commit_callbacks
):
    """The flow of docs/operations.md: page_published → pagecache.purge → on commit →
    tasks.purge_cdn → cdn.purge → Fastly's batch key purge."""
    with django_capture_on_commit_callbacks(execute=True):  # its creation's own purge, committed
        page = StandardPageFactory(parent=home_page, title="Old")
    fastly.requests.clear()
    page.title = "New"
    with fastly_settings(fastly.url), django_capture_on_commit_callbacks(execute=True) as callbacks:
        page.save_revision().publish()
        assert fastly.requests == []  # nothing before the commit
    assert callbacks
    [request] = fastly.requests
    assert request["path"] == f"/service/{SERVICE}/purge" and request["headers"]["Fastly-Key"] == API_KEY
    assert {f"page-{page.pk}", f"tree-{page.path}", f"page-{home_page.pk}"} <= set(
        request["headers"]["Surrogate-Key"].split()
    )


def test_publishing_while_fastly_is_down_succeeds_logs_and_is_retried(
    fastly, home_page, huey_schedule, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # its creation's own purge, committed
        page = StandardPageFactory(parent=home_page, title="Old")
    page.title = "New"
    with fastly_settings(f"http://127.0.0.1:{closed_port()}"), caplog.at_level(logging.ERROR):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        [retry] = HUEY.scheduled()
    page.refresh_from_db()
    assert page.live and page.title == "New"
    assert any(r.name == "pydotorg.core.cdn" and r.levelno == logging.ERROR for r in caplog.records)
    with fastly_settings(fastly.url):
        run_due_retries()
    assert f"page-{page.pk}" in fastly.requests[0]["headers"]["Surrogate-Key"].split()


def test_fastly_is_configured_only_with_both_the_key_and_the_service():
    expression = "getattr(settings, 'WAGTAILFRONTENDCACHE', None)"
    assert settings_value(expression, FASTLY_API_KEY="k") == "None"
    assert settings_value(expression, FASTLY_SERVICE_ID="s") == "None"
    config = settings_value(expression + "['fastly']", FASTLY_API_KEY="k", FASTLY_SERVICE_ID="s")
    assert config == (
        "{'BACKEND': 'pydotorg.core.cdn.FastlyBackend', 'API_KEY': 'k', 'SERVICE_ID': 's', "
        "'API_URL': 'https://api.fastly.com', 'SOFT_PURGE': False, 'TIMEOUT': 5}"
    )

"""/metrics (pydotorg/core/metrics.py): Prometheus text that moves with what the site does,
read only from allowed addresses and with the token; the JSON log lines of Huey tasks."""

import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.core.cache import cache
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from huey.contrib.djhuey import HUEY, db_task
from huey.storage import RedisStorage, SqliteStorage
from prometheus_client.parser import text_string_to_metric_families

from pydotorg.core.logging import JsonFormatter
from pydotorg.core.models import OutgoingEmail
from sections.events.factories import CalendarFactory
from sections.events.models import CalendarSync
from sections.news.factories import FeedSyncFactory

pytestmark = pytest.mark.django_db


@db_task(retries=0)
def always_fails(reason):
    raise RuntimeError(reason)


@db_task()
def adds(a, b):
    return a + b


def scrape(client, **extra):
    """{(sample name, ((label, value), ...)): value} of a scrape of /metrics."""
    response = client.get("/metrics", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in response["Cache-Control"]
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[sample.name, tuple(sorted(sample.labels.items()))] = sample.value
    return samples


def queries_of(client, url):
    """The SQL queries Django captures for a GET of `url` (the log emptied first: each request
    resets it, so a capture that began with a fuller log would find nothing)."""
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


def test_requests_are_counted_by_url_name_and_status_with_latency_and_queries(client, home_page):
    before = scrape(client)
    home_queries = queries_of(client, "/")
    client.get("/")
    assert client.get("/box/no-such-box-4711/").status_code == 404
    assert client.get("/users/no-such-user-4711/").status_code == 404
    after = scrape(client)

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("pydotorg_http_requests_total", view="wagtail_serve", method="GET", status="200") == 2
    assert moved("pydotorg_http_requests_total", view="metrics", method="GET", status="200") == 1  # `before`
    assert moved("pydotorg_http_request_duration_seconds_count", view="wagtail_serve") == 2
    assert moved("pydotorg_http_request_duration_seconds_sum", view="wagtail_serve") > 0
    assert moved("pydotorg_db_queries_per_request_count", view="wagtail_serve") == 2
    # Each request's queries, counted through connection.execute_wrapper, as Django captures them.
    assert moved("pydotorg_db_queries_per_request_sum", view="wagtail_serve") >= home_queries
    # Raw paths (ids, slugs) never become labels: one series per URL pattern.
    labels = {str(key[1]) for key in after}
    assert not any("4711" in label for label in labels)
    not_found = [key for key in after if key[0] == "pydotorg_http_requests_total" and ("status", "404") in key[1]]
    assert sum(after[key] - before.get(key, 0) for key in not_found) == 2


def test_database_queries_per_request_match_what_django_captures(client, home_page):
    client.get("/")  # warm what the first request caches
    before = scrape(client)
    queries = queries_of(client, "/")
    after = scrape(client)
    name = "pydotorg_db_queries_per_request_sum"
    assert queries > 0
    assert value(after, name, view="wagtail_serve") - value(before, name, view="wagtail_serve") == queries


def test_cache_hits_and_misses_are_counted(client):
    before = scrape(client)
    assert cache.get("metrics-test-key") is None
    cache.set("metrics-test-key", "x")
    assert cache.get("metrics-test-key") == "x"
    assert cache.get_many(["metrics-test-key", "metrics-test-other"]) == {"metrics-test-key": "x"}
    assert cache.get_or_set("metrics-test-third", "y") == "y"
    after = scrape(client)
    # get_or_set of a missing key: a miss, then a hit (it reads the key again after adding it).
    # The scrapes themselves read no cache key.
    assert value(after, "pydotorg_cache_hits_total") - value(before, "pydotorg_cache_hits_total") == 3
    assert value(after, "pydotorg_cache_misses_total") - value(before, "pydotorg_cache_misses_total") == 3


def test_task_failures_and_completions_are_counted_and_the_queue_length_shown(client):
    name = f"{__name__}.always_fails"
    before = scrape(client)
    always_fails("boom")
    always_fails("boom again")
    assert adds(2, 3)() == 5
    task = adds.s(1, 1)  # queued, not run: the queue as a worker would find it
    HUEY.storage.enqueue(HUEY.serialize_task(task), task.priority)
    try:
        after = scrape(client)
    finally:
        HUEY.storage.flush_queue()
    assert (
        value(after, "pydotorg_huey_task_failures_total", task=name)
        - value(before, "pydotorg_huey_task_failures_total", task=name)
        == 2
    )
    done = "pydotorg_huey_tasks_completed_total"
    assert value(after, done, task=f"{__name__}.adds") - value(before, done, task=f"{__name__}.adds") == 1
    assert value(after, "pydotorg_huey_pending_tasks") == value(before, "pydotorg_huey_pending_tasks") + 1


@pytest.fixture(params=["sqlite", "redis"])
def queue_storage(request, tmp_path, monkeypatch, settings):
    """The queue as a worker and the web share it: a SQLite file, or Redis (when REDIS_URL is
    set), under a name of the test's own, in place of the tests' in-memory queue."""
    if request.param == "sqlite":
        storage = SqliteStorage(name="metrics-test", filename=str(tmp_path / "huey.sqlite3"))
    elif settings.REDIS_URL:
        storage = RedisStorage(name=f"metrics-test-{uuid.uuid4().hex}", url=settings.REDIS_URL)
    else:
        pytest.skip("REDIS_URL is not set: the Redis queue is tested in the PostgreSQL and Redis run")
    monkeypatch.setattr(HUEY, "storage", storage)
    yield storage
    storage.flush_all()


def test_task_counts_and_queue_length_come_from_the_shared_queue_storage(client, queue_storage):
    HUEY.execute(always_fails.s("no"))  # as the worker runs it: the signals count its outcome
    HUEY.execute(always_fails.s("no"))
    HUEY.execute(adds.s(1, 2))
    task = adds.s(3, 4)
    HUEY.storage.enqueue(HUEY.serialize_task(task), task.priority)
    samples = scrape(client)
    assert value(samples, "pydotorg_huey_task_failures_total", task=f"{__name__}.always_fails") == 2
    assert value(samples, "pydotorg_huey_tasks_completed_total", task=f"{__name__}.adds") == 1
    assert value(samples, "pydotorg_huey_pending_tasks") == 1


def test_pending_and_failed_emails_and_the_oldest_pending_age(client):
    before = scrape(client)
    assert value(before, "pydotorg_outgoing_emails", status="pending") == 0
    assert value(before, "pydotorg_outgoing_email_oldest_pending_age_seconds") == 0
    email = OutgoingEmail.objects.create(to=["a@example.org"], subject="s", body="b")
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=20))
    OutgoingEmail.objects.create(to=["b@example.org"], subject="s", body="b", status=OutgoingEmail.Status.FAILED)
    OutgoingEmail.objects.create(to=["c@example.org"], subject="s", body="b", status=OutgoingEmail.Status.SENT)
    after = scrape(client)
    assert value(after, "pydotorg_outgoing_emails", status="pending") == 1
    assert value(after, "pydotorg_outgoing_emails", status="failed") == 1
    assert 20 * 60 <= value(after, "pydotorg_outgoing_email_oldest_pending_age_seconds") < 21 * 60


def test_last_successful_sync_of_calendars_and_feeds(client):
    name = "pydotorg_sync_last_success_timestamp_seconds"
    before = scrape(client)
    assert value(before, name, sync="events.calendarsync") == 0
    assert value(before, name, sync="news.feedsync") == 0
    done = timezone.now() - timedelta(hours=1)
    calendar = CalendarFactory()
    CalendarSync.objects.create(calendar=calendar, finished_at=done)
    CalendarSync.objects.create(calendar=calendar, status=CalendarSync.Status.FAILED, finished_at=timezone.now())
    FeedSyncFactory(finished_at=done, status="not_modified")
    after = scrape(client)
    assert value(after, name, sync="events.calendarsync") == pytest.approx(done.timestamp())
    assert value(after, name, sync="news.feedsync") == pytest.approx(done.timestamp())


def test_refused_from_an_address_not_allowed_whichever_hop(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    # Through a proxy on this machine: the client's address is in X-Forwarded-For.
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="10.0.0.8, 203.0.113.9").status_code == 404
    assert client.get("/metrics", HTTP_X_REAL_IP="203.0.113.9").status_code == 404
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="unknown").status_code == 404
    # Internal addresses are allowed by default (loopback, private ranges, IPv6 too).
    for address in ("10.1.2.3", "192.168.1.20", "172.20.0.5", "::1", "fd00::5"):
        assert client.get("/metrics", REMOTE_ADDR=address).status_code == 200, address
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="10.0.0.8, 192.168.0.2").status_code == 200


def test_allowed_addresses_come_from_settings(client, settings):
    settings.METRICS_ALLOWED_IPS = ["198.51.100.0/24"]
    assert client.get("/metrics").status_code == 404  # 127.0.0.1 is no longer allowed
    assert client.get("/metrics", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_token_is_required_when_set(client, settings):
    settings.METRICS_TOKEN = "a-long-random-metrics-token-0123456789"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert (
        client.get("/metrics", HTTP_AUTHORIZATION="Bearer a-long-random-metrics-token-0123456789é").status_code == 403
    )
    scrape(client, HTTP_AUTHORIZATION="Bearer a-long-random-metrics-token-0123456789")
    # The token does not open the endpoint to public addresses.
    response = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer a-long-random-metrics-token-0123456789"
    )
    assert response.status_code == 404


def test_answered_whatever_the_host_and_scheme(client, settings):
    """Prometheus scrapes each instance by its address over http: no ALLOWED_HOSTS check, no
    https redirect (other paths still get both)."""
    settings.ALLOWED_HOSTS = ["www.python.org"]
    settings.SECURE_SSL_REDIRECT = True
    scrape(client, HTTP_HOST="10.0.0.12:8000", REMOTE_ADDR="10.0.0.3")
    assert client.get("/health", HTTP_HOST="10.0.0.12:8000").status_code == 400


def test_every_task_run_logs_start_and_end_with_id_duration_and_outcome(caplog):
    caplog.set_level(logging.INFO, logger="pydotorg.core.tasks")
    result = always_fails("the reason")
    adds(1, 2)
    lines = [
        json.loads(JsonFormatter().format(record)) for record in caplog.records if record.name == "pydotorg.core.tasks"
    ]
    failed = [line for line in lines if line.get("task") == f"{__name__}.always_fails"]
    assert [line["event"] for line in failed] == ["task started", "task finished"]
    started, finished = failed
    assert started["task_id"] == finished["task_id"] == result.id
    assert finished["outcome"] == "error" and finished["level"] == "error"
    assert finished["error"] == "RuntimeError: the reason" and finished["retries"] == 0
    assert finished["duration_ms"] >= 0
    complete = [line for line in lines if line.get("task") == f"{__name__}.adds"][-1]
    assert complete["outcome"] == "complete" and complete["level"] == "info" and "duration_ms" in complete


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_gunicorn_workers_counts_are_summed_whichever_worker_answers(tmp_path):
    """gunicorn with deploy/gunicorn.conf.py, two workers each recycled after 3 requests: every
    scrape, whichever worker answers, counts every request of every worker, dead ones too."""
    port = free_port()
    keep = {"PATH", "HOME", "LANG", "TMPDIR"}
    env = {k: v for k, v in os.environ.items() if k in keep} | {
        "APP_ENV": "prod",
        **{name: secrets.token_urlsafe(48) for name in ("SECRET_KEY", "SESSION_SECRET_KEY", "CSRF_SECRET")},
        "SITE_URL": "http://127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "VAR_DIR": str(tmp_path),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "1",
        "GUNICORN_CMD_ARGS": "--max-requests 3 --max-requests-jitter 0",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    (tmp_path / "metrics").mkdir()
    (tmp_path / "metrics" / "counter_1.db").write_bytes(b"")  # an earlier run's: removed at start
    log = (tmp_path / "gunicorn.log").open("w")
    conf = Path(__file__).resolve().parents[3] / "deploy" / "gunicorn.conf.py"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(conf), "pydotorg.wsgi"],
        cwd=conf.parent.parent,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
            try:
                requests.get(url + "/metrics", timeout=60)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        for _ in range(6):
            assert requests.get(url + "/health", timeout=60).status_code == 200
        totals = set()
        for _ in range(3):
            response = requests.get(url + "/metrics", timeout=60)
            assert response.status_code == 200
            families = {family.name: family for family in text_string_to_metric_families(response.text)}
            totals.add(
                sum(
                    sample.value
                    for sample in families["pydotorg_http_requests"].samples
                    if sample.name.endswith("_total") and sample.labels["view"] == "health"
                )
            )
        assert totals == {6}
        workers = {path.name.split("_")[-1] for path in (tmp_path / "metrics").glob("counter_*.db")}
        assert len(workers) >= 3 and "1.db" not in workers  # 10 requests, 3 per worker
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

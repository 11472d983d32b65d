"""/health and /_health (python.org's path): each dependency's state, 503 only when the
database is down, within 2 s even when PostgreSQL does not answer, and never an error text."""

import json
import logging
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[3]


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/health", "/_health"])
def test_health_reports_each_dependency(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert json.loads(response.content) == {"status": "healthy", "database": True, "cache": True, "queue": True}


@pytest.mark.django_db
def test_cache_and_queue_down_is_degraded_and_names_no_error(client, caplog):
    """Redis down (a port where nothing listens): the site serves, so 200 "degraded"; the
    cause is logged, not shown."""
    redis_url = f"redis://127.0.0.1:{closed_port()}/0"
    caches = {
        "default": {
            "BACKEND": "pydotorg.core.cache.RedisCache",
            "LOCATION": redis_url,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    with caplog.at_level(logging.WARNING), override_settings(CACHES=caches, HUEY={**settings.HUEY, "url": redis_url}):
        response = client.get("/health")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "degraded", "database": True, "cache": False, "queue": False}
    logged = [record.getMessage() for record in caplog.records if record.name == "pydotorg.core.views"]
    assert any("health check failed: queue: Error 111" in message for message in logged), logged


HEALTH_WITH_DATABASE_AT = """
import json, sys, time
import django
django.setup()
from django.test import Client
from django.urls import get_resolver
client = Client()
# The site's code loaded first, as gunicorn's preload does: the time is the check's answer.
get_resolver().url_patterns
client.handler.load_middleware()
started = time.monotonic()
response = client.get("/health")
print(json.dumps({"status_code": response.status_code, "seconds": time.monotonic() - started,
                  "body": json.loads(response.content)}))
"""


def health_with_database_at(port):
    """/health of a site whose DATABASE_URL names 127.0.0.1:port, in a process of its own."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="pydotorg.settings.test", DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/x")
    run = subprocess.run(
        [sys.executable, "-c", HEALTH_WITH_DATABASE_AT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.splitlines()[-1]), run.stderr


@pytest.fixture
def silent_server():
    """A port that accepts connections and never answers (a PostgreSQL that hangs)."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:  # closed at the end of the test
                return

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for conn in accepted:
        conn.close()


@pytest.mark.slow
@pytest.mark.parametrize("database", ["refusing", "silent"])
def test_database_down_is_503_within_two_seconds_without_its_error(database, request):
    port = closed_port() if database == "refusing" else request.getfixturevalue("silent_server")
    result, log = health_with_database_at(port)
    assert result["status_code"] == 503
    assert result["seconds"] < 2
    assert result["body"] == {"status": "unhealthy", "database": False, "cache": True, "queue": True}
    assert "health check failed: database: couldn't get a connection" in log

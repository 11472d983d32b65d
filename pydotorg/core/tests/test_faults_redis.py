"""Redis going down under a running site (docs/security.md): the site in a real
gunicorn (APP_ENV=dev, a temporary SQLite file) on a redis-server of the test's own, which
the test kills halfway. Accounts keep working (allauth's rate limits degrade open), a
signed-in session stays signed in, pages serve, /health says "degraded", and a request that
queues a Huey task answers with a message instead of a 500. And the project's cache backend
on a Redis of the test's own: allauth's limits hold while it runs and open when it dies."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis as redis_lib
import requests
from django.test import override_settings
from django.urls import reverse

from pydotorg.users.factories import UserFactory

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "correct-horse-battery-staple"
PAGES = ["/", "/jobs/", "/events/", "/downloads/"]

SETUP = """
import sys
from pydotorg.settings.select import configure
configure()
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from home.pages import HomePage
from pydotorg.users.factories import UserFactory
from sections.downloads.factories import DownloadsIndexPageFactory
from sections.events.factories import CalendarFactory, EventsIndexPageFactory
from sections.jobs.factories import JobBoardPageFactory
home = HomePage.objects.get(depth=2)
for factory in (JobBoardPageFactory, EventsIndexPageFactory, DownloadsIndexPageFactory):
    factory(parent=home)
for name in ("ada", "grace", "linus"):
    UserFactory(username=name, password=sys.argv[1], verified=True)
UserFactory(username="admin", password=sys.argv[1], verified=True, is_staff=True, is_superuser=True)
print(CalendarFactory(name="Python Events").pk)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(ready, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except (OSError, requests.RequestException, redis_lib.ConnectionError):
            pass
        time.sleep(0.1)
    raise AssertionError("the server did not start")


def csrf_post(session, url, data):
    """POST a form as a browser does: GET it, send its CSRF token back."""
    page = session.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    return session.post(url, data={"csrfmiddlewaretoken": token, **data}, allow_redirects=False)


def login(base, username):
    session = requests.Session()
    response = csrf_post(session, base + "/accounts/login/", {"login": username, "password": PASSWORD})
    return session, response


def signed_in(session, base):
    """The e-mail management page answers 200 to a signed-in user, a redirect to anyone else."""
    return session.get(base + "/accounts/email/", allow_redirects=False).status_code == 200


@pytest.fixture
def redis_server():
    """A redis-server of the test's own: (its process, its URL)."""
    port = free_port()
    process = subprocess.Popen(
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"

    def answers():
        with redis_lib.Redis.from_url(url) as client:
            return client.ping()

    try:
        wait_until(answers)
        yield process, url
    finally:
        process.kill()
        process.wait(5)


@pytest.fixture
def site_on_redis(tmp_path, redis_server, migrated_sqlite):
    """(base URL, the Redis process, the calendar's pk): gunicorn on a Redis of its own."""
    shutil.copy(migrated_sqlite, tmp_path / "site.sqlite3")
    redis, redis_url = redis_server
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}},
        "APP_ENV": "dev",
        "DEBUG": "0",
        "REDIS_URL": redis_url,
        "SQLITE_PATH": str(tmp_path / "site.sqlite3"),
        "VAR_DIR": str(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    web_port, web, log = free_port(), None, open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115
    try:
        setup = subprocess.run(
            [sys.executable, "-c", SETUP, PASSWORD], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert setup.returncode == 0, setup.stderr[-3000:]
        calendar_pk = int(setup.stdout.split()[-1])
        web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "pydotorg.wsgi", "--bind", f"127.0.0.1:{web_port}"]
            + ["--workers", "1", "--threads", "4", "--timeout", "30"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base = f"http://127.0.0.1:{web_port}"
        wait_until(lambda: requests.get(base + "/health", timeout=5).json()["cache"])
        yield base, redis, calendar_pk
    finally:
        if web is not None:
            web.send_signal(signal.SIGINT)  # quick shutdown
            try:
                web.wait(10)
            except subprocess.TimeoutExpired:  # a thread still waiting on a request
                web.kill()
                web.wait(10)
        log.close()


@pytest.mark.slow
def test_accounts_sessions_pages_and_health_survive_redis_going_down(site_on_redis):
    base, redis, calendar_pk = site_on_redis
    assert requests.get(base + "/health").json() == {
        "status": "healthy",
        "database": True,
        "cache": True,
        "queue": True,
    }
    ada, response = login(base, "ada")
    assert response.status_code == 302 and signed_in(ada, base)
    admin, response = login(base, "admin")
    assert response.status_code == 302

    redis.kill()
    redis.wait(5)

    # /health: 200 "degraded" (the site serves), each dependency named, no error text.
    started = time.monotonic()
    health = requests.get(base + "/health")
    assert time.monotonic() - started < 2
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": True, "cache": False, "queue": False}
    # A signed-in user stays signed in (the session is in the database too).
    assert signed_in(ada, base)
    for path in PAGES:
        assert ada.get(base + path).status_code == 200, path
        assert requests.get(base + path).status_code == 200, path
    # Sign-in, sign-up and password reset work (allauth's rate limits degrade open), fast.
    started = time.monotonic()
    grace, response = login(base, "grace")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert signed_in(grace, base)
    signup = {"username": "guido", "email": "guido@example.com", "password1": PASSWORD, "password2": PASSWORD}
    response = csrf_post(requests.Session(), base + "/accounts/signup/", signup)
    assert response.status_code == 302 and response.headers["Location"] == "/accounts/confirm-email/"
    response = csrf_post(requests.Session(), base + "/accounts/password/reset/", {"email": "linus@example.com"})
    assert response.status_code == 302 and response.headers["Location"] == "/accounts/password/reset/done/"
    assert time.monotonic() - started < 5
    # Signing out works too, and the session is gone.
    response = csrf_post(grace, base + "/accounts/logout/", {})
    assert response.status_code == 302 and not signed_in(grace, base)
    # A request that queues a task (an admin's calendar sync) says the queue is unavailable.
    response = csrf_post(admin, f"{base}/admin/events/calendars/{calendar_pk}/sync/", {})
    assert response.status_code == 302
    assert "not queued" in admin.get(base + response.headers["Location"]).text


@pytest.mark.slow
@pytest.mark.django_db
def test_login_rate_limit_holds_with_redis_and_degrades_open_without(client, redis_server):
    """The project's cache backend on a real Redis: allauth's limit on failed sign-ins
    applies; with Redis killed, sign-in works (no 429) instead."""
    process, url = redis_server
    UserFactory(username="ada", password=PASSWORD, verified=True)
    caches = {
        "default": {
            "BACKEND": "pydotorg.core.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    with override_settings(CACHES=caches):
        for _ in range(5):
            client.post(reverse("account_login"), {"login": "ada", "password": "wrong"})
        response = client.post(reverse("account_login"), {"login": "ada", "password": PASSWORD})
        assert response.status_code == 200 and "Too many failed login attempts" in response.text

        process.kill()
        process.wait(5)
        response = client.post(reverse("account_login"), {"login": "ada", "password": PASSWORD})
        assert response.status_code == 302 and client.session["_auth_user_id"]

"""The site's real address in its machine-readable output and in its mail.

- Inside a request (sitemap, JSON-LD, feeds: tests/test_feeds_valid.py) every URL is built from
  the request, so a site served at example.test:8100 says example.test:8100, not the Site
  record's 127.0.0.1:8000 nor SITE_URL.
- Outside one (mail, tasks, the admin URL `load_demo_content` prints) from SITE_URL
  (`WAGTAILADMIN_BASE_URL`), which by default follows the port the site is served on:
  `make run PORT=8100` passes SITE_URL=http://127.0.0.1:8100, and without SITE_URL the
  settings take the PORT of the environment."""

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import override_settings
from lxml import etree
from wagtail.models import Site

from pydotorg.core.demo import ensure_superuser
from sections.downloads.pages import ReleasePage
from sections.events.factories import CalendarFactory, EventFactory, EventsIndexPageFactory
from sections.events.models import Event, EventReminder
from sections.events.pages import EventsIndexPage
from sections.events.tasks import send_event_reminders
from sections.jobs.models import Job
from tests.test_feeds_valid import demo  # noqa: F401 (the demo content, once for the module)

ROOT = Path(__file__).resolve().parent.parent
HOST = "example.test:8100"
SITE_URL = "http://site-url.test:8200"


def sitemap_locations(client, host):
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    return [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def json_ld(client, path, host):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, path
    (raw,) = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', response.content.decode(), re.S)
    return json.loads(raw)


# --- Inside a request: the request's host ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("host", [HOST, "other.test"])
def test_sitemap_locations_are_on_the_request_host(client, demo, host):  # noqa: F811
    site = Site.objects.get(is_default_site=True)
    assert f"{site.hostname}:{site.port}" != host  # the Site record says another address
    locations = sitemap_locations(client, host)
    assert len(locations) > 20
    assert {urlsplit(url)[:2] for url in locations} == {("http", host)}
    assert f"http://{host}/" in locations and f"http://{host}/events/" in locations
    assert any(url.startswith(f"http://{host}/downloads/release/python-") for url in locations)


@pytest.mark.django_db
@override_settings(WAGTAILADMIN_BASE_URL=SITE_URL)
def test_json_ld_urls_are_on_the_request_host(client, demo):  # noqa: F811
    release = ReleasePage.objects.live().order_by("-release_date").first()
    event = Event.objects.filter(live=True).select_related("calendar").first()
    job = Job.objects.visible().first()
    pages = {
        "SoftwareApplication": release.url,
        "Event": f"/events/{event.calendar.slug}/{event.pk}/",
        "JobPosting": f"/jobs/{job.pk}/",
    }
    for kind, path in pages.items():
        data = json_ld(client, path, HOST)
        assert data["@type"] == kind
        assert data["url"] == f"http://{HOST}{path}", kind


# --- Outside a request, and in mail: SITE_URL --------------------------------------------------


@pytest.fixture
def events(home_page, make_user):
    """The events index (the demo's, when this module has loaded it) and a calendar."""
    make_user("moderator", groups=["Event moderators"])
    index = EventsIndexPage.objects.first() or EventsIndexPageFactory(parent=home_page)
    return index, CalendarFactory(name="Test calendar")


@pytest.mark.django_db
@override_settings(WAGTAILADMIN_BASE_URL=SITE_URL)
def test_mail_links_use_site_url_in_a_request_on_another_host(
    client, events, users, django_capture_on_commit_callbacks
):
    _, calendar = events
    client.force_login(users["owner"])
    submission = {
        "title": "PyCon Atlantis",
        "description": "Talks.",
        "venue": "Harbour hall",
        "start": "2030-06-01T09:00",
        "end": "2030-06-01T17:00",
        "time_zone": "Europe/Vienna",
        "calendar": calendar.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/events/submit/", submission, HTTP_HOST=HOST).status_code == 302
    (message,) = mail.outbox
    assert f"{SITE_URL}/events/review/" in message.body
    assert HOST not in message.body and "127.0.0.1" not in message.body and "://localhost" not in message.body


@pytest.mark.django_db
@override_settings(WAGTAILADMIN_BASE_URL=SITE_URL)
def test_mail_links_use_site_url_outside_a_request(events, users, django_capture_on_commit_callbacks):
    _, calendar = events
    now = datetime(2030, 3, 9, 8, tzinfo=UTC)
    event = EventFactory(calendar=calendar, title="Sprint", start=now + timedelta(days=1, hours=2))
    EventReminder.objects.create(user=users["user"], event=event)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders(now=now) == 1
    (message,) = mail.outbox
    assert f"{SITE_URL}/events/{calendar.slug}/{event.pk}/" in message.body
    assert "://localhost" not in message.body  # the Site record's address


def test_printed_admin_url_uses_site_url(db, settings):
    class Command:
        def tally(self, *args):
            pass

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8100"
    settings.APP_ENV = "dev"
    assert "Log in at http://127.0.0.1:8100/admin/" in ensure_superuser(Command())


# --- SITE_URL follows where the site is served --------------------------------------------------


def base_url(**env):
    """WAGTAILADMIN_BASE_URL as a new development process sees it with `env` (and no SITE_URL,
    PORT or settings module of ours)."""
    code = "from pydotorg.settings.select import configure; configure(); from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"  # noqa: E501
    ours = ("SITE_URL", "PORT", "APP_ENV", "DEBUG", "DJANGO_SETTINGS_MODULE")
    base = {k: v for k, v in os.environ.items() if k not in ours}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "APP_ENV": "dev", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_site_url_follows_port_unless_set():
    assert base_url(PORT="8100") == "http://127.0.0.1:8100"
    assert base_url() == "http://127.0.0.1:8000"
    assert base_url(PORT="8100", SITE_URL="https://www.python.org/") == "https://www.python.org"


def make_dry_run(*args, **env):
    """The commands `make` would run (-n: nothing is run), in a clean environment but PATH."""
    result = subprocess.run(
        [shutil.which("make"), "-n", *args],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def commands(lines, word):
    return [line for line in lines if word in line]


def test_make_run_passes_the_served_address_as_site_url():
    lines = make_dry_run("run", "PORT=8100")
    (serve,) = commands(lines, "runserver")
    (seed,) = commands(lines, "load_demo_content")
    assert serve.endswith("runserver 127.0.0.1:8100")
    assert "SITE_URL=http://127.0.0.1:8100 " in serve and "SITE_URL=http://127.0.0.1:8100 " in seed
    # Every interface is reached on 127.0.0.1; a SITE_URL of the environment wins.
    (serve,) = commands(make_dry_run("serve", "HOST=0.0.0.0"), "runserver")
    assert "SITE_URL=http://127.0.0.1:8000 " in serve and serve.endswith("runserver 0.0.0.0:8000")
    (serve,) = commands(make_dry_run("run", SITE_URL="https://dev.example.org"), "runserver")
    assert "SITE_URL=https://dev.example.org " in serve


def test_readme_documents_port():
    readme = (ROOT / "README.md").read_text()
    assert "make run PORT=8100" in readme and "SITE_URL" in readme


@pytest.mark.django_db
def test_ics_event_urls_are_on_the_request_host(client, demo):  # noqa: F811
    body = client.get("/events/ical/", HTTP_HOST=HOST).content.decode()
    urls = re.findall(r"^URL:(\S+)", body.replace("\r\n ", ""), re.M)
    assert urls and all(url.startswith(f"http://{HOST}/events/") for url in urls)

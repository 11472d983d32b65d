"""Huey wiring: the periodic schedule, the task itself, and a real worker process."""

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from huey.contrib.djhuey import HUEY

from pydotorg.core.tasks import warm_home_pages

ROOT = Path(__file__).resolve().parents[3]


def test_tests_run_tasks_immediately():
    assert HUEY.immediate is True


def test_home_page_warming_is_scheduled_every_five_minutes():
    names = lambda moment: {task.name for task in HUEY.read_periodic(moment)}  # noqa: E731
    assert "warm_home_page_cache" in names(datetime(2026, 1, 1, 12, 5))
    assert "warm_home_page_cache" in names(datetime(2026, 1, 1, 12, 55))
    assert "warm_home_page_cache" not in names(datetime(2026, 1, 1, 12, 7))


@pytest.mark.django_db
def test_warming_renders_the_home_page(home_page):
    assert warm_home_pages().get() == {"localhost": 200}


@pytest.mark.django_db
def test_warming_renders_the_home_page_served_over_https(home_page, site, settings, client):
    """Production redirects plain HTTP to HTTPS (settings/production.py): the warming asks for
    the page as visitors get it, over HTTPS with the site's host name, and gets it."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["www.python.org"]
    site.hostname, site.port = "www.python.org", 443
    site.save()
    assert client.get("/", HTTP_HOST="www.python.org").status_code == 301  # plain HTTP: the redirect
    assert warm_home_pages().get() == {"www.python.org": 200}


@pytest.mark.slow
def test_a_real_worker_runs_a_queued_task(tmp_path, migrated_sqlite):
    """`make worker`'s command (run_huey) picks up a task queued by another process."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"}},
        "APP_ENV": "dev",
        "HUEY_IMMEDIATE": "0",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "VAR_DIR": str(tmp_path),
    }

    def manage(*args, **kwargs):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, **kwargs)

    shutil.copy(migrated_sqlite, tmp_path / "db.sqlite3")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        result = manage(
            "shell",
            "--no-imports",
            "-c",
            "from pydotorg.core.tasks import warm_home_pages as task; print(task().get(blocking=True, timeout=60))",
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "{'localhost': 200}"


def test_scheduled_publishing_runs_every_minute():
    names = lambda moment: {task.name for task in HUEY.read_periodic(moment)}  # noqa: E731
    assert "publish_scheduled" in names(datetime(2026, 1, 1, 12, 7))


@pytest.mark.django_db
def test_a_page_scheduled_in_the_past_goes_live_and_an_expired_one_comes_down(home_page):
    """An editor's "go-live" and "expiry" dates take effect without anyone running a command."""
    from django.utils import timezone
    from wagtail.models import Page

    from pydotorg.core.tasks import publish_scheduled
    from sections.pages.factories import SectionPageFactory

    scheduled = SectionPageFactory(parent=home_page, title="Later", slug="later", live=False)
    revision = scheduled.save_revision()
    revision.approved_go_live_at = timezone.now() - timezone.timedelta(minutes=1)
    revision.save()
    expiring = SectionPageFactory(parent=home_page, title="Going", slug="going")
    Page.objects.filter(pk=expiring.pk).update(expire_at=timezone.now() - timezone.timedelta(minutes=1))

    publish_scheduled.call_local()

    scheduled.refresh_from_db()
    expiring.refresh_from_db()
    assert scheduled.live
    assert not expiring.live and expiring.expired

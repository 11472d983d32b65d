"""Fixtures shared by every test. Tests run on PostgreSQL and Redis when DATABASE_URL and
REDIS_URL are set (CI sets them), and on SQLite and local memory otherwise.

- `users`: one user per role (anonymous is None, user, owner, editor, staff, superuser); a
  section's conftest adds its own `moderator` by overriding `users` (see sections/jobs/tests).
- `count_queries(url)`: the number of SQL queries a GET of `url` costs (it must answer 200).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True, scope="session")
def _run_cache_keys_and_media():
    """The run's own cache keys and media folder (settings.test names both after the run) go
    when it ends."""
    yield
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache (only this run's key prefix, never the whole Redis
    DB) and without Wagtail's cached site root paths."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()
    from wagtail.models import Site

    Site.clear_site_root_paths_cache()
    yield


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A migrated SQLite database file, made once per test process, for tests that run the site
    in processes of their own: copy it to the test's SQLITE_PATH (`shutil.copy`) instead of
    migrating again (a quarter of a minute each)."""
    path = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
    keep = {"PATH", "HOME", "LANG", "TMPDIR", "SYSTEMROOT"}
    env = {k: v for k, v in os.environ.items() if k in keep} | {"APP_ENV": "dev", "SQLITE_PATH": str(path)}
    env["VAR_DIR"] = str(path.parent)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return path


@pytest.fixture
def home_page(db):
    from home.pages import HomePage

    return HomePage.objects.get(depth=2)


@pytest.fixture
def site(db):
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


@pytest.fixture
def make_user(db, django_user_model):
    """make_user("ann", groups=["Editors"], is_staff=True): password "password", email ann@example.com."""

    def make(username, groups=(), **extra):
        user = django_user_model.objects.create_user(username, f"{username}@example.com", "password", **extra)
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        return user

    return make


@pytest.fixture
def users(make_user):
    """One user per role; sections add their `moderator`."""
    return {
        "anonymous": None,
        "user": make_user("user"),
        "owner": make_user("owner"),
        "editor": make_user("editor", groups=["Editors"]),
        "staff": make_user("staff", is_staff=True),
        "superuser": make_user("root", is_staff=True, is_superuser=True),
    }


@pytest.fixture
def count_queries(client):
    """count_queries(url) → the number of SQL queries a GET of `url` costs (asserting a 200)."""

    def count(url, client=client):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(queries)

    return count


@pytest.fixture
def search_index_off(settings):
    """Pages and snippets saved without updating the search index: for tests that make
    hundreds of pages to count a listing's queries. Wagtail's database backend renormalises
    the new entries' title weights on every save, which grows with the index (quadratic over a
    test's thousand pages on PostgreSQL: two minutes)."""
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**backend, "AUTO_UPDATE": False} for name, backend in settings.WAGTAILSEARCH_BACKENDS.items()
    }

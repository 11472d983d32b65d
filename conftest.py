"""Fixtures shared by every test. Tests run on PostgreSQL and Redis when DATABASE_URL and
REDIS_URL are set (CI sets them), and on SQLite and local memory otherwise.

- `users`: one user per role (anonymous is None, user, owner, editor, staff, superuser); a
  section's conftest adds its own `moderator` by overriding `users` (see sections/jobs/tests).
- `count_queries(url)`: the number of SQL queries a GET of `url` costs (it must answer 200).
- `demo_db` (module scope): the database with the demo content loaded (`manage.py
  load_demo_content`, APP_ENV=dev), put back as the migrations left it after the module's last
  test. The demo is loaded once per run, copied into each test process's database, and copied
  back from a snapshot for every other module that asks (seconds instead of a minute and a
  half): see `Snapshots` and `load_shared_demo`.
"""

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

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
    _empty_caches()
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


class Snapshots:
    """Named copies of this process's test database, taken once and copied back in a second or
    two: SQLite's backup API between in-memory databases; on PostgreSQL, databases made with
    `CREATE DATABASE ... TEMPLATE`. Copying back replaces every row, sequences included; the
    cache is emptied with it."""

    def __init__(self):
        self.sqlite = {}  # name → in-memory sqlite3 connection
        self.postgres = set()  # names of the copies

    def _pg_name(self, name):
        return f"{connection.settings_dict['NAME']}_{name}"[:63]

    def _pg_admin(self, *statements):
        import psycopg

        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()
        params = {**connection.get_connection_params(), "dbname": "postgres", "autocommit": True}
        params.pop("pool", None)
        params.pop("cursor_factory", None)
        params.pop("context", None)
        with psycopg.connect(**params) as admin:
            for statement in statements:
                admin.execute(*statement) if isinstance(statement, tuple) else admin.execute(statement)

    def _terminate(self, database):
        sql = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        return (sql, [database])

    def take(self, name):
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
            self.sqlite[name] = copy
        else:
            database, copy = connection.settings_dict["NAME"], self._pg_name(name)
            self._pg_admin(
                f'DROP DATABASE IF EXISTS "{copy}"',
                self._terminate(database),
                f'CREATE DATABASE "{copy}" TEMPLATE "{database}"',
            )
            self.postgres.add(name)

    def __contains__(self, name):
        return name in self.sqlite or name in self.postgres

    def export(self, path):
        """Copy the database out, for the run's other test processes: a SQLite file at `path`,
        or a PostgreSQL database named after the run."""
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(path) as copy:
                connection.connection.backup(copy)
        else:
            database = connection.settings_dict["NAME"]
            self._pg_admin(
                self._terminate(database), f'CREATE DATABASE "{shared_demo_database()}" TEMPLATE "{database}"'
            )

    def import_(self, path):
        """The database as another test process of the run exported it."""
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(path) as copy:
                copy.backup(connection.connection)
        else:
            database = connection.settings_dict["NAME"]
            self._pg_admin(
                f'DROP DATABASE "{database}" WITH (FORCE)',
                f'CREATE DATABASE "{database}" TEMPLATE "{shared_demo_database()}"',
            )

    def restore(self, name):
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            self.sqlite[name].backup(connection.connection)
        else:
            database = connection.settings_dict["NAME"]
            self._pg_admin(
                f'DROP DATABASE "{database}" WITH (FORCE)',
                f'CREATE DATABASE "{database}" TEMPLATE "{self._pg_name(name)}"',
            )
        _empty_caches()

    def drop_all(self):
        for copy in self.sqlite.values():
            copy.close()
        if self.postgres:
            self._pg_admin(*(f'DROP DATABASE IF EXISTS "{self._pg_name(name)}"' for name in self.postgres))


# The demo is loaded by one test process of a run and shared with the others (xdist workers
# inherit the controller's environment): its database, its media files and the load's output.
RUN = os.environ.setdefault("PYDOTORG_TEST_RUN", uuid.uuid4().hex[:12])
SHARED_DEMO = Path(tempfile.gettempdir()) / f"pydotorg-test-demo-{RUN}"


def shared_demo_database():
    return f"pydotorg_test_demo_{RUN}"


def pytest_collection_modifyitems(items):
    """The long tests first (real browsers, servers and workers of their own: marked `browser`
    or `slow`), the rest in their order: with several processes (`-n`), the many short tests
    then fill the gaps between the long ones, instead of one process running the last long
    test alone while the others wait (the embedded-defaults run, 3 processes: 617 s → 580 s)."""
    items.sort(key=lambda item: not (item.get_closest_marker("browser") or item.get_closest_marker("slow")))


def pytest_sessionfinish(session):
    """The run's shared demo goes with the run (the controller's end, or the only process's)."""
    if hasattr(session.config, "workerinput"):
        return
    shutil.rmtree(SHARED_DEMO, ignore_errors=True)
    if settings.configured and settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        import psycopg

        params = {**connection.get_connection_params(), "dbname": "postgres", "autocommit": True}
        for key in ("pool", "cursor_factory", "context"):
            params.pop(key, None)
        try:
            with psycopg.connect(**params) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{shared_demo_database()}" WITH (FORCE)')
        except psycopg.OperationalError:
            pass


def load_shared_demo(snapshots):
    """The demo in this process's test database: loaded here by the run's first process to ask,
    copied from it by the others (they wait for it). Returns the load's output."""
    SHARED_DEMO.mkdir(exist_ok=True)
    with open(SHARED_DEMO / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ready = SHARED_DEMO / "output.txt"
        if ready.exists():
            snapshots.import_(SHARED_DEMO / "demo.sqlite3")
            if (SHARED_DEMO / "media").exists():
                shutil.copytree(SHARED_DEMO / "media", settings.MEDIA_ROOT, dirs_exist_ok=True)
            return ready.read_text()
        snapshots.restore("migrated")  # whatever a transactional test left
        out = StringIO()
        with override_settings(**DEMO_SETTINGS):
            call_command("load_demo_content", stdout=out, stderr=StringIO())
        snapshots.export(SHARED_DEMO / "demo.sqlite3")
        if Path(settings.MEDIA_ROOT).exists():
            shutil.copytree(settings.MEDIA_ROOT, SHARED_DEMO / "media", dirs_exist_ok=True)
        ready.write_text(out.getvalue())
        return out.getvalue()


def _empty_caches():
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()
    from wagtail.models import Site

    Site.clear_site_root_paths_cache()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with a snapshot of it as the migrations left it."""
    snapshots = Snapshots()
    with django_db_blocker.unblock():
        snapshots.take("migrated")
    yield snapshots
    with django_db_blocker.unblock():
        snapshots.drop_all()


DEMO_SETTINGS = {"APP_ENV": "dev", "DEBUG": False}


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """The demo content loaded for the module (the load's output is the value), the database put
    back as the migrations left it after the module's last test. Tests change it inside their
    own transaction (`db`), which is rolled back."""
    snapshots = django_db_setup
    with django_db_blocker.unblock():
        if "demo" in snapshots:
            snapshots.restore("demo")
        else:
            snapshots.demo_output = load_shared_demo(snapshots)
            snapshots.take("demo")
            _empty_caches()
        try:
            yield snapshots.demo_output
        finally:
            snapshots.restore("migrated")


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
    """count_queries(url) → the number of SQL queries a GET of `url` costs (asserting a 200):
    its render, without the page cache (a hit costs none; test_pagecache.py counts those)."""

    def count(url, client=client):
        with CaptureQueriesContext(connection) as queries, override_settings(PAGE_CACHE_ENABLED=False):
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

"""deploy/backup.sh and deploy/restore.sh on the real PostgreSQL (127.0.0.1:5432, user postgres):
a migrated database with rows from the factories is backed up, changed or dropped, restored,
and every table's row count and rows' checksum (and every sequence) match; the media archive
restores the same tree; old backups are pruned as the retention settings say."""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BASH = shutil.which("bash") or "/bin/bash"
BACKUP, RESTORE = ROOT / "deploy" / "backup.sh", ROOT / "deploy" / "restore.sh"
SERVER = "postgres://postgres@127.0.0.1:5432"
NAME = "pydotorg_proxies_backup"
URL = f"{SERVER}/{NAME}"
STAMP = r"\d{8}T\d{6}Z"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs with the PostgreSQL suite (DATABASE_URL set): the embedded defaults need no server",
    ),
    pytest.mark.skipif(
        not (shutil.which("pg_dump") and shutil.which("pg_restore") and shutil.which("psql")),
        reason="pg_dump, pg_restore or psql is not installed (Debian: postgresql-client)",
    ),
]

ROWS = """
from django.contrib.auth import get_user_model
from sections.events.factories import EventFactory
from sections.jobs.factories import JobFactory
for n in range(5):
    get_user_model().objects.create_user(f"user{n}", f"user{n}@example.com", None, first_name="Zoë 'q'\\t\\\\ n")
JobFactory.create_batch(4, approved=True)
EventFactory.create_batch(3)
"""


def admin(statement):
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def manage(*args):
    keep = {"PATH", "HOME", "LANG", "TMPDIR"}
    env = {k: v for k, v in os.environ.items() if k in keep} | {"APP_ENV": "dev", "DATABASE_URL": URL}
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600
    )


def run(script, *args, **env):
    """Runs a script with DATABASE_URL and `env` (nothing else of ours); returns the result."""
    base = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "DATABASE_URL": URL}
    return subprocess.run([BASH, str(script), *args], env=base | env, capture_output=True, text=True, timeout=300)


def snapshot():
    """{table: (rows, md5 of the rows)} for every table, and {sequence: last_value}."""
    with psycopg.connect(URL) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        state = {}
        for table in tables:
            query = sql.SQL("SELECT count(*), md5(coalesce(string_agg(t::text, '' ORDER BY t::text), '')) FROM {} t")
            state[table] = connection.execute(query.format(sql.Identifier(table))).fetchone()
        sequences = dict(
            connection.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        )
    return state, sequences


def tree(directory):
    return {
        str(path.relative_to(directory)): path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()
    }


@pytest.fixture(scope="module")
def database():
    """The migrated database with rows made by the factories (dropped at the end)."""
    admin(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{NAME}"')
    manage("migrate", "--no-input")
    manage("shell", "-c", ROWS)
    yield URL
    admin(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')


def test_backup_and_restore_give_back_every_row_and_file(database, tmp_path):
    before = snapshot()
    tables, _sequences = before
    assert len(tables) > 50 and tables["jobs_job"][0] == 4 and tables["users_user"][0] == 5
    media = tmp_path / "media"
    (media / "images" / "sub dir").mkdir(parents=True)
    (media / "images" / "sub dir" / "photo é.jpg").write_bytes(bytes(range(256)) * 100)
    (media / "documents").mkdir()
    (media / "documents" / "guide.pdf").write_bytes(b"%PDF-1.4 guide")
    (media / ".hidden").write_text("kept too")
    files = tree(media)
    backups = tmp_path / "backups"

    done = run(BACKUP, BACKUP_DIR=str(backups), MEDIA_ROOT=str(media))
    assert done.returncode == 0, done.stderr
    names = sorted(path.name for path in backups.iterdir())
    assert len(names) == 2, names
    assert re.fullmatch(rf"pydotorg-db-{STAMP}\.dump", names[0])
    assert re.fullmatch(rf"pydotorg-media-{STAMP}\.tar\.gz", names[1])
    assert "backup: finished" in done.stdout
    dump, archive = (backups / name for name in names)

    # Over the existing database, changed since (pg_restore --clean), and over changed media.
    with psycopg.connect(URL) as connection:
        connection.execute("DELETE FROM jobs_jobevent")
        connection.execute("DELETE FROM jobs_job_job_types")
        connection.execute("DELETE FROM jobs_job WHERE id IN (SELECT min(id) FROM jobs_job)")
        connection.execute("UPDATE users_user SET first_name = 'changed'")
    (media / "documents" / "guide.pdf").write_bytes(b"changed")
    (media / "stray.txt").write_text("not in the backup")
    assert snapshot() != before
    restored = run(RESTORE, str(dump), str(archive), MEDIA_ROOT=str(media))
    assert restored.returncode == 0, restored.stderr
    assert snapshot() == before
    assert tree(media) == files

    # Into a database that no longer exists (created by the script), `latest` finding the files.
    admin(f'DROP DATABASE "{NAME}" WITH (FORCE)')
    shutil.rmtree(media)
    restored = run(RESTORE, "latest", BACKUP_DIR=str(backups), MEDIA_ROOT=str(media))
    assert restored.returncode == 0, restored.stderr
    assert f"restore: creating database {NAME}" in restored.stdout
    assert snapshot() == before
    assert tree(media) == files


@pytest.fixture
def empty_database():
    """An empty database of its own: pruning needs a dump, not rows."""
    name = f"{NAME}_prune"
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    yield f"{SERVER}/{name}"
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_old_backups_are_pruned_but_the_newest_are_kept(empty_database, tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    now = time.time()
    for days in (1, 5, 20, 30, 40):  # a backup of each kind made that many days ago
        for kind, ext in (("db", "dump"), ("media", "tar.gz")):
            path = backups / f"pydotorg-{kind}-{days}d.{ext}"
            path.write_text("old")
            os.utime(path, (now - days * 86400, now - days * 86400))
    other = backups / "notes.txt"
    other.write_text("not a backup")
    os.utime(other, (now - 90 * 86400, now - 90 * 86400))

    # Older than 14 days goes, unless among the newest 4 of its kind (today's, 1 d, 5 d, 20 d).
    settings = {
        "DATABASE_URL": empty_database,
        "BACKUP_DIR": str(backups),
        "MEDIA_ROOT": "",
        "BACKUP_RETENTION_DAYS": "14",
    }
    done = run(BACKUP, **settings, BACKUP_KEEP_LAST="4")
    assert done.returncode == 0, done.stderr
    assert "no media backup" in done.stdout
    left = {re.sub(STAMP, "T", path.name) for path in backups.iterdir()}
    assert left == {
        "pydotorg-db-T.dump",
        "notes.txt",
        *(f"pydotorg-db-{d}d.dump" for d in (1, 5, 20)),
        *(f"pydotorg-media-{d}d.tar.gz" for d in (1, 5, 20, 30)),
    }

    # With 2 kept, everything older than 14 days goes.
    time.sleep(1)  # a new name (the names tell seconds)
    done = run(BACKUP, **settings, BACKUP_KEEP_LAST="2")
    assert done.returncode == 0, done.stderr
    assert not any(name in path.name for path in backups.iterdir() for name in ("-20d", "-30d"))
    assert len(list(backups.glob("pydotorg-db-*"))) == 4  # two new, 1 d and 5 d


def test_scripts_refuse_clearly(tmp_path):
    env = {"PATH": os.environ["PATH"]}
    missing = subprocess.run([BASH, str(BACKUP)], env=env, capture_output=True, text=True)
    assert missing.returncode != 0 and "set DATABASE_URL" in missing.stderr
    sqlite = run(BACKUP, DATABASE_URL="sqlite:///db.sqlite3", BACKUP_DIR=str(tmp_path))
    assert sqlite.returncode != 0 and "not a PostgreSQL URL" in sqlite.stderr
    absent = run(RESTORE, str(tmp_path / "nothing.dump"))
    assert absent.returncode != 0 and "no such database dump" in absent.stderr
    (tmp_path / "bad.dump").write_text("not a dump")
    bad = run(RESTORE, str(tmp_path / "bad.dump"))
    assert bad.returncode != 0 and "not a pg_dump custom-format file" in bad.stderr

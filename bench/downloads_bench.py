"""Benchmark of the downloads API (prints figures; not a test).

    .venv/bin/python bench/downloads_bench.py            # SQLite in a temporary file
    DATABASE_URL=postgres://... .venv/bin/python bench/downloads_bench.py   # an EMPTY database

1. The release managers' upload of a 30-file release over HTTP (steps 1-5 of REFERENCE.md).
2. The v1 and v2 list endpoints with 30 then 300 releases and 300 then 3,000 files: the
   time per request over HTTP and the SQL queries per request, which must not grow."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pydotorg.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.testcases import LiveServerThread, _StaticFilesHandler  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from pydotorg.api.auth import V1Throttle  # noqa: E402

NO_LIMIT = {"api_v1": "1000000/hour", "anon": "1000000/day", "user": "1000000/day"}


def setup_site():
    from django.contrib.auth import get_user_model

    from home.pages import HomePage
    from pydotorg.api.models import ApiKey
    from sections.downloads.factories import DownloadsIndexPageFactory, ReleaseIndexPageFactory

    call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = ["*"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": NO_LIMIT}
    V1Throttle.THROTTLE_RATES = NO_LIMIT
    from rest_framework.throttling import SimpleRateThrottle

    SimpleRateThrottle.THROTTLE_RATES = NO_LIMIT
    home = HomePage.objects.get(depth=2)
    downloads = DownloadsIndexPageFactory(parent=home)
    index = ReleaseIndexPageFactory(parent=downloads)
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "pw")  # writes need permissions
    ApiKey.objects.create(user=user, key="bench-key")
    return index


def add_releases(index, count, files_each, start):
    from sections.downloads.factories import ReleasePageFactory
    from sections.downloads.pages import ReleaseFile

    files = []
    for n in range(start, start + count):
        release = ReleasePageFactory(parent=index, title=f"Python 3.{n // 100}.{n % 100}", slug=f"python-bench-{n}")
        for k in range(files_each):
            url = f"https://www.python.org/ftp/python/bench/{n}/file-{k}.tgz"
            files.append(ReleaseFile(release=release, os_id=1 + k % 5, name=f"File {k}", slug=f"bench-{n}-{k}",
                                     url=url, sha256_sum="0" * 64, filesize=2**31 + k, sort_order=k))  # fmt: skip
    ReleaseFile.objects.bulk_create(files)


def upload(base, release_name, count):
    session = requests.Session()  # noqa: S113 (a local server)
    session.headers.update({"Authorization": "ApiKey bench:bench-key", "Content-Type": "application/json"})
    api = base + "/api/v1/"
    release_pk = session.get(api + "downloads/release/", params={"name": release_name}).json()["objects"][0]
    release_pk = int(release_pk["resource_uri"].rstrip("/").split("/")[-1])
    session.get(api + "downloads/os/", params={"slug": "windows"}).raise_for_status()
    assert session.delete(api + "downloads/release_file/", params={"release": release_pk}).status_code == 204
    times = []
    for k in range(count):
        url = f"https://www.python.org/ftp/python/9.9.9/python-9.9.9-{k}.exe"
        data = {"name": f"Installer {k}", "slug": f"upload-{k}", "os": "/api/v1/downloads/os/1/",
                "release": f"/api/v1/downloads/release/{release_pk}/", "description": "", "is_source": False,
                "url": url, "sigstore_signature_file": url + ".sig", "sha256_sum": "f" * 64,
                "filesize": 30_000_000, "download_button": k == 0}  # fmt: skip
        started = time.perf_counter()
        response = session.post(api + "downloads/release_file/", json=data)
        times.append(time.perf_counter() - started)
        assert response.status_code == 201, response.text
    return times


def list_figures(base, paths, repeat=5):
    client = Client()
    rows = []
    for path in paths:
        client.get(path)  # warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            requests.get(base + path, timeout=60).raise_for_status()
            times.append(time.perf_counter() - started)
        rows.append((path, len(queries.captured_queries), statistics.median(times) * 1000))
    return rows


def main():
    from sections.downloads.factories import ReleasePageFactory

    index = setup_site()
    ReleasePageFactory(parent=index, title="Python 9.9.9", slug="python-999")
    server = LiveServerThread("127.0.0.1", static_handler=_StaticFilesHandler, connections_override={}, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}"
    print(f"Database: {connection.vendor}")

    started = time.perf_counter()
    times = upload(base, "Python 9.9.9", 30)
    total = time.perf_counter() - started
    print(f"Upload of a 30-file release over HTTP: {total:.2f} s in all (find, delete, 30 posts); "
          f"per POST median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")  # fmt: skip

    paths = [
        "/api/v1/downloads/release/",
        "/api/v1/downloads/release/?limit=300",
        "/api/v1/downloads/release_file/",
        "/api/v1/downloads/release_file/?limit=1000",
        "/api/v2/downloads/release/",
        "/api/v2/downloads/release_file/",
    ]
    results = {}
    for label, count in [("30 releases / 300 files", 30), ("300 releases / 3,000 files", 270)]:
        add_releases(index, count, 10, start=len(results) * 1000)
        results[label] = list_figures(base, paths)
    print(f"\n{'endpoint':45} " + " | ".join(f"{label:>34}" for label in results))
    for i, path in enumerate(paths):
        cells = [f"{rows[i][1]:3d} queries {rows[i][2]:8.1f} ms/request" for rows in results.values()]
        print(f"{path:45} " + " | ".join(f"{cell:>34}" for cell in cells))
    small, large = results.values()
    constant = all(a[1] == b[1] for a, b in zip(small, large, strict=True))
    print(f"\nQueries per request constant as the data grows: {'yes' if constant else 'NO'}")
    server.terminate()


if __name__ == "__main__":
    main()

"""The downloads pages and python.org's download URLs, without a browser."""

import json
import re
from datetime import timedelta

import pytest
from django.test import override_settings

from sections.downloads.factories import ReleaseFileFactory
from sections.downloads.models import OperatingSystem

# The project's URLs plus sections/downloads/urls.py (python.org's dotted download URLs).
pytestmark = [pytest.mark.django_db, pytest.mark.urls("sections.downloads.tests.urls")]


@pytest.fixture
def catalogue(make_release, release, release_file):
    """3.14.0 (latest, with buttons), 3.13.5, 3.15.0a1 (pre-release), a draft and the install manager."""
    day = release.release_date
    make_release("Python 3.13.5", release_date=day - timedelta(days=30))
    pre = make_release("Python 3.15.0a1", pre_release=True, release_date=day + timedelta(days=30))
    make_release("Python 3.15.0a2", pre_release=True, live=False, release_date=day + timedelta(days=60))
    manager = make_release("Python install manager 25.0", version=100)
    ReleaseFileFactory(
        release=release, os_id=1, name="Windows installer (64-bit)", download_button=True,
        url="https://www.python.org/ftp/python/3.14.0/python-3.14.0-amd64.exe",
    )  # fmt: skip
    ReleaseFileFactory(release=pre, os_id=1, name="Windows installer (64-bit)", description="Pre-release installer")
    return {"release": release, "pre": pre, "manager": manager}


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/downloads/latest/python3/", "/downloads/release/python-3140/"),
        ("/downloads/latest/python3.13/", "/downloads/release/python-3135/"),
        ("/downloads/latest/python3.15/", "/downloads/release/python-3150a1/"),
        ("/downloads/latest/prerelease/", "/downloads/release/python-3150a1/"),
        ("/downloads/latest/pymanager/", "/downloads/release/python-install-manager-250/"),
        ("/downloads/latest/python3.9/", "/downloads/"),
    ],
)
def test_latest_redirects(client, catalogue, path, target):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == target


def test_downloads_index_picks_the_visitors_os(client, catalogue):
    response = client.get("/downloads/", HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0; Win64; x64)")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Download the latest version for Windows" in html
    assert "python-3.14.0-amd64.exe" in html
    assert "Python-3.14.0.tar.xz" in html  # the fallback list
    assert "security" in html and "2030-10" in html  # the active series from release-cycle.json
    listing = html.split("Looking for a specific release?")[1]
    assert listing.index("Python 3.15.0a1") < listing.index("Python 3.14.0") < listing.index("Python 3.13.5")
    assert "Python 3.15.0a2" not in html  # a draft
    linux = client.get("/downloads/", HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64)").content.decode()
    assert "Download the latest version for Source release" in linux


@pytest.mark.parametrize("slug", ["windows", "macos", "source", "android", "ios"])
def test_every_os_page(client, catalogue, slug):
    response = client.get(f"/downloads/{slug}/")
    assert response.status_code == 200
    assert OperatingSystem.objects.get(slug=slug).name in response.content.decode()


def test_os_page_lists_files_by_release(client, catalogue):
    html = client.get("/downloads/windows/").content.decode()
    stable, pre = html.split("Pre-releases")
    assert "Python 3.14.0" in stable and "python-3.14.0-amd64.exe" in stable
    assert "Python 3.15.0a1" in pre and "Pre-release installer" in pre
    assert client.get("/downloads/plan9/").status_code == 404


def test_release_page_files_table_and_json_ld(client, catalogue):
    response = client.get("/downloads/release/python-3140/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>rocks</strong>" in html  # Markdown notes
    assert "3.0\xa0GB" in html  # 64-bit file size
    assert "0" * 64 in html
    assert "Python-3.14.0.tar.xz.sig" in html and "Python-3.14.0.tar.xz.spdx.json" in html
    ld = json.loads(re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S)[1])
    assert ld["@type"] == "SoftwareApplication" and ld["softwareVersion"] == "3.14.0"
    assert "https://www.python.org/ftp/python/3.14.0/Python-3.14.0.tar.xz" in ld["downloadUrl"]


def test_other_download_urls(client, catalogue):
    assert client.get("/downloads/operating-systems/").status_code == 200
    assert b"Android" in client.get("/downloads/operating-systems/").content
    assert client.get("/downloads/release/").status_code == 200
    assert client.get("/downloads/release/python-3150a2/").status_code == 404  # a draft


def test_feed_lists_the_newest_published_releases(client, catalogue):
    response = client.get("/downloads/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "<title>Python 3.14.0</title>" in body and "Python 3.15.0a2" not in body


def test_feed_at_pythons_url(client, catalogue):
    response = client.get("/downloads/feed.rss")
    assert response.status_code == 200
    assert b"<title>Python 3.14.0</title>" in response.content


def test_doc_and_versions(client, home_page):
    from sections.downloads.factories import DocumentationPageFactory

    DocumentationPageFactory(parent=home_page)
    assert client.get("/doc/").status_code == 200
    html = client.get("/doc/versions/").content.decode()
    assert "https://docs.python.org/3.14/" in html and "end-of-life" in html


def test_index_query_count_stays_flat(client, count_queries, make_release, release, release_file):
    def counts():
        for path in paths:
            client.get(path)  # warm Wagtail's site caches and ours
        return [count_queries(path) for path in paths]

    paths = ["/downloads/", "/downloads/windows/", "/downloads/release/python-3140/", "/api/v1/downloads/release_file/"]
    few = counts()
    assert max(few) <= 30
    for n in range(40):
        release_n = make_release(f"Python 3.12.{n}")
        ReleaseFileFactory(release=release_n, os_id=1)
    assert counts() == few


@override_settings(DOWNLOADS_URL_PREFIX="https://downloads.example.org/")
def test_url_prefix_is_a_setting(release):
    from django.core.exceptions import ValidationError

    file = ReleaseFileFactory.build(release=release, url="https://www.python.org/ftp/x.tgz")
    with pytest.raises(ValidationError, match="downloads.example.org"):
        file.full_clean()

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


AGENTS = {
    "windows": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
    "linux": "Mozilla/5.0 (X11; Linux x86_64)",
    "mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)",
    "android": "Mozilla/5.0 (Linux; Android 14; Pixel 8)",
    "none": "",
}


def same_for_everyone(html):
    """The page without what differs per request by design (the CSP nonce, the CSRF token)."""
    return re.sub(r'(nonce|value|content)="[A-Za-z0-9+/=_-]{20,}"', r'\1=""', html)


@pytest.mark.parametrize("path", ["/downloads/", "/"])
def test_download_buttons_are_the_same_for_every_visitor(client, catalogue, path):
    """Nothing is chosen from the User-Agent on the server (a cache would serve one
    visitor's OS to all): every OS's button, in one order, for everyone; the response does not
    vary on User-Agent."""
    responses = {name: client.get(path, HTTP_USER_AGENT=agent) for name, agent in AGENTS.items()}
    pages = {name: same_for_everyone(response.content.decode()) for name, response in responses.items()}
    assert len(set(pages.values())) == 1, "the page depends on the User-Agent"
    for response in responses.values():
        assert response.status_code == 200
        assert "user-agent" not in response.get("Vary", "").lower()
    html = pages["linux"]
    buttons = re.findall(
        r'<li data-os="([-\w]+)" data-heading-text="([^"]+)"><a class="button download-button" href="([^"]+)"', html
    )
    assert [slug for slug, _, _ in buttons] == ["windows", "source"]  # every OS with a button, by OS
    assert {slug: url for slug, _, url in buttons} == {
        "windows": "https://www.python.org/ftp/python/3.14.0/python-3.14.0-amd64.exe",
        "source": "https://www.python.org/ftp/python/3.14.0/Python-3.14.0.tar.xz",
    }
    headings = {slug: heading for slug, heading, _ in buttons}
    assert headings["windows"] == "Download Python 3.14.0 for Windows"
    # What os.js writes in the heading on Linux: never "for Source release".
    assert "Source release" not in headings["source"] and "Linux" in headings["source"]
    assert "for Source release" not in html
    assert 'src="/static/downloads/os.js"' in html and "<script>" not in html


def test_downloads_index(client, catalogue):
    html = client.get("/downloads/").content.decode()
    assert html.count("<h1") == 1
    assert "Download Python 3.14.0" in html
    assert "security" in html and "2030-10" in html  # the active series from release-cycle.json
    listing = html.split("Looking for a specific release?")[1]
    assert listing.index("Python 3.15.0a1") < listing.index("Python 3.14.0") < listing.index("Python 3.13.5")
    assert "Python 3.15.0a2" not in html  # a draft


def test_releases_are_grouped_by_series_newest_first(client, make_release, release):
    """627 releases made /downloads/ 177 KB (28,557 px tall unfolded): it lists one row per
    series (newest series first) with its newest release by version number and a link to
    all of them; /downloads/release/ lists them a page at a time, or one series'."""
    day = release.release_date
    for n, name in enumerate(["Python 3.9.1", "Python 3.9.10", "Python 3.9.2", "Python 3.10.0", "Python 2.7.18"]):
        make_release(name, release_date=day - timedelta(days=400 + n))
    make_release("Python 3.14.1", release_date=day + timedelta(days=10))
    make_release("Python install manager 25.0", version=100)
    for path in ("/downloads/", "/downloads/release/"):
        html = client.get(path).content.decode()
        groups = re.findall(r'<tr class="release-group" id="([^"]+)">(.*?)</tr>', html, re.S)
        assert [group_id for group_id, _ in groups] == [
            "python-3.14", "python-3.10", "python-3.9", "python-2.7", "python-manager",
        ]  # fmt: skip
        body = dict(groups)
        assert "Python 3.9.10</a>" in body["python-3.9"] and "Python 3.9.2<" not in body["python-3.9"]
        assert "Python 3.14.1</a>" in body["python-3.14"] and "2 releases" in body["python-3.14"]
        assert "/downloads/release/?series=3.9" in body["python-3.9"] and "3 releases" in body["python-3.9"]
        assert "/downloads/release/?series=manager" in body["python-manager"]
    html = client.get("/downloads/release/?series=3.9").content.decode()
    assert re.findall(r"Python 3\.9\.\d+(?=</a>)", html) == ["Python 3.9.10", "Python 3.9.2", "Python 3.9.1"]
    assert "Python 3.14.1" not in html
    html = client.get("/downloads/release/").content.decode()
    assert all(f"/downloads/release/{slug}/" in html for slug in ("python-391", "python-2718", "python-3140"))


def test_release_index_is_paginated(client, make_release, release, monkeypatch):
    from sections.downloads import queries

    monkeypatch.setattr(queries, "PER_PAGE", 3)
    day = release.release_date
    for n in range(6):
        make_release(f"Python 3.13.{n}", release_date=day - timedelta(days=10 + n))
    first = client.get("/downloads/release/").content.decode()
    assert "page 1 of 3" in first and 'rel="next" href="?page=2"' in first and 'rel="prev"' not in first
    assert re.findall(r"Python 3\.1[34]\.\d+(?=</a>)", first.split("By series")[0]) == [
        "Python 3.14.0", "Python 3.13.0", "Python 3.13.1",
    ]  # fmt: skip
    last = client.get("/downloads/release/?page=99").content.decode()  # clamped to the last page
    assert "page 3 of 3" in last and "Python 3.13.5</a>" in last
    assert client.get("/downloads/release/?page=x&series=bogus").status_code == 200


def test_series_status_comes_from_the_dates(client, catalogue, home_page, monkeypatch):
    """release-cycle.json still says 3.10 is "security"; its end of life was 2026-10:
    after that day it is end-of-life (and off the active series), whatever the file says."""
    from datetime import date

    from django.utils import timezone

    from sections.downloads import queries
    from sections.downloads.factories import DocumentationPageFactory

    DocumentationPageFactory(parent=home_page)
    assert queries.release_cycle()["3.10"]["status"] == "security"
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 11, 30))
    html = client.get("/downloads/").content.decode()
    active = html.split('id="series-title"')[1].split("</table>")[0]
    assert 'href="/downloads/latest/python3.11/"' in active and "/latest/python3.10/" not in active
    versions = client.get("/doc/versions/").content.decode()
    assert re.search(
        r"3\.10/\">Python 3\.10 documentation</a></td>\s*<td><span class=\"status status-end-of-life\">", versions
    )

    rows = {row["series"]: row["status"] for row in queries.all_series(today=date(2026, 11, 30))}
    assert rows["3.10"] == "end-of-life" and rows["3.11"] == "security" and rows["3.14"] == "bugfix"
    assert rows["3.13"] == "security"  # its bugfix releases ended on 2026-10-07
    before = {row["series"]: row["status"] for row in queries.all_series(today=date(2026, 9, 30))}
    assert before["3.10"] == "security" and before["3.13"] == "bugfix" and before["3.15"] == "feature"


def test_latest_is_the_newest_final_of_the_newest_series(client, catalogue, make_release):
    """Neither the date nor the is_latest flag makes a release the latest: a later 3.13
    bugfix, an older 3.14 still flagged, a newer pre-release do not; every box, button and
    redirect names the same release."""
    from sections.downloads import queries

    day = catalogue["release"].release_date
    make_release("Python 3.14.2", release_date=day + timedelta(days=60))
    make_release("Python 3.14.10", release_date=day + timedelta(days=90))
    make_release("Python 3.13.9", release_date=day + timedelta(days=91), is_latest=True)  # same day, flagged
    make_release("Python 3.15.0rc1", pre_release=True, release_date=day + timedelta(days=92))
    latest = queries.latest_release(version=3)
    assert latest.title == "Python 3.14.10"
    assert client.get("/downloads/latest/python3/")["Location"] == latest.url
    assert client.get("/downloads/latest/")["Location"] == latest.url
    assert client.get("/downloads/latest/python3.14/")["Location"] == latest.url
    assert client.get("/downloads/latest/prerelease/")["Location"] == "/downloads/release/python-3150rc1/"
    assert "Download Python 3.14.10" in client.get("/downloads/").content.decode()
    assert "Download Python 3.14.10" in client.get("/").content.decode()


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

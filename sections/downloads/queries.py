"""The reads behind the downloads pages, the home page box and the redirects. What many
visitors see is cached under keys from `caching.cache_key` (invalidated on publish)."""

import json
import re
from functools import lru_cache
from pathlib import Path

from django.apps import apps
from django.conf import settings

from .caching import cached

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SERIES = re.compile(r"(\d+)\.(\d+)")

# User agents, most specific first: a phone says "Linux"/"Mac OS X" too.
VISITOR_OS = [("android", "android"), ("iphone", "ios"), ("ipad", "ios"), ("windows", "windows"), ("mac os", "macos")]


def series_of(name):
    match = SERIES.search(name or "")
    return f"{match[1]}.{match[2]}" if match else ""


def visitor_os_slug(request):
    agent = request.headers.get("User-Agent", "").lower()
    return next((slug for needle, slug in VISITOR_OS if needle in agent), "source")


def page_type(name):
    """A page type of this app (ReleasePage, ReleaseFile...), from the app registry: pages.py
    reads through this module, which therefore never imports it."""
    return apps.get_model("downloads", name)


def downloads_index():
    """The published Downloads page, or None."""
    return page_type("DownloadsIndexPage").objects.live().first()


def released():
    return page_type("ReleasePage").objects.live().public()


def latest_release(version, series=None, pre_release=False):
    """The release the `/downloads/latest/…` URLs redirect to, or None."""
    releases = released().filter(version=version).order_by("-release_date", "-pk")
    if pre_release:
        return releases.filter(pre_release=True).first()
    if series:
        releases = releases.filter(title__startswith=f"Python {series}.")
        return releases.filter(pre_release=False).first() or releases.first()
    return releases.filter(pre_release=False, is_latest=True).first() or releases.filter(pre_release=False).first()


def latest_buttons():
    """The download buttons of the latest Python 3 release, one per OS."""

    def build():
        release = latest_release(version=3)
        if release is None:
            return []
        files = page_type("ReleaseFile").objects.filter(release=release, download_button=True).select_related("os")
        return [
            {
                "os_slug": f.os.slug,
                "os_name": f.os.name,
                "name": f.name,
                "url": f.url,
                "release_name": release.title,
                "release_url": release.url,
            }
            for f in files.order_by("os_id")
        ]

    return cached("buttons", build)


def all_releases():
    """Every published release shown on the download page, newest first."""

    def build():
        # Every release is a child of the one release index: its URL is the index's plus its
        # slug. Asking each page for its URL costs a lookup of the site's root paths per
        # release (a query each when the cache is down: 600 queries a render).
        index = page_type("ReleaseIndexPage").objects.first()
        base = index.url if index is not None else "/downloads/release/"
        return [
            {
                "name": r.title,
                "url": f"{base}{r.slug}/",
                "release_date": r.release_date,
                "release_notes_url": r.release_notes_url,
                "pre_release": r.pre_release,
            }
            for r in released().filter(show_on_download_page=True).order_by("-release_date", "-pk")
        ]

    return cached("releases", build)


@lru_cache(maxsize=1)
def release_cycle():
    path = Path(getattr(settings, "DOWNLOADS_RELEASE_CYCLE_PATH", "") or FIXTURES / "release-cycle.json")
    return json.loads(path.read_text())


def all_series():
    """Python's release series, newest first, as in the release-cycle data."""
    rows = [{"series": name, **data} for name, data in release_cycle().items()]
    return sorted(rows, key=lambda row: tuple(int(n) for n in row["series"].split(".")), reverse=True)


def active_series():
    return [row for row in all_series() if row["status"] != "end-of-life"]


def os_files(os):
    """The files of one OS grouped by release, newest first: stable and pre-releases."""
    files = (
        os.files.filter(release__in=released())
        .select_related("release")
        .order_by("-release__release_date", "-release_id", "sort_order", "pk")
    )
    groups = {}
    for f in files:
        groups.setdefault(f.release_id, {"release": f.release, "files": []})["files"].append(f)
    groups = list(groups.values())
    return {
        "stable": [g for g in groups if not g["release"].pre_release],
        "prereleases": [g for g in groups if g["release"].pre_release],
    }

"""The reads behind the downloads pages, the home page box and the redirects. What many
visitors see is cached under keys from `caching.cache_key` (invalidated on publish).

"Latest" has one definition, `latest_release()`: every box, button and redirect goes
through it. Nothing here reads the request: the pages are the same for every visitor (the
visitor's operating system is picked in the browser, by static/downloads/os.js)."""

import json
import re
import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from pydotorg.core.restrictions import public

from .caching import cached

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SERIES = re.compile(r"(\d+)\.(\d+)")
VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?(?:(a|b|rc)(\d+))?")
STAGES = {"a": 0, "b": 1, "rc": 2, None: 3}  # a final release after its pre-releases

# What a download button says, and what the heading says once the browser picked its OS
# (os.js): the source tarball is what Linux and other Unix systems download.
OS_LABELS = {"source": ("Source code", "source code for Linux and Unix")}


def series_of(name):
    match = SERIES.search(name or "")
    return f"{match[1]}.{match[2]}" if match else ""


def version_key(name):
    """(3, 14, 7, 3, 0) for "Python 3.14.7", (3, 15, 0, 2, 1) for "Python 3.15.0rc1": orders
    releases by version number, a final release after its pre-releases."""
    match = VERSION.search(name or "")
    if not match:
        return ()
    major, minor, micro, stage, number = match.groups()
    return (int(major), int(minor), int(micro or 0), STAGES[stage], int(number or 0))


def page_type(name):
    """A page type of this app (ReleasePage, ReleaseFile...), from the app registry: pages.py
    reads through this module, which therefore never imports it."""
    return apps.get_model("downloads", name)


def downloads_index():
    """The published Downloads page, or None."""
    return page_type("DownloadsIndexPage").objects.live().first()


def released():
    return public(page_type("ReleasePage").objects.live())


def latest_release(version, series=None, pre_release=False):
    """The one definition of "latest", or None: the newest published final release (by
    version number) of `version` (3 = Python 3, 100 = the install manager), that is the
    newest release of the newest series; in a `series` ("3.15") its newest final release, or
    its newest pre-release before the first final; with `pre_release`, the newest
    pre-release. Neither the release date (3.13.15 and 3.14.7 came out the same day) nor the
    editors' `is_latest` flag decides. The home box, /downloads/ and every
    `/downloads/latest/…` redirect read it."""

    def build():
        releases = released().filter(version=version)
        if series:
            releases = releases.filter(title__startswith=f"Python {series}.")
        rows = list(releases.values_list("pk", "title", "pre_release"))
        finals = [row for row in rows if not row[2]]
        previews = [row for row in rows if row[2]]
        pool = previews if pre_release else (finals or previews) if series else finals
        newest = max(pool, key=lambda row: version_key(row[1]), default=None)
        return newest[0] if newest else 0

    pk = cached("latest", build, version, series or "-", int(pre_release))
    return released().filter(pk=pk).first() if pk else None


def latest_python3():
    """The latest Python 3 release (`latest_release(version=3)`) with its download buttons,
    one per OS, as every box and button shows it: {name, url, release_date, buttons}; None
    before the first release."""

    def build():
        release = latest_release(version=3)
        if release is None:
            return {}
        files = page_type("ReleaseFile").objects.filter(release=release, download_button=True).select_related("os")
        buttons = []
        for f in files.order_by("os_id"):
            label, for_os = OS_LABELS.get(f.os.slug, (f.os.name, f"for {f.os.name}"))
            buttons.append(
                {
                    "os_slug": f.os.slug,
                    "os_name": f.os.name,
                    "label": label,
                    "heading": f"Download {release.title} {for_os}",
                    "name": f.name,
                    "url": f.url,
                }
            )
        return {"name": release.title, "url": release.url, "release_date": release.release_date, "buttons": buttons}

    return cached("latest-python3", build) or None


PER_PAGE = 100  # releases per page of /downloads/release/


def _index_base():
    # Every release is a child of the one release index: its URL is the index's plus its
    # slug (asking each page for its URL costs a lookup of the site's root paths each).
    index = page_type("ReleaseIndexPage").objects.first()
    return index.url if index is not None else "/downloads/release/"


def _listed():
    return released().filter(show_on_download_page=True)


def _row(base, r):
    return {
        "name": r.title,
        "url": f"{base}{r.slug}/",
        "release_date": r.release_date,
        "release_notes_url": r.release_notes_url,
        "pre_release": r.pre_release,
        "version": r.version,
    }


def _fields():
    return ("title", "slug", "release_date", "release_notes_url", "pre_release", "version")


def series_key(name, version):
    """(3, 14) for "Python 3.14.7"; () for the install manager (listed last)."""
    if version == 100:
        return ()
    return tuple(int(n) for n in (series_of(name) or "0.0").split("."))


def series_groups():
    """One row per series shown on the download page, newest series first (the install
    manager last): title, id, series ("3.14", "manager"), count and its newest release (by
    version number). Bounded by the number of series, whatever the number of releases."""

    def build():
        base = _index_base()
        groups = {}
        for r in _listed().only(*_fields()).order_by("pk"):
            key = series_key(r.title, r.version)
            group = groups.get(key)
            row_key = version_key(r.title)
            if group is None:
                series = ".".join(map(str, key))
                groups[key] = {
                    "title": f"Python {series}" if key else "Python install manager",
                    "id": f"python-{series or 'manager'}",
                    "series": series or "manager",
                    "count": 1,
                    "newest": _row(base, r),
                    "_key": row_key,
                }
            else:
                group["count"] += 1
                if row_key > group["_key"]:
                    group["newest"], group["_key"] = _row(base, r), row_key
        rows = [groups[key] for key in sorted(groups, reverse=True)]
        for row in rows:
            del row["_key"]
        return rows

    return cached("series-groups", build)


def release_listing(series=None, page=1):
    """/downloads/release/: the releases of one series (`series` "3.14" or "manager"), newest
    version first, or every release newest first, PER_PAGE a page. {releases, page, pages,
    count, series}; `page` clamped to the pages there are."""
    series = series if series and (series == "manager" or SERIES.fullmatch(series)) else None

    def listed():
        releases = _listed()
        if series == "manager":
            return releases.filter(version=100)
        if series:
            return releases.filter(title__startswith=f"Python {series}.").exclude(version=100)
        return releases

    count = cached("listing-count", lambda: listed().count(), series or "-")
    pages = max(1, -(-count // PER_PAGE))
    page = min(max(1, page), pages)

    def build():
        base = _index_base()
        if series:  # a series is short: ordered by version number, a final after its pre-releases
            rows = sorted(listed().only(*_fields()), key=lambda r: version_key(r.title), reverse=True)
            rows = rows[(page - 1) * PER_PAGE : page * PER_PAGE]
        else:
            rows = listed().only(*_fields()).order_by("-release_date", "-pk")[(page - 1) * PER_PAGE : page * PER_PAGE]
        return [_row(base, r) for r in rows]

    releases = cached("listing", build, series or "-", page)
    return {"releases": releases, "page": page, "pages": pages, "count": count, "series": series}


@lru_cache(maxsize=1)
def release_cycle():
    path = Path(getattr(settings, "DOWNLOADS_RELEASE_CYCLE_PATH", "") or FIXTURES / "release-cycle.json")
    return json.loads(path.read_text())


@lru_cache(maxsize=1)
def end_of_bugfix():
    """{"3.13": date(2026, 10, 7), ...}: when each series stops getting bugfix releases, from
    the metadata of `fixtures/python-releases.toml` (release-cycle.json does not say)."""
    metadata = tomllib.loads((FIXTURES / "python-releases.toml").read_text()).get("metadata", {})
    return {
        name: data["end-of-bugfix"] for name, data in metadata.items() if isinstance(data.get("end-of-bugfix"), date)
    }


def as_date(value):
    """A date of the release-cycle data: "2026-10-01", or "2026-10" (the month's first day)."""
    parts = [int(n) for n in str(value or "").split("-") if n.isdigit()]
    return date(*(parts + [1, 1])[:3]) if len(parts) >= 2 else None


def series_status(row, today=None):
    """A series' status on `today` (default: now) from its dates, not from the data file's
    status string alone, which ages: end of life passed → "end-of-life"; end of bugfix
    passed → "security"; first release passed → "bugfix"; before it, the file's status
    ("feature", "prerelease"). `row` is a series of the release-cycle data (`status`,
    `first_release`, `end_of_life`) with its `end_of_bugfix` when known."""
    today = today or timezone.localdate()
    status = row["status"]
    end_of_life, first_release = as_date(row.get("end_of_life")), as_date(row.get("first_release"))
    bugfix_ends = row.get("end_of_bugfix")
    if end_of_life and end_of_life <= today:
        return "end-of-life"
    if bugfix_ends and bugfix_ends <= today:
        return "security"
    if first_release and first_release <= today:
        return "bugfix" if bugfix_ends or status in ("feature", "prerelease") else status
    return status if status in ("feature", "prerelease") else "feature"


def all_series(today=None):
    """Python's release series, newest first, from the release-cycle data, each with its
    status on `today` (`series_status`)."""
    bugfix = end_of_bugfix()
    rows = []
    for name, data in release_cycle().items():
        row = {"series": name, **data, "end_of_bugfix": bugfix.get(name)}
        rows.append({**row, "data_status": data["status"], "status": series_status(row, today)})
    return sorted(rows, key=lambda row: tuple(int(n) for n in row["series"].split(".")), reverse=True)


def active_series(today=None):
    return [row for row in all_series(today) if row["status"] != "end-of-life"]


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

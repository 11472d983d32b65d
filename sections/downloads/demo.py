"""Demo content of the downloads section (`manage.py load_demo_content`): the Downloads and
Documentation pages, python.org's release history from `fixtures/python-releases.toml`
(every actual release, with its date), and files for the current release of each active
series, named as the release script names them. Matched by slug: a second run changes
nothing."""

import hashlib
import re
import tomllib
from datetime import UTC, datetime, time

from django.conf import settings
from django.db.models import F
from django.utils.text import slugify
from wagtail.models import Page, Revision

from pydotorg.core.demo import box, ensure_index_page, stream_data
from sections.boxes.models import Box

from . import queries
from .pages import DocumentationPage, DownloadsIndexPage, ReleaseFile, ReleaseIndexPage, ReleasePage
from .services import release_index

STAGE = re.compile(r"^(?P<version>\d+\.\d+\.\d+)(?: (?P<kind>alpha|beta|candidate|final)(?: (?P<number>\d+))?)?$")
SUFFIX = {"alpha": "a", "beta": "b", "candidate": "rc"}
FTP = "https://www.python.org/ftp/python"

DOWNLOADS = {
    "slug": "downloads",
    "title": "Downloads",
    "intro": "Python source code and installers are available for download for all versions.",
    "body": [box("download-sources"), box("download-pgp")],
}
DOCUMENTATION = {
    "slug": "doc",
    "title": "Documentation",
    "intro": "Documentation for Python's standard library, along with tutorials and guides, is available online.",
    "body": [
        box("documentation-banner"),
        box("documentation-beginners"),
        box("documentation-moderate"),
        box("documentation-advanced"),
        box("documentation-general"),
    ],
}


def parse_releases(text):
    """(name, version string, major, pre_release, date) of every actual release."""
    data = tomllib.loads(text)
    releases = []
    for entries in data["release"].values():
        for entry in entries:
            match = STAGE.match(entry["stage"])
            if entry.get("state") != "actual" or not match:
                continue
            kind = match["kind"] or "final"
            version = match["version"] + (SUFFIX[kind] + match["number"] if kind != "final" else "")
            releases.append((f"Python {version}", version, int(version.split(".")[0]), kind != "final", entry["date"]))
    return sorted(releases, key=lambda r: r[4])


def file_specs(version, series_status):
    """The files the release script uploads for `version`, as it names them: (OS pk, file
    name, name, download button, description, signature/SBOM suffixes)."""
    ver_tuple = tuple(int(n) for n in re.findall(r"\d+", version)[:2])
    sig = ([".asc"] if ver_tuple < (3, 14) else []) + [".sig", ".crt", ".sigstore"]
    sbom = sig + [".spdx.json"]
    files = [
        (3, f"Python-{version}.tgz", "Gzipped source tarball", False, "", sbom),
        (3, f"Python-{version}.tar.xz", "XZ compressed source tarball", True, "", sbom),
    ]
    if series_status == "security":
        return files  # security releases are source only
    files += [
        (1, f"python-{version}-amd64.exe", "Windows installer (64-bit)", True, "Recommended", sbom),
        (1, f"python-{version}-arm64.exe", "Windows installer (ARM64)", False, "Experimental", sbom),
        (1, f"python-{version}.exe", "Windows installer (32-bit)", False, "", sbom),
        (1, f"python-{version}-embed-amd64.zip", "Windows embeddable package (64-bit)", False, "", sig),
        (1, f"python-{version}-embed-arm64.zip", "Windows embeddable package (ARM64)", False, "", sig),
        (1, f"python-{version}-embed-win32.zip", "Windows embeddable package (32-bit)", False, "", sig),
        (
            2,
            f"python-{version}-macos11.pkg",
            "macOS 64-bit universal2 installer",
            True,
            "for macOS 10.13 and later",
            sig,
        ),
    ]
    if ver_tuple >= (3, 14):
        files += [
            (
                4,
                f"python-{version}-aarch64-linux-android.tar.gz",
                "Android embeddable package (aarch64)",
                True,
                "",
                sig,
            ),
            (4, f"python-{version}-x86_64-linux-android.tar.gz", "Android embeddable package (x86_64)", False, "", sig),
            (5, f"Python-{version}-iOS-XCframework.tar.gz", "iOS XCframework", True, "", sig),
        ]
    return files


def release_notes(name, version, pre_release):
    series = queries.series_of(version)
    if pre_release:
        return (
            f"This is a **preview release** of Python {series}, for testing. It is not recommended for "
            "production environments.\n\nPlease report any bugs to the [issue tracker](https://github.com/python/cpython/issues)."
        )
    return f"{name} is a release of the Python {series} series. See the [documentation](https://docs.python.org/{series}/)."


def load_demo(command):
    boxes = dict(Box.objects.values_list("label", "pk"))
    # Under the home page; a plain section page an older run left at the slug is replaced.
    downloads = ensure_index_page(
        command, DownloadsIndexPage, **{**DOWNLOADS, "body": stream_data(DOWNLOADS["body"], boxes, command)}
    )
    ensure_index_page(
        command, DocumentationPage, **{**DOCUMENTATION, "body": stream_data(DOCUMENTATION["body"], boxes, command)}
    )
    if downloads is None:
        return
    command.tally("pages", "present" if ReleaseIndexPage.objects.exists() else "created")
    index = release_index()
    releases = parse_releases((queries.FIXTURES / "python-releases.toml").read_text())
    if getattr(settings, "DEMO_RELEASES_LIMIT", None):  # the newest N only (tests of other sections)
        releases = releases[-settings.DEMO_RELEASES_LIMIT :]
    existing = set(ReleasePage.objects.values_list("slug", flat=True))
    latest = {}  # is_latest (python.org's API field) as queries.latest_release decides: by version
    for name, _version, major, pre_release, _date in releases:
        if not pre_release and major in (2, 3):
            latest[major] = max(latest.get(major, name), name, key=queries.version_key)
    # Added in tree order without add_child's per-page lookups and validation (the data is
    # known good); each release gets its first revision, as the live one.
    last = index.get_last_child()
    path, added = (last.path if last else None), 0
    for name, version, major, pre_release, date in command.progress(releases, "releases"):
        slug = slugify(name)
        if slug in existing:
            command.tally("releases", "present")
            continue
        when = datetime.combine(date, time(12), tzinfo=UTC)
        path = Page(path=path)._inc_path() if path else Page._get_path(index.path, index.depth + 1, 1)
        release = ReleasePage(
            path=path,
            depth=index.depth + 1,
            title=name,
            slug=slug,
            version=major,
            is_latest=latest.get(major) == name,
            pre_release=pre_release,
            release_date=when,
            release_notes_url=f"https://docs.python.org/release/{version}/whatsnew/changelog.html"
            if major == 3 and not pre_release
            else "",
            content=release_notes(name, version, pre_release),
            live=True,
            first_published_at=when,
            last_published_at=when,
        )
        release.save(clean=False)
        revision = Revision.objects.create(
            content_object=release,
            base_content_type=release.get_base_content_type(),
            content=release.serializable_data(),
            object_str=name,
        )
        ReleasePage.objects.filter(pk=release.pk).update(
            latest_revision=revision, live_revision=revision, latest_revision_created_at=revision.created_at
        )
        existing.add(slug)
        added += 1
        command.tally("releases", "created")
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + added)
    load_files(command)


def load_files(command):
    """Files for the newest release of each active series (and the newest pre-release)."""
    targets = []
    for row in queries.active_series():
        release = (
            ReleasePage.objects.filter(title__startswith=f"Python {row['series']}.")
            .order_by("-release_date", "-pk")
            .first()
        )
        if release is not None:  # the files a release got are those of its series' status that day
            targets.append(
                (release, queries.series_status({**row, "status": row["data_status"]}, release.release_date.date()))
            )
    for release, status in command.progress(targets, "release files"):
        present = release.files.count()
        if present:
            for _ in range(present):
                command.tally("release files", "present")
            continue
        version = release.title.removeprefix("Python ")
        directory = re.match(r"[\d.]+", version)[0]
        for order, (os_id, filename, name, button, description, suffixes) in enumerate(file_specs(version, status)):
            url = f"{FTP}/{directory}/{filename}"
            signatures = {suffix: url + suffix for suffix in suffixes}
            ReleaseFile.objects.create(
                release=release,
                sort_order=order,
                os_id=os_id,
                name=name,
                slug=slugify(f"{release.slug}-{name}")[:50],
                description=description,
                is_source=os_id == 3,
                url=url,
                gpg_signature_file=signatures.get(".asc", ""),
                sigstore_signature_file=signatures.get(".sig", ""),
                sigstore_cert_file=signatures.get(".crt", ""),
                sigstore_bundle_file=signatures.get(".sigstore", ""),
                sbom_spdx2_file=signatures.get(".spdx.json", ""),
                sha256_sum=hashlib.sha256(filename.encode()).hexdigest(),  # a demo value, not the real sum
                filesize=30_000_000 + len(filename) * 1_000_003,
                download_button=button,
            )
            command.tally("release files", "created")
        release.save_revision(log_action="wagtail.create").publish()

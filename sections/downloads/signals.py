"""Release-day safety: whatever shows a release is invalidated when a release is published,
unpublished or deleted, or when its files change; then, after the transaction commits,
`release_changed` is sent with the URLs a CDN must purge; `purge_pages` (below) hands them
to the page cache, with the "downloads" key (pydotorg/core/pagecache.py).

    from sections.downloads.signals import release_changed

    @receiver(release_changed)
    def purge(sender, urls, **kwargs): ...
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from wagtail.signals import page_published, page_unpublished

from pydotorg.core import pagecache

from . import caching
from .models import OperatingSystem
from .pages import DownloadsIndexPage, ReleaseFile, ReleasePage

# Sent after commit with `urls`: the absolute URLs that show the release.
release_changed = Signal()

API_PATHS = ["/api/v1/downloads/release/", "/api/v1/downloads/release_file/",
             "/api/v2/downloads/release/", "/api/v2/downloads/release_file/"]  # fmt: skip


def urls_to_purge(release):
    urls = [release.full_url] if release.full_url else []
    index = DownloadsIndexPage.objects.first()
    if index and index.full_url:
        base = index.full_url
        root = base[: -len(index.url)] if index.url and base.endswith(index.url) else base
        urls += [base, f"{base}release/", f"{base}operating-systems/", f"{base}feed.rss", f"{base}feed/"]
        urls += [f"{base}latest/{p}/" for p in ("python3", "prerelease", "pymanager")]
        if release.series:
            urls.append(f"{base}latest/python{release.series}/")
        urls += [f"{base}{slug}/" for slug in OperatingSystem.objects.values_list("slug", flat=True)]
        urls += [root + "/"] + [root + path for path in API_PATHS]
    return urls


def release_updated(release):
    """Invalidate now (this process sees the change at once) and again after commit (a
    request that cached the old state meanwhile), then announce the URLs to purge."""
    caching.invalidate()
    urls = urls_to_purge(release)

    def announce():
        caching.invalidate()
        release_changed.send(sender=type(release), release_id=release.pk, urls=urls)

    transaction.on_commit(announce)


def on_release_changed(sender, instance, **kwargs):
    release_updated(instance)


def on_file_changed(sender, instance, **kwargs):
    release = ReleasePage.objects.filter(pk=instance.release_id).first()
    if release is not None:
        release_updated(release)
    else:
        caching.invalidate()


def purge_pages(sender, urls, **kwargs):
    pagecache.purge(urls=urls, keys=["downloads"])


def on_release_saved(sender, instance, **kwargs):
    """Any save of a release, a draft's too: the API's cached lists show drafts to release
    managers (the published pages change only through the signals above)."""
    caching.invalidate()


def connect():
    post_save.connect(on_release_saved, sender=ReleasePage, dispatch_uid="downloads-release-saved")
    release_changed.connect(purge_pages, dispatch_uid="downloads-purge-pages")
    page_published.connect(on_release_changed, sender=ReleasePage, dispatch_uid="downloads-published")
    page_unpublished.connect(on_release_changed, sender=ReleasePage, dispatch_uid="downloads-unpublished")
    post_delete.connect(on_release_changed, sender=ReleasePage, dispatch_uid="downloads-release-deleted")
    post_save.connect(on_file_changed, sender=ReleaseFile, dispatch_uid="downloads-file-saved")
    post_delete.connect(on_file_changed, sender=ReleaseFile, dispatch_uid="downloads-file-deleted")

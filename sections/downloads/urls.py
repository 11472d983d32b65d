"""python.org's download URLs that hold a dot, which Wagtail's page routes never match
(`/downloads/feed.rss`, `/downloads/latest/python3.N/`). Include these before Wagtail's
URLs: `path("", include("sections.downloads.urls"))` in pydotorg/urls.py. The other
/downloads/ URLs are routes of the Downloads page (DownloadsIndexPage)."""

from django.shortcuts import redirect
from django.urls import path, re_path

from . import queries
from .feeds import release_feed


def latest_python3_minor(request, minor):
    """/downloads/latest/python3.N/: the newest release of 3.N (else /downloads/)."""
    from .models import DownloadsIndexPage

    release = queries.latest_release(version=3, series=f"3.{int(minor)}")
    index = DownloadsIndexPage.objects.live().first()
    return redirect(release.url if release else (index.url if index else "/"))


urlpatterns = [
    path("downloads/feed.rss", release_feed, name="downloads-feed"),
    re_path(r"^downloads/latest/python3\.(?P<minor>\d+)/$", latest_python3_minor, name="downloads-latest-minor"),
]

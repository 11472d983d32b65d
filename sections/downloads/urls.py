"""python.org's download URLs that hold a dot, which Wagtail's page routes never match
(`/downloads/feed.rss`, `/downloads/latest/python3.N/`). Include these before Wagtail's
URLs: `path("", include("sections.downloads.urls"))` in pydotorg/urls.py. The other
/downloads/ URLs are routes of the Downloads page (DownloadsIndexPage)."""

from django.urls import path, re_path

from . import views

urlpatterns = [
    path("downloads/feed.rss", views.feed, name="downloads-feed"),
    re_path(r"^downloads/latest/python3\.(?P<minor>\d+)/$", views.latest_python3_minor, name="downloads-latest-minor"),
]

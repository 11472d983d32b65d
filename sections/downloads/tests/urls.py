"""The project's URLs with the downloads feed at python.org's path (see ../urls.py)."""

from django.urls import include, path

from pydotorg.urls import urlpatterns as project_urls

urlpatterns = [path("", include("sections.downloads.urls")), *project_urls]

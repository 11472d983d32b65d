"""The views of downloads. Each route of the Downloads and Documentation pages (pages.py) is
one line calling a function here with the request and the page; urls.py lists the URLs
Wagtail's routes never match (a dot in them). Reads go through queries.py; this module
never imports pages.py."""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.models import Page

from . import queries
from .feeds import ReleaseFeed
from .models import OperatingSystem


def latest(request, page, **lookup):
    """/downloads/latest/…: 302 to the newest matching published release (is_latest first),
    else to the Downloads page."""
    release = queries.latest_release(**lookup)
    return redirect(release.url if release else page.url)


def latest_python3_minor(request, minor):
    """/downloads/latest/python3.N/: the newest release of 3.N (else /downloads/)."""
    release = queries.latest_release(version=3, series=f"3.{int(minor)}")
    index = queries.downloads_index()
    return redirect(release.url if release else (index.url if index else "/"))


def operating_systems(request, page):
    """/downloads/operating-systems/."""
    context = Page.get_context(page, request)
    context["operating_systems"] = OperatingSystem.objects.all()
    return TemplateResponse(request, "downloads/operating_systems.html", context)


def os_page(request, page, os_slug):
    """/downloads/<os-slug>/: one OS's files grouped by release, stable and pre-releases."""
    os = get_object_or_404(OperatingSystem, slug=os_slug)
    context = Page.get_context(page, request)
    context.update(os=os, **queries.os_files(os))
    return TemplateResponse(request, "downloads/os_page.html", context)


def feed(request):
    """/downloads/feed.rss and /downloads/feed/: the newest releases (RSS)."""
    return ReleaseFeed()(request)


def doc_versions(request, page):
    """/doc/versions/: the docs of each release series, with its status."""
    context = page.get_context(request)
    context["series"] = queries.all_series()
    return TemplateResponse(request, "downloads/doc_versions.html", context)

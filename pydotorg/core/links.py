"""Absolute URLs of the site, for feeds, the sitemap, JSON-LD and mail.

Inside a request they are built from the request (`request.build_absolute_uri`), so a site
served at another host or port says that; outside one (mail, tasks) from `SITE_URL`
(`settings.WAGTAILADMIN_BASE_URL`), which in development follows where `make run` serves."""

from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap


def absolute_url(path, request=None):
    """`path` (a site path, or already a full URL) as a full URL: on the request's host when
    there is a request, on SITE_URL otherwise."""
    if request is not None:
        return request.build_absolute_uri(path)
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", path)


def page_url(page, request=None):
    """A page's full URL: on the request's host, or on SITE_URL."""
    return absolute_url(page.get_url(request) or "/", request)


class Sitemap(WagtailSitemap):
    """Wagtail's sitemap with every location on the request's host and port rather than the
    Site record's (which says 127.0.0.1:8000 in development, wherever the site is served)."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        root = self.get_wagtail_site().root_url
        for info in urls:
            location = info["location"]
            if location == root or location.startswith(root + "/"):
                info["location"] = absolute_url(location[len(root) :] or "/", self.request)
        return urls


class SiteFeed(Feed):
    """A Django feed that keeps its request, so every URL it writes (link, guid, Atom id) can be
    made absolute on the host the feed is served from (`self.absolute(path)`). Django only
    adds the domain to links; a guid or an Atom id left relative fails the W3C validator."""

    request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def absolute(self, path):
        return absolute_url(path, self.request)

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from pydotorg.core import metrics
from pydotorg.core import views as core_views
from pydotorg.core.links import Sitemap

urlpatterns = [
    path("health", core_views.health, name="health"),
    path("_health", core_views.health, name="health-legacy"),
    path("metrics", metrics.metrics, name="metrics"),  # answered first by MetricsMiddleware (docs/operations.md)
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("humans.txt", core_views.humans_txt, name="humans_txt"),
    path("funding.json", core_views.funding_json, name="funding_json"),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": Sitemap}}, name="sitemap"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("pydotorg.users.oauth_urls")),  # OAUTH_REDIRECT_BASE_URL (users/oauth.py)
    path("accounts/", include("allauth.urls")),
    path("api/", include("pydotorg.api.urls")),
    # The apps' own URLs are included by name: the project package imports no section.
    path("box/", include("sections.boxes.urls")),
    path("", include("search.urls")),  # /search/… and /opensearch.xml
    path("users/membership/", include("sections.membership.urls")),
    path("users/nominations/", include("sections.nominations.user_urls")),
    path("users/sponsorships/", include("sections.sponsors.user_urls")),
    path("nominations/", include("sections.nominations.urls")),
    # Profiles last among /users/: the sections' fixed paths above win over /users/<username>/.
    path("users/", include("pydotorg.users.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Download URLs with a dot or outside the page tree (/downloads/feed.rss, latest/python3.N).
    path("", include("sections.downloads.urls")),
    # /sponsors/… and /psf/sponsors/ (before the page tree, which has /psf/).
    path("", include("sections.sponsors.urls")),
    path("", include(wagtail_urls)),
]

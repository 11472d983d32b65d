"""The public API (python.org's v1 and v2 contracts), mounted at /api/: the pages resource,
the resources every app registered in `routers.v1` / `routers.v2` (its `api` module,
imported here), and the OpenAPI description. See docs/sections/api.md."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import page_resource, routers, schema  # noqa: F401  (page_resource registers itself; schema: auth schemes)

routers.autodiscover()

urlpatterns = [
    *routers.v1.urls,
    *routers.v2.urls,
    path("docs", SpectacularAPIView.as_view(), name="api-docs"),
    path("docs/ui/", SpectacularSwaggerView.as_view(url_name="api-docs"), name="api-docs-ui"),
]

"""The public API (python.org's v1 and v2 contracts), mounted at /api/: the pages resource,
the resources every app registered in `routers.v1` / `routers.v2` (its `api` module,
imported here), and the OpenAPI description. See docs/sections/api.md."""

from django.http import JsonResponse
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import page_resource, routers, schema  # noqa: F401  (page_resource registers itself; schema: auth schemes)

routers.autodiscover()


def no_such_resource(request):
    """An unknown URL under a version answers like the API does, in JSON (paths without their
    slash still get Django's redirect to the slashed path first)."""
    return JsonResponse({"detail": f"No API resource at {request.path}."}, status=404)


urlpatterns = [
    *routers.v1.urls,
    *routers.v2.urls,
    path("docs", SpectacularAPIView.as_view(), name="api-docs"),
    path("docs/ui/", SpectacularSwaggerView.as_view(url_name="api-docs"), name="api-docs-ui"),
    re_path(r"^v[12]/(?:.*/)?$", no_such_resource),
]

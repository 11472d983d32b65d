"""The public API (python.org's v1 and v2 contracts): see docs/sections/downloads.md.
Mounted at /api/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from . import schema, views  # noqa: F401  (schema registers the authentication schemes)

V1 = [
    ("pages/page", views.PageV1, {"get": "list"}),
    ("downloads/os", views.OSV1, {"get": "list", "post": "create"}),
    ("downloads/release", views.ReleaseV1, {"get": "list", "post": "create"}),
    ("downloads/release_file", views.ReleaseFileV1, {"get": "list", "post": "create", "delete": "delete_list"}),
]

urlpatterns = []
for resource, view, list_actions in V1:
    name = f"api-v1-{resource.replace('/', '-')}"
    detail_actions = {"get": "retrieve"} if resource == "pages/page" else {"get": "retrieve", "delete": "destroy"}
    urlpatterns += [
        path(f"v1/{resource}/", view.as_view(list_actions), name=f"{name}-list"),
        path(f"v1/{resource}/<int:pk>/", view.as_view(detail_actions), name=f"{name}-detail"),
    ]

router = SimpleRouter()
router.register("v2/downloads/os", views.OSV2, basename="api-v2-downloads-os")
router.register("v2/downloads/release", views.ReleaseV2, basename="api-v2-downloads-release")
router.register("v2/downloads/release_file", views.ReleaseFileV2, basename="api-v2-downloads-release_file")
router.register("v2/pages/page", views.PageV2, basename="api-v2-pages-page")

urlpatterns += router.urls + [
    path("docs", SpectacularAPIView.as_view(), name="api-docs"),
    path("docs/ui/", SpectacularSwaggerView.as_view(url_name="api-docs"), name="api-docs-ui"),
]

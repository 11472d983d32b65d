"""The registries of the API's URLs. Each app registers its resources in its own `api`
module; pydotorg/api/urls.py imports every app's `api` module (`autodiscover()`), then lists
the URLs of both routers. See docs/sections/api.md.

    # sections/<app>/api.py
    from pydotorg.api import routers

    routers.v1.register("downloads/os", OSV1)     # /api/v1/downloads/os/ and …/<pk>/
    routers.v2.register("downloads/os", OSV2)     # /api/v2/downloads/os/ and …/<pk>/
"""

from django.urls import path
from django.utils.module_loading import autodiscover_modules
from rest_framework.routers import SimpleRouter


class V1Router:
    """python.org's v1 URLs (Django-Tastypie's): `v1/<resource>/` (list) and
    `v1/<resource>/<pk>/` (detail), named `api-v1-<resource, "/" as "-">-list|-detail`. Each
    resource says which method runs which action; what it does not route answers 405."""

    LIST_ACTIONS = {"get": "list", "post": "create"}
    DETAIL_ACTIONS = {"get": "retrieve", "delete": "destroy"}

    def __init__(self):
        self.registry = {}

    def register(self, resource, viewset, list_actions=None, detail_actions=None):
        self.registry[resource] = (viewset, list_actions or self.LIST_ACTIONS, detail_actions or self.DETAIL_ACTIONS)

    @property
    def urls(self):
        urls = []
        for resource, (viewset, list_actions, detail_actions) in self.registry.items():
            name = f"api-v1-{resource.replace('/', '-')}"
            urls += [
                path(f"v1/{resource}/", viewset.as_view(list_actions), name=f"{name}-list"),
                path(f"v1/{resource}/<int:pk>/", viewset.as_view(detail_actions), name=f"{name}-detail"),
            ]
        return urls


class V2Router(SimpleRouter):
    """REST framework's router under `v2/`: `register("downloads/os", OSV2)` routes
    `v2/downloads/os/`, `v2/downloads/os/<pk>/` and the viewset's extra actions, named
    `api-v2-downloads-os-…`."""

    def register(self, resource, viewset, basename=None):
        super().register(f"v2/{resource}", viewset, basename=basename or f"api-v2-{resource.replace('/', '-')}")


v1 = V1Router()
v2 = V2Router()


def autodiscover():
    """Import every installed app's `api` module, where it registers its resources."""
    autodiscover_modules("api")

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The public API (/api/): its credentials (models, admin, `manage.py api_credentials`),
    authentication, throttles, the v1 envelope, the routers sections register their resources
    in, and the OpenAPI description. See docs/sections/api.md."""

    name = "pydotorg.api"
    label = "api"
    verbose_name = "API"

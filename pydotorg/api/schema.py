"""What the OpenAPI description at /api/docs says about our API (drf-spectacular)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


def only_public_api(endpoints, **kwargs):
    """Preprocessing hook: describe /api/ only, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "pydotorg.api.auth.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "API v1: `Authorization: ApiKey <username>:<key>` (staff, for writes).",
        }


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "pydotorg.api.auth.ApiTokenAuthentication"
    name = "Token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "API v2: `Authorization: Token <key>`.",
        }

"""What the OpenAPI description at /api/docs says about our API (drf-spectacular): our
paths only, both credentials, and foreign keys as the URIs the API gives and takes."""

import re

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension

from .serializers import uri_prefix


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
            "description": "API v1: `Authorization: ApiKey <username>:<key>`.",
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


class V1URIFieldSchema(OpenApiSerializerFieldExtension):
    """v1: a relative URI (`/api/v1/downloads/os/1/`); v2: an absolute URL."""

    target_class = "pydotorg.api.serializers.V1URIField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        prefix = uri_prefix(field.resource, field.version)
        if field.version == 2:
            return {"type": "string", "format": "uri", "example": f"https://www.python.org{prefix}1/"}
        return {"type": "string", "pattern": f"^{re.escape(prefix)}[0-9]+/$", "example": f"{prefix}1/"}

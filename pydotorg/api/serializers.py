"""What every resource's serializer shares. v1 names an object and its foreign keys by
relative URIs (`/api/v1/downloads/os/1/`), v2 by absolute URLs; a resource says which URIs
it has (`resource = "downloads/os"`) and its version (`V2Mixin`)."""

import re
from functools import lru_cache
from urllib.parse import urlparse

from django.urls import reverse
from rest_framework import serializers
from wagtail.models import Site


@lru_cache
def uri_prefix(resource, version=1):
    """`/api/v1/downloads/os/` (reversed once: lists build thousands of URIs)."""
    return reverse(f"api-v1-{resource.replace('/', '-')}-detail", args=[0])[:-2].replace(
        "/api/v1/", f"/api/v{version}/"
    )


def v1_uri(resource, pk):
    return f"{uri_prefix(resource)}{pk}/"


def absolute_prefix(context):
    """`http://host` of the request (once per serialization), for v2's absolute URLs."""
    if "absolute_prefix" not in context:
        request = context.get("request")
        context["absolute_prefix"] = request.build_absolute_uri("/")[:-1] if request else ""
    return context["absolute_prefix"]


class V1URIField(serializers.RelatedField):
    """A foreign key given and accepted as a v1 URI (`/api/v1/downloads/os/1/`); a full
    URL or a bare pk is accepted too. With version=2, an absolute v2 URL. (Its OpenAPI
    description: schema.py.)"""

    default_error_messages = {
        "invalid": "Expected a URI like {example}.",
        "does_not_exist": "No object at {uri}.",
    }

    def __init__(self, resource, version=1, **kwargs):
        self.resource, self.version = resource, version
        super().__init__(**kwargs)

    def to_representation(self, value):
        uri = f"{uri_prefix(self.resource, self.version)}{value.pk}/"
        return absolute_prefix(self.context) + uri if self.version == 2 else uri

    def to_internal_value(self, data):
        example = f"{uri_prefix(self.resource, self.version)}1/"
        text = str(data)
        if not text.isdigit():
            pattern = re.escape(example[: -len("1/")]) + r"(\d+)/?$"
            match = re.match(pattern, urlparse(text).path)
            if not match:
                self.fail("invalid", example=example)
            text = match[1]
        try:
            return self.get_queryset().get(pk=int(text))
        except self.get_queryset().model.DoesNotExist:
            self.fail("does_not_exist", uri=data)


class ResourceURIMixin(serializers.Serializer):
    """`resource_uri`: the object's v1 URI, or (`api_version = 2`) its absolute v2 URL."""

    resource_uri = serializers.SerializerMethodField()
    resource = ""
    api_version = 1

    def get_resource_uri(self, obj) -> str:
        uri = f"{uri_prefix(self.resource, self.api_version)}{obj.pk}/"
        return absolute_prefix(self.context) + uri if self.api_version == 2 else uri


class V2Mixin:
    api_version = 2


def site_root_path():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else "/"


def page_path(url_path, root=None):
    """python.org's page path ("about/apps") of a Wagtail url_path ("/home/about/apps/")."""
    root = root or "/" + url_path.strip("/").split("/")[0] + "/"
    return url_path[len(root) :].strip("/") if url_path.startswith(root) else url_path.strip("/")

"""Serializers of the downloads resources. The fields and the rules are shared by v1 and
v2; each version only says how an object and its foreign keys are named (v1: relative
`/api/v1/...` URIs, v2: absolute URLs)."""

import re
from functools import lru_cache
from urllib.parse import urlparse

from django.db import IntegrityError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import UniqueTogetherValidator
from wagtail.models import Page, Site

from sections.downloads import rules, services
from sections.downloads.models import OperatingSystem, ReleaseFile, ReleasePage

FILE_FIELDS = [
    "os", "release", "name", "slug", "description", "is_source", "url", "gpg_signature_file",
    "sigstore_signature_file", "sigstore_cert_file", "sigstore_bundle_file", "sbom_spdx2_file",
    "md5_sum", "sha256_sum", "filesize", "download_button", "created", "updated", "resource_uri",
]  # fmt: skip
RELEASE_FIELDS = [
    "name", "slug", "version", "is_latest", "is_published", "pre_release", "show_on_download_page",
    "release_date", "release_page", "release_notes_url", "content", "created", "updated", "resource_uri",
]  # fmt: skip
OS_FIELDS = ["name", "slug", "created", "updated", "resource_uri"]
PAGE_FIELDS = ["title", "slug", "path", "keywords", "is_published", "created", "updated", "resource_uri"]


@lru_cache
def uri_prefix(resource, version=1):
    """`/api/v1/downloads/os/` (reversed once: lists build thousands of URIs)."""
    return reverse(f"api-v1-{resource.replace('/', '-')}-detail", args=[0])[:-2].replace(
        "/api/v1/", f"/api/v{version}/"
    )


def v1_uri(resource, pk):
    return f"{uri_prefix(resource)}{pk}/"


@extend_schema_field(OpenApiTypes.URI)
class V1URIField(serializers.RelatedField):
    """A foreign key given and accepted as a v1 URI (`/api/v1/downloads/os/1/`); a full
    URL or a bare pk is accepted too. With version=2, an absolute v2 URL."""

    default_error_messages = {
        "invalid": "Expected a URI like {example}.",
        "does_not_exist": "No object at {uri}.",
    }

    def __init__(self, resource, version=1, **kwargs):
        self.resource, self.version = resource, version
        super().__init__(**kwargs)

    def to_representation(self, value):
        uri = f"{uri_prefix(self.resource, self.version)}{value.pk}/"
        if self.version == 2:
            if "absolute_prefix" not in self.context:
                request = self.context.get("request")
                self.context["absolute_prefix"] = request.build_absolute_uri("/")[:-1] if request else ""
            uri = self.context["absolute_prefix"] + uri
        return uri

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
    resource_uri = serializers.SerializerMethodField()
    resource = ""

    def get_resource_uri(self, obj) -> str:
        uri = f"{uri_prefix(self.resource, self.api_version)}{obj.pk}/"
        if self.api_version == 2:
            if "absolute_prefix" not in self.context:
                request = self.context.get("request")
                self.context["absolute_prefix"] = request.build_absolute_uri("/")[:-1] if request else ""
            uri = self.context["absolute_prefix"] + uri
        return uri

    api_version = 1


class OSSerializer(ResourceURIMixin, serializers.ModelSerializer):
    resource = "downloads/os"

    class Meta:
        model = OperatingSystem
        fields = OS_FIELDS


class ReleaseSerializer(ResourceURIMixin, serializers.ModelSerializer):
    resource = "downloads/release"
    name = serializers.CharField(source="title", max_length=255)
    slug = serializers.SlugField(max_length=255, required=False, allow_blank=True)
    is_published = serializers.BooleanField(source="live", required=False)
    release_page = serializers.SerializerMethodField()

    class Meta:
        model = ReleasePage
        fields = RELEASE_FIELDS
        read_only_fields = ["created", "updated"]

    def get_release_page(self, obj) -> str | None:
        return None

    def validate(self, attrs):
        errors = {}
        name = attrs.get("title", getattr(self.instance, "title", ""))
        others = ReleasePage.objects.exclude(pk=getattr(self.instance, "pk", None))
        if "title" in attrs and others.filter(title=name).exists():
            errors["name"] = ["A release with this name already exists."]
        slug = attrs.get("slug") or (self.instance.slug if self.instance else "") or name
        from django.utils.text import slugify

        attrs["slug"] = slugify(slug)[:255]
        if others.filter(slug=attrs["slug"]).exists():
            errors["slug"] = ["A release with this slug already exists."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def save_release(self, release, attrs):
        is_published = attrs.pop("live", None)
        for field, value in attrs.items():
            setattr(release, field, value)
        user = self.context["request"].user
        return services.save_release(release, user=user, is_published=is_published)

    def create(self, validated_data):
        return self.save_release(ReleasePage(), validated_data)

    def update(self, instance, validated_data):
        return self.save_release(instance, validated_data)


class ReleaseFileSerializer(ResourceURIMixin, serializers.ModelSerializer):
    resource = "downloads/release_file"
    os = V1URIField("downloads/os", queryset=OperatingSystem.objects.all())
    release = V1URIField("downloads/release", queryset=ReleasePage.objects.all())

    class Meta:
        model = ReleaseFile
        fields = FILE_FIELDS
        read_only_fields = ["created", "updated"]

    def get_validators(self):
        # The one-button-per-OS constraint is checked in validate(), under its field's name.
        return [v for v in super().get_validators() if not isinstance(v, UniqueTogetherValidator)]

    def validate(self, attrs):
        def value(field):
            return attrs[field] if field in attrs else getattr(self.instance, field, None)

        fields = ["url", "filesize", "os", "release", "download_button", *rules.SIGNATURE_SUFFIXES]
        data = {field: value(field) for field in fields}
        errors = rules.file_errors(data)
        if data["download_button"] and data["os"] is not None and data["release"] is not None:
            taken = ReleaseFile.objects.filter(release=data["release"], os=data["os"], download_button=True)
            if self.instance is not None:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                errors.update(rules.duplicate_button_errors([data, data]))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def save(self, **kwargs):
        try:
            if self.instance is None:
                release = self.validated_data["release"]
                kwargs.setdefault("sort_order", services.next_sort_order(release.pk))
            instance = super().save(**kwargs)
        except IntegrityError as error:  # a concurrent request took the slug, URL or button
            raise serializers.ValidationError({"__all__": [f"Conflicts with an existing file: {error}"]}) from None
        services.record_files_change(instance.release_id, user=self.context["request"].user)
        return instance


class PageSerializer(ResourceURIMixin, serializers.ModelSerializer):
    resource = "pages/page"
    path = serializers.SerializerMethodField()
    keywords = serializers.CharField(source="search_description", read_only=True)
    is_published = serializers.BooleanField(source="live", read_only=True)
    created = serializers.DateTimeField(source="first_published_at", read_only=True)
    updated = serializers.DateTimeField(source="last_published_at", read_only=True)

    class Meta:
        model = Page
        fields = PAGE_FIELDS

    def get_path(self, obj) -> str:
        return page_path(obj.url_path)


def site_root_path():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else "/"


def page_path(url_path, root=None):
    """python.org's page path ("about/apps") of a Wagtail url_path ("/home/about/apps/")."""
    root = root or "/" + url_path.strip("/").split("/")[0] + "/"
    return url_path[len(root) :].strip("/") if url_path.startswith(root) else url_path.strip("/")


# --- v2: the same, named by absolute URLs ------------------------------------------------


class V2Mixin:
    api_version = 2


class OSV2Serializer(V2Mixin, OSSerializer):
    pass


class ReleaseV2Serializer(V2Mixin, ReleaseSerializer):
    pass


class ReleaseFileV2Serializer(V2Mixin, ReleaseFileSerializer):
    os = V1URIField("downloads/os", version=2, queryset=OperatingSystem.objects.all())
    release = V1URIField("downloads/release", version=2, queryset=ReleasePage.objects.all())


class PageV2Serializer(V2Mixin, PageSerializer):
    pass

"""The downloads resources of the API (`downloads/os`, `downloads/release`,
`downloads/release_file`), in python.org's v1 and v2 shapes, registered in the API's
routers (pydotorg/api imports this module). The fields and the rules are shared by both
versions; v1 names objects by relative URIs, v2 by absolute URLs. Contracts:
docs/sections/downloads.md; the generic pieces (auth, envelope, routers): docs/sections/api.md."""

import django_filters as filters
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.validators import UniqueTogetherValidator

from pydotorg.api import routers
from pydotorg.api.auth import is_staff
from pydotorg.api.filters import DATE_LOOKUPS
from pydotorg.api.serializers import ResourceURIMixin, V1URIField, V2Mixin
from pydotorg.api.views import V1Resource, V2Resource

from . import rules, services
from .models import OperatingSystem
from .pages import ReleaseFile, ReleasePage

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


# --- Filters (python.org's v1 lookups; v2 keeps the exact ones) ---------------------------


class OSFilter(filters.FilterSet):
    class Meta:
        model = OperatingSystem
        fields = {"name": ["exact"], "slug": ["exact"]}


class ReleaseFilter(filters.FilterSet):
    name = filters.CharFilter(field_name="title")
    is_published = filters.BooleanFilter(field_name="live")

    class Meta:
        model = ReleasePage
        fields = {
            "slug": ["exact"],
            "pre_release": ["exact"],
            "is_latest": ["exact"],
            "version": ["exact", "startswith"],
            "release_date": DATE_LOOKUPS,
        }


class ReleaseFileFilter(filters.FilterSet):
    release__name = filters.CharFilter(field_name="release__title")
    release__is_published = filters.BooleanFilter(field_name="release__live")

    class Meta:
        model = ReleaseFile
        fields = {
            "name": ["exact"],
            "slug": ["exact"],
            "description": ["exact", "contains"],
            "os": ["exact"],
            "release": ["exact"],
            "is_source": ["exact"],
            "download_button": ["exact"],
            "os__slug": ["exact"],
            "os__name": ["exact"],
            "release__slug": ["exact"],
            "release__version": ["exact"],
            "release__pre_release": ["exact"],
        }


# --- Serializers --------------------------------------------------------------------------


class OSSerializer(ResourceURIMixin, serializers.ModelSerializer):
    resource = "downloads/os"

    class Meta:
        model = OperatingSystem
        fields = OS_FIELDS


class ReleaseSerializer(ResourceURIMixin, serializers.ModelSerializer):
    """A release page: written through `services.save_release` (a revision, published
    when `is_published` says so)."""

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
    """A release file, checked by `rules.py` (as in the editor); each write gives the
    release a revision holding its files (`services.record_files_change`)."""

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


class OSV2Serializer(V2Mixin, OSSerializer):
    pass


class ReleaseV2Serializer(V2Mixin, ReleaseSerializer):
    pass


class ReleaseFileV2Serializer(V2Mixin, ReleaseFileSerializer):
    os = V1URIField("downloads/os", version=2, queryset=OperatingSystem.objects.all())
    release = V1URIField("downloads/release", version=2, queryset=ReleasePage.objects.all())


# --- Views --------------------------------------------------------------------------------


def visible_releases(request):
    releases = ReleasePage.objects.all()
    return releases if is_staff(request) else releases.live()


def visible_files(request):
    files = ReleaseFile.objects.select_related("os", "release")
    return files if is_staff(request) else files.filter(release__live=True)


def delete_release_files(request):
    """DELETE …/release_file/?release=<pk>: all the files of one release (204)."""
    values = request.query_params.getlist("release")
    if len(values) != 1 or not values[0].isdigit():
        raise ValidationError({"release": ["Give exactly one release, as ?release=<pk>."]})
    with transaction.atomic():
        deleted, _ = ReleaseFile.objects.filter(release_id=int(values[0])).delete()
        if deleted:
            services.record_files_change(int(values[0]), user=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)


class OSV1(V1Resource):
    resource = "downloads/os"
    queryset = OperatingSystem.objects.order_by("pk")
    serializer_class = OSSerializer
    filterset_class = OSFilter


class ReleaseV1(V1Resource):
    resource = "downloads/release"
    serializer_class = ReleaseSerializer
    filterset_class = ReleaseFilter

    def get_queryset(self):
        return visible_releases(self.request).order_by("pk")


class ReleaseFileV1(V1Resource):
    resource = "downloads/release_file"
    serializer_class = ReleaseFileSerializer
    filterset_class = ReleaseFileFilter

    def get_queryset(self):
        return visible_files(self.request).order_by("pk")

    def perform_destroy(self, instance):
        release_id = instance.release_id
        instance.delete()
        services.record_files_change(release_id, user=self.request.user)

    @extend_schema(
        operation_id="v1_downloads_release_file_delete_by_release",
        parameters=[OpenApiParameter("release", int, required=True, description="The release's pk.")],
        responses={204: None},
    )
    def delete_list(self, request, *args, **kwargs):
        return delete_release_files(request)


class OSV2(V2Resource):
    queryset = OperatingSystem.objects.order_by("pk")
    serializer_class = OSV2Serializer
    filterset_class = OSFilter


class ReleaseV2(V2Resource):
    serializer_class = ReleaseV2Serializer
    filterset_class = ReleaseFilter

    def get_queryset(self):
        return visible_releases(self.request).order_by("pk")


class ReleaseFileV2(V2Resource):
    serializer_class = ReleaseFileV2Serializer
    filterset_class = ReleaseFileFilter
    strict_filters = True

    def get_queryset(self):
        return visible_files(self.request).order_by("pk")

    def perform_destroy(self, instance):
        release_id = instance.release_id
        with transaction.atomic():
            instance.delete()
            services.record_files_change(release_id, user=self.request.user)

    @action(detail=False, methods=["delete"], url_path="delete_by_release", filter_backends=[])
    def delete_by_release(self, request):
        return delete_release_files(request)


# --- Registration -------------------------------------------------------------------------

routers.v1.register("downloads/os", OSV1)
routers.v1.register("downloads/release", ReleaseV1)
routers.v1.register(
    "downloads/release_file", ReleaseFileV1, list_actions={"get": "list", "post": "create", "delete": "delete_list"}
)
routers.v2.register("downloads/os", OSV2)
routers.v2.register("downloads/release", ReleaseV2)
routers.v2.register("downloads/release_file", ReleaseFileV2)

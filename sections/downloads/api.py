"""The downloads resources of the API (`downloads/os`, `downloads/release`,
`downloads/release_file`), in python.org's v1 and v2 shapes, registered in the API's
routers (pydotorg/api imports this module). The fields and the rules are shared by both
versions; v1 names objects by relative URIs, v2 by absolute URLs. Contracts:
docs/sections/downloads.md; the generic pieces (auth, envelope, routers): docs/sections/api.md.

Who may write: the model permission of the resource (`pydotorg.api.auth.ModelPermissions`),
and for releases and their files also the page permission Wagtail's admin asks for the same
change (`check_*` below). Drafts are shown to holders of `downloads.view_releasepage`."""

import hashlib
import threading

import django_filters as filters
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.cache import quote_etag
from django.utils.text import slugify
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.validators import UniqueTogetherValidator

from pydotorg.api import routers
from pydotorg.api.filters import DATE_LOOKUPS
from pydotorg.api.filters import FilterSet as ApiFilterSet
from pydotorg.api.serializers import ResourceURIMixin, V1URIField, V2Mixin
from pydotorg.api.views import Conflict, V1Resource, V2Resource

from . import caching, rules, services
from .models import OperatingSystem
from .pages import DownloadsIndexPage, ReleaseFile, ReleaseIndexPage, ReleasePage
from .signals import release_changed

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


class OSFilter(ApiFilterSet):
    class Meta:
        model = OperatingSystem
        fields = {"name": ["exact"], "slug": ["exact"]}


class ReleaseFilter(ApiFilterSet):
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


class ReleaseFileFilter(ApiFilterSet):
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


# --- Page permissions: what Wagtail's admin would ask for the same change ----------------


def require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def check_new_release(user, publish):
    """Adding a release page (under the release index, or under the Downloads page, where
    the index is made first); publishing it at once needs the publish permission too."""
    parent = ReleaseIndexPage.objects.first() or DownloadsIndexPage.objects.first()
    if parent is None:
        raise Conflict("There is no Downloads page to put releases under.")
    perms = parent.permissions_for_user(user)
    require(perms.can_add_subpage(), "Adding a release needs Wagtail's add permission on the releases.")
    require(not publish or perms.can_publish_subpage(), "Publishing a release needs Wagtail's publish permission.")


def check_release_change(user, release, publish=None):
    """Changing a release page: edit; publish when the change goes live (`publish` True, or
    None on a live release), unpublish when `publish` is False on a live one."""
    perms = release.permissions_for_user(user)
    require(perms.can_edit(), f"Changing {release.title} needs Wagtail's edit permission on it.")
    if publish or (publish is None and release.live):
        require(perms.can_publish(), f"Changing {release.title}, which is live, needs Wagtail's publish permission.")
    elif publish is False and release.live:
        require(perms.can_unpublish(), f"Unpublishing {release.title} needs Wagtail's publish permission.")


def check_files_change(user, release):
    """Files are part of their release page (an inline panel in the editor): writing them is
    editing the release, and publishing it when it is live (they go live at once)."""
    check_release_change(user, release)


def check_release_delete(user, release):
    require(release.permissions_for_user(user).can_delete(), f"Deleting {release.title} needs Wagtail's permission.")


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
        if not attrs["slug"]:
            errors["slug"] = [f"{slug!r} makes no slug: give a name or slug with letters or digits."]
        elif others.filter(slug=attrs["slug"]).exists():
            errors["slug"] = ["A release with this slug already exists."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def save_release(self, release, attrs):
        is_published = attrs.pop("live", None)
        user = self.context["request"].user
        if release.pk is None:
            check_new_release(user, publish=is_published)
        else:
            check_release_change(user, release, publish=is_published)
        for field, value in attrs.items():
            setattr(release, field, value)
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
        extra_kwargs = {"filesize": {"min_value": 0, "max_value": rules.MAX_FILESIZE}}

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
        user = self.context["request"].user
        for release in {self.validated_data.get("release"), getattr(self.instance, "release", None)} - {None}:
            check_files_change(user, release)
        try:
            if self.instance is None:
                release = self.validated_data["release"]
                kwargs.setdefault("sort_order", services.next_sort_order(release.pk))
            instance = super().save(**kwargs)
        except IntegrityError as error:  # a concurrent request took the slug, URL or button
            raise serializers.ValidationError({"__all__": [f"Conflicts with an existing file: {error}"]}) from None
        services.record_files_change(instance.release_id, user=user)
        return instance


class OSV2Serializer(V2Mixin, OSSerializer):
    pass


class ReleaseV2Serializer(V2Mixin, ReleaseSerializer):
    pass


class ReleaseFileV2Serializer(V2Mixin, ReleaseFileSerializer):
    os = V1URIField("downloads/os", version=2, queryset=OperatingSystem.objects.all())
    release = V1URIField("downloads/release", version=2, queryset=ReleasePage.objects.all())


# --- Views --------------------------------------------------------------------------------


def sees_drafts(request):
    return request.user.has_perm("downloads.view_releasepage")


def visible_releases(request):
    releases = ReleasePage.objects.all()
    return releases if sees_drafts(request) else releases.live()


def visible_files(request):
    files = ReleaseFile.objects.select_related("os", "release")
    return files if sees_drafts(request) else files.filter(release__live=True)


def delete_release_files(request):
    """DELETE …/release_file/?release=<pk>: all the files of one release (204)."""
    values = request.query_params.getlist("release")
    if len(values) != 1 or not values[0].isdigit():
        raise ValidationError({"release": ["Give exactly one release, as ?release=<pk>."]})
    release = visible_releases(request).filter(pk=int(values[0])).first()
    if release is None:
        return Response(status=status.HTTP_204_NO_CONTENT)  # no such release: it has no files
    check_files_change(request.user, release)
    with transaction.atomic():
        deleted, _ = ReleaseFile.objects.filter(release=release).delete()
        if deleted:
            services.record_files_change(release.pk, user=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)


def delete_file(request, instance):
    check_files_change(request.user, instance.release)
    release_id = instance.release_id
    with transaction.atomic():
        instance.delete()
        services.record_files_change(release_id, user=request.user)


def delete_release(request, instance):
    check_release_delete(request.user, instance)
    instance.delete()


class CachedList:
    """A release list from a cached serialisation (v2's is not paginated: 627 releases,
    350 KB of JSON a request), keyed by what changes the answer: the query parameters, the
    scheme and host (v2's URLs are absolute), whether the caller sees drafts. Every key
    carries the downloads generation, bumped when release data changes
    (`invalidate_release_lists`, and signals.py on any save of a release). Authentication
    and throttles run first, as for any request; only 200s are stored, with their ETag
    (If-None-Match is answered 304 without hashing the answer again). The process keeps the
    last few answers it served too (`LOCAL_ANSWERS`): a key names its generation, so a kept
    answer is never stale, and a hit costs one small read of the generation instead of the
    whole answer's transfer from Redis (the list's cost stays flat as releases are added)."""

    LOCAL_ANSWERS = 4
    _answers = {}  # key → (etag, body), oldest first
    _answers_lock = threading.Lock()

    def list(self, request, *args, **kwargs):
        query = sorted((k, v) for k in request.query_params for v in request.query_params.getlist(k))
        digest = hashlib.sha256(repr([request.build_absolute_uri("/"), query]).encode()).hexdigest()[:32]
        key = caching.cache_key(f"api-list-{type(self).__name__}", int(sees_drafts(request)), digest)
        answer = self._answers.get(key) or cache.get(key)
        if answer is None:
            response = super().list(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            body = JSONRenderer().render(response.data)
            answer = (quote_etag(hashlib.md5(body, usedforsecurity=False).hexdigest()), body)
            cache.set(key, answer, caching.TIMEOUT)
        with self._answers_lock:
            if key not in self._answers:
                while len(self._answers) >= self.LOCAL_ANSWERS:
                    del self._answers[next(iter(self._answers))]
                self._answers[key] = answer
        response = HttpResponse(answer[1], content_type="application/json")
        response["ETag"] = answer[0]
        return response


class OSV1(V1Resource):
    resource = "downloads/os"
    queryset = OperatingSystem.objects.order_by("pk")
    serializer_class = OSSerializer
    filterset_class = OSFilter


class ReleaseV1(CachedList, V1Resource):
    resource = "downloads/release"
    serializer_class = ReleaseSerializer
    filterset_class = ReleaseFilter

    def get_queryset(self):
        return visible_releases(self.request).order_by("pk")

    def perform_destroy(self, instance):
        delete_release(self.request, instance)


class ReleaseFileV1(V1Resource):
    resource = "downloads/release_file"
    serializer_class = ReleaseFileSerializer
    filterset_class = ReleaseFileFilter

    def get_queryset(self):
        return visible_files(self.request).order_by("pk")

    def perform_destroy(self, instance):
        delete_file(self.request, instance)

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


class ReleaseV2(CachedList, V2Resource):
    serializer_class = ReleaseV2Serializer
    filterset_class = ReleaseFilter

    def get_queryset(self):
        return visible_releases(self.request).order_by("pk")

    def perform_destroy(self, instance):
        with transaction.atomic():
            delete_release(self.request, instance)


class ReleaseFileV2(V2Resource):
    serializer_class = ReleaseFileV2Serializer
    filterset_class = ReleaseFileFilter
    strict_filters = True

    def get_queryset(self):
        return visible_files(self.request).order_by("pk")

    def perform_destroy(self, instance):
        delete_file(self.request, instance)

    @extend_schema(
        parameters=[OpenApiParameter("release", int, required=True, description="The release's pk.")],
        responses={204: None},
    )
    @action(detail=False, methods=["delete"], url_path="delete_by_release", filter_backends=[])
    def delete_by_release(self, request):
        return delete_release_files(request)


# --- Invalidation of the cached lists ------------------------------------------------------


def invalidate_release_lists(sender=None, **kwargs):
    """`release_changed` (a release published, unpublished or deleted, its files changed;
    sent after commit). signals.py also bumps the generation on any save of a release,
    drafts included, which release managers see in the list."""
    caching.invalidate()


release_changed.connect(invalidate_release_lists, dispatch_uid="downloads-api-release-changed")


# --- Registration -------------------------------------------------------------------------

routers.v1.register("downloads/os", OSV1)
routers.v1.register("downloads/release", ReleaseV1)
routers.v1.register(
    "downloads/release_file", ReleaseFileV1, list_actions={"get": "list", "post": "create", "delete": "delete_list"}
)
routers.v2.register("downloads/os", OSV2)
routers.v2.register("downloads/release", ReleaseV2)
routers.v2.register("downloads/release_file", ReleaseFileV2)

"""API v1 (python.org's Tastypie shape) and v2 (REST framework shape) of the downloads
resources and pages. See docs/sections/downloads.md for the contracts."""

import logging

from django.db import transaction
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from wagtail.models import Page

from sections.downloads import services
from sections.downloads.models import OperatingSystem, ReleaseFile, ReleasePage

from . import filters, serializers
from .auth import ApiKeyAuthentication, ApiTokenAuthentication, StaffWritesOnly, V1Throttle, is_staff

logger = logging.getLogger(__name__)


def visible_releases(request):
    releases = ReleasePage.objects.all()
    return releases if is_staff(request) else releases.live()


def visible_files(request):
    files = ReleaseFile.objects.select_related("os", "release")
    return files if is_staff(request) else files.filter(release__live=True)


def visible_pages(request):
    pages = Page.objects.filter(depth__gt=1)
    return pages if is_staff(request) else pages.live().public()


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


# --- v1 ----------------------------------------------------------------------------------


class V1Pagination(LimitOffsetPagination):
    default_limit = 20
    max_limit = 1000

    def _link(self, offset):
        query = self.request.query_params.copy()
        query["limit"], query["offset"] = self.limit, offset
        return f"{self.request.path}?{query.urlencode()}"

    def get_paginated_response(self, data):
        next_link = self._link(self.offset + self.limit) if self.offset + self.limit < self.count else None
        previous = self._link(max(self.offset - self.limit, 0)) if self.offset > 0 else None
        meta = {"limit": self.limit, "offset": self.offset, "total_count": self.count}
        return Response({"meta": {**meta, "next": next_link, "previous": previous}, "objects": data})


class V1Resource(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List GET/POST, detail GET/DELETE; PUT and PATCH are not routed (405). Errors come as
    `{"<resource>": {"field": [...]}}` (validation) or `{"error_message": ...}`."""

    resource = ""
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [StaffWritesOnly]
    throttle_classes = [V1Throttle]
    pagination_class = V1Pagination
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    filter_backends = [DjangoFilterBackend]

    def handle_exception(self, exc):
        if isinstance(exc, ParseError):
            message = f"Malformed request body: {exc.detail}"
            return Response({"error_message": message, self.resource: {"__all__": [message]}}, status=400)
        if isinstance(exc, ValidationError):
            return Response({self.resource: exc.detail}, status=400)
        try:
            response = super().handle_exception(exc)
        except Exception:
            logger.exception("API v1 request failed")
            return Response({"error_message": "Sorry, this request could not be processed."}, status=500)
        if isinstance(response.data, dict) and "detail" in response.data:
            response.data = {"error_message": str(response.data["detail"])}
        return response

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            instance = serializer.save()
        location = request.build_absolute_uri(serializers.v1_uri(self.resource, instance.pk))
        return Response(serializer.data, status=status.HTTP_201_CREATED, headers={"Location": location})

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        with transaction.atomic():
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_destroy(self, instance):
        instance.delete()


class OSV1(V1Resource):
    resource = "downloads/os"
    queryset = OperatingSystem.objects.order_by("pk")
    serializer_class = serializers.OSSerializer
    filterset_class = filters.OSFilter


class ReleaseV1(V1Resource):
    resource = "downloads/release"
    serializer_class = serializers.ReleaseSerializer
    filterset_class = filters.ReleaseFilter

    def get_queryset(self):
        return visible_releases(self.request).order_by("pk")


class ReleaseFileV1(V1Resource):
    resource = "downloads/release_file"
    serializer_class = serializers.ReleaseFileSerializer
    filterset_class = filters.ReleaseFileFilter

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


class PageV1(V1Resource):
    resource = "pages/page"
    serializer_class = serializers.PageSerializer
    filterset_class = filters.PageFilter

    def get_queryset(self):
        return visible_pages(self.request).order_by("path")


# --- v2 ----------------------------------------------------------------------------------


class V2Resource(viewsets.ModelViewSet):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [StaffWritesOnly]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]
    pagination_class = None
    filter_backends = [filters.StrictFilterBackend]
    strict_filters = False

    @property
    def v2_filters(self):
        return filters.exact_filters(self.filterset_class)

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()


class OSV2(V2Resource):
    queryset = OperatingSystem.objects.order_by("pk")
    serializer_class = serializers.OSV2Serializer
    filterset_class = filters.OSFilter


class ReleaseV2(V2Resource):
    serializer_class = serializers.ReleaseV2Serializer
    filterset_class = filters.ReleaseFilter

    def get_queryset(self):
        return visible_releases(self.request).order_by("pk")


class ReleaseFileV2(V2Resource):
    serializer_class = serializers.ReleaseFileV2Serializer
    filterset_class = filters.ReleaseFileFilter
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


class PageV2(V2Resource):
    http_method_names = ["get", "head", "options"]  # read-only
    serializer_class = serializers.PageV2Serializer
    filterset_class = filters.PageFilter
    strict_filters = True

    def get_queryset(self):
        return visible_pages(self.request).order_by("path")

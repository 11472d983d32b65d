"""The two shapes of a resource: v1 (python.org's Django-Tastypie: the `{meta, objects}`
envelope, ApiKey auth, errors under the resource's name) and v2 (REST framework's: plain
lists, Token auth, exact filters). A section's resource subclasses these in its `api`
module and registers itself in `routers.v1` / `routers.v2`. See docs/sections/api.md."""

import logging

from django.db import transaction
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from . import filters, serializers
from .auth import ApiKeyAuthentication, ApiTokenAuthentication, StaffWritesOnly, V1Throttle

logger = logging.getLogger(__name__)


# --- v1 ----------------------------------------------------------------------------------


class V1Pagination(LimitOffsetPagination):
    """`{"meta": {limit, offset, total_count, next, previous}, "objects": [...]}`."""

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
    """List GET/POST, detail GET/DELETE (as `routers.v1` routes them); PUT and PATCH are not
    routed (405). Errors come as `{"<resource>": {"field": [...]}}` (validation) or
    `{"error_message": ...}`."""

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


# --- v2 ----------------------------------------------------------------------------------


class V2Resource(viewsets.ModelViewSet):
    """Full CRUD, plain lists; filters: the exact ones of `filterset_class`, unknown
    parameters refused (400) when `strict_filters` is set."""

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

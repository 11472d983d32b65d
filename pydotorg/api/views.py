"""The two shapes of a resource: v1 (python.org's Django-Tastypie: the `{meta, objects}`
envelope, ApiKey auth, errors under the resource's name) and v2 (REST framework's: plain
lists, Token auth, exact filters). A section's resource subclasses these in its `api`
module and registers itself in `routers.v1` / `routers.v2`. See docs/sections/api.md."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, parsers, status, viewsets
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from . import filters, serializers
from .auth import AnonThrottle, ApiKeyAuthentication, ApiTokenAuthentication, ModelPermissions, UserThrottle, V1Throttle

logger = logging.getLogger(__name__)


# --- Errors: what a request can cause is a 4xx with a reason, in JSON ---------------------


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This conflicts with the current state of the resource."
    default_code = "conflict"


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def api_exception(exc):
    """The API exception answering a Django exception a request can cause (others as they are)."""
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge(f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.")
    if isinstance(exc, ProtectedError):
        used = {f"{obj._meta.verbose_name} {obj}" for obj in exc.protected_objects}
        return Conflict(f"Still in use by {len(used)} object(s), delete them first: {', '.join(sorted(used)[:10])}.")
    if isinstance(exc, DjangoValidationError):
        return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages})
    if isinstance(exc, OverflowError):  # an id or number past what SQLite compares (2**63 - 1)
        return ValidationError({"__all__": ["A number in this request is out of range."]})
    return exc


class JSONParser(parsers.JSONParser):
    """REST framework's, with a 400 for JSON nested deeper than Python reads (not a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None


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

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True}
        meta = {
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "total_count": {"type": "integer"},
            "next": link,
            "previous": link,
        }
        return {
            "type": "object",
            "required": ["meta", "objects"],
            "properties": {
                "meta": {"type": "object", "required": list(meta), "properties": meta},
                "objects": schema,
            },
        }


class V1Resource(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List GET/POST, detail GET/DELETE (as `routers.v1` routes them); PUT and PATCH are not
    routed (405). Errors come as `{"<resource>": {"field": [...]}}` (validation) or
    `{"error_message": ...}`."""

    resource = ""
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [ModelPermissions]
    throttle_classes = [V1Throttle]
    pagination_class = V1Pagination
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    filter_backends = [DjangoFilterBackend]

    def handle_exception(self, exc):
        exc = api_exception(exc)
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
    parameters refused (400) when `strict_filters` is set. Every error is JSON: `{"detail":
    ...}` or `{"field": [...]}`, a failure of ours a 500 `{"detail": ...}`."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [ModelPermissions]
    throttle_classes = [AnonThrottle, UserThrottle]
    pagination_class = None
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    filter_backends = [filters.StrictFilterBackend]
    strict_filters = False

    def handle_exception(self, exc):
        try:
            return super().handle_exception(api_exception(exc))
        except Exception:
            logger.exception("API v2 request failed")
            return Response({"detail": "Sorry, this request could not be processed."}, status=500)

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()

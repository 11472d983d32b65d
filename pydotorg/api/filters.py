"""What every resource's filters share: `FilterSet` (python.org's v1 date lookups, read
safely), and v2's exact matches (unknown parameters refused where a view says
`strict_filters = True`)."""

from datetime import UTC
from functools import cache

import django_filters
from django import forms
from django.core.exceptions import ValidationError as FormValidationError
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

DATE_LOOKUPS = ["exact", "gt", "gte", "lt", "lte", "year", "month", "day"]
DATE_PARTS = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}


class UTCDateTimeField(forms.DateTimeField):
    """An ISO 8601 date-time, moved to UTC before it reaches the database (PostgreSQL refuses
    offsets past ±15:59 that Python reads, such as +19:27); one that leaves the years
    1-9999 once in UTC is refused."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return value.astimezone(UTC) if value is not None else None
        except OverflowError:
            raise FormValidationError("This date-time is out of range (years 1 to 9999, in UTC).") from None


class UTCDateTimeFilter(django_filters.DateTimeFilter):
    field_class = UTCDateTimeField


class DatePartFilter(django_filters.NumberFilter):
    """`__year`, `__month`, `__day`: a whole number within the part's range (a year outside
    1-9999 is no date Python or the database can compare)."""

    field_class = forms.IntegerField


class FilterSet(django_filters.FilterSet):
    """The base of every resource's filters: date-times in UTC, date parts bounded, so a
    filter value is either used or answered with 400, never a server error."""

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        if lookup_expr in DATE_PARTS:
            low, high = DATE_PARTS[lookup_expr]
            return DatePartFilter(field_name=field_name, lookup_expr=lookup_expr, min_value=low, max_value=high)
        if isinstance(field, models.DateTimeField):
            return UTCDateTimeFilter(field_name=field_name, lookup_expr=lookup_expr or "exact")
        return super().filter_for_field(field, field_name, lookup_expr)


@cache
def exact_only(filterset_class):
    """The same filters, exact matches only (v2 filters on the v1 fields, exactly)."""
    exact = type(f"Exact{filterset_class.__name__}", (filterset_class,), {})
    exact.base_filters = {name: f for name, f in filterset_class.base_filters.items() if f.lookup_expr == "exact"}
    return exact


class StrictFilterBackend(DjangoFilterBackend):
    """v2: the exact filters of the view's `filterset_class` (the OpenAPI description lists
    these), other parameters ignored, or refused (400) where the view sets `strict_filters`,
    as python.org's v2 does."""

    allowed = {"format"}

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        return exact_only(filterset_class) if filterset_class else None

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(filterset_class.base_filters if filterset_class else ())
        unknown = sorted(set(request.query_params) - known - self.allowed)
        if unknown and getattr(view, "strict_filters", False):
            raise ValidationError({name: ["Unknown filter."] for name in unknown})
        return super().filter_queryset(request, queryset, view)

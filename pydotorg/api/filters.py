"""Query filters of the API: python.org's v1 lookups, and v2's exact matches (unknown
parameters refused on release files and pages)."""

import django_filters as filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from wagtail.models import Page

from sections.downloads.models import OperatingSystem, ReleaseFile, ReleasePage

from .serializers import site_root_path

DATE_LOOKUPS = ["exact", "gt", "gte", "lt", "lte", "year", "month", "day"]


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


class PageFilter(filters.FilterSet):
    path = filters.CharFilter(method="filter_path")
    is_published = filters.BooleanFilter(field_name="live")
    keywords = filters.CharFilter(field_name="search_description")
    keywords__icontains = filters.CharFilter(field_name="search_description", lookup_expr="icontains")

    class Meta:
        model = Page
        fields = {"title": ["exact"]}

    def filter_path(self, queryset, name, value):
        path = value.strip("/")
        return queryset.filter(url_path=site_root_path() + (path + "/" if path else ""))


def exact_filters(filterset_class):
    """v2 filters on the same fields as v1, exact matches only."""
    return [name for name, f in filterset_class.base_filters.items() if f.lookup_expr == "exact"]


class StrictFilterBackend(DjangoFilterBackend):
    """Refuse query parameters the view does not know (400), as python.org's v2 does."""

    allowed = {"format"}

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(getattr(view, "v2_filters", None) or (filterset_class.base_filters if filterset_class else []))
        unknown = sorted(set(request.query_params) - known - self.allowed)
        if unknown and getattr(view, "strict_filters", False):
            raise ValidationError({name: ["Unknown filter."] for name in unknown})
        params = request.query_params.copy()
        for name in list(params):
            if name not in known:
                del params[name]
        if filterset_class is None:
            return queryset
        filterset = filterset_class(params, queryset=queryset, request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset.qs

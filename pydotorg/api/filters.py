"""What every resource's filters share: python.org's v1 date lookups, and v2's exact
matches (unknown parameters refused where a view says `strict_filters = True`)."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

DATE_LOOKUPS = ["exact", "gt", "gte", "lt", "lte", "year", "month", "day"]


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

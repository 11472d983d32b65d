"""The `pages/page` resource (v1 and v2, read-only): every Wagtail page by python.org's path
("about/apps"). The API's own resource, registered the way a section registers its own.
Live public pages for everyone; a draft or private page only to who may edit it in
Wagtail's admin (its page permissions)."""

import django_filters as filters
from django.db.models import Q
from rest_framework import serializers
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import routers
from .filters import FilterSet as ApiFilterSet
from .serializers import ResourceURIMixin, V2Mixin, page_path, site_root_path
from .views import V1Resource, V2Resource

PAGE_FIELDS = ["title", "slug", "path", "keywords", "is_published", "created", "updated", "resource_uri"]


class PageFilter(ApiFilterSet):
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


class PageSerializer(ResourceURIMixin, serializers.ModelSerializer):
    resource = "pages/page"
    path = serializers.SerializerMethodField()
    keywords = serializers.CharField(source="search_description", read_only=True)
    is_published = serializers.BooleanField(source="live", read_only=True)
    created = serializers.DateTimeField(source="first_published_at", read_only=True, allow_null=True)
    updated = serializers.DateTimeField(source="last_published_at", read_only=True, allow_null=True)

    class Meta:
        model = Page
        fields = PAGE_FIELDS

    def get_path(self, obj) -> str:
        return page_path(obj.url_path)


class PageV2Serializer(V2Mixin, PageSerializer):
    pass


def visible_pages(request):
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(request.user, {"change", "publish"})
    return Page.objects.filter(depth__gt=1).filter(Q(pk__in=Page.objects.live().public()) | Q(pk__in=editable))


class PageV1(V1Resource):
    resource = "pages/page"
    serializer_class = PageSerializer
    filterset_class = PageFilter

    def get_queryset(self):
        return visible_pages(self.request).order_by("path")


class PageV2(V2Resource):
    http_method_names = ["get", "head", "options"]  # read-only
    serializer_class = PageV2Serializer
    filterset_class = PageFilter
    strict_filters = True

    def get_queryset(self):
        return visible_pages(self.request).order_by("path")


routers.v1.register("pages/page", PageV1, list_actions={"get": "list"}, detail_actions={"get": "retrieve"})
routers.v2.register("pages/page", PageV2)

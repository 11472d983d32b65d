"""The sponsors resources of API v2, as python.org serves them (its `sponsors/api.py` and
`sponsors/serializers.py`), registered in `pydotorg.api.routers.v2`:

- `sponsors/logo-placement/`: one object per logo placement of the current sponsorships
  (finalized, today within their dates), read by PyPI (`publisher=pypi&flight=sponsors`) with
  a token. Filters `publisher`, `flight` (one of the choices, else 400) and `year` (the
  sponsorship year, a whole number, else 400).
- `sponsors/sponsorship-assets/?internal_name=<name>[&list_empty=true]`: the assets of that
  internal name across sponsorships and sponsors, those with a value only unless
  `list_empty`.

Who may read: staff, or holders of `sponsors.sponsor_publisher` (the "Sponsor publishers"
group), authenticated by `Authorization: Token <key>`; others 401 (no credentials) or 403.
Plain JSON lists, not paginated; URLs absolute on the request's host. The contract:
docs/sections/sponsors.md ("API") and docs/sections/api.md."""

import uuid

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from pydotorg.api import routers
from pydotorg.api.auth import AnonThrottle, ApiTokenAuthentication, UserThrottle
from pydotorg.api.views import api_exception
from pydotorg.core.links import absolute_url

from .models import Asset, AssetKind, Flight, LogoPlacement, Publisher, SponsorContact, Sponsorship

PUBLISHER_PERMISSION = "sponsors.sponsor_publisher"
ASSET_UUID_NAMESPACE = uuid.UUID("6f1c1f38-3f4e-4d8a-9a57-5f0c2b7e1a10")  # stable ids of our assets


class SponsorPublisherPermission(permissions.BasePermission):
    """Staff, or the sponsor-publisher permission (through the "Sponsor publishers" group),
    as python.org allows."""

    message = "Must have publisher permission."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_staff or user.has_perm(PUBLISHER_PERMISSION)))


# --- Serializers (the shapes python.org answers) --------------------------------------------


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    primary = serializers.BooleanField()
    administrative = serializers.BooleanField()
    accounting = serializers.BooleanField()
    manager = serializers.BooleanField()


class LogoPlacementSerializer(serializers.Serializer):
    publisher = serializers.ChoiceField(choices=Publisher.choices)
    flight = serializers.ChoiceField(choices=Flight.choices)
    sponsor = serializers.CharField(help_text="The sponsor's name.")
    sponsor_id = serializers.CharField(help_text="The sponsor's id, as a string (python.org's shape).")
    sponsor_slug = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    logo = serializers.URLField(help_text="Absolute URL of the web logo.")
    white_logo = serializers.URLField(allow_null=True, help_text="Absolute URL of a white logo; we keep none: null.")
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    sponsor_url = serializers.CharField(allow_blank=True, help_text="The landing page, or the PSF sponsors page.")
    level_name = serializers.CharField(allow_blank=True, help_text="The package's name.")
    level_order = serializers.IntegerField(allow_null=True, help_text="The package's order (0 first).")
    contacts = ContactSerializer(many=True)


class AssetSerializer(serializers.Serializer):
    internal_name = serializers.CharField()
    uuid = serializers.UUIDField(help_text="A stable id of the asset.")
    value = serializers.CharField(allow_blank=True, help_text='The text or response, a file\'s absolute URL, or "".')
    content_type = serializers.ChoiceField(
        choices=["Sponsorship", "Sponsor"], help_text="What the asset belongs to (python.org's content type)."
    )
    sponsor = serializers.CharField()
    sponsor_slug = serializers.CharField()


class LogoPlacementFilters(serializers.Serializer):
    publisher = serializers.ChoiceField(choices=Publisher.choices, required=False)
    flight = serializers.ChoiceField(choices=Flight.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=1, max_value=9999)


class AssetFilters(serializers.Serializer):
    internal_name = serializers.CharField(max_length=128)
    list_empty = serializers.BooleanField(required=False, default=False)


# --- What they answer ------------------------------------------------------------------------


def sponsors_page_url(request, sponsor):
    """python.org's /psf/sponsors/#<slugified name>, absolute on the request's host."""
    try:
        path = reverse("sponsors:psf_list")
    except NoReverseMatch:  # not routed (yet): python.org's path
        path = "/psf/sponsors/"
    return absolute_url(f"{path}#{slugify(sponsor.name)}", request)


def logo_placements(request, publisher=None, flight=None, year=None):
    """The placements of the current sponsorships, as python.org lists them: one per logo
    placement of a sponsorship, with its sponsor's data (the description made "<name> is a
    <level> sponsor of the Python Software Foundation." where the placement says so, the
    URL the PSF sponsors page where it links there)."""
    placements = LogoPlacement.objects.filter(sponsor_benefit__sponsorship__in=Sponsorship.objects.current())
    if publisher:
        placements = placements.filter(publisher=publisher)
    if flight:
        placements = placements.filter(flight=flight)
    if year is not None:
        placements = placements.filter(sponsor_benefit__sponsorship__year=year)
    placements = placements.select_related(
        "sponsor_benefit__sponsorship__sponsor", "sponsor_benefit__sponsorship__package"
    ).prefetch_related(
        Prefetch("sponsor_benefit__sponsorship__sponsor__contacts", queryset=SponsorContact.objects.order_by("pk"))
    )
    placements = placements.order_by(
        "sponsor_benefit__sponsorship__package__order",
        "sponsor_benefit__sponsorship__sponsor__name",
        "sponsor_benefit__sponsorship_id",
        "sponsor_benefit__order",
        "pk",
    )
    answer = []
    for placement in placements:
        sponsorship = placement.sponsor_benefit.sponsorship
        sponsor = sponsorship.sponsor
        description = sponsor.description
        if placement.describe_as_sponsor:
            description = f"{sponsor.name} is a {sponsorship.level_name} sponsor of the Python Software Foundation."
        answer.append(
            {
                "publisher": placement.publisher,
                "flight": placement.flight,
                "sponsor": sponsor.name,
                "sponsor_id": str(sponsor.pk),
                "sponsor_slug": sponsor.slug,
                "description": description,
                "logo": absolute_url(sponsor.web_logo.url, request),
                "white_logo": None,
                "start_date": sponsorship.start_date,
                "end_date": sponsorship.end_date,
                "sponsor_url": (
                    sponsors_page_url(request, sponsor) if placement.link_to_sponsors_page else sponsor.landing_page_url
                ),
                "level_name": sponsorship.level_name,
                "level_order": sponsorship.package.order if sponsorship.package else None,
                "contacts": [
                    {
                        "name": contact.name,
                        "email": contact.email,
                        "primary": contact.primary,
                        "administrative": contact.administrative,
                        "accounting": contact.accounting,
                        "manager": contact.manager,
                    }
                    for contact in sponsor.contacts.all()
                ],
            }
        )
    return answer


def asset_value(request, asset):
    if not asset.has_value:
        return ""
    if asset.kind in (AssetKind.IMAGE, AssetKind.FILE):
        return absolute_url(asset.file.url, request)
    return asset.text


def sponsorship_assets(request, internal_name, list_empty=False):
    assets = (
        Asset.objects.filter(internal_name=internal_name)
        .select_related("sponsor", "sponsorship__sponsor")
        .order_by("pk")
    )
    answer = []
    for asset in assets:
        if not (list_empty or asset.has_value):
            continue
        sponsor = asset.sponsorship.sponsor if asset.sponsorship_id else asset.sponsor
        answer.append(
            {
                "internal_name": asset.internal_name,
                "uuid": uuid.uuid5(ASSET_UUID_NAMESPACE, f"sponsors.asset:{asset.pk}"),
                "value": asset_value(request, asset),
                "content_type": "Sponsorship" if asset.sponsorship_id else "Sponsor",
                "sponsor": sponsor.name,
                "sponsor_slug": sponsor.slug,
            }
        )
    return answer


# --- Views -------------------------------------------------------------------------------------


REFUSALS = {
    400: OpenApiResponse(description='A filter is not valid: `{"<filter>": ["message"]}`.'),
    401: OpenApiResponse(description="No credentials, or a wrong token."),
    403: OpenApiResponse(description="Neither staff nor a holder of the sponsor-publisher permission."),
}


class PublisherResource(viewsets.ViewSet):
    """A read-only list for staff and sponsor publishers (GET only; v2's auth, throttles and
    JSON errors)."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [SponsorPublisherPermission]
    throttle_classes = [AnonThrottle, UserThrottle]
    renderer_classes = [JSONRenderer]
    filters_class = None

    def handle_exception(self, exc):
        return super().handle_exception(api_exception(exc))

    def filters(self, request):
        filters = self.filters_class(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return filters.validated_data


class LogoPlacementV2(PublisherResource):
    filters_class = LogoPlacementFilters

    @extend_schema(
        operation_id="v2_sponsors_logo_placement_list",
        parameters=[
            OpenApiParameter("publisher", str, enum=Publisher.values, description="Only this publisher's."),
            OpenApiParameter("flight", str, enum=Flight.values, description="Only this flight's."),
            OpenApiParameter("year", int, description="Only sponsorships of this year."),
        ],
        responses={200: LogoPlacementSerializer(many=True), **REFUSALS},
    )
    def list(self, request):
        filters = self.filters(request)
        data = logo_placements(request, filters.get("publisher"), filters.get("flight"), filters.get("year"))
        return Response(LogoPlacementSerializer(data, many=True).data)


class SponsorshipAssetsV2(PublisherResource):
    filters_class = AssetFilters

    @extend_schema(
        operation_id="v2_sponsors_sponsorship_assets_list",
        parameters=[
            OpenApiParameter("internal_name", str, required=True, description="The assets' internal name."),
            OpenApiParameter("list_empty", bool, description="Also the assets without a value (default false)."),
        ],
        responses={200: AssetSerializer(many=True), **REFUSALS},
    )
    def list(self, request):
        filters = self.filters(request)
        data = sponsorship_assets(request, filters["internal_name"], filters["list_empty"])
        return Response(AssetSerializer(data, many=True).data)


routers.v2.register("sponsors/logo-placement", LogoPlacementV2)
routers.v2.register("sponsors/sponsorship-assets", SponsorshipAssetsV2)

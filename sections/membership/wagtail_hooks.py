"""Memberships in the Wagtail admin ("PSF memberships" snippet listing): filtered by type and
voting eligibility, and the CSV of eligible voters the PSF sends ballots to (header button
"Eligible voters (CSV)"; only for holders of membership.view_membership, through a group such as
"Membership administrators", made by migration 0002)."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django_filters import ChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .models import Membership

CSV_COLUMNS = [
    ("legal name", "legal_name"),
    ("preferred name", "preferred_name"),
    ("email", "creator__email"),
    ("username", "creator__username"),
    ("membership type", "membership_type"),
    ("address", "address"),
    ("city", "city"),
    ("region", "region"),
    ("postal code", "postal_code"),
    ("country", "country"),
    ("last vote affirmation", "last_vote_affirmation"),
]


def csv_cell(value):
    """Plain text for spreadsheets: a cell starting with = + - @ is not read as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def voters_csv(request):
    if not request.user.has_perm("membership.view_membership"):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="psf-eligible-voters-{timezone.localdate()}.csv"'
    writer = csv.writer(response)
    writer.writerow([label for label, _field in CSV_COLUMNS])
    rows = Membership.objects.eligible_to_vote().order_by("legal_name", "pk")
    for row in rows.values_list(*[field for _label, field in CSV_COLUMNS]):
        writer.writerow([csv_cell(value) for value in row])
    return response


class MembershipFilterSet(WagtailFilterSet):
    eligible = ChoiceFilter(
        label="Voting eligibility",
        choices=[("yes", "Eligible to vote"), ("no", "Not eligible")],
        method="filter_eligible",
        empty_label="All",
    )

    class Meta:
        model = Membership
        fields = ["membership_type", "psf_announcements"]

    def filter_eligible(self, queryset, name, value):
        if value == "yes":
            return queryset.eligible_to_vote()
        if value == "no":
            return queryset.not_eligible_to_vote()
        return queryset


class MembershipIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("membership.view_membership"):
            url = reverse("wagtailsnippets_membership_membership:voters_csv")
            buttons.append(HeaderButton("Eligible voters (CSV)", url=url, icon_name="download"))
        return buttons


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "group"
    menu_label = "PSF memberships"
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = MembershipIndexView
    filterset_class = MembershipFilterSet
    list_display = ["legal_name", "preferred_name", "creator", "membership_type", "country", "last_vote_affirmation"]
    search_fields = ["legal_name", "preferred_name", "creator__username", "creator__email"]
    search_backend_name = None
    ordering = ["legal_name", "pk"]
    list_export = ["legal_name", "preferred_name", "membership_type", "city", "country", "last_vote_affirmation"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("eligible-voters.csv", voters_csv, name="voters_csv")]


register_snippet(MembershipViewSet)

"""The admin: who sees, edits and exports memberships; filters; the eligible-voters CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from sections.membership.factories import MembershipFactory
from sections.membership.models import Membership

from .conftest import login

pytestmark = pytest.mark.django_db
LIST = "/admin/snippets/membership/membership/"
CSV = LIST + "eligible-voters.csv"
ALLOWED = ["coordinator", "viewer", "superuser"]
REFUSED = ["anonymous", "user", "owner", "editor", "staff"]


@pytest.fixture
def voters(users):
    today = timezone.localdate()
    return {
        "eligible": MembershipFactory(
            legal_name="=HYPERLINK(evil)",
            preferred_name="Eli",
            membership_type=Membership.Type.FELLOW,
            last_vote_affirmation=today - timedelta(days=10),
            country="DE",
        ),
        "boundary": MembershipFactory(
            legal_name="Bea Boundary", last_vote_affirmation=today.replace(year=today.year - 1)
        ),
        "lapsed": MembershipFactory(legal_name="Lapsed Larry", last_vote_affirmation=today - timedelta(days=400)),
        "never": MembershipFactory(legal_name="Never Nora"),
    }


@pytest.mark.parametrize("role", REFUSED)
def test_the_csv_is_refused_without_the_view_permission(client, users, voters, role):
    response = login(client, users[role]).get(CSV)
    assert response.status_code in (302, 403)
    assert b"Bea Boundary" not in response.content
    if role == "anonymous":
        assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", ALLOWED)
def test_the_csv_lists_exactly_the_eligible_voters(client, users, voters, role):
    response = login(client, users[role]).get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["legal name"] for row in rows] == ["'=HYPERLINK(evil)", "Bea Boundary"]  # no formula
    first = rows[0]
    eligible = voters["eligible"]
    assert first["email"] == eligible.creator.email
    assert first["membership type"] == "fellow"
    assert first["country"] == "DE"
    assert first["last vote affirmation"] == eligible.last_vote_affirmation.isoformat()
    assert (first["address"], first["city"], first["postal code"]) == ("1 Main Street", "Wilmington", "19801")


@pytest.mark.parametrize("role", ALLOWED)
def test_the_listing_filters_by_eligibility_and_type_and_offers_the_csv(client, users, voters, role):
    login(client, users[role])
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert CSV.encode() in listing.content
    eligible = client.get(LIST, {"eligible": "yes"}).content
    assert b"Bea Boundary" in eligible and b"Lapsed Larry" not in eligible and b"Never Nora" not in eligible
    lapsed = client.get(LIST, {"eligible": "no"}).content
    assert b"Lapsed Larry" in lapsed and b"Never Nora" in lapsed and b"Bea Boundary" not in lapsed
    fellows = client.get(LIST, {"membership_type": "fellow"}).content
    assert b"HYPERLINK" in fellows and b"Bea Boundary" not in fellows


@pytest.mark.parametrize("role", REFUSED)
def test_the_admin_refuses_others_to_see_or_edit_a_membership(client, users, membership, role):
    login(client, users[role])
    edit = f"{LIST}edit/{membership.pk}/"
    for url in (LIST, edit):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"Owner Legal" not in response.content
    client.post(edit, {"legal_name": "Hijacked", "membership_type": "fellow"})
    client.post(f"{LIST}delete/{membership.pk}/")
    membership.refresh_from_db()
    assert (membership.legal_name, membership.membership_type) == ("Owner Legal", "basic")


def test_a_viewer_can_see_but_not_change(client, users, membership):
    login(client, users["viewer"])
    response = client.post(
        f"{LIST}edit/{membership.pk}/", {"legal_name": "Changed", "membership_type": "fellow", "country": "US"}
    )
    assert response.status_code in (302, 403)
    membership.refresh_from_db()
    assert membership.legal_name == "Owner Legal"


def test_a_coordinator_changes_the_membership_type(client, users, membership):
    login(client, users["coordinator"])
    edit = f"{LIST}edit/{membership.pk}/"
    form = client.get(edit)
    assert form.status_code == 200
    data = {
        "creator": membership.creator.pk,
        "membership_type": "fellow",
        "legal_name": "Owner Legal",
        "preferred_name": "Owner",
        "address": "1 Main Street",
        "city": "Wilmington",
        "region": "",
        "postal_code": "",
        "country": "US",
        "psf_code_of_conduct": "on",
        "last_vote_affirmation": "",
    }
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    membership.refresh_from_db()
    assert membership.membership_type == Membership.Type.FELLOW
    bad = client.post(edit, data | {"legal_name": "<script>x</script>", "country": "XX"})
    assert bad.status_code == 200
    membership.refresh_from_db()
    assert membership.legal_name == "Owner Legal"

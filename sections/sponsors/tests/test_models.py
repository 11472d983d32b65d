"""The application rules and the snapshot an application makes (models.py)."""

import pytest
from django.core.exceptions import ValidationError

from sections.sponsors.models import Asset, Contract, LogoPlacement, SponsorContact, Sponsorship


def reasons(errors):
    return {(b.name if b else None): ms for b, ms in errors.items()}


def test_package_with_its_benefits_applies_and_snapshots(catalogue, sponsor, users):
    c = catalogue
    s = Sponsorship.apply(sponsor, [c.logo, c.docs, c.booth, c.tiered], c.gold, users["contact"], year=c.gold.year)
    assert s.status == "applied" and s.sponsorship_fee == 50000 and not s.for_modified_package
    assert sorted(b.name for b in s.benefits.all()) == [
        "Booth",
        "Conference passes",
        "Logo on docs",
        "Logo on python.org",
    ]
    assert s.benefits.get(name="Conference passes").quantity == 4
    assert set(LogoPlacement.objects.filter(sponsor_benefit__sponsorship=s).values_list("flight", flat=True)) == {
        "sponsors",
        "download",
    }
    banner = Asset.objects.get(sponsorship=s, internal_name="web-banner")
    assert banner.kind == "image" and not banner.provided and banner.max_width == 1000
    assert Asset.objects.get(sponsorship=s, internal_name="voucher", provided=True).text == "PSF-2026"
    # The catalogue changes afterwards; the sponsorship keeps what was applied for.
    c.logo.name = "Renamed"
    c.logo.save()
    assert s.benefits.filter(name="Logo on python.org").exists()


def test_rules_give_a_reason_per_benefit(catalogue, sponsor, users):
    c = catalogue
    year = c.gold.year
    assert reasons(Sponsorship.check_selection([], None, year)) == {None: ["Pick a package or at least one benefit."]}
    errors = reasons(Sponsorship.check_selection([c.logo, c.standalone], None, year))
    assert "pick a package first" in errors["Logo on python.org"][0] and "Job fair table" not in errors
    errors = reasons(Sponsorship.check_selection([c.logo, c.docs], c.silver, year))
    assert "Silver does not" in errors["Logo on docs"][0]
    errors = reasons(Sponsorship.check_selection([c.logo, c.extra, c.rival, c.gone], c.silver, year))
    assert (
        "Lanyard sponsor" in errors["Registration sponsor"][0]
        and "Registration sponsor" in errors["Lanyard sponsor"][0]
    )
    assert errors["Auction sponsor"] == ["Unavailable this year."]
    assert not Sponsorship.check_selection([c.logo, c.extra], c.silver, year)


def test_capacity_counts_sponsorships_not_rejected(catalogue, sponsor, other_sponsor, users):
    c = catalogue
    first = Sponsorship.apply(sponsor, [c.logo, c.booth], c.gold, year=c.gold.year)
    with pytest.raises(ValidationError, match="all 1 have been taken"):
        Sponsorship.apply(other_sponsor, [c.logo, c.booth], c.gold, year=c.gold.year)
    assert other_sponsor.sponsorships.count() == 0  # nothing half-written
    first.status = Sponsorship.Status.REJECTED
    first.save()
    Sponsorship.apply(other_sponsor, [c.logo, c.booth], c.gold, year=c.gold.year)


def test_contact_access_by_account_or_verified_email(sponsor, other_sponsor, users, make_user):
    assert list(Sponsorship.objects.managed_by(users["contact"])) == []
    assert sponsor.is_managed_by(users["contact"]) and not sponsor.is_managed_by(users["other_contact"])
    assert not sponsor.is_managed_by(users["user"]) and not sponsor.is_managed_by(None)
    SponsorContact.objects.create(sponsor=sponsor, name="Billing", email=users["user"].email.upper(), phone="1")
    assert sponsor.is_managed_by(users["user"])  # verified address, stored lower-cased


def test_a_new_contract_outdates_the_old(catalogue, sponsor):
    c = catalogue
    s = Sponsorship.apply(sponsor, [c.logo, c.docs], c.gold, year=c.gold.year)
    first = Contract.draft_for(s)
    assert "Logo on docs" in first.benefits_list and "show the sponsor's logo" in first.legal_clauses
    assert "Acme Corp" in first.sponsor_info and first.revision == 0
    second = Contract.draft_for(s)
    first.refresh_from_db()
    assert first.status == "outdated" and second.revision == 1 and second.status == "draft"

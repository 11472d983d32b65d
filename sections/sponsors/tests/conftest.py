"""Fixtures of the sponsors tests: the roles of the issue and a small catalogue of the
current year that exercises every application rule."""

from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress

from sections.sponsors.factories import (
    BenefitFactory,
    LegalClauseFactory,
    LogoPlacementConfigFactory,
    PackageFactory,
    ProgramFactory,
    ProvidedAssetConfigFactory,
    RequiredAssetConfigFactory,
    SponsorFactory,
    TieredQuantityConfigFactory,
)


@pytest.fixture
def users(users, make_user):
    """The root roles plus `contact` (a contact of `sponsor`), `other_contact` (a contact of
    `other_sponsor`), `team` (the "Sponsorship team" group, migration 0002) and `publisher`
    (the "Sponsor publishers" group: the API only). Every address is verified."""
    users = {
        **users,
        "contact": make_user("contact"),
        "other_contact": make_user("othercontact"),
        "team": make_user("team", groups=["Sponsorship team"]),
        "publisher": make_user("publisher", groups=["Sponsor publishers"]),
    }
    for user in users.values():
        if user is not None:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return users


@pytest.fixture
def sponsor(users):
    return SponsorFactory(name="Acme Corp", contact_user=users["contact"])


@pytest.fixture
def other_sponsor(users):
    return SponsorFactory(name="Other Inc", contact_user=users["other_contact"])


@pytest.fixture
def catalogue(db):
    """Two packages (gold with logo, docs and booth; silver with logo) and benefits for every
    rule: `logo` (in both, a psf/sponsors and a psf/download logo placement, a required image
    asset 100–1000 × 50–500 px), `docs` (gold, package-only, a legal clause, a provided
    voucher), `booth` (gold, capacity 1), `standalone` (no package), `extra` (a-la-carte,
    conflicts with `rival`), `rival` (a-la-carte), `gone` (unavailable), `tiered` (in gold,
    quantity 4 with gold)."""
    foundation = ProgramFactory(name="Foundation", order=0)
    pycon = ProgramFactory(name="PyCon US", order=1)
    gold = PackageFactory(name="Gold", slug="gold", sponsorship_amount=50000, order=0)
    silver = PackageFactory(name="Silver", slug="silver", sponsorship_amount=10000, order=1)
    clause = LegalClauseFactory(internal_name="Logo use", clause="The PSF may show the sponsor's logo.")
    logo = BenefitFactory(program=foundation, name="Logo on python.org", packages=[gold, silver])
    LogoPlacementConfigFactory(benefit=logo, publisher="psf", flight="sponsors")
    LogoPlacementConfigFactory(benefit=logo, publisher="psf", flight="download")
    RequiredAssetConfigFactory(
        benefit=logo,
        kind="image",
        internal_name="web-banner",
        label="Banner for the sponsors page",
        min_width=100,
        max_width=1000,
        min_height=50,
        max_height=500,
    )
    docs = BenefitFactory(
        program=foundation, name="Logo on docs", packages=[gold], package_only=True, legal_clauses=[clause]
    )
    ProvidedAssetConfigFactory(
        benefit=docs, internal_name="voucher", label="Conference voucher", shared_text="PSF-2026"
    )
    booth = BenefitFactory(program=pycon, name="Booth", packages=[gold], capacity=1)
    standalone = BenefitFactory(program=pycon, name="Job fair table", standalone=True)
    extra = BenefitFactory(program=pycon, name="Registration sponsor", a_la_carte=True)
    rival = BenefitFactory(program=pycon, name="Lanyard sponsor", a_la_carte=True, conflicts=[extra])
    gone = BenefitFactory(program=pycon, name="Auction sponsor", a_la_carte=True, unavailable=True)
    tiered = BenefitFactory(program=pycon, name="Conference passes", packages=[gold])
    TieredQuantityConfigFactory(benefit=tiered, package=gold, quantity=4)
    return SimpleNamespace(
        foundation=foundation,
        pycon=pycon,
        gold=gold,
        silver=silver,
        clause=clause,
        logo=logo,
        docs=docs,
        booth=booth,
        standalone=standalone,
        extra=extra,
        rival=rival,
        gone=gone,
        tiered=tiered,
    )

"""The catalogue in the admin (Sponsors menu: packages, benefits with their features,
programmes, legal clauses, sponsors) and cloning a year's catalogue into the next
(`SponsorshipBenefit.clone_year`, the admin's "Clone a year", `manage.py clone_sponsorship_year`)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from sections.sponsors.demo import load_catalogue
from sections.sponsors.factories import SponsorFactory, SponsorshipFactory
from sections.sponsors.models import (
    LogoPlacementConfig,
    ProvidedAssetConfig,
    RequiredAssetConfig,
    Sponsorship,
    SponsorshipBenefit,
    SponsorshipPackage,
    SponsorshipProgram,
    SponsorshipSettings,
    TieredQuantityConfig,
)

ROLES = ["anonymous", "user", "contact", "other_contact", "editor", "staff", "publisher", "team"]
ALLOWED = {"team"}
LISTS = {
    "sponsorshipprogram": "/admin/snippets/sponsors/sponsorshipprogram/",
    "sponsorshippackage": "/admin/snippets/sponsors/sponsorshippackage/",
    "sponsorshipbenefit": "/admin/snippets/sponsors/sponsorshipbenefit/",
    "legalclause": "/admin/snippets/sponsors/legalclause/",
    "sponsor": "/admin/snippets/sponsors/sponsor/",
}
CLONE_URL = "/admin/sponsors/clone-year/"


def login(client, user):
    if user is not None:
        client.force_login(user)


def catalogue_size(year):
    return (
        SponsorshipPackage.objects.filter(year=year).count(),
        SponsorshipBenefit.objects.filter(year=year).count(),
        LogoPlacementConfig.objects.filter(benefit__year=year).count(),
        TieredQuantityConfig.objects.filter(benefit__year=year).count(),
        RequiredAssetConfig.objects.filter(benefit__year=year).count(),
        ProvidedAssetConfig.objects.filter(benefit__year=year).count(),
    )


def twin(benefit, year):
    return SponsorshipBenefit.objects.get(year=year, program=benefit.program, name=benefit.name)


# --- Cloning ----------------------------------------------------------------------------------


def test_clone_copies_the_catalogue_and_maps_every_relation(catalogue):
    c = catalogue
    year, next_year = c.gold.year, c.gold.year + 1
    before = catalogue_size(year)
    counts = SponsorshipBenefit.clone_year(year, next_year)
    assert counts == {
        "packages": 2,
        "benefits": 8,
        "conflicts": 1,
        "logo_placements": 2,
        "tiered_quantities": 1,
        "required_assets": 1,
        "provided_assets": 1,
    }
    assert catalogue_size(next_year) == before and catalogue_size(year) == before  # the source is untouched
    gold = SponsorshipPackage.objects.get(year=next_year, slug="gold")
    silver = SponsorshipPackage.objects.get(year=next_year, slug="silver")
    assert (gold.name, gold.sponsorship_amount, gold.order) == ("Gold", 50000, c.gold.order)
    logo, docs, tiered = twin(c.logo, next_year), twin(c.docs, next_year), twin(c.tiered, next_year)
    assert set(logo.packages.all()) == {gold, silver}
    assert set(docs.packages.all()) == {gold} and docs.package_only
    assert list(docs.legal_clauses.all()) == [c.clause]  # clauses are shared, not copied
    assert list(twin(c.rival, next_year).conflicts.all()) == [twin(c.extra, next_year)]
    assert list(twin(c.extra, next_year).conflicts.all()) == [twin(c.rival, next_year)]  # symmetric
    assert list(c.rival.conflicts.all()) == [c.extra]
    assert twin(c.booth, next_year).capacity == 1 and twin(c.gone, next_year).unavailable
    assert sorted(logo.logo_placements.values_list("publisher", "flight")) == [
        ("psf", "download"),
        ("psf", "sponsors"),
    ]
    tier = tiered.tiered_quantities.get()
    assert (tier.package, tier.quantity) == (gold, 4)
    banner = logo.required_assets.get()
    old_banner = c.logo.required_assets.get()
    assert (banner.internal_name, banner.min_width, banner.max_height) == ("web-banner", 100, 500)
    assert banner.due_date == old_banner.due_date.replace(year=old_banner.due_date.year + 1)
    assert docs.provided_assets.get().shared_text == "PSF-2026"
    assert SponsorshipSettings.load().current_year != next_year  # only with make_current
    # The copy is a working catalogue: one can apply for the new gold package.
    sponsorship = Sponsorship.apply(
        SponsorFactory(), [logo, docs, twin(c.booth, next_year), tiered], gold, year=next_year
    )
    assert sponsorship.benefits.get(name="Conference passes").quantity == 4


def test_clone_refuses_a_year_with_a_catalogue_a_year_without_one_and_the_same_year(catalogue):
    year = catalogue.gold.year
    SponsorshipBenefit.clone_year(year, year + 1)
    size = catalogue_size(year + 1)
    with pytest.raises(ValidationError, match=f"{year + 1} already has 2 package"):
        SponsorshipBenefit.clone_year(year, year + 1)
    assert catalogue_size(year + 1) == size  # nothing half-written
    # A year with benefits but no packages is taken too.
    SponsorshipPackage.objects.filter(year=year + 1).delete()
    with pytest.raises(ValidationError, match="0 package.*8 benefit"):
        SponsorshipBenefit.clone_year(year, year + 1)
    with pytest.raises(ValidationError, match="1999 has no packages or benefits"):
        SponsorshipBenefit.clone_year(1999, year + 5)
    with pytest.raises(ValidationError, match="into itself"):
        SponsorshipBenefit.clone_year(year, year)
    assert catalogue_size(year + 5) == (0, 0, 0, 0, 0, 0)


def test_clone_moves_29_february_to_the_28th(catalogue):
    asset = catalogue.logo.required_assets.get()
    asset.due_date = datetime.date(2028, 2, 29)
    asset.save()
    SponsorshipBenefit.clone_year(catalogue.gold.year, catalogue.gold.year + 1)
    clone = twin(catalogue.logo, catalogue.gold.year + 1).required_assets.get()
    assert clone.due_date == datetime.date(2029, 2, 28)


@pytest.mark.django_db
def test_clone_of_the_real_catalogue():
    """python.org's catalogue (fixtures/sponsors.json through the demo's loader: 11 packages,
    47 benefits of 2022) cloned into 2023: every relation points into 2023."""
    loaded = load_catalogue()
    assert loaded["year"] == 2022
    before = catalogue_size(2022)
    assert before[:2] == (11, 47)
    counts = SponsorshipBenefit.clone_year(2022, 2023, make_current=True)
    assert (counts["packages"], counts["benefits"]) == (11, 47)
    assert catalogue_size(2023) == before
    assert SponsorshipSettings.load().current_year == 2023
    assert not SponsorshipPackage.objects.filter(year=2023, benefits__year=2022).exists()
    assert not SponsorshipBenefit.objects.filter(year=2023, packages__year=2022).exists()
    assert not TieredQuantityConfig.objects.filter(benefit__year=2023, package__year=2022).exists()
    assert set(SponsorshipPackage.objects.filter(year=2023).values_list("slug", flat=True)) == set(
        SponsorshipPackage.objects.filter(year=2022).values_list("slug", flat=True)
    )
    for package in SponsorshipPackage.objects.filter(year=2022):
        copy = SponsorshipPackage.objects.get(year=2023, slug=package.slug)
        assert sorted(b.name for b in copy.benefits.all()) == sorted(b.name for b in package.benefits.all())
    dated = RequiredAssetConfig.objects.filter(benefit__year=2023, due_date__isnull=False)
    assert dated.exists() and all(config.due_date.year == 2023 for config in dated)


def test_management_command(catalogue, capsys):
    year = catalogue.gold.year
    call_command("clone_sponsorship_year", str(year), str(year + 1), "--make-current")
    assert "Cloned" in capsys.readouterr().out
    assert catalogue_size(year + 1) == catalogue_size(year)
    assert SponsorshipSettings.load().current_year == year + 1
    with pytest.raises(CommandError, match="already has"):
        call_command("clone_sponsorship_year", str(year), str(year + 1))


# --- The clone view ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_clone_view_for_every_role(client, catalogue, users, role):
    year = catalogue.gold.year
    make_current(year)
    login(client, users[role])
    response = client.get(CLONE_URL)
    posted = client.post(CLONE_URL, {"from_year": year, "to_year": year + 1, "make_current": "on"})
    if role in ALLOWED:
        assert response.status_code == 200
        assert f'value="{year}"'.encode() in response.content and f'value="{year + 1}"'.encode() in response.content
        assert posted.status_code == 302
        assert posted["Location"] == f"/admin/snippets/sponsors/sponsorshipbenefit/?year={year + 1}"
        assert catalogue_size(year + 1) == catalogue_size(year)
        assert SponsorshipSettings.load().current_year == year + 1
        followed = client.get(posted["Location"])
        assert b"2 packages, 8 benefits" in followed.content and b"Logo on docs" in followed.content
    else:
        assert response.status_code in (302, 403), role
        assert posted.status_code in (302, 403), role
        if role == "anonymous":
            assert response["Location"].startswith("/admin/login/")
        assert catalogue_size(year + 1) == (0, 0, 0, 0, 0, 0)
        assert SponsorshipSettings.load().current_year == year


def test_clone_view_says_why_it_refuses(client, catalogue, users):
    year = catalogue.gold.year
    client.force_login(users["team"])
    SponsorshipBenefit.clone_year(year, year + 1)
    response = client.post(CLONE_URL, {"from_year": year, "to_year": year + 1})
    assert response.status_code == 200
    assert f"{year + 1} already has 2 package(s) and 8 benefit(s)".encode() in response.content
    response = client.post(CLONE_URL, {"from_year": year, "to_year": year})
    assert response.status_code == 200 and b"Pick two different years." in response.content
    response = client.post(CLONE_URL, {"from_year": "next", "to_year": ""})
    assert response.status_code == 200 and b"Enter a whole number." in response.content
    assert SponsorshipBenefit.objects.filter(year=year + 1).count() == 8


def test_clone_year_in_the_sponsors_menu_for_the_team_only(client, catalogue, users):
    client.force_login(users["team"])
    page = client.get("/admin/").content.decode()
    assert '"Sponsors"' in page and "Clone a year" in page and CLONE_URL in page
    assert "Benefits" in page and "Legal clauses" in page
    client.force_login(users["editor"])
    page = client.get("/admin/").content.decode()
    assert "Clone a year" not in page and "sponsorshipbenefit" not in page


# --- The catalogue's listings and forms -------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_catalogue_listings_for_every_role(client, catalogue, sponsor, users, role):
    login(client, users[role])
    for url in LISTS.values():
        response = client.get(url)
        if role in ALLOWED:
            assert response.status_code == 200, url
        else:
            assert response.status_code in (302, 403), (url, role)
            if role == "anonymous":
                assert response["Location"].startswith("/admin/login/")
    edit = client.get(f"/admin/snippets/sponsors/sponsorshipbenefit/edit/{catalogue.logo.pk}/")
    created = client.post("/admin/snippets/sponsors/sponsorshipprogram/add/", {"name": "Sneaky", "order": 0})
    if role in ALLOWED:
        assert edit.status_code == 200
        assert created.status_code == 302 and SponsorshipProgram.objects.filter(name="Sneaky").exists()
    else:
        assert edit.status_code in (302, 403) and created.status_code in (302, 403)
        assert not SponsorshipProgram.objects.filter(name="Sneaky").exists()


def test_benefit_listing_shows_capacity_and_flags_and_filters(client, catalogue, sponsor, users):
    c = catalogue
    Sponsorship.apply(sponsor, [c.logo, c.booth], c.gold, year=c.gold.year)
    SponsorshipBenefit.clone_year(c.gold.year, c.gold.year + 1)
    client.force_login(users["team"])
    url = LISTS["sponsorshipbenefit"]
    page = client.get(url).content.decode()
    assert "Used / capacity" in page and "1 / 1" in page and "0 / —" in page
    page = client.get(url, {"year": c.gold.year + 1, "packages": "", "program": c.pycon.pk}).content.decode()
    assert "Booth" in page and "0 / 1" in page and "Logo on docs" not in page
    gold = SponsorshipPackage.objects.get(year=c.gold.year, slug="gold")
    page = client.get(url, {"packages": gold.pk}).content.decode()
    assert "Logo on docs" in page and "Job fair table" not in page
    page = client.get(url, {"a_la_carte": "true"}).content.decode()
    assert "Lanyard sponsor" in page and "Booth" not in page
    page = client.get(LISTS["sponsorshippackage"], {"year": c.gold.year + 1}).content.decode()
    assert "Gold" in page and "50000" in page and "Clone a year" in page


def test_sponsor_listing_shows_contacts_and_sponsorships_and_searches(client, sponsor, other_sponsor, users):
    SponsorshipFactory(sponsor=sponsor)
    SponsorshipFactory(sponsor=sponsor)
    client.force_login(users["team"])
    response = client.get(LISTS["sponsor"], {"q": "acme"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Acme Corp" in page and "Other Inc" not in page
    assert sponsor.contacts.get().name in page
    assert "Sponsorships" in page and ">2<" in page.replace(" ", "").replace("\n", "")
    edit = client.get(f"/admin/snippets/sponsors/sponsor/edit/{sponsor.pk}/").content.decode()
    assert "contacts-0-email" in edit and 'name="contacts-0-user"' not in edit


def benefit_form_data(program, year, packages=(), logo_placements=()):
    data = nested_form_data(
        {
            "program": program.pk,
            "name": "Logo on the job board",
            "description": "Your logo beside the jobs.",
            "internal_description": "",
            "internal_value": "2000",
            "year": year,
            "order": "5",
            "capacity": "",
            "logo_placements": inline_formset(list(logo_placements)),
            "tiered_quantities": inline_formset([]),
            "required_assets": inline_formset([]),
            "provided_assets": inline_formset([]),
        }
    )
    return data | {"packages": [p.pk for p in packages]}  # a multiple choice: one value per package


def make_current(year):
    settings = SponsorshipSettings.load()
    settings.current_year = year
    settings.save()


def test_team_creates_a_benefit_with_a_logo_placement(client, catalogue, users):
    c = catalogue
    make_current(c.gold.year)  # a new benefit is of the current year: its packages are offered
    client.force_login(users["team"])
    form = client.get("/admin/snippets/sponsors/sponsorshipbenefit/add/")
    page = form.content.decode()
    assert form.status_code == 200
    assert 'type="checkbox" name="packages"' in page and f'value="{c.gold.pk}"' in page
    assert "Logo placements" in page and "Assets the sponsor provides" in page
    data = benefit_form_data(
        c.foundation,
        c.gold.year,
        packages=[c.gold],
        logo_placements=[{"publisher": "psf", "flight": "jobs", "link_to_sponsors_page": "on"}],
    )
    response = client.post("/admin/snippets/sponsors/sponsorshipbenefit/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    benefit = SponsorshipBenefit.objects.get(name="Logo on the job board")
    assert list(benefit.packages.all()) == [c.gold]
    placement = benefit.logo_placements.get()
    assert (placement.publisher, placement.flight, placement.link_to_sponsors_page) == ("psf", "jobs", True)


def test_benefit_form_offers_only_packages_and_conflicts_of_its_year(client, catalogue, users):
    c = catalogue
    SponsorshipBenefit.clone_year(c.gold.year, c.gold.year + 1)
    new_gold = SponsorshipPackage.objects.get(year=c.gold.year + 1, slug="gold")
    client.force_login(users["team"])
    page = client.get(f"/admin/snippets/sponsors/sponsorshipbenefit/edit/{c.extra.pk}/").content.decode()
    assert f'name="packages" value="{c.gold.pk}"' in page and f'name="packages" value="{new_gold.pk}"' not in page
    assert f'name="conflicts" value="{c.rival.pk}"' in page
    assert f'name="conflicts" value="{c.extra.pk}"' not in page  # not itself
    assert f'name="conflicts" value="{twin(c.rival, c.gold.year + 1).pk}"' not in page
    # A package of another year is refused with the field's message, nothing saved.
    data = benefit_form_data(c.foundation, c.gold.year, packages=[new_gold])
    response = client.post("/admin/snippets/sponsors/sponsorshipbenefit/add/", data)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not SponsorshipBenefit.objects.filter(name="Logo on the job board").exists()

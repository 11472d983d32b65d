"""The sponsors demo: python.org's real catalogue converted into our models (the counts, the
features, idempotency), and `load_demo` on an empty database (loaded once for the module, in
a transaction rolled back at its end): the example sponsor's applied sponsorship, current
finalized sponsorships with logos on the public pages' query and in the API."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from pydotorg.api.factories import ApiTokenFactory
from sections.sponsors import demo
from sections.sponsors.models import (
    LogoPlacementConfig,
    ProvidedAssetConfig,
    RequiredAssetConfig,
    Sponsor,
    Sponsorship,
    SponsorshipBenefit,
    SponsorshipPackage,
    SponsorshipProgram,
    SponsorshipSettings,
    TieredQuantityConfig,
)


class DemoCommand:
    """What the demo needs of load_demo_content."""

    def __init__(self):
        self.counts, self.warnings, self.messages = {}, [], []

    def progress(self, items, label):
        return list(items)

    def tally(self, kind, status):
        self.counts[(kind, status)] = self.counts.get((kind, status), 0) + 1

    def warn(self, message):
        self.warnings.append(message)

    def log(self, message, level=1):
        self.messages.append(message)

    def created(self):
        return {kind: n for (kind, status), n in self.counts.items() if status == "created"}


# --- The catalogue ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_fixtures_are_python_orgs_files_byte_for_byte():
    shared = demo.Path("/work/shared/data/pythondotorg")
    if not shared.exists():
        pytest.skip("python.org's data is not on this machine")
    assert demo.CATALOGUE.read_bytes() == (shared / "fixtures/sponsors.json").read_bytes()
    assert demo.ADMIN_FIXTURE.read_bytes() == (shared / "fixtures/sponsors-admin.json").read_bytes()
    assert demo.PYPI_SPONSORS.read_bytes() == (shared / "historical/data/pypi-sponsors.csv").read_bytes()


@pytest.mark.django_db
def test_load_catalogue_loads_the_real_catalogue_once():
    catalogue = demo.load_catalogue()
    assert SponsorshipProgram.objects.count() == 4
    assert SponsorshipPackage.objects.filter(year=2022).count() == 11
    assert SponsorshipBenefit.objects.filter(year=2022).count() == 47
    assert len(catalogue["programs"]) == 4 and len(catalogue["packages"]) == 11 and len(catalogue["benefits"]) == 47
    assert catalogue["year"] == 2022 and catalogue["created"]
    assert SponsorshipSettings.load().current_year == 2022

    # Features: 6 logo placements, 46 tiers, 8 required and 14 provided assets, 4 targetable.
    assert LogoPlacementConfig.objects.count() == 6
    assert TieredQuantityConfig.objects.count() == 46
    assert RequiredAssetConfig.objects.count() == 8
    assert ProvidedAssetConfig.objects.count() == 14
    assert SponsorshipBenefit.objects.filter(email_targetable=True).count() == 3  # 4 configs on 3 benefits

    visionary = SponsorshipPackage.objects.get(year=2022, slug="visionary")
    assert (visionary.name, visionary.sponsorship_amount, visionary.logo_dimension) == ("Visionary", 150000, 350)
    assert visionary.benefits.count() == 38
    pypi_sidebar = LogoPlacementConfig.objects.get(publisher="pypi", flight="sidebar")
    assert pypi_sidebar.link_to_sponsors_page and pypi_sidebar.describe_as_sponsor
    assert pypi_sidebar.benefit.name == "Logo in a prominent position on the PyPI project detail page"
    slide = RequiredAssetConfig.objects.get(internal_name="pycon-static-slide")
    assert (slide.kind, slide.min_width, slide.max_width, slide.due_date) == (
        "image",
        1024,
        4096,
        datetime.date(2022, 4, 8),
    )
    assert RequiredAssetConfig.objects.filter(kind="response").count() == 4
    kit = ProvidedAssetConfig.objects.get(internal_name="pycon-2022-exhibitor-kit")
    assert kit.kind == "file" and kit.shared and not kit.shared_file
    assert "2022-PYCON-Exhibitor-Kit-3.pdf" in kit.help_text and '"2022pyconus"' in kit.help_text
    tier = TieredQuantityConfig.objects.filter(benefit__name="Full conference passes", package=visionary).get()
    assert tier.quantity > 0

    # Standalone stays standalone; no packages and not standalone is a-la-carte.
    assert SponsorshipBenefit.objects.get(name="Open Source Project Booth").standalone
    registration = SponsorshipBenefit.objects.get(name="Registration Sponsor")
    assert registration.a_la_carte and not registration.standalone and registration.capacity == 2
    assert SponsorshipBenefit.objects.filter(a_la_carte=True).count() == 7
    assert not SponsorshipBenefit.objects.filter(a_la_carte=True, packages__isnull=False).exists()

    again = demo.load_catalogue()
    assert not again["created"]
    assert {k: v.pk for k, v in again["benefits"].items()} == {k: v.pk for k, v in catalogue["benefits"].items()}
    assert SponsorshipBenefit.objects.count() == 47 and LogoPlacementConfig.objects.count() == 6
    assert TieredQuantityConfig.objects.count() == 46


# --- The whole demo, on an empty database ---------------------------------------------------


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """load_demo once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        command = DemoCommand()
        demo.load_demo(command)
        again = DemoCommand()
        demo.load_demo(again)
        yield command, again
        transaction.set_rollback(True)


@pytest.fixture
def in_loaded(loaded, db):
    """The loads' commands; the test's changes are rolled back with its savepoint."""
    return loaded


def test_the_demo_makes_the_catalogue_of_this_year(in_loaded):
    year = timezone.localdate().year
    assert SponsorshipSettings.load().current_year == year
    assert SponsorshipPackage.objects.filter(year=2022).count() == 11
    assert SponsorshipBenefit.objects.filter(year=2022).count() == 47
    assert SponsorshipPackage.objects.filter(year=year).count() == 11
    assert SponsorshipBenefit.objects.filter(year=year).count() == 47


def test_the_example_sponsor_applied_with_the_fixtures_benefits(in_loaded):
    year = timezone.localdate().year
    sponsor = Sponsor.objects.get(name="Example Company")
    contact = sponsor.contacts.get()
    assert (contact.name, contact.email, contact.primary) == ("Fred Contact", "test@example.com", True)
    assert contact.user.username == demo.DEMO_USERNAME
    assert sponsor.is_managed_by(contact.user) and sponsor.web_logo
    sponsorship = sponsor.sponsorships.get()
    assert (sponsorship.status, sponsorship.year, sponsorship.package.slug) == ("applied", year, "visionary")
    assert sponsorship.benefits.count() == 41
    assert sponsorship.for_modified_package  # the fixture's sponsorship added and left out benefits
    assert Sponsorship.objects.managed_by(contact.user).get() == sponsorship


def test_the_demo_makes_twelve_current_sponsorships_over_several_packages(in_loaded):
    today = timezone.localdate()
    current = Sponsorship.objects.current().select_related("sponsor", "package")
    assert current.count() == 12
    assert {s.sponsor.name for s in current} == set(demo.FINALIZED)
    assert len({s.package.slug for s in current}) == 7
    for sponsorship in current:
        assert sponsorship.locked and sponsorship.year == today.year
        assert sponsorship.start_date == datetime.date(today.year, 1, 1)
        assert sponsorship.end_date == datetime.date(today.year, 12, 31)
        assert sponsorship.sponsor.web_logo.name.endswith(".png")
        assert sponsorship.contracts.get().status == "executed"
        assert sponsorship.benefits.filter(logo_placements__publisher="psf", logo_placements__flight="sponsors")
    bloomberg = Sponsor.objects.get(name="Bloomberg")
    assert bloomberg.landing_page_url.startswith("https://")
    assert Sponsor.objects.get(name="Caktus Group").landing_page_url.count("&amp;") == 0


def test_the_public_pages_and_the_api_show_them(in_loaded, client, make_user):
    staff = make_user("demo-staff", is_staff=True)
    token = ApiTokenFactory(user=staff).key
    response = client.get(
        "/api/v2/sponsors/logo-placement/",
        {"publisher": "psf", "flight": "sponsors"},
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 200
    names = {placement["sponsor"] for placement in response.json()}
    assert names == set(demo.FINALIZED)
    assert all(p["logo"].startswith("http://testserver/") for p in response.json())
    pypi = client.get(
        "/api/v2/sponsors/logo-placement/",
        {"publisher": "pypi", "flight": "sponsors"},
        HTTP_AUTHORIZATION=f"Token {token}",
    ).json()
    assert {p["level_name"] for p in pypi} <= {
        "Visionary",
        "Sustainability",
        "Maintaining",
        "Contributing",
        "Supporting",
        "Partner",
    }
    assert pypi and all(p["description"].endswith("sponsor of the Python Software Foundation.") for p in pypi)


def test_a_second_run_creates_nothing(in_loaded):
    first, again = in_loaded
    assert first.created()["sponsorships"] == 13 and first.created()["sponsors"] == 13
    assert again.created() == {}
    assert Sponsor.objects.count() == 13 and Sponsorship.objects.count() == 13


def test_the_demo_user_signs_in_only_in_development(in_loaded):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=demo.DEMO_USERNAME)
    assert user.emailaddress_set.get().verified
    # Tests run outside development (DEBUG off, APP_ENV test): no usable password.
    assert user.has_usable_password() is demo.is_dev()

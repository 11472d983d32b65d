"""Demo content of the sponsors section (called by `manage.py load_demo_content`).

- `load_catalogue()`: python.org's real catalogue (`fixtures/sponsors.json`, a copy of
  python.org's fixture: 4 programmes, 11 packages, 47 benefits of 2022 with their feature
  configurations), converted from python.org's polymorphic models into ours.
- `load_demo(command)`: the catalogue, cloned to this year when the catalogue can be cloned
  (`SponsorshipBenefit.clone_year`); the example sponsor of `fixtures/sponsors-admin.json`
  (Example Company, its contact the demo user `demo-sponsor`) with its applied Visionary
  sponsorship; and finalized sponsorships of this year for twelve of the real sponsors of
  `fixtures/pypi-sponsors.csv` (PyPI's list), spread over the packages, so /sponsors/,
  /psf/sponsors/ and the API's `sponsors/logo-placement/` show logos. Their logos are remote
  files we do not fetch: each gets a PNG with its name drawn on a coloured rectangle.

Everything is matched by natural keys (names, slugs, internal names): a second run creates
nothing. docs/sections/sponsors.md ("Demo content")."""

import csv
import datetime
import hashlib
import html
import io
import json
import os
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from pydotorg.core.demo import is_dev

from .models import (
    AssetKind,
    Contract,
    LogoPlacementConfig,
    ProvidedAssetConfig,
    RequiredAssetConfig,
    Sponsor,
    SponsorContact,
    Sponsorship,
    SponsorshipBenefit,
    SponsorshipPackage,
    SponsorshipProgram,
    SponsorshipSettings,
    TieredQuantityConfig,
)

DEMO_ORDER = 96  # after the generic pages (90) and news (95): /psf/ exists by then
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CATALOGUE = FIXTURES / "sponsors.json"
ADMIN_FIXTURE = FIXTURES / "sponsors-admin.json"
PYPI_SPONSORS = FIXTURES / "pypi-sponsors.csv"

DEMO_USERNAME = "demo-sponsor"
# Twelve real sponsors of PyPI's list, at the level it gives them: one Visionary, one
# Sustainability, then two of each level down to Participating.
FINALIZED = [
    "Bloomberg",
    "Huawei",
    "Capital One",
    "Corning",
    "Cockroach Labs",
    "Red Hat",
    "CircleCI",
    "JetBrains",
    "Caktus Group",
    "Netflix",
    "Adafruit",
    "Real Python",
]

REQUIRED = {
    "requiredimgassetconfiguration": AssetKind.IMAGE,
    "requiredtextassetconfiguration": AssetKind.TEXT,
    "requiredresponseassetconfiguration": AssetKind.RESPONSE,
}
PROVIDED = {
    "providedtextassetconfiguration": AssetKind.TEXT,
    "providedfileassetconfiguration": AssetKind.FILE,
}


class _Quiet:
    """A stand-in for the command when `load_catalogue` is called on its own (tests, shell)."""

    def tally(self, kind, status):
        pass


def _records(path):
    """{model name without the app label: {pk: fields}} of a Django fixture."""
    records = {}
    for record in json.loads(Path(path).read_text(encoding="utf-8")):
        records.setdefault(record["model"].split(".", 1)[1], {})[record["pk"]] = record["fields"]
    return records


def _get_or_create(command, kind, model, defaults=None, **key):
    obj, created = model.objects.get_or_create(defaults=defaults or {}, **key)
    command.tally(kind, "created" if created else "present")
    return obj, created


@transaction.atomic
def load_catalogue(path=None, command=None):
    """Load python.org's catalogue from `path` (default: fixtures/sponsors.json) into our
    models; idempotent. python.org's models map to ours as follows: a benefit without
    packages that is not standalone becomes a-la-carte; `logoplacementconfiguration` →
    `LogoPlacementConfig` (`logo_place` → `flight`), `tieredbenefitconfiguration` →
    `TieredQuantityConfig`, `required{img,text,response}assetconfiguration` →
    `RequiredAssetConfig` (kind image/text/response), `provided{text,file}assetconfiguration`
    → `ProvidedAssetConfig` (the fixture has no copy of the shared files: the file stays
    empty and its help text says so), `emailtargetableconfiguration` → `email_targetable`,
    `sponsorshipcurrentyear` (when the file has it) → `SponsorshipSettings.current_year`.
    On a fresh load the current year becomes the catalogue's.

    Returns {"programs": {fixture pk: SponsorshipProgram}, "packages": {...}, "benefits":
    {...}, "year": the catalogue's year, "created": whether anything was created}."""
    command = command or _Quiet()
    records = _records(path or CATALOGUE)
    anything_created = False

    programs = {}
    for pk, fields in records.get("sponsorshipprogram", {}).items():
        programs[pk], created = _get_or_create(
            command,
            "sponsorship programmes",
            SponsorshipProgram,
            name=fields["name"],
            defaults={"description": fields.get("description") or "", "order": fields.get("order") or 0},
        )
        anything_created |= created

    packages = {}
    for pk, fields in records.get("sponsorshippackage", {}).items():
        packages[pk], created = _get_or_create(
            command,
            "sponsorship packages",
            SponsorshipPackage,
            year=fields["year"],
            slug=fields.get("slug") or slugify(fields["name"]),
            defaults={
                "name": fields["name"],
                "sponsorship_amount": fields["sponsorship_amount"],
                "advertise": fields.get("advertise", False),
                "logo_dimension": fields.get("logo_dimension") or 175,
                "order": fields.get("order") or 0,
            },
        )
        anything_created |= created

    configs = {}  # benefit fixture pk -> [(subtype, fields)]
    subtypes = {}
    for name, rows in records.items():
        if name.endswith("configuration") and name != "benefitfeatureconfiguration":
            for pk, fields in rows.items():
                subtypes[pk] = (name, fields)
    for pk, fields in records.get("benefitfeatureconfiguration", {}).items():
        configs.setdefault(fields["benefit"], []).append(subtypes[pk])

    benefits = {}
    new_benefits = set()
    for pk, fields in records.get("sponsorshipbenefit", {}).items():
        standalone = fields.get("standalone", False)
        benefit, created = _get_or_create(
            command,
            "sponsorship benefits",
            SponsorshipBenefit,
            year=fields["year"],
            program=programs[fields["program"]],
            name=fields["name"],
            defaults={
                "description": fields.get("description") or "",
                "internal_description": fields.get("internal_description") or "",
                "internal_value": fields.get("internal_value"),
                "capacity": fields.get("capacity"),
                "soft_capacity": fields.get("soft_capacity", False),
                "package_only": fields.get("package_only", False),
                "new": fields.get("new", False),
                "unavailable": fields.get("unavailable", False),
                "standalone": standalone,
                "a_la_carte": fields.get("a_la_carte", not fields["packages"] and not standalone),
                "email_targetable": any(kind == "emailtargetableconfiguration" for kind, _ in configs.get(pk, [])),
                "order": fields.get("order") or 0,
            },
        )
        benefits[pk] = benefit
        if created:
            new_benefits.add(pk)
            anything_created = True
            benefit.packages.set([packages[p] for p in fields["packages"]])
            benefit.save()  # ParentalManyToManyField: written on save
    for pk in new_benefits:  # relations to other benefits, once all exist
        fields = records["sponsorshipbenefit"][pk]
        benefits[pk].conflicts.set([benefits[other] for other in fields.get("conflicts", []) if other in benefits])
        for kind, config in configs.get(pk, []):
            _add_feature(benefits[pk], kind, config, packages)

    settings_year = records.get("sponsorshipcurrentyear", {})
    year = (
        next(iter(settings_year.values()))["year"]
        if settings_year
        else max((p.year for p in packages.values()), default=None)
    )
    if anything_created and year:
        current = SponsorshipSettings.load()
        if current.current_year != year:
            current.current_year = year
            current.save()
    return {
        "programs": programs,
        "packages": packages,
        "benefits": benefits,
        "year": year,
        "created": anything_created,
    }


def _add_feature(benefit, kind, fields, packages):
    """One feature configuration of a new benefit, from python.org's subtype."""
    if kind == "logoplacementconfiguration":
        LogoPlacementConfig.objects.create(
            benefit=benefit,
            publisher=fields["publisher"],
            flight=fields["logo_place"],
            link_to_sponsors_page=fields.get("link_to_sponsors_page", False),
            describe_as_sponsor=fields.get("describe_as_sponsor", False),
        )
    elif kind == "tieredbenefitconfiguration":
        TieredQuantityConfig.objects.create(
            benefit=benefit,
            package=packages[fields["package"]],
            quantity=fields["quantity"],
            display_label=fields.get("display_label") or "",
        )
    elif kind in REQUIRED:
        RequiredAssetConfig.objects.create(
            benefit=benefit,
            kind=REQUIRED[kind],
            related_to=fields.get("related_to") or "sponsorship",
            internal_name=fields["internal_name"],
            label=fields["label"],
            help_text=fields.get("help_text") or "",
            due_date=fields.get("due_date"),
            max_length=fields.get("max_length"),
            min_width=fields.get("min_width"),
            max_width=fields.get("max_width"),
            min_height=fields.get("min_height"),
            max_height=fields.get("max_height"),
        )
    elif kind in PROVIDED:
        help_text = fields.get("help_text") or ""
        if fields.get("shared_file"):  # python.org's file is not in the fixture
            help_text = f"{help_text} (Demo: python.org's file {fields['shared_file']} is not included.)".strip()
        ProvidedAssetConfig.objects.create(
            benefit=benefit,
            kind=PROVIDED[kind],
            related_to=fields.get("related_to") or "sponsorship",
            internal_name=fields["internal_name"],
            label=fields["label"],
            help_text=help_text,
            shared=fields.get("shared", False),
            shared_text=fields.get("shared_text") or "",
        )
    # emailtargetableconfiguration: the benefit's `email_targetable`, set on creation


# --- The demo ---------------------------------------------------------------------------------


def logo_png(name, width=400, height=160):
    """A PNG logo: `name` drawn in white on a rectangle of a colour derived from the name."""
    digest = hashlib.sha256(name.encode()).digest()
    colour = (40 + digest[0] % 140, 40 + digest[1] % 140, 40 + digest[2] % 140)
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=28)
    except TypeError:  # Pillow without FreeType sizes
        font = ImageFont.load_default()
    left, top, right, bottom = draw.textbbox((0, 0), name, font=font)
    draw.text(((width - (right - left)) / 2, (height - (bottom - top)) / 2), name, fill="white", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _catalogue_of_this_year(command, catalogue):
    """The year demo sponsorships are of: this year, the catalogue cloned into it
    (`SponsorshipBenefit.clone_year`) when this year has none; the catalogue's own year when
    it cannot be cloned. A fresh catalogue makes that year the current one."""
    year = timezone.localdate().year
    has_year = (
        SponsorshipPackage.objects.filter(year=year).exists() or SponsorshipBenefit.objects.filter(year=year).exists()
    )
    if catalogue["year"] and catalogue["year"] != year and not has_year:
        SponsorshipBenefit.clone_year(catalogue["year"], year)
        command.tally("sponsorship years cloned", "created")
        has_year = True
    year = year if has_year else catalogue["year"]
    if catalogue["created"]:
        current = SponsorshipSettings.load()
        if current.current_year != year:
            current.current_year = year
            current.save()
    return year


def _same_in_year(benefit, year):
    """The benefit of `year` with the same programme and name (its clone), or None."""
    if benefit.year == year:
        return benefit
    return SponsorshipBenefit.objects.filter(year=year, program=benefit.program, name=benefit.name).first()


def demo_password():
    """The demo contact's password in development, as the admin's: `sponsor`, or
    $DEMO_SPONSOR_PASSWORD."""
    return os.environ.get("DEMO_SPONSOR_PASSWORD") or "sponsor"


def _demo_user(command):
    """The demo sponsor contact: `demo-sponsor`, email verified; in development it can sign
    in (password `sponsor` or $DEMO_SPONSOR_PASSWORD), elsewhere it has no usable password."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DEMO_USERNAME, defaults={"email": "test@example.com", "first_name": "Fred", "last_name": "Contact"}
    )
    if created:
        if is_dev():
            user.set_password(demo_password())
        else:
            user.set_unusable_password()
        user.save()
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    command.tally("sponsor contacts (users)", "created" if created else "present")
    return user


def _example_sponsor(command, year, catalogue):
    """Example Company of sponsors-admin.json, its contact the demo user, and its applied
    sponsorship (Visionary, the benefits the fixture lists)."""
    records = _records(ADMIN_FIXTURE)
    fields = records["sponsor"][1]
    user = _demo_user(command)
    sponsor = Sponsor.objects.filter(slug=slugify(fields["name"])).first()
    if sponsor is None:
        sponsor = Sponsor(
            name=fields["name"],
            slug=slugify(fields["name"]),
            description=fields["description"],
            landing_page_url=fields["landing_page_url"],
            twitter_handle=fields["twitter_handle"],
            linked_in_page_url=fields["linked_in_page_url"],
            primary_phone=fields["primary_phone"],
            mailing_address_line_1=fields["mailing_address_line_1"],
            mailing_address_line_2=fields["mailing_address_line_2"],
            city=fields["city"],
            state=fields["state"],
            postal_code=fields["postal_code"],
            country=fields["country"],
            country_of_incorporation=fields["country_of_incorporation"],
            state_of_incorporation=fields["state_of_incorporation"],
            creator=user,
        )
        sponsor.web_logo.save(f"{sponsor.slug}.png", ContentFile(logo_png(sponsor.name)), save=False)
        sponsor.save()
        for contact in records["sponsorcontact"].values():
            SponsorContact.objects.create(
                sponsor=sponsor,
                user=user if contact["email"] == user.email else None,
                **{k: contact[k] for k in ("name", "email", "phone", "primary", "administrative", "accounting")},
                manager=contact.get("manager", False),
            )
        command.tally("sponsors", "created")
    else:
        command.tally("sponsors", "present")

    if sponsor.sponsorships.filter(year=year).exists():
        command.tally("sponsorships", "present")
        return sponsor
    applied = records["sponsorship"][1]
    package = _same_package(catalogue["packages"][applied["package"]], year)
    chosen = [
        _same_in_year(catalogue["benefits"][row["sponsorship_benefit"]], year)
        for row in records["sponsorbenefit"].values()
        if row["sponsorship"] == 1 and row["sponsorship_benefit"] in catalogue["benefits"]
    ]
    sponsorship = Sponsorship.apply(sponsor, [b for b in chosen if b], package=package, submitted_by=user, year=year)
    command.tally("sponsorships", "created")
    return sponsorship.sponsor


def _same_package(package, year):
    if package.year == year:
        return package
    return SponsorshipPackage.objects.get(year=year, slug=package.slug)


def _finalized_sponsors(command, year, today):
    """Current, finalized sponsorships for the real sponsors of FINALIZED, at the level PyPI's
    list gives them, with the benefits of their package still available."""
    rows = {row["name"]: row for row in csv.DictReader(PYPI_SPONSORS.open(encoding="utf-8"))}
    packages = {p.slug: p for p in SponsorshipPackage.objects.filter(year=year)}
    start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    for name in command.progress(FINALIZED, "sponsors"):
        row = rows[name]
        level = row["activity_markdown"].split(" is a ", 1)[1].split(" sponsor", 1)[0].strip().lower()
        package = packages[level]
        sponsor = Sponsor.objects.filter(slug=slugify(name)).first()
        if sponsor is None:
            sponsor = Sponsor(
                name=name,
                slug=slugify(name),
                description=row["activity_markdown"],
                landing_page_url=html.unescape(row["link_url"]),
                primary_phone="+1 555 0100",
                mailing_address_line_1="1 Demo Way",
                city="Wilmington",
                state="DE",
                postal_code="19801",
                country="US",
            )
            sponsor.web_logo.save(f"{sponsor.slug}.png", ContentFile(logo_png(name)), save=False)
            sponsor.save()
            SponsorContact.objects.create(
                sponsor=sponsor,
                name=f"{name} sponsorship contact",
                email=f"sponsorship@{sponsor.slug}.example.com",
                phone="+1 555 0101",
                primary=True,
                administrative=True,
                accounting=True,
            )
            command.tally("sponsors", "created")
        else:
            command.tally("sponsors", "present")
        if sponsor.sponsorships.filter(year=year).exists():
            command.tally("sponsorships", "present")
            continue
        benefits = [
            b for b in package.benefits.with_used_capacity() if not b.unavailable and not b.full
        ]  # the package, less what others took first
        sponsorship = Sponsorship.apply(sponsor, benefits, package=package, year=year)
        Sponsorship.objects.filter(pk=sponsorship.pk).update(
            status=Sponsorship.Status.FINALIZED,
            locked=True,
            start_date=start,
            end_date=end,
            applied_on=start - datetime.timedelta(days=30),
            approved_on=start - datetime.timedelta(days=20),
            finalized_on=start - datetime.timedelta(days=10),
        )
        contract = Contract.draft_for(sponsorship)
        Contract.objects.filter(pk=contract.pk).update(
            status=Contract.Status.EXECUTED,
            created_on=start - datetime.timedelta(days=20),
            sent_on=start - datetime.timedelta(days=20),
            executed_on=start - datetime.timedelta(days=10),
        )
        command.tally("sponsorships", "created")


def load_demo(command):
    catalogue = load_catalogue(command=command)
    year = _catalogue_of_this_year(command, catalogue)
    _example_sponsor(command, year, catalogue)
    _finalized_sponsors(command, year, timezone.localdate())
    if is_dev() and hasattr(command, "log"):
        command.log(
            f"Sponsor dashboard /users/sponsorships/: sign in as {DEMO_USERNAME} (Example Company's contact; "
            f"password {demo_password()!r} unless it was changed)."
        )

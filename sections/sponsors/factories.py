"""Factories for every model of the sponsors section. `SponsorFactory` makes a sponsor with a
small PNG logo and a primary contact (`contacts__user=` links a user)."""

import datetime
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from .models import (
    Asset,
    AssetKind,
    Contract,
    LegalClause,
    LogoPlacement,
    LogoPlacementConfig,
    ProvidedAssetConfig,
    RequiredAssetConfig,
    Sponsor,
    SponsorBenefit,
    SponsorContact,
    Sponsorship,
    SponsorshipBenefit,
    SponsorshipPackage,
    SponsorshipProgram,
    TieredQuantityConfig,
)


def png(width=300, height=120, colour=(55, 118, 171)):
    """The bytes of a PNG image of the given size."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def png_file(name="logo.png", width=300, height=120):
    return ContentFile(png(width, height), name=name)


class ProgramFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Programme {n}")
    order = factory.Sequence(int)

    class Meta:
        model = SponsorshipProgram


class LegalClauseFactory(factory.django.DjangoModelFactory):
    internal_name = factory.Sequence(lambda n: f"Clause {n}")
    clause = "The sponsor agrees to the **terms**."

    class Meta:
        model = LegalClause


class PackageFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Package {n}")
    slug = factory.Sequence(lambda n: f"package-{n}")
    sponsorship_amount = 10000
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    advertise = True
    order = factory.Sequence(int)

    class Meta:
        model = SponsorshipPackage


class BenefitFactory(factory.django.DjangoModelFactory):
    """`packages=[...]` puts the benefit in those packages."""

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Benefit {n}")
    description = "What the sponsor gets."
    internal_value = 1000
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    order = factory.Sequence(int)

    class Meta:
        model = SponsorshipBenefit
        skip_postgeneration_save = True

    @factory.post_generation
    def packages(self, create, extracted, **kwargs):
        if create and extracted:
            self.packages.set(extracted)
            self.save()  # a ParentalManyToManyField is written on save

    @factory.post_generation
    def conflicts(self, create, extracted, **kwargs):
        if create and extracted:
            self.conflicts.set(extracted)

    @factory.post_generation
    def legal_clauses(self, create, extracted, **kwargs):
        if create and extracted:
            self.legal_clauses.set(extracted)
            self.save()


class LogoPlacementConfigFactory(factory.django.DjangoModelFactory):
    benefit = factory.SubFactory(BenefitFactory)
    publisher = "psf"
    flight = "sponsors"

    class Meta:
        model = LogoPlacementConfig


class TieredQuantityConfigFactory(factory.django.DjangoModelFactory):
    benefit = factory.SubFactory(BenefitFactory)
    package = factory.SubFactory(PackageFactory)
    quantity = 2

    class Meta:
        model = TieredQuantityConfig


class RequiredAssetConfigFactory(factory.django.DjangoModelFactory):
    benefit = factory.SubFactory(BenefitFactory)
    kind = AssetKind.TEXT
    internal_name = factory.Sequence(lambda n: f"required-{n}")
    label = factory.Sequence(lambda n: f"Required asset {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))

    class Meta:
        model = RequiredAssetConfig


class ProvidedAssetConfigFactory(factory.django.DjangoModelFactory):
    benefit = factory.SubFactory(BenefitFactory)
    kind = AssetKind.TEXT
    internal_name = factory.Sequence(lambda n: f"provided-{n}")
    label = factory.Sequence(lambda n: f"Provided asset {n}")
    shared = True
    shared_text = "VOUCHER-CODE"

    class Meta:
        model = ProvidedAssetConfig


class SponsorFactory(factory.django.DjangoModelFactory):
    """A sponsor with a primary contact: `contact_user=user` makes that user the contact
    (name and email from the user)."""

    name = factory.Sequence(lambda n: f"Sponsor {n}")
    description = "A company that uses Python."
    landing_page_url = factory.Sequence(lambda n: f"https://sponsor{n}.example.com/")
    web_logo = factory.LazyFunction(png_file)
    primary_phone = "+1 555 0100"
    mailing_address_line_1 = "1 Python Way"
    city = "Wilmington"
    state = "DE"
    postal_code = "19801"
    country = "US"

    class Meta:
        model = Sponsor
        skip_postgeneration_save = True

    @factory.post_generation
    def contact_user(self, create, extracted, **kwargs):
        if create:
            SponsorContact.objects.create(
                sponsor=self,
                user=extracted,
                name=extracted.get_full_name() or extracted.username if extracted else "Primary Contact",
                email=extracted.email if extracted else f"contact@{self.slug}.example.com",
                phone="+1 555 0101",
                primary=True,
                administrative=True,
                accounting=True,
            )


class SponsorContactFactory(factory.django.DjangoModelFactory):
    sponsor = factory.SubFactory(SponsorFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.com")
    phone = "+1 555 0102"

    class Meta:
        model = SponsorContact


class SponsorshipFactory(factory.django.DjangoModelFactory):
    """An applied sponsorship without benefits; `finalized=True` makes it current (started a
    month ago, ends in eleven months). Use `Sponsorship.apply` for one made from benefits."""

    sponsor = factory.SubFactory(SponsorFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    package = factory.SubFactory(PackageFactory)
    sponsorship_fee = 10000

    class Meta:
        model = Sponsorship

    class Params:
        finalized = factory.Trait(
            status=Sponsorship.Status.FINALIZED,
            locked=True,
            start_date=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30)),
            end_date=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=335)),
            approved_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=40)),
            finalized_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30)),
        )


class SponsorBenefitFactory(factory.django.DjangoModelFactory):
    sponsorship = factory.SubFactory(SponsorshipFactory)
    program_name = "Foundation"
    name = factory.Sequence(lambda n: f"Benefit {n}")

    class Meta:
        model = SponsorBenefit


class LogoPlacementFactory(factory.django.DjangoModelFactory):
    sponsor_benefit = factory.SubFactory(SponsorBenefitFactory)
    publisher = "psf"
    flight = "sponsors"

    class Meta:
        model = LogoPlacement


class AssetFactory(factory.django.DjangoModelFactory):
    sponsorship = factory.SubFactory(SponsorshipFactory)
    kind = AssetKind.TEXT
    internal_name = factory.Sequence(lambda n: f"asset-{n}")
    label = factory.Sequence(lambda n: f"Asset {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))

    class Meta:
        model = Asset


class ContractFactory(factory.django.DjangoModelFactory):
    sponsorship = factory.SubFactory(SponsorshipFactory, status=Sponsorship.Status.APPROVED)
    sponsor_info = "Sponsor, 1 Python Way"
    sponsor_contact = "Primary Contact <contact@example.com>"
    benefits_list = "- Foundation - Logo on python.org"

    class Meta:
        model = Contract

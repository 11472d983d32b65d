"""The PSF sponsorship programme (docs/sections/sponsors.md).

The catalogue, edited by the sponsorship team in the admin: programmes, packages and benefits
of a year, each benefit with its features (logo placements, tiered quantities per package,
assets the sponsor must provide, assets the PSF provides), and the current year
(`SponsorshipSettings`). A sponsor (a company, with contacts who are users) applies for a
package or benefits; the application is copied into a `Sponsorship` whose `SponsorBenefit`s,
`LogoPlacement`s and `Asset`s are snapshots, so later catalogue edits never change what was
agreed. A sponsorship moves applied → approved | rejected → finalized (by executing its
contract); a `Contract` moves draft → awaiting signature → executed | nullified, and a new
contract outdates the old. Both lifecycles are run by `pydotorg.core.moderation`."""

import datetime
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable, RevisionMixin

from pydotorg.core import moderation

MANAGE = "sponsors.manage_sponsorships"  # the "Sponsorship team" group holds it


class Publisher(models.TextChoices):
    PSF = "psf", "python.org"
    PYCON = "pycon", "PyCon"
    PYPI = "pypi", "PyPI"
    CORE = "core", "Core development (docs, devguide)"


class Flight(models.TextChoices):
    SIDEBAR = "sidebar", "Sidebar"
    SPONSORS = "sponsors", "Sponsors page"
    JOBS = "jobs", "Jobs"
    BLOGPOST = "blogpost", "Blog post"
    FOOTER = "footer", "Footer"
    DOCS = "docs", "Docs"
    DOWNLOAD = "download", "Downloads page"
    DEVGUIDE = "devguide", "Developer's guide"


class AssetKind(models.TextChoices):
    TEXT = "text", "Text"
    IMAGE = "image", "Image"
    FILE = "file", "File"
    RESPONSE = "response", "Yes/no response"


class RelatedTo(models.TextChoices):
    SPONSOR = "sponsor", "The sponsor (kept across sponsorships)"
    SPONSORSHIP = "sponsorship", "This sponsorship"


@register_setting(icon="pick")
class SponsorshipSettings(BaseGenericSetting):
    """The year whose catalogue the application form offers."""

    current_year = models.PositiveIntegerField(
        default=2022, help_text="The sponsorship year applications are for (its packages and benefits)."
    )

    panels = [FieldPanel("current_year")]

    class Meta:
        verbose_name = "sponsorship year"


# --- The catalogue -------------------------------------------------------------------------


class SponsorshipProgram(models.Model):
    name = models.CharField(max_length=64)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("order")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "sponsorship programme"

    def __str__(self):
        return self.name


class LegalClause(models.Model):
    internal_name = models.CharField(max_length=1024, help_text="Friendly name used internally by PSF staff.")
    clause = models.TextField(help_text="The text that goes into the contract (Markdown).")
    notes = models.TextField(blank=True, help_text="PSF staff notes.")
    order = models.PositiveIntegerField(default=0)

    panels = [FieldPanel("internal_name"), FieldPanel("clause"), FieldPanel("notes"), FieldPanel("order")]

    class Meta:
        ordering = ["order", "internal_name"]

    def __str__(self):
        return self.internal_name


class SponsorshipPackage(models.Model):
    name = models.CharField(max_length=64)
    slug = models.SlugField(max_length=64)
    sponsorship_amount = models.PositiveIntegerField(help_text="In US dollars.")
    year = models.PositiveIntegerField(db_index=True)
    advertise = models.BooleanField(default=False, help_text="Offered on the application form.")
    logo_dimension = models.PositiveIntegerField(default=175, help_text="Logo width in pixels on the sponsors pages.")
    order = models.PositiveIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("year"),
        FieldPanel("sponsorship_amount"),
        FieldPanel("advertise"),
        FieldPanel("logo_dimension"),
        FieldPanel("order"),
    ]

    class Meta:
        ordering = ["year", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "slug"], name="sponsors_package_year_slug")]
        verbose_name = "sponsorship package"

    def __str__(self):
        return f"{self.name} ({self.year})"


class BenefitQuerySet(models.QuerySet):
    def of_year(self, year):
        return self.filter(year=year)

    def with_used_capacity(self):
        """Annotate `used`: the sponsorships of the benefit's year that hold it and are not
        rejected (what capacity counts)."""
        return self.annotate(
            used=Count(
                "sponsor_benefits__sponsorship",
                filter=~Q(sponsor_benefits__sponsorship__status=Sponsorship.Status.REJECTED),
                distinct=True,
            )
        )


class SponsorshipBenefit(ClusterableModel):
    program = models.ForeignKey(SponsorshipProgram, on_delete=models.PROTECT, related_name="benefits")
    name = models.CharField(max_length=1024)
    description = models.TextField(blank=True, help_text="What sponsors read on the application form.")
    internal_description = models.TextField(blank=True, help_text="For PSF staff only.")
    internal_value = models.PositiveIntegerField(null=True, blank=True, help_text="Value in US dollars, for staff.")
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many sponsorships of the year may hold it (empty: no limit)."
    )
    soft_capacity = models.BooleanField(default=False, help_text="Over capacity is allowed (staff decide).")
    conflicts = models.ManyToManyField("self", blank=True, symmetrical=True, help_text="Cannot be held together.")
    packages = ParentalManyToManyField(SponsorshipPackage, blank=True, related_name="benefits")
    legal_clauses = ParentalManyToManyField(LegalClause, blank=True, related_name="benefits")
    package_only = models.BooleanField(default=False, help_text="Only as part of a package that includes it.")
    new = models.BooleanField(default=False, help_text='Shown as "new this year".')
    unavailable = models.BooleanField(default=False, help_text="Shown, but cannot be picked.")
    standalone = models.BooleanField(default=False, help_text="May be applied for without a package.")
    a_la_carte = models.BooleanField(default=False, help_text="Added on top of a package, at its own price.")
    email_targetable = models.BooleanField(default=False, help_text="Its holders can be mailed as a group.")
    year = models.PositiveIntegerField(db_index=True)
    order = models.PositiveIntegerField(default=0)

    objects = BenefitQuerySet.as_manager()

    panels = [
        FieldPanel("program"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("internal_description"),
        FieldPanel("internal_value"),
        FieldPanel("year"),
        FieldPanel("order"),
        MultiFieldPanel(
            [
                FieldPanel("packages"),
                FieldPanel("capacity"),
                FieldPanel("soft_capacity"),
                FieldPanel("conflicts"),
                FieldPanel("package_only"),
                FieldPanel("standalone"),
                FieldPanel("a_la_carte"),
                FieldPanel("new"),
                FieldPanel("unavailable"),
                FieldPanel("email_targetable"),
            ],
            heading="Availability",
        ),
        FieldPanel("legal_clauses"),
        InlinePanel("logo_placements", heading="Logo placements"),
        InlinePanel("tiered_quantities", heading="Quantities by package"),
        InlinePanel("required_assets", heading="Assets the sponsor provides"),
        InlinePanel("provided_assets", heading="Assets the PSF provides"),
    ]

    class Meta:
        ordering = ["year", "program__order", "order", "name"]
        verbose_name = "sponsorship benefit"

    def __str__(self):
        return f"{self.program.name} - {self.name} ({self.year})"

    def used_capacity(self):
        used = getattr(self, "used", None)
        if used is None:
            used = (
                self.sponsor_benefits.exclude(sponsorship__status=Sponsorship.Status.REJECTED)
                .values("sponsorship")
                .distinct()
                .count()
            )
        return used

    @property
    def full(self):
        """Hard capacity reached: no new application may hold it."""
        return self.capacity is not None and not self.soft_capacity and self.used_capacity() >= self.capacity

    @staticmethod
    def _shift_years(date, years):
        """`date` moved by `years` (29 February becomes the 28th in a common year)."""
        if date is None:
            return None
        try:
            return date.replace(year=date.year + years)
        except ValueError:
            return date.replace(year=date.year + years, day=28)

    @classmethod
    def clone_year(cls, from_year, to_year, make_current=False):
        """Copy the catalogue of `from_year` into `to_year` in one transaction: every package
        (same slug, new year) and every benefit, with its packages mapped to the copied
        packages, its conflicts mapped to the copied benefits, its legal clauses kept and its
        four feature configurations copied (tiered quantities pointing to the copied packages,
        required assets' due dates moved by the years between). With `make_current`, `to_year`
        becomes the current sponsorship year (SponsorshipSettings) in the same transaction.

        Refused with a ValidationError, nothing written, when the years are the same, when
        `to_year` already has packages or benefits, or when `from_year` has none. Returns the
        counts of what was made: {"packages", "benefits", "conflicts", "logo_placements",
        "tiered_quantities", "required_assets", "provided_assets"}."""
        from_year, to_year = int(from_year), int(to_year)
        if from_year == to_year:
            raise ValidationError(f"Cannot clone {from_year} into itself: pick another year to clone into.")

        def copy(obj, **changes):
            """An unsaved copy of `obj` (its concrete fields, not its primary key)."""
            fields = {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields if not f.primary_key}
            return type(obj)(**(fields | changes))

        try:
            with transaction.atomic():
                # Locking the source rows makes two clones of the same year run one after the
                # other: the second finds `to_year` taken below.
                packages = list(SponsorshipPackage.objects.select_for_update().filter(year=from_year).order_by("pk"))
                benefits = list(cls.objects.select_for_update().filter(year=from_year).order_by("pk"))
                if not (packages or benefits):
                    raise ValidationError(f"{from_year} has no packages or benefits: there is nothing to clone.")
                taken = (
                    SponsorshipPackage.objects.filter(year=to_year).count(),
                    cls.objects.filter(year=to_year).count(),
                )
                if any(taken):
                    raise ValidationError(
                        f"{to_year} already has {taken[0]} package(s) and {taken[1]} benefit(s): clone only into "
                        "a year without a catalogue (delete those first, or pick another year)."
                    )
                package_map, benefit_map = {}, {}
                for package in packages:
                    new = copy(package, year=to_year)
                    new.save()
                    package_map[package.pk] = new.pk
                for benefit in benefits:
                    new = copy(benefit, year=to_year)
                    new.save()
                    benefit_map[benefit.pk] = new.pk

                def copy_links(field, target_map=None):
                    """Copy the rows of an M2M field's table from the old benefits to the new
                    ones; the other end is mapped by `target_map` (rows whose other end is not
                    in it are left out) or kept."""
                    through = field.remote_field.through
                    source, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
                    rows = []
                    for link in through.objects.filter(**{f"{source}__in": list(benefit_map)}):
                        other = getattr(link, target)
                        if target_map is not None:
                            if other not in target_map:
                                continue
                            other = target_map[other]
                        rows.append(through(**{source: benefit_map[getattr(link, source)], target: other}))
                    through.objects.bulk_create(rows)
                    return len(rows)

                copy_links(cls._meta.get_field("packages"), package_map)
                copy_links(cls._meta.get_field("legal_clauses"))
                conflicts = copy_links(cls._meta.get_field("conflicts"), benefit_map) // 2  # stored both ways

                counts = {"packages": len(package_map), "benefits": len(benefit_map), "conflicts": conflicts}
                for name, model in (
                    ("logo_placements", LogoPlacementConfig),
                    ("tiered_quantities", TieredQuantityConfig),
                    ("required_assets", RequiredAssetConfig),
                    ("provided_assets", ProvidedAssetConfig),
                ):
                    configs = []
                    for config in model.objects.filter(benefit_id__in=list(benefit_map)).order_by("pk"):
                        changes = {"benefit_id": benefit_map[config.benefit_id]}
                        if model is TieredQuantityConfig:
                            if config.package_id not in package_map:
                                continue  # a tier for another year's package means nothing in to_year
                            changes["package_id"] = package_map[config.package_id]
                        if model is RequiredAssetConfig:
                            changes["due_date"] = cls._shift_years(config.due_date, to_year - from_year)
                        configs.append(copy(config, **changes))
                    model.objects.bulk_create(configs)
                    counts[name] = len(configs)
                if make_current:
                    year_setting = SponsorshipSettings.load()
                    year_setting.current_year = to_year
                    year_setting.save()
        except IntegrityError as exc:  # another clone into to_year committed first
            raise ValidationError(f"{to_year} was given a catalogue meanwhile: nothing was cloned ({exc}).") from exc
        return counts


# The features of a benefit, copied onto each sponsorship that holds it.


class LogoPlacementConfig(Orderable):
    benefit = ParentalKey(SponsorshipBenefit, on_delete=models.CASCADE, related_name="logo_placements")
    publisher = models.CharField(max_length=30, choices=Publisher.choices)
    flight = models.CharField(max_length=30, choices=Flight.choices)
    link_to_sponsors_page = models.BooleanField(default=False, help_text="Link to the sponsors page, not theirs.")
    describe_as_sponsor = models.BooleanField(default=False, help_text='Describe as "<name> is a sponsor…".')

    def __str__(self):
        return f"{self.get_publisher_display()}: {self.get_flight_display()}"


class TieredQuantityConfig(Orderable):
    benefit = ParentalKey(SponsorshipBenefit, on_delete=models.CASCADE, related_name="tiered_quantities")
    package = models.ForeignKey(SponsorshipPackage, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    display_label = models.CharField(max_length=64, blank=True, help_text='e.g. "4 passes" (default: the number).')

    def __str__(self):
        return f"{self.quantity} with {self.package.name}"


class RequiredAssetConfig(Orderable):
    """An asset the sponsor must provide by the due date (uploaded from their dashboard)."""

    benefit = ParentalKey(SponsorshipBenefit, on_delete=models.CASCADE, related_name="required_assets")
    kind = models.CharField(max_length=10, choices=AssetKind.choices)
    related_to = models.CharField(max_length=12, choices=RelatedTo.choices, default=RelatedTo.SPONSORSHIP)
    internal_name = models.CharField(max_length=128, help_text="Unique name for staff (shared by benefits).")
    label = models.CharField(max_length=256, help_text="What the sponsor is asked.")
    help_text = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    max_length = models.PositiveIntegerField(null=True, blank=True, help_text="Text: maximum characters.")
    min_width = models.PositiveIntegerField(null=True, blank=True, help_text="Image: pixels.")
    max_width = models.PositiveIntegerField(null=True, blank=True)
    min_height = models.PositiveIntegerField(null=True, blank=True)
    max_height = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label}"

    def clean(self):
        if self.kind != AssetKind.IMAGE and any((self.min_width, self.max_width, self.min_height, self.max_height)):
            raise ValidationError("Sizes apply to image assets only.")
        for low, high in (("min_width", "max_width"), ("min_height", "max_height")):
            if getattr(self, low) and getattr(self, high) and getattr(self, low) > getattr(self, high):
                raise ValidationError({high: "The maximum must not be smaller than the minimum."})


class ProvidedAssetConfig(Orderable):
    """An asset the PSF gives the sponsor (a voucher code, a kit): shared (one text or file for
    every sponsor) or entered by staff per sponsorship."""

    benefit = ParentalKey(SponsorshipBenefit, on_delete=models.CASCADE, related_name="provided_assets")
    kind = models.CharField(max_length=10, choices=[(AssetKind.TEXT, "Text"), (AssetKind.FILE, "File")])
    related_to = models.CharField(max_length=12, choices=RelatedTo.choices, default=RelatedTo.SPONSORSHIP)
    internal_name = models.CharField(max_length=128)
    label = models.CharField(max_length=256)
    help_text = models.TextField(blank=True)
    shared = models.BooleanField(default=False, help_text="The same for every sponsor (below).")
    shared_text = models.TextField(blank=True)
    shared_file = models.FileField(upload_to="sponsors/provided/", blank=True)

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label}"


# --- Sponsors and their contacts ------------------------------------------------------------


class SponsorQuerySet(models.QuerySet):
    def managed_by(self, user):
        """The sponsors whose contact `user` is (by account, or by a verified email address)."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(pk__in=SponsorContact.objects.of_user(user).values("sponsor")).distinct()


class Sponsor(ClusterableModel):
    name = models.CharField(max_length=100, help_text="The name as it appears on python.org.")
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(help_text="A short description for the sponsors pages.")
    landing_page_url = models.URLField("landing page URL", blank=True)
    twitter_handle = models.CharField(max_length=32, blank=True)
    linked_in_page_url = models.URLField("LinkedIn page URL", blank=True)
    web_logo = models.ImageField(upload_to="sponsors/logos/web/", help_text="For the web: PNG or JPEG.")
    print_logo = models.FileField(upload_to="sponsors/logos/print/", blank=True, help_text="Vector (SVG, EPS, PDF).")
    primary_phone = models.CharField(max_length=32)
    mailing_address_line_1 = models.CharField(max_length=128)
    mailing_address_line_2 = models.CharField(max_length=128, blank=True)
    city = models.CharField(max_length=64)
    state = models.CharField("state, province or region", max_length=64, blank=True)
    postal_code = models.CharField(max_length=64)
    country = CountryField()
    country_of_incorporation = CountryField(blank=True)
    state_of_incorporation = models.CharField(max_length=64, blank=True)
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    objects = SponsorQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("landing_page_url"),
        FieldPanel("twitter_handle"),
        FieldPanel("linked_in_page_url"),
        FieldPanel("web_logo"),
        FieldPanel("print_logo"),
        MultiFieldPanel(
            [
                FieldPanel("primary_phone"),
                FieldPanel("mailing_address_line_1"),
                FieldPanel("mailing_address_line_2"),
                FieldPanel("city"),
                FieldPanel("state"),
                FieldPanel("postal_code"),
                FieldPanel("country"),
                FieldPanel("country_of_incorporation"),
                FieldPanel("state_of_incorporation"),
            ],
            heading="Address",
        ),
        InlinePanel("contacts", heading="Contacts"),
    ]

    class Meta:
        ordering = ["name"]
        permissions = [("sponsor_publisher", "Can read the sponsor placement API")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:100] or "sponsor"
            slug, n = base, 1
            while Sponsor.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                n += 1
                slug = f"{base}-{n}"
            self.slug = slug
        super().save(*args, **kwargs)

    def is_managed_by(self, user):
        return SponsorContact.objects.of_user(user).filter(sponsor=self).exists()

    @property
    def primary_contact(self):
        return self.contacts.filter(primary=True).first()


class SponsorContactQuerySet(models.QuerySet):
    def of_user(self, user):
        if not (user and user.is_authenticated):
            return self.none()
        verified = EmailAddress.objects.filter(user=user, verified=True).values("email")
        return self.filter(Q(user=user) | Q(email__in=verified))


class SponsorContact(Orderable):
    """A person the PSF deals with at a sponsor. Its `user` is set when the contact is the
    applicant; a contact whose verified email address is a user's is that user's too."""

    sponsor = ParentalKey(Sponsor, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="sponsor_contacts"
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=256)
    phone = models.CharField(max_length=32)
    primary = models.BooleanField(default=False, help_text="The main contact: signs the contract.")
    administrative = models.BooleanField(default=False)
    accounting = models.BooleanField(default=False)
    manager = models.BooleanField(default=False, help_text="A PSF staff member managing this sponsor.")

    objects = SponsorContactQuerySet.as_manager()

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


# --- Sponsorships ---------------------------------------------------------------------------


class SponsorshipQuerySet(models.QuerySet):
    def managed_by(self, user):
        return self.filter(sponsor__in=Sponsor.objects.managed_by(user))

    def current(self, today=None):
        """Finalized and within their dates: what the public pages and placements show."""
        today = today or timezone.localdate()
        return self.filter(status=Sponsorship.Status.FINALIZED, start_date__lte=today, end_date__gte=today)


class Sponsorship(RevisionMixin, models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        FINALIZED = "finalized", "Finalized"

    STATUS_FIELD = "status"
    TRANSITIONS = {
        "approve": ({Status.APPLIED}, Status.APPROVED, "moderator"),
        "reject": ({Status.APPLIED}, Status.REJECTED, "moderator"),
        "rollback": ({Status.APPROVED, Status.REJECTED}, Status.APPLIED, "moderator"),
        "finalize": ({Status.APPROVED}, Status.FINALIZED, "system"),
    }
    LIVE_STATUSES = set()  # not a publishable object: the public pages read `current()`
    DONE = {"approve": "approved", "reject": "rejected", "rollback": "rolled back", "finalize": "finalized"}
    moderate_permission = MANAGE
    moderators_email_setting = "SPONSORSHIP_NOTIFICATION_TO_EMAIL"

    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="sponsorships")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED, db_index=True)
    locked = models.BooleanField(default=False, help_text="Finalized sponsorships cannot be changed.")
    year = models.PositiveIntegerField()
    package = models.ForeignKey(
        SponsorshipPackage, null=True, blank=True, on_delete=models.SET_NULL, related_name="sponsorships"
    )
    for_modified_package = models.BooleanField(default=False, help_text="Benefits added to or taken from the package.")
    sponsorship_fee = models.PositiveIntegerField(null=True, blank=True, help_text="Agreed fee in US dollars.")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    applied_on = models.DateField(default=timezone.localdate)
    approved_on = models.DateField(null=True, blank=True)
    rejected_on = models.DateField(null=True, blank=True)
    finalized_on = models.DateField(null=True, blank=True)
    renewal = models.BooleanField(default=False)

    objects = SponsorshipQuerySet.as_manager()

    panels = [
        FieldPanel("sponsor", read_only=True),
        FieldPanel("status", read_only=True),
        FieldPanel("year", read_only=True),
        FieldPanel("package"),
        FieldPanel("sponsorship_fee"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
        FieldPanel("renewal"),
    ]

    class Meta:
        ordering = ["-applied_on", "-pk"]
        permissions = [("manage_sponsorships", "Can review sponsorships and handle their contracts")]

    def __str__(self):
        level = self.package.name if self.package else "a la carte"
        return f"{self.sponsor} — {level} ({self.year})"

    def is_owner(self, user):
        return self.sponsor.is_managed_by(user)

    def transition(self, action, user=None, **kwargs):
        return moderation.transition(self, action, user, **kwargs)

    # The staff workflow (sections/sponsors/wagtail_hooks.py): each step one transition, in one
    # transaction with what follows from it; `on_done` (notifications) runs inside it too.

    def approve(self, user, *, start_date, end_date, sponsorship_fee, package, comment="", on_done=None):
        """Approve with the agreed dates, fee and package, and draft the contract. Returns the
        contract; `on_done(sponsorship, contract)`."""
        if start_date and end_date and end_date < start_date:
            raise ValidationError({"end_date": "The end date must not be before the start date."})
        if package is not None and package.year != self.year:
            raise ValidationError({"package": f"The package must be one of {self.year}."})
        drafted = []

        def apply(sponsorship):
            sponsorship.start_date, sponsorship.end_date = start_date, end_date
            sponsorship.sponsorship_fee, sponsorship.package = sponsorship_fee, package
            sponsorship.approved_on, sponsorship.rejected_on = timezone.localdate(), None

        def done(sponsorship, previous):
            drafted.append(Contract.draft_for(sponsorship, user))
            if on_done:
                on_done(sponsorship, drafted[0])

        self.transition("approve", user, comment=comment, apply=apply, on_done=done)
        return drafted[0]

    def reject(self, user, comment="", on_done=None):
        def apply(sponsorship):
            sponsorship.rejected_on, sponsorship.approved_on = timezone.localdate(), None

        return self.transition("reject", user, comment=comment, apply=apply, on_done=on_done)

    def rollback(self, user, comment="", on_done=None):
        """Back to applied (a decision taken by mistake); its open contracts are nullified."""

        def apply(sponsorship):
            sponsorship.approved_on = sponsorship.rejected_on = None

        def done(sponsorship, previous):
            for contract in sponsorship.contracts.filter(
                status__in=[Contract.Status.DRAFT, Contract.Status.AWAITING_SIGNATURE]
            ):
                contract.transition("nullify", user, comment="The sponsorship was rolled back.")
            if on_done:
                on_done(sponsorship, previous)

        return self.transition("rollback", user, comment=comment, apply=apply, on_done=done)

    def finalize(self, comment=""):
        """The site's transition once the contract is executed: finalized and locked."""

        def apply(sponsorship):
            sponsorship.locked, sponsorship.finalized_on = True, timezone.localdate()

        return self.transition("finalize", None, comment=comment, apply=apply)

    @property
    def open_contract(self):
        """The contract not outdated (draft, awaiting signature, executed or nullified), if any."""
        return self.contracts.exclude(status=Contract.Status.OUTDATED).order_by("-revision").first()

    @property
    def level_name(self):
        return self.package.name if self.package else ""

    @property
    def estimated_cost(self):
        """The package's amount plus the a-la-carte benefits' values (what staff start from)."""
        amount = self.package.sponsorship_amount if self.package else 0
        extra = self.benefits.filter(Q(a_la_carte=True) | Q(standalone=True)).aggregate(
            total=models.Sum("benefit_internal_value")
        )["total"]
        return amount + (extra or 0)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must not be before the start date."})
        if self.pk and self.locked:
            stored = Sponsorship.objects.filter(pk=self.pk).values(
                "package", "sponsorship_fee", "start_date", "end_date"
            )
            if stored and stored[0] != {
                "package": self.package_id,
                "sponsorship_fee": self.sponsorship_fee,
                "start_date": self.start_date,
                "end_date": self.end_date,
            }:
                raise ValidationError("This sponsorship is finalized and locked: it cannot be changed.")

    @classmethod
    def check_selection(cls, benefits, package=None, year=None):
        """The reasons an application for `benefits` (with `package`, or none) is refused, by
        benefit: {benefit or None: [message, ...]}. Empty when it may be submitted. The rules:
        benefits and package of the year; unavailable ones refused; package-only ones only
        within a package that includes them; without a package only standalone ones; no two
        conflicting; none whose hard capacity is reached."""
        errors = {}

        def refuse(benefit, message):
            errors.setdefault(benefit, []).append(message)

        benefits = list(benefits)
        if not benefits:
            refuse(None, "Pick a package or at least one benefit.")
        if package is not None and year is not None and package.year != year:
            refuse(None, f"The {package.name} package is not offered for {year}.")
        chosen = {b.pk for b in benefits}
        in_package = set(package.benefits.values_list("pk", flat=True)) if package is not None else set()
        for benefit in benefits:
            if year is not None and benefit.year != year:
                refuse(benefit, f"Not offered for {year}.")
            if benefit.unavailable:
                refuse(benefit, "Unavailable this year.")
            if package is None and not benefit.standalone:
                refuse(benefit, "Only with a package: pick a package first.")
            elif package is not None and benefit.package_only and benefit.pk not in in_package:
                refuse(benefit, f"Only as part of a package that includes it; {package.name} does not.")
            if benefit.pk not in in_package and benefit.full:
                refuse(benefit, f"No longer available: all {benefit.capacity} have been taken.")
            for other in benefit.conflicts.all():
                if other.pk in chosen:
                    refuse(benefit, f"Conflicts with “{other.name}”: pick one of the two.")
        if package is not None:
            for benefit in SponsorshipBenefit.objects.filter(pk__in=chosen & in_package).with_used_capacity():
                if benefit.full:
                    refuse(benefit, f"No longer available: all {benefit.capacity} have been taken.")
        return errors

    @classmethod
    def apply(cls, sponsor, benefits, package=None, submitted_by=None, year=None):
        """Create the sponsorship in `applied` with snapshots of its benefits, their logo
        placements and assets. Checks the selection again under a lock of the benefits'
        rows (two applicants cannot take the last place) and raises ValidationError with
        the reasons; nothing is written then."""
        with transaction.atomic():
            benefits = list(
                SponsorshipBenefit.objects.select_for_update().filter(pk__in=[b.pk for b in benefits]).order_by("pk")
            )
            errors = cls.check_selection(benefits, package, year)
            if errors:
                raise ValidationError([f"{b.name}: {m}" if b else m for b, ms in errors.items() for m in ms])
            in_package = set(package.benefits.values_list("pk", flat=True)) if package else set()
            sponsorship = cls.objects.create(
                sponsor=sponsor,
                submitted_by=submitted_by,
                year=year or (package.year if package else benefits[0].year),
                package=package,
                for_modified_package=bool(package) and {b.pk for b in benefits} != in_package,
                sponsorship_fee=package.sponsorship_amount if package else None,
            )
            for order, benefit in enumerate(sorted(benefits, key=lambda b: (b.program.order, b.order, b.name))):
                SponsorBenefit.copy(sponsorship, benefit, order=order, added_by_user=benefit.pk not in in_package)
        return sponsorship


class SponsorBenefit(models.Model):
    """A benefit as it was when the sponsorship was applied for."""

    sponsorship = models.ForeignKey(Sponsorship, on_delete=models.CASCADE, related_name="benefits")
    sponsorship_benefit = models.ForeignKey(
        SponsorshipBenefit, null=True, blank=True, on_delete=models.SET_NULL, related_name="sponsor_benefits"
    )
    program = models.ForeignKey(SponsorshipProgram, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    program_name = models.CharField(max_length=64)
    name = models.CharField(max_length=1024)
    description = models.TextField(blank=True)
    benefit_internal_value = models.PositiveIntegerField(null=True, blank=True)
    added_by_user = models.BooleanField(default=False, help_text="Not part of the package.")
    standalone = models.BooleanField(default=False)
    a_la_carte = models.BooleanField(default=False)
    email_targetable = models.BooleanField(default=False)
    quantity = models.PositiveIntegerField(null=True, blank=True, help_text="From the package's tier.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.program_name} - {self.name}"

    @classmethod
    def copy(cls, sponsorship, benefit, order=0, added_by_user=False):
        tier = None
        if sponsorship.package_id:
            tier = benefit.tiered_quantities.filter(package_id=sponsorship.package_id).first()
        copy = cls.objects.create(
            sponsorship=sponsorship,
            sponsorship_benefit=benefit,
            program=benefit.program,
            program_name=benefit.program.name,
            name=benefit.name,
            description=benefit.description,
            benefit_internal_value=benefit.internal_value,
            added_by_user=added_by_user,
            standalone=benefit.standalone,
            a_la_carte=benefit.a_la_carte,
            email_targetable=benefit.email_targetable,
            quantity=tier.quantity if tier else None,
            order=order,
        )
        for config in benefit.logo_placements.all():
            LogoPlacement.objects.create(
                sponsor_benefit=copy,
                publisher=config.publisher,
                flight=config.flight,
                link_to_sponsors_page=config.link_to_sponsors_page,
                describe_as_sponsor=config.describe_as_sponsor,
            )
        for config in benefit.required_assets.all():
            Asset.for_config(sponsorship, copy, config, provided=False)
        for config in benefit.provided_assets.all():
            Asset.for_config(sponsorship, copy, config, provided=True)
        return copy


class LogoPlacement(models.Model):
    sponsor_benefit = models.ForeignKey(SponsorBenefit, on_delete=models.CASCADE, related_name="logo_placements")
    publisher = models.CharField(max_length=30, choices=Publisher.choices, db_index=True)
    flight = models.CharField(max_length=30, choices=Flight.choices, db_index=True)
    link_to_sponsors_page = models.BooleanField(default=False)
    describe_as_sponsor = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.get_publisher_display()}: {self.get_flight_display()}"


class AssetQuerySet(models.QuerySet):
    def required(self):
        return self.filter(provided=False)

    def provided(self):
        return self.filter(provided=True)

    def missing(self):
        return self.required().filter(submitted_at__isnull=True)

    def due_within(self, days, today=None):
        today = today or timezone.localdate()
        return self.missing().filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days))

    def overdue(self, today=None):
        return self.missing().filter(due_date__lt=today or timezone.localdate())

    def of_sponsorship(self, sponsorship):
        """Its own assets and its sponsor's (kept across sponsorships)."""
        return self.filter(Q(sponsorship=sponsorship) | Q(sponsor=sponsorship.sponsor, sponsorship__isnull=True))


class Asset(models.Model):
    """An asset of a sponsorship (or, `related_to` sponsor, of the sponsor across its
    sponsorships): required from the sponsor (text, image, file or a yes/no response, by a due
    date) or provided by the PSF (text or file). One per internal name and owner."""

    sponsor = models.ForeignKey(Sponsor, null=True, blank=True, on_delete=models.CASCADE, related_name="assets")
    sponsorship = models.ForeignKey(Sponsorship, null=True, blank=True, on_delete=models.CASCADE, related_name="assets")
    sponsor_benefit = models.ForeignKey(
        SponsorBenefit, null=True, blank=True, on_delete=models.SET_NULL, related_name="assets"
    )
    provided = models.BooleanField(default=False, help_text="Given by the PSF, not asked of the sponsor.")
    kind = models.CharField(max_length=10, choices=AssetKind.choices)
    internal_name = models.CharField(max_length=128)
    label = models.CharField(max_length=256)
    help_text = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    max_length = models.PositiveIntegerField(null=True, blank=True)
    min_width = models.PositiveIntegerField(null=True, blank=True)
    max_width = models.PositiveIntegerField(null=True, blank=True)
    min_height = models.PositiveIntegerField(null=True, blank=True)
    max_height = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, help_text="The text, or the response (yes/no).")
    file = models.FileField(upload_to="sponsors/assets/", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_on = models.DateField(null=True, blank=True, help_text="Last reminder mailed.")

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["sponsorship", "internal_name", "provided"],
                condition=Q(sponsorship__isnull=False),
                name="sponsors_asset_unique_per_sponsorship",
            ),
            models.UniqueConstraint(
                fields=["sponsor", "internal_name", "provided"],
                condition=Q(sponsorship__isnull=True),
                name="sponsors_asset_unique_per_sponsor",
            ),
            models.CheckConstraint(
                condition=Q(sponsor__isnull=False) | Q(sponsorship__isnull=False), name="sponsors_asset_has_owner"
            ),
        ]

    def __str__(self):
        return self.label

    @classmethod
    def for_config(cls, sponsorship, sponsor_benefit, config, provided):
        """The sponsorship's (or its sponsor's) asset for a feature configuration, made once
        per internal name: two benefits asking for the same asset share it."""
        owner = (
            {"sponsorship": sponsorship}
            if config.related_to == RelatedTo.SPONSORSHIP
            else {"sponsor": sponsorship.sponsor, "sponsorship": None}
        )
        fields = {
            "sponsor_benefit": sponsor_benefit,
            "kind": config.kind,
            "label": config.label,
            "help_text": config.help_text,
        }
        if provided:
            if config.shared:
                fields.update(text=config.shared_text or "", file=config.shared_file.name if config.shared_file else "")
        else:
            fields.update(
                due_date=config.due_date,
                max_length=config.max_length,
                min_width=config.min_width,
                max_width=config.max_width,
                min_height=config.min_height,
                max_height=config.max_height,
            )
        asset, _ = cls.objects.get_or_create(
            internal_name=config.internal_name, provided=provided, defaults=fields, **owner
        )
        return asset

    @property
    def value(self):
        return self.file if self.kind in (AssetKind.IMAGE, AssetKind.FILE) else self.text

    @property
    def has_value(self):
        return bool(self.file) if self.kind in (AssetKind.IMAGE, AssetKind.FILE) else bool(self.text)

    @property
    def overdue(self):
        return (
            not self.provided and self.submitted_at is None and self.due_date and self.due_date < timezone.localdate()
        )


# --- Contracts ------------------------------------------------------------------------------


class Contract(RevisionMixin, models.Model):
    """The sponsorship's contract, drafted at approval from its benefits and their legal
    clauses. Sent as a PDF (`document`), executed by uploading the signed copy (which
    finalizes the sponsorship). Only one contract of a sponsorship is not outdated."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_SIGNATURE = "awaiting_signature", "Awaiting signature"
        EXECUTED = "executed", "Executed"
        NULLIFIED = "nullified", "Nullified"
        OUTDATED = "outdated", "Outdated"

    STATUS_FIELD = "status"
    TRANSITIONS = {
        "send": ({Status.DRAFT}, Status.AWAITING_SIGNATURE, "moderator"),
        "execute": ({Status.AWAITING_SIGNATURE}, Status.EXECUTED, "moderator"),
        "nullify": ({Status.DRAFT, Status.AWAITING_SIGNATURE}, Status.NULLIFIED, "moderator"),
        "outdate": ({Status.DRAFT, Status.AWAITING_SIGNATURE, Status.NULLIFIED}, Status.OUTDATED, "system"),
    }
    LIVE_STATUSES = set()
    DONE = {"send": "sent", "execute": "executed", "nullify": "nullified", "outdate": "outdated"}
    moderate_permission = MANAGE
    moderators_email_setting = "SPONSORSHIP_NOTIFICATION_TO_EMAIL"

    sponsorship = models.ForeignKey(Sponsorship, on_delete=models.CASCADE, related_name="contracts")
    revision = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    sponsor_info = models.TextField(help_text="The sponsor's name and address as they go in the contract.")
    sponsor_contact = models.TextField(help_text="The primary contact as it goes in the contract.")
    benefits_list = models.TextField(help_text="Markdown list of the benefits.")
    legal_clauses = models.TextField(blank=True, help_text="Markdown list of the legal clauses.")
    document = models.FileField(upload_to="sponsors/contracts/", blank=True, help_text="The PDF sent.")
    signed_document = models.FileField(upload_to="sponsors/contracts/signed/", blank=True)
    created_on = models.DateField(default=timezone.localdate)
    updated_on = models.DateTimeField(auto_now=True)
    sent_on = models.DateField(null=True, blank=True)
    executed_on = models.DateField(null=True, blank=True)

    panels = [
        FieldPanel("status", read_only=True),
        FieldPanel("sponsor_info"),
        FieldPanel("sponsor_contact"),
        FieldPanel("benefits_list"),
        FieldPanel("legal_clauses"),
    ]

    class Meta:
        ordering = ["-created_on", "-pk"]

    def __str__(self):
        return f"Contract {self.revision} of {self.sponsorship}"

    def is_owner(self, user):
        return self.sponsorship.sponsor.is_managed_by(user)

    def transition(self, action, user=None, **kwargs):
        return moderation.transition(self, action, user, **kwargs)

    @property
    def editable(self):
        return self.status == self.Status.DRAFT

    # The staff workflow (sections/sponsors/wagtail_hooks.py).

    def send(self, user, on_done=None):
        """Render the PDF from the contract as it is now, store it and await the signature."""

        def apply(contract):
            name = f"contract-{contract.sponsorship.sponsor.slug}-{contract.sponsorship.year}-{contract.revision}.pdf"
            contract.document.save(name, ContentFile(contract.render_pdf()), save=False)
            contract.sent_on = timezone.localdate()

        return self.transition("send", user, apply=apply, on_done=on_done)

    def execute(self, user, signed_document, on_done=None):
        """Store the signed copy, execute the contract and finalize (lock) its sponsorship, in
        one transaction: a sponsorship that cannot be finalized leaves the contract as it was."""

        def apply(contract):
            contract.signed_document.save(signed_document.name or "signed.pdf", signed_document, save=False)
            contract.executed_on = timezone.localdate()

        def done(contract, previous):
            contract.sponsorship.finalize(comment=f"Contract {contract.revision} executed.")
            if on_done:
                on_done(contract, previous)

        with transaction.atomic():
            return self.transition("execute", user, apply=apply, on_done=done)

    def nullify(self, user, comment="", on_done=None):
        return self.transition("nullify", user, comment=comment, apply=None, on_done=on_done)

    def redraft(self, user):
        """A new draft from the sponsorship as it is now (this one becomes outdated)."""
        if self.status == self.Status.EXECUTED:
            raise moderation.TransitionNotAllowed("An executed contract cannot be redrafted.")
        if self.status == self.Status.OUTDATED:
            raise moderation.TransitionNotAllowed("This contract is outdated: redraft the current one.")
        if self.sponsorship.status != Sponsorship.Status.APPROVED:
            state = self.sponsorship.get_status_display().lower()
            raise moderation.TransitionNotAllowed(f"Only an approved sponsorship's contract is redrafted ({state}).")
        return Contract.draft_for(self.sponsorship, user)

    PDF_FONTS = {  # a Unicode font for the PDF when the system has it (Debian: fonts-dejavu-core)
        "": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        "B": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    }

    @staticmethod
    def _pdf_text(text, unicode):
        """Text a core font can write (latin-1; typographic marks made plain, others "?"),
        unchanged with a Unicode font."""
        text = str(text or "")
        if unicode:
            return text
        for plain, marks in (("'", "‘’‚′"), ('"', "“”„″"), ("-", "‐‑‒–—−"), ("...", "…"), (" ", "\u00a0\u202f")):
            for mark in marks:
                text = text.replace(mark, plain)
        return text.encode("latin-1", "replace").decode("latin-1")

    def render_pdf(self):
        """The contract as a PDF (bytes): the parties, dates and fee, benefits and legal clauses.
        DejaVu Sans when the system has it (any script it covers), else a core font with the
        text made latin-1 safe."""
        from fpdf import FPDF  # here, not at the top: ~15 MB less in every web worker

        sponsorship = self.sponsorship
        pdf = FPDF(format="Letter")
        pdf.set_margins(20, 20, 20)
        pdf.set_auto_page_break(True, margin=20)
        pdf.set_title(self._pdf_text(f"Sponsorship agreement: {sponsorship.sponsor.name}", False))
        pdf.set_author("Python Software Foundation")
        unicode = all(path.exists() for path in self.PDF_FONTS.values())
        if unicode:
            for style, path in self.PDF_FONTS.items():
                pdf.add_font("DejaVu", style, str(path))
            family = "DejaVu"
        else:
            family = "Helvetica"
        pdf.add_page()

        def heading(text, size=13):
            pdf.set_font(family, "B", size)
            pdf.multi_cell(0, 8, self._pdf_text(text, unicode), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)

        def paragraph(text):
            pdf.set_font(family, "", 10.5)
            pdf.multi_cell(0, 5.5, self._pdf_text(text, unicode) or "-", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)

        heading("Sponsorship agreement", 16)
        paragraph(f"Between the Python Software Foundation and {sponsorship.sponsor.name}. Revision {self.revision}.")
        heading("Sponsor")
        paragraph(self.sponsor_info)
        heading("Contact")
        paragraph(self.sponsor_contact)
        heading("Sponsorship")
        fee = f"US$ {sponsorship.sponsorship_fee:,}" if sponsorship.sponsorship_fee is not None else "to be agreed"
        start, end = sponsorship.start_date, sponsorship.end_date
        dates = (
            f"from {start:%B} {start.day}, {start.year} to {end:%B} {end.day}, {end.year}"
            if start and end
            else "dates to be agreed"
        )
        paragraph(f"{sponsorship.level_name or 'A la carte'} ({sponsorship.year}), {dates}. Sponsorship fee: {fee}.")
        heading("Benefits")
        paragraph(self.benefits_list)
        if self.legal_clauses:
            heading("Legal clauses")
            paragraph(self.legal_clauses)
        heading("Signatures")
        paragraph("For the sponsor: name, title, date and signature\n\n\n\n")
        paragraph("For the Python Software Foundation: name, title, date and signature\n\n\n\n")
        return bytes(pdf.output())

    @classmethod
    def draft_for(cls, sponsorship, user=None):
        """A new draft from the sponsorship as it is now; the contracts before it that were
        not executed become outdated."""
        sponsor = sponsorship.sponsor
        contact = sponsor.primary_contact
        address = ", ".join(
            part
            for part in (
                sponsor.mailing_address_line_1,
                sponsor.mailing_address_line_2,
                sponsor.city,
                sponsor.state,
                sponsor.postal_code,
                sponsor.country.name if sponsor.country else "",
            )
            if part
        )
        benefits = list(sponsorship.benefits.select_related("sponsorship_benefit"))
        clauses = LegalClause.objects.filter(benefits__sponsor_benefits__in=benefits).distinct()
        with transaction.atomic():
            for previous in sponsorship.contracts.exclude(status__in=[cls.Status.EXECUTED, cls.Status.OUTDATED]):
                previous.transition("outdate", None)
            last = sponsorship.contracts.aggregate(n=models.Max("revision"))["n"]
            return cls.objects.create(
                sponsorship=sponsorship,
                revision=0 if last is None else last + 1,
                sponsor_info=f"{sponsor.name}, {address}",
                sponsor_contact=f"{contact.name} <{contact.email}> {contact.phone}" if contact else "",
                benefits_list="\n".join(
                    f"- {b.program_name} - {b.name}" + (f" ({b.quantity})" if b.quantity else "") for b in benefits
                ),
                legal_clauses="\n".join(f"- {clause.clause}" for clause in clauses),
            )

"""PSF membership: one Membership per user (basic by sign-up; the other types are set by staff),
with the address the PSF mails and the yearly voting affirmation. Eligible to vote = affirmed
within the last year (`one_year_before(today) <= last_vote_affirmation`)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_countries.fields import CountryField


def one_year_before(day):
    """The same calendar day a year earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def one_year_after(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def no_markup(value):
    """Names and addresses are plain text: they go on ballots, envelopes and CSV files."""
    if "<" in value or ">" in value:
        raise ValidationError("Use plain text: the characters < and > are not allowed.")


class MembershipQuerySet(models.QuerySet):
    def eligible_to_vote(self, today=None):
        return self.filter(last_vote_affirmation__gte=one_year_before(today or timezone.localdate()))

    def not_eligible_to_vote(self, today=None):
        cutoff = one_year_before(today or timezone.localdate())
        return self.filter(models.Q(last_vote_affirmation__isnull=True) | models.Q(last_vote_affirmation__lt=cutoff))


class Membership(models.Model):
    class Type(models.TextChoices):
        BASIC = "basic", "Basic member"
        SUPPORTING = "supporting", "Supporting member"
        SPONSOR = "sponsor", "Sponsor member"
        CONTRIBUTING = "contributing", "Contributing member"
        FELLOW = "fellow", "Fellow"

    creator = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name="user"
    )
    membership_type = models.CharField(max_length=20, choices=Type.choices, default=Type.BASIC)
    legal_name = models.CharField(max_length=100, validators=[no_markup])
    preferred_name = models.CharField(max_length=100, validators=[no_markup])
    address = models.CharField(max_length=255, validators=[no_markup])
    city = models.CharField(max_length=100, validators=[no_markup])
    region = models.CharField("state, province or region", max_length=100, blank=True, validators=[no_markup])
    postal_code = models.CharField(max_length=20, blank=True, validators=[no_markup])
    country = CountryField()
    psf_code_of_conduct = models.BooleanField(
        "I agree to the PSF Code of Conduct",
        default=False,
        help_text="https://policies.python.org/python.org/code-of-conduct/",
    )
    psf_announcements = models.BooleanField("I would like to receive PSF announcements by email", default=False)
    last_vote_affirmation = models.DateField("last voting affirmation", null=True, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["legal_name", "pk"]

    def __str__(self):
        return f"{self.legal_name} ({self.get_membership_type_display()})"

    @property
    def eligible_to_vote(self):
        return self.eligible_on(timezone.localdate())

    def eligible_on(self, day: datetime.date):
        return self.last_vote_affirmation is not None and self.last_vote_affirmation >= one_year_before(day)

    @property
    def vote_eligible_until(self):
        """The last day the current affirmation counts (None without one)."""
        if self.last_vote_affirmation is None:
            return None
        return one_year_after(self.last_vote_affirmation)

    def affirm_vote(self, today=None):
        self.last_vote_affirmation = today or timezone.localdate()
        self.save(update_fields=["last_vote_affirmation", "updated"])

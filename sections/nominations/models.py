"""Elections and nominations (docs/sections/elections.md).

An election of a kind (PSF Board, Packaging Council) takes nominations between its open and
close datetimes. A signed-in user nominates someone (or themselves) by name and email; the
nominee, matched by a verified email address, accepts or declines; staff holding
`nominations.moderate_nomination` (the "Election administrators" group) approve. A nomination
is public only once accepted and approved; a nominee's page lists only those."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel

from pydotorg.core.markup import render_markdown

COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "A colour as #rrggbb.")


class ElectionKind(models.Model):
    class Form(models.TextChoices):
        BOARD = "board", "PSF Board"
        PACKAGING = "packaging", "Packaging Council"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    accent_colour = models.CharField(max_length=7, default="#3776ab", validators=[COLOUR])
    form = models.CharField(
        max_length=20, choices=Form.choices, default=Form.BOARD, help_text="Which nomination form it uses."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def service_label(self):
        return (
            "Previous Packaging Council service" if self.form == self.Form.PACKAGING else "Previous PSF Board service"
        )


class ElectionQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(nominations_open_at__lte=now, nominations_close_at__gt=now)


class Election(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.ForeignKey(ElectionKind, on_delete=models.PROTECT, related_name="elections")
    date = models.DateField(help_text="The day voting closes.")
    nominations_open_at = models.DateTimeField()
    nominations_close_at = models.DateTimeField()
    description = models.TextField(blank=True, help_text="Markdown.")

    objects = ElectionQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("nominations_open_at"),
        FieldPanel("nominations_close_at"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["-date"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("nominations:election_detail", args=[self.slug])

    def clean(self):
        if self.nominations_open_at and self.nominations_close_at:
            if self.nominations_close_at <= self.nominations_open_at:
                raise ValidationError({"nominations_close_at": "Nominations must close after they open."})
            if self.date and self.date < self.nominations_close_at.date():
                raise ValidationError({"date": "The election cannot end before nominations close."})

    @property
    def nominations_open(self):
        return self.nominations_open_at <= timezone.now() < self.nominations_close_at

    @property
    def nominations_closed(self):
        return timezone.now() >= self.nominations_close_at

    @property
    def description_html(self):
        return mark_safe(render_markdown(self.description))  # sanitised by nh3


class Nominee(models.Model):
    """A person nominated in an election, known by email (lower-cased); `user` is set once a
    signed-in user with that verified address answers."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominees")
    name = models.CharField(max_length=100)
    email = models.EmailField()
    slug = models.SlugField(max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="nominee_records"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["election", "email"], name="nominee_unique_email"),
            models.UniqueConstraint(fields=["election", "slug"], name="nominee_unique_slug"),
        ]

    def __str__(self):
        return f"{self.name} ({self.election})"

    def get_absolute_url(self):
        return reverse("nominations:nominee_detail", args=[self.election.slug, self.slug])

    @classmethod
    def for_email(cls, election, name, email):
        email = email.strip().lower()
        nominee = cls.objects.filter(election=election, email=email).first()
        if nominee:
            return nominee
        base = slugify(name)[:100] or "nominee"
        slug, n = base, 1
        while cls.objects.filter(election=election, slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return cls.objects.create(election=election, name=name, email=email, slug=slug)


class NominationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(accepted=True, approved=True)

    def awaiting_approval(self):
        return self.filter(accepted=True, approved=False)

    def for_user(self, user):
        """What `user` nominated and what they were nominated for (by verified email)."""
        emails = [address.lower() for address in verified_emails(user)]
        return self.filter(Q(nominator=user) | Q(email__in=emails))


def verified_emails(user):
    if not (user and user.is_authenticated):
        return []
    return list(user.emailaddress_set.filter(verified=True).values_list("email", flat=True))


class Nomination(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="nominations")
    name = models.CharField("Nominee's name", max_length=100)
    email = models.EmailField("Nominee's email")
    previous_service = models.CharField(max_length=200, blank=True)
    employer = models.CharField(max_length=200, blank=True)
    other_affiliations = models.CharField(max_length=500, blank=True)
    nomination_statement = models.TextField(max_length=20000, help_text="Markdown.")
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="nominations_made"
    )
    self_nomination = models.BooleanField(default=False)
    accepted = models.BooleanField(null=True, help_text="The nominee's answer: empty until they answer.")
    approved = models.BooleanField(default=False)
    code_of_conduct_ack = models.BooleanField(default=False)
    eligibility_ack = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = NominationQuerySet.as_manager()

    moderate_permission = "nominations.moderate_nomination"

    panels = [
        FieldPanel("election"),
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("previous_service"),
        FieldPanel("employer"),
        FieldPanel("other_affiliations"),
        FieldPanel("nomination_statement"),
        FieldPanel("self_nomination", read_only=True),
        FieldPanel("accepted", read_only=True),
        FieldPanel("approved"),
    ]

    class Meta:
        ordering = ["-created"]
        permissions = [("moderate_nomination", "Can approve nominations")]

    def __str__(self):
        return f"{self.name} — {self.election}"

    def save(self, *args, **kwargs):
        """The nominee follows the email (a nomination added or corrected in the admin)."""
        self.email = self.email.strip().lower()
        if self.nominee_id is None or self.nominee.email != self.email or self.nominee.election_id != self.election_id:
            self.nominee = Nominee.for_email(self.election, self.name, self.email)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("nominations:nomination_detail", args=[self.election.slug, self.pk])

    @property
    def status(self):
        if self.accepted is None:
            return "awaiting the nominee"
        if not self.accepted:
            return "declined"
        return "public" if self.approved else "awaiting approval"

    @property
    def is_public(self):
        return bool(self.accepted and self.approved)

    @property
    def statement_html(self):
        return mark_safe(render_markdown(self.nomination_statement))  # sanitised by nh3

    def is_nominator(self, user):
        return bool(user and user.is_authenticated and self.nominator_id == user.pk)

    def is_nominee(self, user):
        return self.email.lower() in {address.lower() for address in verified_emails(user)}

"""The PSF records' data that are not pages: the Fellows of the roster (a snippet, edited in
the admin by holders of the `psf.*_fellow` permissions: the "Editors" group, migration 0002).
Board minutes and work groups are pages (`pages.py`)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

FIRST_YEAR = 2001  # the PSF was founded in 2001; its first Fellows (then "members") too


class FellowQuerySet(models.QuerySet):
    def roster(self):
        """The order of the roster: the newest class first, then by name."""
        return self.order_by("-year_elected", "name", "pk")


class Fellow(index.Indexed, models.Model):
    """A PSF Fellow: python.org's `nominations.Fellow` (fixtures/fellows.json)."""

    cache_keys = ("fellows",)  # page cache keys (pydotorg/core/pagecache.py)

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        EMERITUS = "emeritus", "Emeritus"
        DECEASED = "deceased", "Deceased"

    name = models.CharField(max_length=200)
    year_elected = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)], help_text="The year of their election."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    emeritus_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)],
        help_text="For emeritus Fellows: the year they became emeritus, if known.",
    )
    notes = models.TextField(blank=True, help_text="Internal notes: not shown on the site.")

    objects = FellowQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("year_elected"), FieldPanel("status"), FieldPanel("emeritus_year")]),
        FieldPanel("notes"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("status")]

    class Meta:
        ordering = ["-year_elected", "name", "pk"]
        indexes = [models.Index(fields=["year_elected", "name"])]

    def __str__(self):
        return f"{self.name} ({self.year_elected})"

    def clean(self):
        if self.emeritus_year is not None:
            if self.status != self.Status.EMERITUS:
                raise ValidationError({"emeritus_year": "Only an emeritus Fellow has an emeritus year."})
            if self.year_elected and self.emeritus_year < self.year_elected:
                raise ValidationError({"emeritus_year": "A Fellow becomes emeritus after their election."})

"""A factory for every model and page type of the PSF records."""

from datetime import date, timedelta

import factory
import wagtail_factories

from .models import Fellow
from .pages import FellowsRosterPage, MinutesIndexPage, MinutesPage, RecordsPage, WorkGroupIndexPage, WorkGroupPage


class FellowFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Fellow {n}")
    year_elected = factory.Sequence(lambda n: 2001 + n % 25)
    status = Fellow.Status.ACTIVE

    class Meta:
        model = Fellow


class RecordsPageFactory(wagtail_factories.PageFactory):
    title = "Public records"
    slug = "records"
    intro = "The PSF's public records."

    class Meta:
        model = RecordsPage


class MinutesIndexPageFactory(wagtail_factories.PageFactory):
    title = "Board minutes"
    slug = "minutes"
    intro = "Minutes of the PSF board's meetings."

    class Meta:
        model = MinutesIndexPage


class MinutesPageFactory(wagtail_factories.PageFactory):
    date = factory.Sequence(lambda n: date(2020, 1, 1) + timedelta(days=n))
    title = factory.LazyAttribute(lambda o: f"Board minutes, {o.date.isoformat()}")
    slug = factory.LazyAttribute(lambda o: o.date.isoformat())
    content = "## Attendees\n\nThe directors.\n\n## Resolutions\n\n- RESOLVED, that the board met."

    class Meta:
        model = MinutesPage


class WorkGroupIndexPageFactory(wagtail_factories.PageFactory):
    title = "Work groups"
    slug = "workgroups"
    intro = "The PSF's work groups."

    class Meta:
        model = WorkGroupIndexPage


class WorkGroupPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Work group {n}")
    purpose = "Helps the PSF with something."
    active = True
    website = "https://example.org/wg/"

    class Meta:
        model = WorkGroupPage


class FellowsRosterPageFactory(wagtail_factories.PageFactory):
    title = "PSF Fellows roster"
    slug = "fellows-roster"
    intro = "The Fellows of the PSF."

    class Meta:
        model = FellowsRosterPage

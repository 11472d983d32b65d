"""Factories of every events snippet and page type (tests, and nothing else)."""

from datetime import UTC, datetime, timedelta

import factory
import wagtail_factories
from django.utils import timezone

from .models import Calendar, Event, EventCategory, EventLocation
from .pages import EventsIndexPage


class EventsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    slug = "events"
    intro = "Python events from around the world."

    class Meta:
        model = EventsIndexPage


class CalendarFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Calendar {n}")
    slug = factory.Sequence(lambda n: f"calendar-{n}")

    class Meta:
        model = Calendar


class EventCategoryFactory(factory.django.DjangoModelFactory):
    calendar = factory.SubFactory(CalendarFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = EventCategory


class EventLocationFactory(factory.django.DjangoModelFactory):
    calendar = factory.SubFactory(CalendarFactory)
    name = factory.Sequence(lambda n: f"Venue {n}")

    class Meta:
        model = EventLocation


class EventFactory(factory.django.DjangoModelFactory):
    """A published event next week (with its occurrences); `live=False` for a draft."""

    calendar = factory.SubFactory(CalendarFactory)
    title = factory.Sequence(lambda n: f"Event {n}")
    description = "<p>An event.</p>"
    start = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=7)).replace(microsecond=0))
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=2))
    live = True

    class Meta:
        model = Event
        skip_postgeneration_save = True

    @factory.post_generation
    def occurrences(self, create, extracted, **kwargs):
        if create:
            self.refresh_occurrences()


def at(*args):
    return datetime(*args, tzinfo=UTC)

from django import template
from django.utils import timezone

from sections.events.models import EventOccurrence
from sections.events.pages import EventsIndexPage

register = template.Library()


@register.inclusion_tag("events/includes/home_events.html")
def upcoming_events(count=5):
    """The next events, for the home page (three queries whatever their number)."""
    index = EventsIndexPage.objects.live().first()
    if index is None:
        return {"occurrences": [], "base": None}
    return {"occurrences": list(EventOccurrence.objects.upcoming(timezone.now())[:count]), "base": index.url}

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("events/includes/home_events.html")
def upcoming_events(count=5):
    """The next events, for the home page (three queries whatever their number)."""
    from sections.events.pages import EventsIndexPage, upcoming

    index = EventsIndexPage.objects.live().first()
    if index is None:
        return {"occurrences": [], "base": None}
    return {"occurrences": list(upcoming(timezone.now())[:count]), "base": index.url}

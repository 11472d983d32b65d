from django import template
from django.utils import timezone

from pydotorg.core import pagecache
from sections.events.models import EventOccurrence
from sections.events.pages import EventsIndexPage
from sections.events.recurrence import rule_words

register = template.Library()


@register.inclusion_tag("events/includes/home_events.html")
def upcoming_events(count=5):
    """The next events, for the home page (three queries whatever their number)."""
    pagecache.tag("events")  # the page showing them is purged with the events
    index = EventsIndexPage.objects.live().first()
    if index is None:
        return {"occurrences": [], "base": None}
    return {"occurrences": list(EventOccurrence.objects.upcoming(timezone.now())[:count]), "base": index.url}


@register.inclusion_tag("events/includes/recurrence.html")
def recurrence(event, occurrences=()):
    """How a recurring event repeats, in words ("Every month on the second Wednesday"), with
    its time in the event's zone; local-time.js adds the visitor's (from the next occurrence,
    or the first one)."""
    first = occurrences[0] if occurrences else None
    start, end = (first.start, first.end) if first else (event.start, event.end)
    return {
        "event": event,
        "words": rule_words(event.rrule, event.local_start),
        "start": start,
        "local_start": start.astimezone(event.zone),
        "local_end": end.astimezone(event.zone) if end and end > start else None,
    }

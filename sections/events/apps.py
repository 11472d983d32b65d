from pydotorg.core import sections


class EventsConfig(sections.SectionConfig):
    name = "sections.events"
    label = "events"
    verbose_name = "Events"

    def ready(self):
        from wagtail.signals import published

        from .models import Event

        def refresh_occurrences(sender, instance, **kwargs):
            Event.objects.get(pk=instance.pk).refresh_occurrences()

        published.connect(refresh_occurrences, sender=Event, weak=False, dispatch_uid="events_refresh_occurrences")

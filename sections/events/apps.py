from pydotorg.core.apps import SectionConfig


class EventsConfig(SectionConfig):
    name = "sections.events"
    label = "events"
    verbose_name = "Events"
    # SectionConfig, imported above, is an AppConfig of this module too: say which one Django uses.
    default = True

    def ready(self):
        from wagtail.signals import published

        from .models import Event

        def refresh_occurrences(sender, instance, **kwargs):
            Event.objects.get(pk=instance.pk).refresh_occurrences()

        published.connect(refresh_occurrences, sender=Event, weak=False, dispatch_uid="events_refresh_occurrences")

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "sections.events"
    label = "events"

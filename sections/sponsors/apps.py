from pydotorg.core import sections


class SponsorsConfig(sections.SectionConfig):
    name = "sections.sponsors"
    label = "sponsors"
    verbose_name = "Sponsors"

    def ready(self):
        from . import signals

        signals.connect()

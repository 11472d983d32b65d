from pydotorg.core import sections


class SuccessStoriesConfig(sections.SectionConfig):
    name = "sections.successstories"
    label = "successstories"
    verbose_name = "Success stories"

    def ready(self):
        from . import signals

        signals.connect()

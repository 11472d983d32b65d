from pydotorg.core.apps import SectionConfig


class DownloadsConfig(SectionConfig):
    name = "sections.downloads"
    label = "downloads"
    verbose_name = "Downloads"

    def ready(self):
        from . import signals

        signals.connect()

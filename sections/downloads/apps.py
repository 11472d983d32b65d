from pydotorg.core import sections


class DownloadsConfig(sections.SectionConfig):
    name = "sections.downloads"
    label = "downloads"
    verbose_name = "Downloads"

    def ready(self):
        from . import signals

        signals.connect()

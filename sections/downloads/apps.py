from pydotorg.core import sections


class DownloadsConfig(sections.SectionConfig):
    default = True  # apps.py holds two AppConfig subclasses (SectionConfig is imported): this one
    name = "sections.downloads"
    label = "downloads"
    verbose_name = "Downloads"

    def ready(self):
        from . import signals

        signals.connect()

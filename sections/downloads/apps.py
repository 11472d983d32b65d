from django.apps import AppConfig


class DownloadsConfig(AppConfig):
    name = "sections.downloads"
    label = "downloads"
    verbose_name = "Downloads"

    def ready(self):
        from . import signals

        signals.connect()

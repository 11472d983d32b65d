from django.apps import AppConfig


class DownloadsConfig(AppConfig):
    name = "sections.downloads"
    label = "downloads"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pydotorg.core"
    label = "core"
    verbose_name = "Site"

    def ready(self):
        from . import chrome, pagecache

        chrome.connect()
        pagecache.connect()

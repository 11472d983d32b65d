from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pydotorg.core"
    label = "core"
    verbose_name = "Site"

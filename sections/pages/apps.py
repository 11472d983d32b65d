from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "sections.pages"
    label = "pages"

from django.apps import AppConfig


class BoxesConfig(AppConfig):
    name = "sections.boxes"
    label = "boxes"

from django.apps import AppConfig


class CodesamplesConfig(AppConfig):
    name = "sections.codesamples"
    label = "codesamples"

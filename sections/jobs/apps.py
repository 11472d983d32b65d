from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "sections.jobs"
    label = "jobs"

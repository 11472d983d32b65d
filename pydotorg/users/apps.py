from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "pydotorg.users"
    label = "users"
    verbose_name = "Users"

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_save


class UsersConfig(AppConfig):
    name = "pydotorg.users"
    label = "users"
    verbose_name = "Users"

    def ready(self):
        from .signals import normalise_username

        pre_save.connect(normalise_username, sender=settings.AUTH_USER_MODEL, dispatch_uid="users-normalise-username")

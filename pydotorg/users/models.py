from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower


class CaseInsensitiveUserManager(UserManager):
    """Usernames are matched without regard to case: `Guido` and `guido` are one user."""

    def get_by_natural_key(self, username):
        # Usernames are stored lower-case (signals.normalise_username); lower-casing here in
        # Python also covers non-ASCII letters, which SQLite's iexact does not fold.
        return self.get(**{self.model.USERNAME_FIELD: username.lower()})


class User(AbstractUser):
    bio = models.TextField(blank=True)

    objects = CaseInsensitiveUserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="users_user_username_ci_unique",
                violation_error_message="A user with that username already exists.",
            ),
        ]

    def __str__(self):
        return self.username

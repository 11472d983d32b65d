from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse


class CaseInsensitiveUserManager(UserManager):
    """Usernames are matched without regard to case: `Guido` and `guido` are one user."""

    def get_by_natural_key(self, username):
        # Usernames are stored lower-case (signals.normalise_username); lower-casing here in
        # Python also covers non-ASCII letters, which SQLite's iexact does not fold.
        return self.get(**{self.model.USERNAME_FIELD: username.lower()})


class User(AbstractUser):
    """A site account; the profile (/users/<username>/) is these fields, public only when
    ``public_profile`` is set (docs/sections/members.md)."""

    bio = models.TextField(blank=True, max_length=5000, help_text="Markdown.")
    location = models.CharField(max_length=100, blank=True)
    links = models.TextField(blank=True, max_length=2000, help_text="Web addresses, one a line.")
    public_profile = models.BooleanField(
        "public profile", default=False, help_text="Anyone may see your profile page; otherwise only you."
    )
    email_public = models.BooleanField("show my email address", default=False, help_text="On your public profile page.")
    searchable = models.BooleanField(
        "search engines may index my profile", default=False, help_text="Otherwise the page asks them not to."
    )

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

    def get_absolute_url(self):
        return reverse("users:profile", args=[self.username])

    @property
    def link_list(self):
        return [line.strip() for line in self.links.splitlines() if line.strip()]

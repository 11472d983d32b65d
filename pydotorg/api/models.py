"""The credentials of the API: a user's v1 key and v2 token (release automation; staff only
may write). Created, rotated and revoked through `services.py`."""

import secrets

from django.conf import settings
from django.db import models


def new_key():
    return secrets.token_hex(20)


class ApiKey(models.Model):
    """The key of `Authorization: ApiKey <username>:<key>` (API v1, python.org's Tastypie
    keys)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_key")
    key = models.CharField(max_length=128, unique=True, default=new_key)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "API key"

    def __str__(self):
        return f"API key of {self.user}"


class ApiToken(models.Model):
    """The token of `Authorization: Token <key>` (API v2)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token")
    key = models.CharField(max_length=128, unique=True, default=new_key)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "API token"

    def __str__(self):
        return f"API token of {self.user}"

"""A user's API credentials (the v1 key and the v2 token, always together): issue, rotate,
revoke. `manage.py api_credentials` and the admin's actions call these."""

from django.conf import settings
from django.db import transaction

from .models import ApiKey, ApiToken


class NotStaff(Exception):
    """Credentials are issued to staff only (an account the PSF vouches for), and to holders of
    a permission of API_CREDENTIALS_PERMISSIONS (PyPI's account, a sponsor publisher). Neither
    grants a write: that takes permissions, for example the group "Release managers"."""


def may_hold_credentials(user):
    return user.is_active and (
        user.is_staff or any(user.has_perm(permission) for permission in settings.API_CREDENTIALS_PERMISSIONS)
    )


def issue(user):
    """The user's (key, token), created when missing."""
    if not may_hold_credentials(user):
        raise NotStaff(f"{user.username} is not staff: API credentials are issued to staff only.")
    key, _ = ApiKey.objects.get_or_create(user=user)
    token, _ = ApiToken.objects.get_or_create(user=user)
    return key, token


def revoke(user):
    """Delete the user's key and token; the number deleted."""
    return ApiKey.objects.filter(user=user).delete()[0] + ApiToken.objects.filter(user=user).delete()[0]


@transaction.atomic
def rotate(user):
    """A new (key, token) replacing the old ones; a refusal (NotStaff) changes nothing."""
    revoke(user)
    return issue(user)

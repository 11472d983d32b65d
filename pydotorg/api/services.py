"""A user's API credentials (the v1 key and the v2 token, always together): issue, rotate,
revoke. `manage.py api_credentials` and the admin's actions call these."""

from django.db import transaction

from .models import ApiKey, ApiToken


class NotStaff(Exception):
    """Credentials are issued to staff only: an account the PSF vouches for. (Staff grants no
    write: that takes permissions, for example the group "Release managers".)"""


def issue(user):
    """The user's (key, token), created when missing."""
    if not user.is_staff:
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

"""Usernames are stored lower-case, whoever creates the user.

allauth lower-cases the usernames it saves (ACCOUNT_PRESERVE_USERNAME_CASING = False);
this does the same for users made by ``createsuperuser``, the Django and Wagtail admins,
fixtures and the shell, so that allauth's ``username__in=[lower]`` lookups find every
user. Lookups by username are case-insensitive anyway (the manager's
``get_by_natural_key``), and the unique constraint on ``Lower(username)`` is the last guard.
Queryset ``update()``/``bulk_create()`` bypass signals: the constraint still holds there.
"""


def normalise_username(sender, instance, raw=False, **kwargs):
    field = sender.USERNAME_FIELD
    username = getattr(instance, field, None)
    if isinstance(username, str) and username != username.lower():
        setattr(instance, field, username.lower())

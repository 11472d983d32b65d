"""Demo memberships (called by `manage.py load_demo_content`): demo users who are PSF members,
one eligible to vote (affirmed a month ago), one lapsed (affirmed 13 months ago), one fellow
who never affirmed. Matched by username: a second run changes nothing."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Membership

DEMO_ORDER = 60
MEMBERS = [
    # username, legal name, preferred name, type, city, country, days since affirmation
    ("demo-member", "Ada Lovelace", "Ada", Membership.Type.SUPPORTING, "London", "GB", 30),
    ("demo-lapsed", "Grace Brewster Hopper", "Grace", Membership.Type.BASIC, "New York", "US", 400),
    ("demo-fellow", "Guido Demo", "Guido", Membership.Type.FELLOW, "Amsterdam", "NL", None),
]


def load_demo(command):
    today = timezone.localdate()
    for username, legal, preferred, kind, city, country, days in MEMBERS:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        if created:
            user.set_unusable_password()
            user.save()
        _membership, created = Membership.objects.get_or_create(
            creator=user,
            defaults={
                "membership_type": kind,
                "legal_name": legal,
                "preferred_name": preferred,
                "address": "1 Demo Street",
                "city": city,
                "country": country,
                "psf_code_of_conduct": True,
                "last_vote_affirmation": None if days is None else today - timedelta(days=days),
            },
        )
        command.tally("memberships", "created" if created else "present")

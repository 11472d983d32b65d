"""Who is told what: the new member gets a welcome mail (through the outbox)."""

from django.urls import reverse

from pydotorg.core.links import absolute_url
from pydotorg.core.mail import queue_email


def welcome(membership):
    user = membership.creator
    if user.email:
        context = {
            "membership": membership,
            "edit_url": absolute_url(reverse("membership:edit")),
            "affirm_url": absolute_url(reverse("membership:affirm")),
        }
        queue_email(user.email, "membership/email/welcome", context)

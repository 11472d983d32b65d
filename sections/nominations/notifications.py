"""Who is mailed what (queued with pydotorg.core.mail.queue_email: stored in the action's
transaction, sent after commit)."""

from django.urls import reverse

from pydotorg.core.links import absolute_url
from pydotorg.core.mail import queue_email


def nominated(nomination):
    """The nominee gets a link to accept or decline (not for a self-nomination: already accepted)."""
    if nomination.self_nomination:
        return None
    election = nomination.election
    context = {
        "nomination": nomination,
        "election": election,
        "accept_url": absolute_url(reverse("nominations:nomination_accept", args=[election.slug, nomination.pk])),
        "nomination_url": absolute_url(nomination.get_absolute_url()),
    }
    return queue_email(nomination.email, "nominations/email/nominated", context)

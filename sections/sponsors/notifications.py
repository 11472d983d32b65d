"""Who is told what, by email (queued with pydotorg.core.mail.queue_email: stored in the
action's transaction, sent after commit, retried, never lost). The sponsorship team is
reached through `moderation.mail_moderators(Sponsorship, ...)` (SPONSORSHIP_NOTIFICATION_TO_EMAIL,
else the holders of sponsors.manage_sponsorships); a sponsor through its contacts."""

from pydotorg.core.mail import queue_email
from pydotorg.core.moderation import mail_moderators

from .models import Sponsorship


def contact_emails(sponsor):
    """Every contact of the sponsor who is not PSF staff (managers are mailed as the team)."""
    return sorted({c.email for c in sponsor.contacts.all() if c.email and not c.manager})


def to_team(template, context):
    return mail_moderators(Sponsorship, template, context)


def to_sponsor(sponsor, template, context):
    return queue_email(contact_emails(sponsor), template, context)


# --- Application ---------------------------------------------------------------------------


# --- Staff workflow (sponsorships, contracts) -----------------------------------------------


# --- Assets (reminders, overdue) ------------------------------------------------------------

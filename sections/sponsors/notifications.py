"""Who is told what, by email (queued with pydotorg.core.mail.queue_email: stored in the
action's transaction, sent after commit, retried, never lost). The sponsorship team is
reached through `moderation.mail_moderators(Sponsorship, ...)` (SPONSORSHIP_NOTIFICATION_TO_EMAIL,
else the holders of sponsors.manage_sponsorships); a sponsor through its contacts."""

from django.urls import reverse

from pydotorg.core.links import absolute_url
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


def application_submitted(sponsorship):
    """A new application: its sponsor's contacts get a receipt, the team a note to review it."""
    context = {
        "sponsorship": sponsorship,
        "sponsor": sponsorship.sponsor,
        "benefits": list(sponsorship.benefits.all()),
        "dashboard_url": dashboard_url(sponsorship),
        "admin_url": admin_url(sponsorship),
    }
    to_sponsor(sponsorship.sponsor, "sponsors/email/application_sponsor", context)
    to_team("sponsors/email/application_team", context)


# --- Staff workflow (sponsorships, contracts) -----------------------------------------------


def admin_url(sponsorship):
    """The sponsorship's page in the admin (its workflow), for the team's mail."""
    return absolute_url(reverse("wagtailsnippets_sponsors_sponsorship:workflow", args=[sponsorship.pk]))


def contract_download_url(sponsorship):
    """Where the sponsor downloads the contract: their dashboard."""
    return absolute_url(reverse("sponsor_dashboard:contract", args=[sponsorship.pk]))


def staff_context(sponsorship, **extra):
    return {"sponsorship": sponsorship, "sponsor": sponsorship.sponsor, "admin_url": admin_url(sponsorship), **extra}


def sponsorship_approved(sponsorship, contract):
    """To the contacts and the team: approved with these dates and fee; the contract follows."""
    context = staff_context(sponsorship, contract=contract)
    to_sponsor(sponsorship.sponsor, "sponsors/email/staff_approved", context)
    to_team("sponsors/email/staff_approved_team", context)


def sponsorship_rejected(sponsorship, comment):
    """To the contacts, with the team's comment."""
    to_sponsor(sponsorship.sponsor, "sponsors/email/staff_rejected", staff_context(sponsorship, comment=comment))


def sponsorship_rolled_back(sponsorship, previous, comment, user):
    """To the team: a decision was taken back (the sponsor is not told)."""
    context = staff_context(sponsorship, previous=previous, comment=comment, user=user)
    to_team("sponsors/email/staff_rolled_back", context)


def contract_sent(contract):
    """To the primary contact (else every contact): the contract to sign, from the dashboard."""
    sponsorship = contract.sponsorship
    context = staff_context(sponsorship, contract=contract, url=contract_download_url(sponsorship))
    primary = sponsorship.sponsor.primary_contact
    if primary and primary.email:
        queue_email([primary.email], "sponsors/email/staff_contract_sent", context)
    else:
        to_sponsor(sponsorship.sponsor, "sponsors/email/staff_contract_sent", context)


def contract_executed(contract):
    """To the contacts and the team: signed, the sponsorship is finalized."""
    sponsorship = contract.sponsorship
    context = staff_context(sponsorship, contract=contract, url=contract_download_url(sponsorship))
    to_sponsor(sponsorship.sponsor, "sponsors/email/staff_executed", context)
    to_team("sponsors/email/staff_executed_team", context)


# --- Assets (reminders, overdue) ------------------------------------------------------------


def dashboard_url(sponsorship):
    return absolute_url(reverse("sponsor_dashboard:detail", args=[sponsorship.pk]))


def assets_submitted(sponsorship, assets, user):
    """To the team: a contact submitted these assets from the dashboard."""
    return to_team(
        "sponsors/email/asset_submitted",
        {"sponsorship": sponsorship, "assets": assets, "user": user, "url": dashboard_url(sponsorship)},
    )


def asset_reminder(sponsorship, assets):
    """To the sponsor's contacts: these assets are missing and due within days."""
    return to_sponsor(
        sponsorship.sponsor,
        "sponsors/email/asset_reminder",
        {
            "sponsorship": sponsorship,
            "assets": assets,
            "url": absolute_url(reverse("sponsor_dashboard:assets", args=[sponsorship.pk])),
        },
    )


def assets_overdue(assets):
    """To the team: the missing assets past their due date, [(sponsorship, [asset, ...]), ...]."""
    return to_team(
        "sponsors/email/asset_overdue",
        {"groups": [(s, items, dashboard_url(s)) for s, items in assets], "count": sum(len(i) for _, i in assets)},
    )

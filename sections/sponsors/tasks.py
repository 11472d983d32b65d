"""Huey tasks of the sponsors section (docs/sections/sponsors.md, "Tasks").

`remind_sponsor_assets` (daily, 09:00 UTC): each active sponsorship's contacts get one mail
listing its required assets still missing and due within REMIND_DAYS, and the team one mail
listing the overdue ones. Each asset mailed about records the day (`reminded_on`) in the
transaction that queues the mail, so a second run the same day (or one resumed after a
crash) mails nobody twice."""

import logging
from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from pydotorg.core.tasks import resumable

from . import notifications
from .models import Asset, Sponsorship

logger = logging.getLogger(__name__)

REMIND_DAYS = 7


def active_sponsorships(today):
    """Approved, or finalized and not ended: those whose assets are still wanted (an
    application not yet approved is not pressed for them; its contacts may upload early)."""
    return Sponsorship.objects.filter(
        Q(status=Sponsorship.Status.APPROVED)
        | Q(status=Sponsorship.Status.FINALIZED) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
    ).select_related("sponsor", "package")


def remind_sponsors(today=None):
    """One mail per active sponsorship with missing assets due within REMIND_DAYS (from today
    on) not yet reminded today. A sponsor's own assets (kept across its sponsorships) go in the
    first of its sponsorships' mails. Returns the number of mails."""
    today = today or timezone.localdate()
    sent = 0
    for sponsorship in active_sponsorships(today).order_by("pk"):
        with transaction.atomic():
            due = (
                Asset.objects.of_sponsorship(sponsorship)
                .due_within(REMIND_DAYS, today=today)
                .exclude(reminded_on=today)
                .select_for_update()
            )
            assets = list(due.order_by("due_date", "label"))
            if not assets:
                continue
            if notifications.asset_reminder(sponsorship, assets):
                sent += 1
            Asset.objects.filter(pk__in=[a.pk for a in assets]).update(reminded_on=today)
    return sent


def flag_overdue(today=None):
    """The team's mail of every overdue asset of the active sponsorships, at most once a day:
    sent when some overdue asset was not yet flagged today. Returns the number of assets
    listed (0: no mail)."""
    today = today or timezone.localdate()
    groups, seen = defaultdict(list), set()
    with transaction.atomic():
        for sponsorship in active_sponsorships(today).order_by("sponsor__name", "year", "pk"):
            for asset in Asset.objects.of_sponsorship(sponsorship).overdue(today=today).order_by("due_date", "label"):
                if asset.pk not in seen:  # a sponsor's own asset is listed once
                    seen.add(asset.pk)
                    groups[sponsorship].append(asset)
        assets = [asset for items in groups.values() for asset in items]
        fresh = Asset.objects.select_for_update().filter(pk__in=seen).exclude(reminded_on=today)
        if not list(fresh.values_list("pk", flat=True)):
            return 0
        notifications.assets_overdue(list(groups.items()))
        Asset.objects.filter(pk__in=seen).update(reminded_on=today)
    return len(assets)


@resumable(after=timedelta(hours=1))
@db_periodic_task(crontab(minute="0", hour="9"))
def remind_sponsor_assets():
    """Daily: reminders of assets due within a week, and the overdue ones to the team."""
    reminded = remind_sponsors()
    overdue = flag_overdue()
    logger.info("sponsor asset reminders: %s mails; overdue assets: %s", reminded, overdue)
    return {"reminders": reminded, "overdue": overdue}

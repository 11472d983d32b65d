"""Periodic and background work of the site as a whole (see docs/architecture.md)."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task
from wagtail.models import Site

from .models import OutgoingEmail

logger = logging.getLogger(__name__)


@db_task(retries=2, retry_delay=30)
def warm_home_pages():
    """Render the home page of every site so its cached parts are fresh for visitors.
    Returns {hostname: status code}."""
    statuses = {}
    for site in Site.objects.all():
        response = Client(HTTP_HOST=site.hostname).get("/", SERVER_PORT=site.port)
        statuses[site.hostname] = response.status_code
    logger.info("home page cache warmed: %s", statuses)
    return statuses


@db_periodic_task(crontab(minute="*/5"))
def warm_home_page_cache():
    """Every 5 minutes (the deployment guide's schedule): queue the warming."""
    warm_home_pages()


MAX_EMAIL_AGE = timedelta(days=1)


@db_task(retries=5, retry_delay=60)
def send_outgoing_email(email_id):
    """Send a stored notification email (see pydotorg.core.mail)."""
    try:
        with transaction.atomic():  # the row lock keeps two workers from sending it twice
            email = (
                OutgoingEmail.objects.select_for_update()
                .filter(pk=email_id, status=OutgoingEmail.Status.PENDING)
                .first()
            )
            if email is None:  # sent already, or given up
                return
            email.deliver()
    except Exception as exc:
        OutgoingEmail.objects.filter(pk=email_id).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise


@db_periodic_task(crontab(minute="*/10"))
def retry_outgoing_email():
    """Every 10 minutes: send what is still pending; give up on what is older than a day."""
    now = timezone.now()
    pending = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING)
    pending.filter(created_at__lt=now - MAX_EMAIL_AGE).update(status=OutgoingEmail.Status.FAILED)
    for email_id in pending.filter(created_at__lt=now - timedelta(minutes=5)).values_list("pk", flat=True):
        try:
            send_outgoing_email.call_local(email_id)
        except Exception:
            logger.warning("outgoing email %s still not sent", email_id)

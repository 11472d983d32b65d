"""Periodic and background work of the site as a whole (see docs/architecture.md)."""

import logging

from django.test import Client
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task
from wagtail.models import Site

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

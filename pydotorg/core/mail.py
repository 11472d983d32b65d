"""Notification email that survives a mail server outage.

    queue_email(["moderators@python.org"], "jobs/email/submitted", {"job": job})

renders `<template>_subject.txt` and `<template>_body.txt`, stores an `OutgoingEmail` in the
current transaction and, once that commits, queues the Huey task that sends it. A failure
to send is recorded on the row and retried by Huey (5 times, a minute apart), then every
10 minutes by `retry_outgoing_email` for a day; after that the row is marked failed and
shows in the admin (Settings → Outgoing email). Tests: wrap the action in
`django_capture_on_commit_callbacks(execute=True)` (pytest-django) so the task runs.
"""

from django.db import transaction
from django.template.loader import render_to_string

from .models import OutgoingEmail
from .tasks import send_outgoing_email


def queue_email(to, template, context, reply_to=()):
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    if not recipients:
        return None
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    email = OutgoingEmail.objects.create(to=recipients, reply_to=list(reply_to), subject=subject[:255], body=body)
    # robust: if the queue is unreachable, the periodic retry sends it later.
    transaction.on_commit(lambda: send_outgoing_email(email.pk), robust=True)
    return email

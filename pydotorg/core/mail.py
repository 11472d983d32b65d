"""The mail outbox: no email of the site is lost while the mail server is down.

Every message goes through it. `EMAIL_BACKEND` is `OutboxBackend`, so whatever Django sends
(allauth's confirmations and password resets, Wagtail's notifications, `send_mail`) is stored
as an `OutgoingEmail`; sections render theirs with

    queue_email(["moderators@python.org"], "jobs/email/submitted", {"job": job})

(`<template>_subject.txt` and `<template>_body.txt`). The row is written in the current
transaction (a rolled-back action sends nothing) and, once that commits, the Huey task
`send_outgoing_email` sends it through `OUTBOX_DELIVERY_BACKEND` (SMTP in production). A
failure is recorded on the row and retried by Huey (5 times, a minute apart), then every 10
minutes by `retry_outgoing_email` for a day; after that the row is marked failed and shows in
the admin (Settings → Outgoing email). Tests: wrap the action in
`django_capture_on_commit_callbacks(execute=True)` (pytest-django) so the task runs.
"""

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string

from .models import OutgoingEmail
from .tasks import send_outgoing_email


def store(message):
    """Store a Django `EmailMessage` in the outbox; it is sent once the transaction commits."""
    email = OutgoingEmail.from_message(message)
    email.save()
    # robust: if the queue is unreachable, the periodic retry sends it later.
    transaction.on_commit(lambda: send_outgoing_email(email.pk), robust=True)
    return email


class OutboxBackend(BaseEmailBackend):
    """The site's EMAIL_BACKEND: stores each message (see `store`) instead of sending it."""

    def send_messages(self, email_messages):
        for message in email_messages:
            store(message)
        return len(email_messages)


def queue_email(to, template, context, reply_to=()):
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    if not recipients:
        return None
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    return store(EmailMessage(subject, body, to=recipients, reply_to=list(reply_to)))

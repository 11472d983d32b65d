"""Notification email is stored first and survives a mail server that is down."""

import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pydotorg.core.mail import queue_email
from pydotorg.core.models import OutgoingEmail
from pydotorg.core.tasks import retry_outgoing_email


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


SMTP_DOWN = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_TIMEOUT": 2,
}


@pytest.fixture
def templates(settings, tmp_path):
    (tmp_path / "hello_subject.txt").write_text("Hello\n  {{ name }}\n")
    (tmp_path / "hello_body.txt").write_text("Dear {{ name }},\nyour job was approved.\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]


@pytest.mark.django_db
def test_email_is_sent_after_the_transaction_commits(templates, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = queue_email(["guido@example.com"], "hello", {"name": "Guido"}, reply_to=["mods@python.org"])
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["guido@example.com"]
    assert message.subject == "Hello Guido"
    assert message.body == "Dear Guido,\nyour job was approved.\n"
    assert message.reply_to == ["mods@python.org"]
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 1 and email.sent_at


@pytest.mark.django_db
def test_rolled_back_action_sends_nothing(templates, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        queue_email(["guido@example.com"], "hello", {"name": "Guido"})
        raise RuntimeError("the action failed")
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_mail_server_down_then_back(templates, django_capture_on_commit_callbacks):
    with override_settings(**SMTP_DOWN, EMAIL_PORT=closed_port()):
        with django_capture_on_commit_callbacks(execute=True):
            email = queue_email("guido@example.com", "hello", {"name": "Guido"})
        email.refresh_from_db()
        assert email.status == OutgoingEmail.Status.PENDING
        assert email.attempts >= 1
        assert "Connection refused" in email.last_error or "ConnectionRefused" in email.last_error

        # Still down at the periodic retry: still pending, never lost.
        OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=30))
        retry_outgoing_email.call_local()
        email.refresh_from_db()
        assert email.status == OutgoingEmail.Status.PENDING

    # The server is back (Django's test mail backend): the next periodic run sends it.
    retry_outgoing_email.call_local()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert [message.to for message in mail.outbox] == [["guido@example.com"]]


@pytest.mark.django_db
def test_email_pending_for_over_a_day_is_marked_failed(templates):
    email = OutgoingEmail.objects.create(to=["a@example.com"], subject="s", body="b")
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(days=2))
    retry_outgoing_email.call_local()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert mail.outbox == []


@pytest.mark.django_db
def test_no_recipient_queues_nothing(templates):
    assert queue_email(["", None], "hello", {"name": "x"}) is None
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_outgoing_email_admin_is_for_superusers_only(client, django_user_model):
    OutgoingEmail.objects.create(to=["a@example.com"], subject="Job approved", body="b")
    url = reverse("outgoing_email:index")
    editor = django_user_model.objects.create_user("editor", "e@example.com", "pw", is_staff=True)
    from django.contrib.auth.models import Group

    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    admin = django_user_model.objects.create_superuser("root", "r@example.com", "pw")
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    assert "Job approved" in response.content.decode()

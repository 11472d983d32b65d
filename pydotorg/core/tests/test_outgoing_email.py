"""Every email is stored first (the outbox) and survives a mail server that is down."""

import email.policy
import socket
import socketserver
import threading
from datetime import timedelta
from email import message_from_bytes

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pydotorg.core.mail import queue_email
from pydotorg.core.models import OutgoingEmail
from pydotorg.core.tasks import retry_outgoing_email
from pydotorg.settings import base as base_settings
from pydotorg.users.factories import UserFactory


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


SMTP_DOWN = {
    "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_TIMEOUT": 2,
}


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: each message is kept as (envelope recipients, message)."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 localhost test SMTP")
        recipients = []
        for line in self.rfile:
            verb = line[:4].upper()
            if verb == b"RCPT":
                recipients.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == b"DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                for data_line in self.rfile:
                    if data_line == b".\r\n":
                        break
                    data.append(data_line[1:] if data_line.startswith(b"..") else data_line)
                message = message_from_bytes(b"".join(data), policy=email.policy.default)
                self.server.received.append((recipients, message))
                recipients = []
                self.reply("250 OK")
            elif verb == b"QUIT":
                self.reply("221 Bye")
                return
            else:  # EHLO, MAIL, RSET, NOOP
                self.reply("250 OK")


@pytest.fixture
def smtp_server():
    """A mail server of the test's own on a free port; `.received` lists what it got."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.daemon_threads = True
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def outbox_backend(settings):
    """Django's test setup replaces EMAIL_BACKEND by locmem: put the site's outbox back."""
    settings.EMAIL_BACKEND = base_settings.EMAIL_BACKEND


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

    # The server is back (the tests' delivery backend, locmem): the next periodic run sends it.
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
def test_sent_mail_is_forgotten_after_a_week(templates):
    """Sent mail holds sign-in and password reset links: admins see it for a week only."""
    old, recent = (OutgoingEmail.objects.create(to=["a@example.com"], subject=s, body="b") for s in ("old", "new"))
    OutgoingEmail.objects.filter(pk=old.pk).update(status="sent", sent_at=timezone.now() - timedelta(days=8))
    OutgoingEmail.objects.filter(pk=recent.pk).update(status="sent", sent_at=timezone.now() - timedelta(days=6))
    retry_outgoing_email.call_local()
    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == ["new"]


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


# --- Every mail the site sends, allauth's included --------------------------------------


@pytest.mark.django_db
def test_every_mail_django_sends_goes_through_the_outbox(outbox_backend, django_capture_on_commit_callbacks):
    assert base_settings.EMAIL_BACKEND == "pydotorg.core.mail.OutboxBackend"
    message = EmailMultiAlternatives(
        subject="Welcome",
        body="Plain text",
        from_email="PSF <psf@python.org>",
        to=["ann@example.com"],
        cc=["cc@example.com"],
        bcc=["bcc@example.com"],
        reply_to=["help@python.org"],
        headers={"X-Mailer": "python.org"},
    )
    message.attach_alternative("<p>HTML text</p>", "text/html")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message.send()
        send_mail("Hello", "Body", None, ["bob@example.com"], html_message="<b>Body</b>")
        html_only = EmailMessage("HTML only", "<i>html</i>", to=["eve@example.com"])
        html_only.content_subtype = "html"
        html_only.send()
        assert mail.outbox == []  # stored, not sent, before the commit
        assert OutgoingEmail.objects.count() == 3
    sent = {m.subject: m for m in mail.outbox}
    assert len(mail.outbox) == 3
    welcome = sent["Welcome"]
    assert (welcome.from_email, welcome.to, welcome.cc, welcome.bcc, welcome.reply_to) == (
        "PSF <psf@python.org>",
        ["ann@example.com"],
        ["cc@example.com"],
        ["bcc@example.com"],
        ["help@python.org"],
    )
    assert welcome.body == "Plain text" and welcome.extra_headers == {"X-Mailer": "python.org"}
    assert welcome.alternatives == [("<p>HTML text</p>", "text/html")]
    assert sent["Hello"].from_email == "Python.org <noreply@python.org>"  # DEFAULT_FROM_EMAIL
    assert sent["Hello"].alternatives == [("<b>Body</b>", "text/html")]
    assert sent["HTML only"].content_subtype == "html" and "text/html" in sent["HTML only"].message()["Content-Type"]
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_a_mail_with_an_attachment_is_refused_not_lost(outbox_backend):
    message = EmailMessage("Report", "See attached", to=["ann@example.com"])
    message.attach("report.csv", "a,b\n", "text/csv")
    with pytest.raises(ValueError, match="does not store attachments"):
        message.send()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_signup_and_password_reset_while_the_mail_server_is_down(
    client, settings, outbox_backend, smtp_server, django_capture_on_commit_callbacks
):
    """The pages answer as usual; the mail waits in the outbox and goes once the server is back."""
    for name, value in SMTP_DOWN.items():
        setattr(settings, name, value)
    settings.EMAIL_PORT = closed_port()
    UserFactory(username="barry", email="barry@example.com", verified=True)

    with django_capture_on_commit_callbacks(execute=True):
        signup = client.post(
            reverse("account_signup"),
            {
                "username": "guido",
                "email": "guido@example.com",
                "password1": "c0rrect-h0rse",
                "password2": "c0rrect-h0rse",
            },
        )
    with django_capture_on_commit_callbacks(execute=True):
        reset = client.post(reverse("account_reset_password"), {"email": "barry@example.com"})

    assert signup.status_code == 302 and signup["Location"] == reverse("account_email_verification_sent")
    assert reset.status_code == 302 and reset["Location"] == reverse("account_reset_password_done")
    guido = get_user_model().objects.get(username="guido")
    assert not EmailAddress.objects.get(user=guido).verified
    emails = list(OutgoingEmail.objects.order_by("pk"))
    assert [(e.to, e.status) for e in emails] == [
        (["guido@example.com"], "pending"),
        (["barry@example.com"], "pending"),
    ]
    assert all(e.attempts == 1 and "Connection refused" in e.last_error for e in emails), [e.last_error for e in emails]

    # The mail server is back: the periodic retry sends both, over SMTP.
    settings.EMAIL_PORT = smtp_server.server_address[1]
    OutgoingEmail.objects.update(created_at=timezone.now() - timedelta(minutes=30))
    retry_outgoing_email.call_local()
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}
    received = {tuple(recipients): message for recipients, message in smtp_server.received}
    assert set(received) == {("guido@example.com",), ("barry@example.com",)}
    assert received[("barry@example.com",)]["Subject"] == "[Python.org] Password Reset Email"
    assert "/accounts/password/reset/key/" in received[("barry@example.com",)].get_body(("plain",)).get_content()
    confirmation = received[("guido@example.com",)]
    assert confirmation["Subject"] == "[Python.org] Please Confirm Your Email Address"
    assert confirmation["From"].addresses[0].addr_spec == "noreply@python.org"

    # The confirmation that was held back works.
    link = next(word for word in confirmation.get_body(("plain",)).get_content().split() if "/confirm-email/" in word)
    client.post(link.split("testserver", 1)[1])
    assert EmailAddress.objects.get(user=guido).verified

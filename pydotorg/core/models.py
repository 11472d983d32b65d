from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PublishingPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin

from .blocks import MenuBlock


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The site's menus. All top-level items form the top bar; the children of the one whose
    URL is "/" (Python) are the main navigation with its drop-down panels, and the footer's
    site map (which also shows the sections marked footer-only)."""

    menu = StreamField(MenuBlock(), blank=True, use_json_field=True)
    footer_note = RichTextField(blank=True, features=["bold", "italic", "link"])

    panels = [FieldPanel("menu"), FieldPanel("footer_note")]

    class Meta:
        verbose_name = "navigation"

    @property
    def top_bar(self):
        return [item.value for item in self.menu]

    @property
    def footer_menu(self):
        """The sections of the site's own menu (the top-level item whose URL is "/")."""
        for item in self.menu:
            if item.value["url"] == "/":
                return list(item.value["children"])
        return []

    @property
    def main_menu(self):
        return [section for section in self.footer_menu if not section.get("footer_only")]


class BannerQuerySet(models.QuerySet):
    def current(self, now=None):
        now = now or timezone.now()
        return (
            self.filter(live=True)
            .filter(Q(start__isnull=True) | Q(start__lte=now))
            .filter(Q(end__isnull=True) | Q(end__gt=now))
            .order_by("-start", "-pk")
        )


class Banner(DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model):
    """A site-wide message shown at the top of every page while its window is open."""

    title = models.CharField(max_length=200)
    message = RichTextField(features=["bold", "italic", "link"])
    link_url = models.URLField(blank=True)
    link_text = models.CharField(max_length=100, blank=True)
    start = models.DateTimeField(null=True, blank=True, help_text="Shown from this moment (empty: at once).")
    end = models.DateTimeField(null=True, blank=True, help_text="Hidden from this moment (empty: until unpublished).")

    objects = BannerQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("message"),
        MultiFieldPanel([FieldPanel("link_url"), FieldPanel("link_text")], heading="Link"),
        MultiFieldPanel([FieldPanel("start"), FieldPanel("end")], heading="Window"),
        PublishingPanel(),
    ]

    class Meta:
        ordering = ["-start", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The end must be after the start."})

    def get_preview_template(self, request, mode_name):
        return "core/banner_preview.html"


class OutgoingEmail(models.Model):
    """A notification email, stored before it is sent so that none is lost while the mail
    server is down: `pydotorg.core.mail.queue_email` writes it in the caller's transaction,
    a Huey task sends it after commit (retried), and a periodic task retries what is left."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed for good"

    to = models.JSONField(help_text="Recipient addresses.")
    reply_to = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outgoing email"

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    def deliver(self):
        """Send this email now and mark it sent. Raises if the mail server fails."""
        EmailMessage(
            subject=self.subject,
            body=self.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=self.to,
            reply_to=self.reply_to or None,
        ).send()
        self.attempts += 1
        self.status = self.Status.SENT
        self.sent_at = timezone.now()
        self.last_error = ""
        self.save(update_fields=["attempts", "status", "sent_at", "last_error"])

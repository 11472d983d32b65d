from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PublishingPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin

from .blocks import MenuBlock
from .validators import LINK_HELP, validate_site_link, validate_site_path_exists


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The site's menus. All top-level items form the top bar; the children of the one whose
    URL is "/" (Python) are the main navigation with its drop-down panels, and the footer's
    site map (which also shows the sections marked footer-only)."""

    cache_keys = ("all",)  # page cache keys (pydotorg/core/pagecache.py)

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

    cache_keys = ("all",)  # page cache keys (pydotorg/core/pagecache.py)

    title = models.CharField(max_length=200)
    message = RichTextField(features=["bold", "italic", "link"])
    link_url = models.CharField(max_length=300, blank=True, validators=[validate_site_link], help_text=LINK_HELP)
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
        try:
            validate_site_path_exists(self.link_url)
        except ValidationError as exc:
            raise ValidationError({"link_url": exc}) from exc

    def get_preview_template(self, request, mode_name):
        return "core/banner_preview.html"


class OutgoingEmail(models.Model):
    """An email, stored before it is sent so that none is lost while the mail server is down:
    every message the site sends (through `pydotorg.core.mail.OutboxBackend` or `queue_email`)
    is written in the caller's transaction, a Huey task sends it after commit (retried), and a
    periodic task retries what is left. It keeps what is needed to send it again as it was."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed for good"

    from_email = models.CharField(max_length=320, blank=True, help_text="Empty: DEFAULT_FROM_EMAIL.")
    to = models.JSONField(help_text="Recipient addresses.")
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True, help_text="Extra headers.")
    subject = models.TextField()
    body = models.TextField()
    content_subtype = models.CharField(max_length=20, default="plain", help_text="The body's type: text/<this>.")
    alternatives = models.JSONField(default=list, blank=True, help_text="[content, MIME type] pairs (an HTML version).")
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

    @classmethod
    def from_message(cls, message):
        """An unsaved row holding a Django `EmailMessage` (or `EmailMultiAlternatives`)."""
        if message.attachments:
            raise ValueError("The outbox does not store attachments.")
        return cls(
            from_email=message.from_email or "",
            to=list(message.to),
            cc=list(message.cc),
            bcc=list(message.bcc),
            reply_to=list(message.reply_to),
            headers=dict(message.extra_headers),
            subject=message.subject,
            body=message.body,
            content_subtype=message.content_subtype,
            alternatives=[[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        )

    def as_message(self):
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body,
            from_email=self.from_email or settings.DEFAULT_FROM_EMAIL,
            to=self.to,
            cc=self.cc,
            bcc=self.bcc,
            reply_to=self.reply_to,
            headers=self.headers,
            alternatives=[tuple(pair) for pair in self.alternatives],
        )
        message.content_subtype = self.content_subtype
        return message

    def deliver(self):
        """Send this email now through OUTBOX_DELIVERY_BACKEND (the real mail server) and mark it
        sent. Raises if the mail server fails."""
        with get_connection(settings.OUTBOX_DELIVERY_BACKEND) as connection:
            connection.send_messages([self.as_message()])
        self.attempts += 1
        self.status = self.Status.SENT
        self.sent_at = timezone.now()
        self.last_error = ""
        self.save(update_fields=["attempts", "status", "sent_at", "last_error"])


class TaskRun(models.Model):
    """One run of a resumable Huey task (`pydotorg.core.tasks.resumable`): written when the task
    starts, closed when it ends. A run still "started" long after it began belongs to a worker
    that died; the periodic `resume_task_runs` queues it again, up to its number of attempts."""

    class Status(models.TextChoices):
        STARTED = "started", "Started"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed for good"

    task_id = models.CharField(max_length=64, unique=True, help_text="Huey's id of the task.")
    name = models.CharField(max_length=200, db_index=True)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.STARTED, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "task run"

    def __str__(self):
        return f"{self.name} {self.task_id}"


class SyncRecord(models.Model):
    """The record of one run of an import from an outside feed (a calendar's, a blog's):
    what it did, or why it changed nothing. A section's record adds the foreign key to what
    it imports (named by SOURCE), its own Status and status field, and any counts of its own
    (listed, in order, in COUNTS)."""

    SOURCE = ""
    COUNTS = ("created", "updated", "unchanged", "skipped")

    trigger = models.CharField(max_length=20, default="schedule")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{getattr(self, self.SOURCE)} at {self.started_at:%Y-%m-%d %H:%M}: {self.get_status_display()}"

    def summary(self):
        counts = ", ".join(f"{name} {getattr(self, name)}" for name in self.COUNTS)
        lines = [
            f"{getattr(self, self.SOURCE).slug}: {self.get_status_display()} at {self.started_at:%Y-%m-%d %H:%M:%S} UTC",
            f"  {counts}",
        ]
        lines += [f"  error: {error}" for error in self.errors]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)

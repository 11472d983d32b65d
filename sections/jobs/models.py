"""The job board's data: jobs (snippets with drafts, revisions and locking), their types and
categories, and the history/comment thread of each job. The board's page type is in
`pages.py`. The lifecycle is declared on `Job` and run by `pydotorg.core.moderation`
(see docs/sections/jobs.md); what is mailed is the caller's `on_done` (notifications.py)."""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin
from wagtail.search import index

from pydotorg.core import moderation


class JobType(models.Model):
    cache_keys = ("jobs",)  # shown on the board (pydotorg/core/pagecache.py)

    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class JobCategory(models.Model):
    cache_keys = ("jobs",)  # shown on the board (pydotorg/core/pagecache.py)

    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "job categories"

    def __str__(self):
        return self.name


class JobQuerySet(models.QuerySet):
    def visible(self, today=None):
        """Approved and not expired: what the public pages show."""
        today = today or timezone.localdate()
        return self.filter(status=Job.Status.APPROVED).filter(
            models.Q(expires__isnull=True) | models.Q(expires__gte=today)
        )

    def for_listing(self):
        return self.select_related("category").prefetch_related("job_types").order_by("-approved_at", "-pk")


class Job(DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model):
    cache_keys = ("jobs",)  # page cache keys (pydotorg/core/pagecache.py)

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        EXPIRED = "expired", "Expired"
        ARCHIVED = "archived", "Archived"
        REMOVED = "removed", "Removed"

    # The lifecycle, as pydotorg.core.moderation reads it.
    STATUS_FIELD = "status"
    # action: (the statuses it may start from, the status it leads to, who may do it)
    TRANSITIONS = {
        "submit": ({Status.DRAFT, Status.REJECTED}, Status.REVIEW, "owner"),
        "withdraw": ({Status.REVIEW, Status.APPROVED}, Status.DRAFT, "owner"),
        "approve": ({Status.REVIEW}, Status.APPROVED, "moderator"),
        "reject": ({Status.REVIEW}, Status.REJECTED, "moderator"),
        "remove": ({Status.APPROVED}, Status.REMOVED, "moderator"),
        "archive": ({Status.APPROVED, Status.EXPIRED}, Status.ARCHIVED, "moderator"),
        "expire": ({Status.APPROVED}, Status.EXPIRED, "system"),
    }
    LIVE_STATUSES = {Status.APPROVED}
    DONE = {
        "submit": "submitted",
        "withdraw": "withdrawn",
        "approve": "approved",
        "reject": "rejected",
        "remove": "removed",
        "archive": "archived",
        "expire": "expired",
    }
    moderate_permission = "jobs.moderate_job"
    moderators_email_setting = "JOBS_MODERATORS_EMAIL"
    MODERATOR_ACTIONS = ["approve", "reject", "remove", "archive"]
    EDITABLE = {Status.DRAFT, Status.REJECTED}

    title = models.CharField(max_length=100)
    company_name = models.CharField("company", max_length=100)
    company_description = models.TextField(blank=True)
    category = models.ForeignKey(JobCategory, on_delete=models.PROTECT, related_name="jobs")
    job_types = models.ManyToManyField(JobType, related_name="jobs", help_text="Select all that apply.")
    city = models.CharField(max_length=100)
    region = models.CharField("state, province or region", max_length=100, blank=True)
    country = models.CharField(max_length=100)
    location_slug = models.SlugField(max_length=350, editable=False, db_index=True)
    telecommuting = models.BooleanField("remote work is possible", default=False)
    agencies = models.BooleanField("agencies may contact", default=True)
    description = models.TextField(help_text="Markdown.")
    requirements = models.TextField(help_text="Markdown.")
    contact = models.CharField("contact name", max_length=100, blank=True)
    email = models.EmailField("contact email")
    url = models.URLField("URL", blank=True)
    is_featured = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires = models.DateField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    # Site search (pydotorg/core/search.py): FilterFields for what JobQuerySet.visible() filters on.
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("company_name"),
        index.SearchField("description"),
        index.SearchField("requirements"),
        index.SearchField("location"),
        index.FilterField("status"),
        index.FilterField("expires"),
    ]

    panels = [
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("company_name"), FieldPanel("company_description")], heading="Job"
        ),
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("job_types"), FieldPanel("is_featured")], heading="Classification"
        ),
        MultiFieldPanel(
            [FieldPanel("city"), FieldPanel("region"), FieldPanel("country"), FieldPanel("telecommuting")],
            heading="Location",
        ),
        FieldPanel("description"),
        FieldPanel("requirements"),
        MultiFieldPanel(
            [FieldPanel("contact"), FieldPanel("email"), FieldPanel("url"), FieldPanel("agencies")], heading="Contact"
        ),
        FieldPanel("expires"),
    ]

    class Meta:
        ordering = ["-created", "-pk"]
        permissions = [("moderate_job", "Can approve, reject, remove and archive jobs")]
        indexes = [
            models.Index(fields=["status", "expires"]),
            # the board's order: its first page without sorting every approved job
            models.Index(fields=["-approved_at", "-id"], name="jobs_job_listing_idx"),
        ]

    def __str__(self):
        return f"{self.title}, {self.company_name}"

    def save(self, *args, **kwargs):
        self.live = self.status in self.LIVE_STATUSES  # only approved jobs are published
        self.location_slug = slugify(" ".join(filter(None, [self.city, self.region, self.country])))[:350]
        super().save(*args, **kwargs)

    @property
    def location(self):
        return ", ".join(filter(None, [self.city, self.region, self.country]))

    @property
    def is_visible(self):
        return self.status == self.Status.APPROVED and (self.expires is None or self.expires >= timezone.localdate())

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    def is_owner(self, user):
        return bool(user and user.is_authenticated and self.submitted_by_id == user.pk)

    def stamp(self, action):
        """The dates a transition sets: submitted_at, or approved_at and the expiry date."""
        if action == "submit":
            self.submitted_at = timezone.now()
        elif action == "approve":
            self.approved_at = timezone.now()
            self.expires = timezone.localdate() + timedelta(days=settings.JOBS_EXPIRY_DAYS)

    def transition(self, action, user=None, *, comment="", on_done=None):
        """Move the job along its lifecycle (`pydotorg.core.moderation.transition`: role
        checked, row locked, revision, publish/unpublish, Wagtail's history) and record the
        step in the job's thread. `on_done(job, event)` runs in the same transaction (the
        caller's notifications). Returns the JobEvent."""
        done = {}

        def record(job, previous):
            done["event"] = JobEvent.objects.create(
                job=job, actor=user, action=action, from_status=previous, to_status=job.status, comment=comment
            )
            if on_done:
                on_done(job, done["event"])

        moderation.transition(self, action, user, comment=comment, apply=lambda job: job.stamp(action), on_done=record)
        return done["event"]

    def add_comment(self, user, comment, *, on_done=None):
        """A message in the job's thread, by the submitter or a moderator. `on_done(job,
        event)` is the caller's notification. Returns the JobEvent."""
        if not (self.is_owner(user) or moderation.can_moderate(user, Job)):
            moderation.refuse("You may not comment on this job.")
        event = JobEvent.objects.create(
            job=self, actor=user, action="comment", from_status=self.status, to_status=self.status, comment=comment
        )
        if on_done:
            on_done(self, event)
        return event

    def get_url(self, name=""):
        """Absolute URL on the board ("" the public page, "preview", "edit"...)."""
        board = apps.get_model("jobs", "JobBoardPage").objects.live().first()  # pages.py, looked up by name
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (board.url if board else "/jobs/")
        return f"{base}{self.pk}/" + (f"{name}/" if name else "")


class JobEvent(models.Model):
    """One step of a job's history: a transition or a comment, by whom and when. The thread
    that the submitter and the moderators see on the job's preview page."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    comment = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.job_id} {self.action} by {self.actor or 'the site'}"

    @property
    def by_moderator(self):
        return self.actor_id is not None and self.actor_id != self.job.submitted_by_id

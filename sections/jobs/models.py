"""The job board: jobs (snippets with drafts, revisions and locking), their types and
categories, the history/comment thread of each job, and the board's index page that serves
every /jobs/... URL. The lifecycle is in `Job.transition` (see docs/sections/jobs.md)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.actions.unpublish import UnpublishAction
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import DraftStateMixin, LockableMixin, Page, RevisionMixin


class JobType(models.Model):
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class JobCategory(models.Model):
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "job categories"

    def __str__(self):
        return self.name


class TransitionNotAllowed(Exception):
    """The job is not in a state the action may start from; the message says why."""


class JobQuerySet(models.QuerySet):
    def visible(self, today=None):
        """Approved and not expired: what the public pages show."""
        today = today or timezone.localdate()
        return self.filter(status=Job.Status.APPROVED).filter(
            models.Q(expires__isnull=True) | models.Q(expires__gte=today)
        )

    def for_listing(self):
        return self.select_related("category").prefetch_related("job_types").order_by("-approved_at", "-pk")


class Job(DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        EXPIRED = "expired", "Expired"
        ARCHIVED = "archived", "Archived"
        REMOVED = "removed", "Removed"

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
    DONE = {
        "submit": "submitted",
        "withdraw": "withdrawn",
        "approve": "approved",
        "reject": "rejected",
        "remove": "removed",
        "archive": "archived",
        "expire": "expired",
    }
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
        indexes = [models.Index(fields=["status", "expires"])]

    def __str__(self):
        return f"{self.title}, {self.company_name}"

    def save(self, *args, **kwargs):
        self.live = self.status == self.Status.APPROVED  # only approved jobs are published
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
        return user.is_authenticated and self.submitted_by_id == user.pk

    def allowed_actions(self, user):
        """The transitions `user` may start from the job's current status."""
        return [
            action
            for action, (sources, _target, role) in self.TRANSITIONS.items()
            if self.status in sources
            and ((role == "owner" and self.is_owner(user)) or (role == "moderator" and is_moderator(user)))
        ]

    def transition(self, action, user=None, comment=""):
        """Move the job along its lifecycle, keep who did it and when (a JobEvent, a
        revision, and Wagtail's log through publish/unpublish), and notify. The row is
        locked, so two moderators cannot approve the same job twice."""
        from . import notifications

        sources, target, role = self.TRANSITIONS[action]
        # user None: the site itself (the periodic tasks), which may do any transition.
        if user is not None and not (
            (role == "owner" and self.is_owner(user)) or (role == "moderator" and is_moderator(user))
        ):
            raise PermissionDenied(f"You may not {action} this job.")
        with transaction.atomic():
            current = Job.objects.select_for_update().get(pk=self.pk)
            if current.status not in sources:
                status = current.get_status_display().lower()
                raise TransitionNotAllowed(f"A job that is {status} cannot be {self.DONE[action]}.")
            previous = current.status
            self.refresh_from_db()  # act on the row as it is now, not on a stale copy
            now = timezone.now()
            self.status = target
            if action == "submit":
                self.submitted_at = now
            if action == "approve":
                self.approved_at = now
                self.expires = timezone.localdate() + timedelta(days=settings.JOBS_EXPIRY_DAYS)
            self.save()
            revision = self.save_revision(user=user, clean=False)
            if target == self.Status.APPROVED:
                revision.publish(user=user, skip_permission_checks=True)  # the role is checked above
            elif previous == self.Status.APPROVED:
                UnpublishAction(self, user=user).execute(skip_permission_checks=True)
            event = JobEvent.objects.create(
                job=self, actor=user, action=action, from_status=previous, to_status=target, comment=comment
            )
            notifications.transition_done(self, event)
        return event

    def add_comment(self, user, comment):
        """A message in the job's thread: from a moderator it mails the submitter, from the
        submitter it mails the moderators."""
        from . import notifications

        if not (self.is_owner(user) or is_moderator(user)):
            raise PermissionDenied("You may not comment on this job.")
        event = JobEvent.objects.create(
            job=self, actor=user, action="comment", from_status=self.status, to_status=self.status, comment=comment
        )
        notifications.comment_added(self, event)
        return event

    def get_url(self, name=""):
        """Absolute URL on the board ("" the public page, "preview", "edit"...)."""
        board = JobBoardPage.objects.live().first()
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (board.url if board else "/jobs/")
        return f"{base}{self.pk}/" + (f"{name}/" if name else "")


def is_moderator(user):
    """Job board moderators (the group's permission), staff and superusers."""
    return user.is_authenticated and user.is_active and (user.is_staff or user.has_perm("jobs.moderate_job"))


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


class JobBoardPage(RoutablePageMixin, Page):
    """/jobs/ and every URL under it (sections/jobs/views.py)."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    # Thin routes: the views are in views.py.
    @path("")
    def index(self, request):
        return views.index(request, self)

    @path("<int:pk>/")
    def detail(self, request, pk):
        return views.detail(request, self, pk)

    @path("<int:pk>/preview/")
    def preview(self, request, pk):
        return views.preview(request, self, pk)

    @path("<int:pk>/edit/")
    def edit(self, request, pk):
        return views.edit(request, self, pk)

    @re_path(r"^(?P<pk>\d+)/(?P<action>submit|withdraw|approve|reject|remove|archive|comment)/$", name="action")
    def job_action(self, request, pk, action):
        return views.job_action(request, self, pk, action)

    @path("create/")
    def create(self, request):
        return views.edit(request, self, None)

    @path("mine/")
    def mine(self, request):
        return views.mine(request, self)

    @path("review/")
    def review(self, request):
        return views.review(request, self)

    @path("location/<slug:slug>/")
    def location(self, request, slug):
        return views.index(request, self, location=slug)

    @path("type/<slug:slug>/")
    def job_type(self, request, slug):
        return views.index(request, self, job_type=slug)

    @path("category/<slug:slug>/")
    def category(self, request, slug):
        return views.index(request, self, category=slug)

    @path("locations/")
    def locations(self, request):
        return views.locations(request, self)

    @path("types/")
    def types(self, request):
        return views.types(request, self)

    @path("categories/")
    def categories(self, request):
        return views.categories(request, self)

    @path("feed/rss/")
    def feed(self, request):
        return views.JobFeed(self)(request)


from . import views  # noqa: E402 (last: views import the models above)

"""The job board in the Wagtail admin: jobs, types and categories under "Job board", the
jobs listing filtered by status as the moderators' queue (on the dashboard and in the
"Awaiting review" menu: `register_review_queue`), and a Review view per job (approve / reject /
remove / archive with a comment: the same transitions as /jobs/review/). The editor's Publish on
a job in review approves it (pydotorg/core/wagtail_hooks.py)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pydotorg.core.moderation import (
    TransitionNotAllowed,
    allowed_actions,
    can_moderate,
    refuse,
    register_review_queue,
)
from pydotorg.core.search import register_search_type

from . import notifications
from .forms import ModerationForm
from .models import Job, JobCategory, JobType
from .pages import JobBoardPage


def review_view(request, pk):
    if not can_moderate(request.user, Job):
        refuse("Only the job board moderators review jobs.")
    job = get_object_or_404(Job.objects.select_related("category", "submitted_by").prefetch_related("job_types"), pk=pk)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "comment":
        comment = request.POST.get("comment", "").strip()
        if comment:
            job.add_comment(request.user, comment[:5000], on_done=notifications.comment_added)
            messages.success(request, "Your comment is posted and mailed to the submitter.")
            return redirect(reverse("wagtailsnippets_jobs_job:review", args=[job.pk]))
        messages.error(request, "Write a comment first.")
    elif request.method == "POST" and form.is_valid():
        try:
            job.transition(
                form.cleaned_data["action"],
                request.user,
                comment=form.cleaned_data["comment"],
                on_done=notifications.transition_done,
            )
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"“{job.title}” is now {job.get_status_display().lower()}.")
            return redirect(reverse("wagtailsnippets_jobs_job:list"))
    return TemplateResponse(
        request,
        "jobs/admin/review.html",
        {
            "job": job,
            "form": form,
            "events": job.events.select_related("actor"),
            "types": job.job_types.all(),
            "actions": [a for a in allowed_actions(job, request.user) if a in Job.MODERATOR_ACTIONS],
            "page_title": f"Review: {job.title}",
            "header_icon": "tasks",
            "public_url": job.get_url("preview"),
        },
    )


class JobViewSet(SnippetViewSet):
    model = Job
    icon = "tasks"
    menu_label = "Jobs"
    list_display = ["title", "company_name", "status", "submitted_by", "submitted_at", "expires"]
    list_filter = ["status", "category", "telecommuting", "is_featured"]
    search_fields = ["title", "company_name", "city", "country"]
    search_backend_name = None  # plain database filtering on search_fields
    ordering = ["-submitted_at", "-pk"]
    list_export = ["title", "company_name", "status", "city", "country", "email", "submitted_at", "expires"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("review/<int:pk>/", review_view, name="review")]


class JobTypeViewSet(SnippetViewSet):
    model = JobType
    icon = "tag"
    list_display = ["name", "slug"]


class JobCategoryViewSet(SnippetViewSet):
    model = JobCategory
    icon = "folder-inverse"
    list_display = ["name", "slug"]


class JobBoardGroup(SnippetViewSetGroup):
    menu_label = "Job board"
    menu_icon = "tasks"
    menu_order = 250
    items = (JobViewSet, JobTypeViewSet, JobCategoryViewSet)


register_snippet(JobBoardGroup)


def approve(job, user):
    """A moderator's approval from the admin editor: the same transition and mail as Review."""
    job.transition("approve", user, on_done=notifications.transition_done)


register_review_queue(
    "Jobs",
    Job,
    Job.objects.filter(status=Job.Status.REVIEW),
    lambda: reverse("wagtailsnippets_jobs_job:list") + f"?status={Job.Status.REVIEW}",
    approve=approve,
)


@hooks.register("register_snippet_listing_buttons")
def review_button(snippet, user, next_url=None):
    """ "Review" on a job awaiting review; "Remove or archive" where only those apply (approved,
    expired); nothing on the others."""
    if not (isinstance(snippet, Job) and can_moderate(user, Job)):
        return
    actions = [a for a in allowed_actions(snippet, user) if a in Job.MODERATOR_ACTIONS]
    if actions:
        label = "Review" if snippet.status == Job.Status.REVIEW else " or ".join(actions).capitalize()
        url = reverse("wagtailsnippets_jobs_job:review", args=[snippet.pk])
        yield ListingButton(label, url, icon_name="tasks", priority=5)


# --- Site search (pydotorg/core/search.py) ------------------------------------------------
def board_url(request):
    board = JobBoardPage.objects.live().first()
    return (board.get_url(request) if board else None) or "/jobs/"


register_search_type(
    "jobs",
    "Jobs",
    "Job",
    Job,
    visible=lambda: Job.objects.visible(),  # approved and not expired
    url=lambda job, board: f"{board}{job.pk}/",
    base=board_url,
    date=lambda job: job.approved_at,
    text=lambda job: f"{job.company_name}, {job.location}. {job.description} {job.requirements}",
    order=30,
)

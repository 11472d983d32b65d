"""The views behind JobBoardPage's routes. Each takes the request and the board page.

Who may do what (docs/sections/jobs.md): everyone reads approved, unexpired jobs; logged-in
users create jobs and see /jobs/mine/; the owner previews, edits (draft or rejected),
submits, withdraws and comments; moderators (the `jobs.moderate_job` permission, see
pydotorg.core.moderation.can_moderate) see every job, review, comment. Every refusal is
`refuse(message)`: a 403 in the site's layout."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from pydotorg.core.html import json_ld
from pydotorg.core.links import SiteFeed
from pydotorg.core.markup import render_markdown
from pydotorg.core.moderation import TransitionNotAllowed, allowed_actions, can_moderate, refuse

from . import notifications
from .forms import CommentForm, JobForm, ModerationForm
from .models import Job, JobCategory, JobEvent, JobType

PER_PAGE = 20


def login_required(request):
    return redirect_to_login(request.get_full_path(), reverse("account_login"))


def job_url(page, job, name=""):
    return f"{page.url}{job.pk}/" + (f"{name}/" if name else "")


def get_own_or_moderated_job(request, pk):
    """The job if the user submitted it or moderates; refused (403) otherwise."""
    job = get_object_or_404(Job.objects.select_related("category", "submitted_by"), pk=pk)
    if not (job.is_owner(request.user) or can_moderate(request.user, Job)):
        refuse("Only the submitter and the moderators see this job.")
    return job


# --- Public pages ---------------------------------------------------------------------


def index(request, page, location=None, job_type=None, category=None):
    jobs = Job.objects.visible().for_listing()
    heading, filters = "Python jobs", {}
    location = location or request.GET.get("location")
    job_type = job_type or request.GET.get("type")
    category = category or request.GET.get("category")
    if location:
        jobs = jobs.filter(location_slug=location)
        first = jobs.first()
        if first is None and "location" not in request.GET:
            raise Http404("No jobs at this location.")
        heading = f"Python jobs in {first.location}" if first else heading
        filters["location"] = location
    if job_type:
        selected = get_object_or_404(JobType, slug=job_type)
        jobs = jobs.filter(job_types=selected)
        heading, filters["type"] = f"{selected.name} jobs", job_type
    if category:
        selected = get_object_or_404(JobCategory, slug=category)
        jobs = jobs.filter(category=selected)
        heading, filters["category"] = f"Python jobs: {selected.name}", category
    if request.GET.get("remote"):
        jobs = jobs.filter(telecommuting=True)
        filters["remote"] = "1"
    query = request.GET.get("q", "").strip()[:200]
    if query:
        jobs = jobs.filter(
            Q(title__icontains=query)
            | Q(company_name__icontains=query)
            | Q(description__icontains=query)
            | Q(city__icontains=query)
            | Q(country__icontains=query)
        )
        filters["q"] = query
    paginator = Paginator(jobs, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return page.render(
        request,
        template="jobs/index.html",
        context_overrides={
            "heading": heading,
            "jobs": page_obj,
            "page_obj": page_obj,
            "filters": filters,
            "query": query,
            "job_types": JobType.objects.all(),
            "categories": JobCategory.objects.all(),
        },
    )


# schema.org's JobPosting.employmentType takes these values only, in this order. Our job types
# are mostly roles ("Software Engineer", "Data Science"): a type whose slug names an employment
# type maps onto it, every other one onto OTHER.
EMPLOYMENT_TYPES = {
    "FULL_TIME": r"full-?time|permanent",
    "PART_TIME": r"part-?time",
    "CONTRACTOR": r"contract(or|ing)?|freelance(r)?|consult(ant|ing)?",
    "TEMPORARY": r"temporary|temp",
    "INTERN": r"intern(s|ship)?",
    "VOLUNTEER": r"volunteer(ing)?",
    "PER_DIEM": r"per-diem",
}


def employment_types(job_types):
    """The schema.org employmentType values of our job types."""
    found = set()
    for job_type in job_types:
        matches = [value for value, words in EMPLOYMENT_TYPES.items() if re.search(rf"\b({words})\b", job_type.slug)]
        found.update(matches or ["OTHER"])
    return [value for value in [*EMPLOYMENT_TYPES, "OTHER"] if value in found]


def job_posting(request, page, job):
    """The job as schema.org's JobPosting (JSON-LD on its public page)."""
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": str(render_markdown(job.description)),
        "datePosted": (job.approved_at or job.created).date().isoformat(),
        "employmentType": employment_types(job.job_types.all()),
        "hiringOrganization": {
            "@type": "Organization",
            "name": job.company_name,
            **({"sameAs": job.url} if job.url else {}),
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": job.city,
                "addressRegion": job.region,
                "addressCountry": job.country,
            },
        },
        "url": request.build_absolute_uri(job_url(page, job)),
    }
    if job.expires:
        data["validThrough"] = job.expires.isoformat()
    if job.telecommuting:
        data["jobLocationType"] = "TELECOMMUTE"
    return data


def detail(request, page, pk):
    job = get_object_or_404(Job.objects.select_related("category").prefetch_related("job_types"), pk=pk)
    if not job.is_visible and not (job.is_owner(request.user) or can_moderate(request.user, Job)):
        raise Http404("No such job.")
    return page.render(
        request,
        template="jobs/detail.html",
        context_overrides={"job": job, "json_ld": json_ld(job_posting(request, page, job))},
    )


def locations(request, page):
    rows = (
        Job.objects.visible()
        .values("location_slug", "city", "region", "country")
        .annotate(count=Count("pk"))
        .order_by("country", "region", "city")
    )
    items = [
        {
            "slug": r["location_slug"],
            "name": ", ".join(filter(None, [r["city"], r["region"], r["country"]])),
            "count": r["count"],
        }
        for r in rows
    ]
    return page.render(
        request,
        template="jobs/taxonomy.html",
        context_overrides={"heading": "Job locations", "items": items, "prefix": "location"},
    )


def taxonomy(request, page, model, heading, prefix):
    rows = model.objects.filter(jobs__in=Job.objects.visible()).annotate(count=Count("jobs")).order_by("name")
    items = [{"slug": r.slug, "name": r.name, "count": r.count} for r in rows]
    return page.render(
        request, template="jobs/taxonomy.html", context_overrides={"heading": heading, "items": items, "prefix": prefix}
    )


def types(request, page):
    return taxonomy(request, page, JobType, "Job types", "type")


def categories(request, page):
    return taxonomy(request, page, JobCategory, "Job categories", "category")


class JobFeed(SiteFeed):
    """The 20 newest approved, unexpired jobs; every URL absolute on the host it is served from."""

    description = "The newest Python jobs on the python.org job board."

    def __init__(self, page):
        super().__init__()
        self.page = page

    def title(self):
        return "Python.org job board"

    def link(self):
        return self.absolute(self.page.get_url(self.request))

    def items(self):
        return Job.objects.visible().for_listing()[:20]

    def item_title(self, job):
        return f"{job.title}, {job.company_name} ({job.location})"

    def item_description(self, job):
        return str(render_markdown(job.description))

    def item_link(self, job):
        return self.absolute(job_url(self.page, job))

    def item_pubdate(self, job):
        return job.approved_at

    def item_categories(self, job):
        return [job.category.name, *(t.name for t in job.job_types.all())]


# --- Submitters ------------------------------------------------------------------------


def edit(request, page, pk):
    """/jobs/create/ (pk None) and /jobs/<pk>/edit/: preview, save as draft, or submit."""
    if not request.user.is_authenticated:
        return login_required(request)
    job = None
    if pk is not None:
        job = get_object_or_404(Job, pk=pk)
        if not job.is_owner(request.user):
            refuse("Only the submitter may edit this job.")
        if not job.is_editable:
            messages.error(request, f"A job that is {job.get_status_display().lower()} cannot be edited.")
            return redirect(job_url(page, job, "preview"))
    form = JobForm(request.POST or None, instance=job, user=request.user)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = form.save(commit=False)
            preview.preview_types = form.cleaned_data["job_types"]
        else:
            new = form.instance.pk is None
            job = form.save(commit=False)
            job.submitted_by = job.submitted_by or request.user
            job.save()
            form.save_m2m()
            job.save_revision(user=request.user, clean=False, log_action=True)
            if new:
                JobEvent.objects.create(job=job, actor=request.user, action="create", to_status=job.status)
            if "submit" in request.POST:
                job.transition("submit", request.user, on_done=notifications.transition_done)
                messages.success(request, "Thank you: your job is submitted. The moderators will review it.")
            else:
                messages.success(request, "Your job is saved as a draft. Submit it for review when it is ready.")
            return redirect(job_url(page, job, "preview"))
    return page.render(
        request,
        template="jobs/form.html",
        context_overrides={
            "form": form,
            "job": job,
            "preview": preview,
            "heading": f"Edit “{job.title}”" if job else "Post a job",
            "intro": "Descriptions and requirements are written in Markdown. Save a draft, preview it, and submit "
            f"it for review when it is ready: the moderators publish it for {settings.JOBS_EXPIRY_DAYS} days.",
        },
    )


def preview(request, page, pk):
    """The job as it will look, its status, the thread and the actions open to the user."""
    if not request.user.is_authenticated:
        return login_required(request)
    job = get_own_or_moderated_job(request, pk)
    return page.render(
        request,
        template="jobs/preview.html",
        context_overrides={
            "job": job,
            "events": job.events.select_related("actor"),
            "actions": allowed_actions(job, request.user),
            "can_moderate": can_moderate(request.user, Job),
            "is_owner": job.is_owner(request.user),
            "comment_form": CommentForm(),
            "moderation_form": ModerationForm(),
        },
    )


def job_action(request, page, pk, action):
    """POST /jobs/<pk>/<action>/: a transition or a comment, then back to the preview."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return login_required(request)
    job = get_own_or_moderated_job(request, pk)
    if action == "comment":
        form = CommentForm(request.POST, user=None if can_moderate(request.user, Job) else request.user)
        if not form.is_valid():
            messages.error(request, " ".join(form.non_field_errors()) or "Write a comment first.")
        else:
            job.add_comment(request.user, form.cleaned_data["comment"], on_done=notifications.comment_added)
            messages.success(request, "Your comment is posted.")
        return redirect(job_url(page, job, "preview"))
    comment = ""
    if action in Job.MODERATOR_ACTIONS:
        form = ModerationForm({"action": action, "comment": request.POST.get("comment", "")})
        if not can_moderate(request.user, Job):
            refuse("Only the job board moderators may do that.")
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect(job_url(page, job, "preview"))
        comment = form.cleaned_data["comment"]
    try:
        job.transition(action, request.user, comment=comment, on_done=notifications.transition_done)
    except TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The job is now {job.get_status_display().lower()}.")
    return redirect(job_url(page, job, "preview"))


def mine(request, page):
    if not request.user.is_authenticated:
        return login_required(request)
    jobs = (
        Job.objects.filter(submitted_by=request.user)
        .select_related("category")
        .prefetch_related(Prefetch("events", queryset=JobEvent.objects.exclude(comment="").select_related("actor")))
    )
    return page.render(request, template="jobs/mine.html", context_overrides={"jobs": jobs})


# --- Moderators --------------------------------------------------------------------------


def review(request, page):
    if not request.user.is_authenticated:
        return login_required(request)
    if not can_moderate(request.user, Job):
        refuse("Only the job board moderators review jobs.")
    status = request.GET.get("status", Job.Status.REVIEW)
    if status not in Job.Status.values:
        status = Job.Status.REVIEW
    jobs = Job.objects.filter(status=status).select_related("category", "submitted_by").order_by("submitted_at", "pk")
    paginator = Paginator(jobs, 50)
    return page.render(
        request,
        template="jobs/review.html",
        context_overrides={
            "jobs": paginator.get_page(request.GET.get("page")),
            "status": status,
            "statuses": Job.Status.choices,
            "counts": dict(Job.objects.values_list("status").annotate(n=Count("pk"))),
        },
    )

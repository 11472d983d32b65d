"""Who is told what, by email (queued with pydotorg.core.mail.queue_email: stored in the
action's transaction, sent by Huey after commit, retried, never lost)."""

from django.conf import settings

from pydotorg.core.mail import queue_email


def moderators(job=None):
    return [settings.JOBS_MODERATORS_EMAIL]


def submitter(job):
    return [job.submitted_by.email] if job.submitted_by and job.submitted_by.email else []


def context(job, event):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return {
        "job": job,
        "event": event,
        "job_url": job.get_url(),
        "preview_url": job.get_url("preview"),
        "review_url": job.get_url("preview"),
        "admin_url": f"{base}/admin/snippets/jobs/job/review/{job.pk}/",
    }


# transition → (template, recipients)
TRANSITION_MAIL = {
    "submit": ("jobs/email/submitted", moderators),
    "approve": ("jobs/email/approved", submitter),
    "reject": ("jobs/email/rejected", submitter),
    "remove": ("jobs/email/removed", submitter),
}


def transition_done(job, event):
    if event.action not in TRANSITION_MAIL:
        return None
    template, recipients = TRANSITION_MAIL[event.action]
    return queue_email(recipients(job), template, context(job, event), reply_to=moderators())


def comment_added(job, event):
    if job.is_owner(event.actor):
        return queue_email(moderators(), "jobs/email/reply", context(job, event), reply_to=submitter(job))
    return queue_email(submitter(job), "jobs/email/comment", context(job, event), reply_to=moderators())

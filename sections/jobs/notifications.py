"""Who is told what, by email (queued with pydotorg.core.mail.queue_email: stored in the
action's transaction, sent by Huey after commit, retried, never lost). The views and the
admin pass these as the `on_done` of `Job.transition` and `Job.add_comment`; the periodic
tasks pass nothing (expiry and archiving tell nobody)."""

from django.conf import settings

from pydotorg.core.mail import queue_email
from pydotorg.core.moderation import mail_moderators, moderator_emails

from .models import Job


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


# transition → template; "submit" goes to the moderators, the others to the submitter.
TRANSITION_MAIL = {
    "submit": "jobs/email/submitted",
    "approve": "jobs/email/approved",
    "reject": "jobs/email/rejected",
    "remove": "jobs/email/removed",
}


def transition_done(job, event):
    """The `on_done` of a transition: mail whoever the step concerns."""
    template = TRANSITION_MAIL.get(event.action)
    if template is None:
        return None
    to = moderator_emails(Job) if event.action == "submit" else submitter(job)
    return queue_email(to, template, context(job, event), reply_to=moderator_emails(Job))


def comment_added(job, event):
    """The `on_done` of a comment: from the submitter it mails the moderators, from a
    moderator the submitter."""
    if job.is_owner(event.actor):
        return mail_moderators(Job, "jobs/email/reply", context(job, event), reply_to=submitter(job))
    return queue_email(submitter(job), "jobs/email/comment", context(job, event), reply_to=moderator_emails(Job))

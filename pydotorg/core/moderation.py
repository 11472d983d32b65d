"""Moderation shared by every section whose content visitors submit (jobs, events, and next
success stories and sponsors). One rule for who moderates, one locked transition with
history, one way a refusal answers, one way moderators are mailed.

A moderated model declares:

    STATUS_FIELD = "status"                # the field holding the state
    TRANSITIONS = {"approve": ({"review"}, "approved", "moderator"), ...}
    #              action:    (states it may start from, state it leads to, who: owner/moderator/system)
    LIVE_STATUSES = {"approved"}           # states in which the object is published
    DONE = {"approve": "approved", ...}    # the past tense, for messages
    moderate_permission = "jobs.moderate_job"
    moderators_email_setting = "JOBS_MODERATORS_EMAIL"  # optional: a list address instead of users

and an `is_owner(user)` method. `transition(obj, "approve", user, comment=...)` does the rest.

A section puts its queue of submissions awaiting review on the moderators' admin dashboard
and in the admin menu ("Awaiting review") with one call in its `wagtail_hooks.py`:

    moderation.register_review_queue(
        "Jobs", Job, Job.objects.filter(status=Job.Status.REVIEW), "/admin/snippets/jobs/job/?status=review",
        approve=lambda job, user: job.transition("approve", user, on_done=notifications.transition_done),
    )

`approve(obj, user)` is what the admin editor's Publish button does on a waiting item (the
same transition and mail as the section's own review); without it, Publish is refused there.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from wagtail.actions.unpublish import UnpublishAction
from wagtail.log_actions import log

from .mail import queue_email

LOG_ACTION = "pydotorg.moderation"


class TransitionNotAllowed(Exception):
    """The object is not in a state the action may start from; the message says why."""


def refuse(message):
    """The one way a moderation refusal answers: a 403 in the site's layout (templates/403.html)
    showing `message`, raised as PermissionDenied so views, the admin and tasks all agree."""
    raise PermissionDenied(message)


def can_moderate(user, model):
    """Who moderates a content type: an active user holding its moderation permission (through
    a group, directly, or as a superuser). `is_staff` alone grants nothing."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(model.moderate_permission))


def may(user, obj, action):
    """Whether `user` may start `action` on `obj`, whatever the object's state."""
    role = obj.TRANSITIONS[action][2]
    return (role == "owner" and obj.is_owner(user)) or (role == "moderator" and can_moderate(user, type(obj)))


def allowed_actions(obj, user):
    """The transitions `user` may start from the object's current state."""
    state = getattr(obj, obj.STATUS_FIELD)
    return [
        action for action, (sources, _, _) in obj.TRANSITIONS.items() if state in sources and may(user, obj, action)
    ]


def transition(obj, action, user=None, *, comment="", apply=None, on_done=None):
    """Move `obj` along its lifecycle with the row locked (two moderators cannot approve the same
    object twice), keep the history (a revision, Wagtail's log: publish/unpublish and a
    "moderation" entry with the comment) and return the previous state. `user` None is the site
    itself (periodic tasks), which may do any transition. `apply(obj)` sets fields of the target
    state before saving; `on_done(obj, previous)` runs in the same transaction (notifications)."""
    sources, target, _role = obj.TRANSITIONS[action]
    if user is not None and not may(user, obj, action):
        refuse(f"You may not {action} this {obj._meta.verbose_name}.")
    model, field = type(obj), obj.STATUS_FIELD
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=obj.pk)
        if getattr(current, field) not in sources:
            state = current._get_FIELD_display(model._meta.get_field(field)).lower()
            name = model._meta.verbose_name
            article = "An" if name[:1].lower() in "aeiou" else "A"
            raise TransitionNotAllowed(f"{article} {name} that is {state} cannot be {obj.DONE[action]}.")
        obj.refresh_from_db()  # act on the row as it is now, not on a stale copy
        previous = getattr(obj, field)
        setattr(obj, field, target)
        if apply:
            apply(obj)
        obj.save()
        revision = obj.save_revision(user=user, clean=False)
        if target in obj.LIVE_STATUSES:
            revision.publish(user=user, skip_permission_checks=True)  # the role is checked above
        elif previous in obj.LIVE_STATUSES:
            UnpublishAction(obj, user=user).execute(skip_permission_checks=True)
        log(obj, LOG_ACTION, user=user, data={"action": action, "from": previous, "to": target, "comment": comment})
        if on_done:
            on_done(obj, previous)
    return previous


def moderator_emails(model):
    """Where a content type's moderation mail goes: the list address its settings name
    (`moderators_email_setting`), else every active user holding its moderation permission."""
    setting = getattr(model, "moderators_email_setting", "")
    address = getattr(settings, setting, "") if setting else ""
    if address:
        return [address] if isinstance(address, str) else list(address)
    app_label, codename = model.moderate_permission.split(".")
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    holders = Q(is_superuser=True)
    if perm is not None:
        holders |= Q(groups__permissions=perm) | Q(user_permissions=perm)
    users = get_user_model().objects.filter(holders, is_active=True).exclude(email="").distinct()
    return sorted(users.values_list("email", flat=True))


def mail_moderators(model, template, context, reply_to=()):
    """Queue a mail to the content type's moderators (through the outbox: never lost)."""
    return queue_email(moderator_emails(model), template, context, reply_to=reply_to)


# --- Review queues: the dashboard panel and menu of pydotorg/core/wagtail_hooks.py --------


@dataclass(frozen=True)
class ReviewQueue:
    """A moderated content type's submissions awaiting review, and where a moderator acts on them."""

    label: str
    model: type
    waiting: QuerySet
    url: Any  # a URL, or a callable returning one (looked up when shown)
    approve: Any = None  # approve(obj, user): the admin editor's Publish on a waiting item
    icon: str = "tasks"

    def count(self):
        return self.waiting.all().count()  # .all(): a fresh query each time

    def link(self):
        return str(self.url() if callable(self.url) else self.url)

    def is_waiting(self, obj):
        return self.waiting.filter(pk=obj.pk).exists()


REVIEW_QUEUES = {}  # model → ReviewQueue


def register_review_queue(label, model, waiting, url, *, approve=None, icon="tasks"):
    """Declare `model`'s review queue (called from the section's wagtail_hooks.py)."""
    REVIEW_QUEUES[model] = queue = ReviewQueue(label, model, waiting, url, approve, icon)
    return queue


def review_queues(user):
    """The queues `user` moderates (`can_moderate`), by label."""
    return sorted((q for q in REVIEW_QUEUES.values() if can_moderate(user, q.model)), key=lambda q: q.label)


def in_review(obj):
    """The review queue `obj` waits in, or None (not moderated, or not waiting)."""
    queue = REVIEW_QUEUES.get(type(obj))
    return queue if queue is not None and queue.is_waiting(obj) else None

from django.contrib import messages
from django.db import models
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import cautious_slugify
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import moderation
from .models import OutgoingEmail, TaskRun
from .moderation import LOG_ACTION

# Addresses typed without a scheme in the admin's forms are https (Django 6's default, now).
register_form_field_override(models.URLField, override={"assume_scheme": "https"})


@hooks.register("register_log_actions")
def register_moderation_log_action(actions):
    @actions.register_action(LOG_ACTION)
    class ModerationLogFormatter(LogFormatter):
        label = "Moderation"

        def format_message(self, log_entry):
            data = log_entry.data
            text = f"{data.get('action', '')}: {data.get('from') or '-'} → {data.get('to') or '-'}"
            return f"{text} ({data['comment']})" if data.get("comment") else text


class OutgoingEmailViewSet(ModelViewSet):
    """Every email of the site and its delivery state; set a failed one back to pending to
    have the periodic task try again. Superusers only (model permissions)."""

    model = OutgoingEmail
    icon = "mail"
    menu_label = "Outgoing email"
    add_to_settings_menu = True
    list_display = ["subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    form_fields = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "from_email",
        "to",
        "cc",
        "bcc",
        "reply_to",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]


@hooks.register("register_admin_viewset")
def register_outgoing_email_viewset():
    return OutgoingEmailViewSet("outgoing_email")


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Task runs are written by the workers alone: nobody adds, edits or deletes one, not even a
    superuser; viewing takes the "view" permission (superusers have it)."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action == "view"])


register_permission_policy(TaskRun, ViewOnlyPolicy(TaskRun))


class TaskRunViewSet(ModelViewSet):
    """Runs of the resumable background tasks (pydotorg.core.tasks.resumable): which started,
    finished, failed, how many attempts, the last error. Read-only."""

    model = TaskRun
    icon = "cogs"
    menu_label = "Task runs"
    add_to_settings_menu = True
    list_display = ["name", "status", "attempts", "started_at", "finished_at"]
    list_filter = ["status", "name"]
    search_fields = ["name"]
    form_fields = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "task_id",
        "args",
        "kwargs",
        "status",
        "attempts",
        "error",
        "created_at",
        "started_at",
        "finished_at",
    ]


@hooks.register("register_admin_viewset")
def register_task_run_viewset():
    return TaskRunViewSet("task_runs")


# --- Awaiting review: the moderators' dashboard panel and menu (moderation.REVIEW_QUEUES) ---


class AwaitingReviewPanel(Component):
    """ "Awaiting your review": each queue the user moderates, with its count and link."""

    name = "awaiting_review"
    template_name = "core/admin/awaiting_review_panel.html"
    order = 50  # above Wagtail's own panels

    def __init__(self, queues):
        self.queues = queues

    def get_context_data(self, parent_context):
        return {"queues": [{"label": q.label, "count": q.count(), "url": q.link()} for q in self.queues]}


@hooks.register("construct_homepage_panels")
def add_awaiting_review_panel(request, panels):
    queues = moderation.review_queues(request.user)
    if queues:
        panels.append(AwaitingReviewPanel(queues))


class ReviewQueueMenuItem(MenuItem):
    """One queue in the "Awaiting review" menu, shown to its moderators, its count in the label."""

    def __init__(self, queue):
        self.queue = queue
        super().__init__(queue.label, "", name=f"review-{cautious_slugify(queue.label)}", icon_name=queue.icon)

    def is_shown(self, request):
        return moderation.can_moderate(request.user, self.queue.model)

    def render_component(self, request):
        label = f"{self.queue.label} ({self.queue.count()})"
        return LinkMenuItem(self.name, label, self.queue.link(), icon_name=self.icon_name)


class ReviewQueuesMenu(Menu):
    """The registered queues, read at each request (not frozen when the admin menu is built)."""

    @property
    def registered_menu_items(self):
        return [ReviewQueueMenuItem(q) for q in sorted(moderation.REVIEW_QUEUES.values(), key=lambda q: q.label)]


@hooks.register("register_admin_menu_item")
def register_awaiting_review_menu():
    return SubmenuMenuItem("Awaiting review", ReviewQueuesMenu(), name="awaiting-review", icon_name="tasks", order=150)


@hooks.register("before_publish")
def publish_through_moderation(request, obj):
    """The admin editor's Publish on moderated content: on a submission awaiting review it is
    the approval (the section's own transition and mail, so one state and one email whatever
    button is used); on a submission in another state that is not live, refused."""
    queue = moderation.REVIEW_QUEUES.get(type(obj))
    if queue is None:
        return None
    status = getattr(obj, obj.STATUS_FIELD)
    if queue.approve is not None and queue.is_waiting(obj):
        try:
            queue.approve(obj, request.user)
        except moderation.TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"“{obj}” is approved and published; the submitter is told by email.")
        return redirect(request.get_full_path())
    if status and status not in obj.LIVE_STATUSES:
        state = obj._get_FIELD_display(type(obj)._meta.get_field(obj.STATUS_FIELD)).lower()
        messages.error(request, f"“{obj}” is {state}: it goes live only through moderation. Nothing was published.")
        return redirect(request.get_full_path())
    return None

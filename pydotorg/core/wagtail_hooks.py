from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import OutgoingEmail, TaskRun
from .moderation import LOG_ACTION


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

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from .models import OutgoingEmail
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
    """Notification emails and their delivery state; set a failed one back to pending to
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
        "to",
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

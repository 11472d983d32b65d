from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from sections.boxes.models import Box
from sections.codesamples.models import CodeSample

from .models import Banner, OutgoingEmail
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


class BoxViewSet(SnippetViewSet):
    model = Box
    icon = "placeholder"
    list_display = ["label", "markup_type", "updated_at"]
    list_filter = ["markup_type"]
    search_fields = ["label", "content"]
    ordering = ["label"]


class CodeSampleViewSet(SnippetViewSet):
    model = CodeSample
    icon = "code"
    list_display = ["title", "sort_order", "live"]
    ordering = ["sort_order"]


class BannerViewSet(SnippetViewSet):
    model = Banner
    icon = "warning"
    list_display = ["title", "start", "end", "live"]
    list_filter = ["live"]


class SiteContentGroup(SnippetViewSetGroup):
    menu_label = "Site content"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (BoxViewSet, CodeSampleViewSet, BannerViewSet)


register_snippet(SiteContentGroup)


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

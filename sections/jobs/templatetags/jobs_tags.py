from django import template
from django.utils.safestring import mark_safe

from pydotorg.core.markup import render_markdown
from sections.jobs.models import Job

register = template.Library()


@register.filter
def markdown(text):
    """Markdown rendered and sanitised (safe for any input)."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308, sanitised by render_markdown


@register.filter
def moderator_only(actions):
    """The moderators' actions among `actions` (those open to the user)."""
    return [action for action in actions if action in Job.MODERATOR_ACTIONS]

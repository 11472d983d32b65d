from django import template
from django.utils.safestring import mark_safe

from pydotorg.core.markup import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Markdown rendered and sanitised (safe for any input)."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308, sanitised by render_markdown


@register.filter
def moderator_only(actions):
    from ..models import Job

    return [action for action in actions if action in Job.MODERATOR_ACTIONS]

from django import template

from pydotorg.core.models import Banner

register = template.Library()


@register.simple_tag
def current_banner():
    """The banner whose window is open now, or None."""
    return Banner.objects.current().first()

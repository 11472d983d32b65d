from django import template
from django.template.defaultfilters import stringfilter

register = template.Library()


@register.filter(is_safe=True)
@stringfilter
def squish(value):
    """Collapse runs of whitespace into one space and trim the ends (allauth's page titles
    come with the indentation of their templates)."""
    return " ".join(value.split())

"""`{% load sponsor_dashboard %}{% sponsor_dashboard_link account %}`: on a profile page, the
link to the sponsors' dashboard, shown only to its owner when they are a contact of a sponsor
(by account or verified email address)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from ..models import Sponsor

register = template.Library()


@register.simple_tag(takes_context=True)
def sponsor_dashboard_link(context, account):
    request = context.get("request")
    viewer = getattr(request, "user", None)
    if not (account is not None and viewer is not None and viewer.is_authenticated and viewer.pk == account.pk):
        return ""
    if not Sponsor.objects.managed_by(viewer).exists():
        return ""
    return format_html(' · <a href="{}">Sponsorships</a>', reverse("sponsor_dashboard:list"))

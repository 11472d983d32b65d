"""`{% load membership %}{% membership_status profile_user %}`: the membership box of a profile
page. It shows something only to the owner (the request's user is `profile_user`): type,
voting eligibility and the links to edit or affirm; to a member-less owner, the sign-up link."""

from django import template

from ..models import Membership

register = template.Library()


@register.inclusion_tag("membership/includes/status.html", takes_context=True)
def membership_status(context, user):
    request = context.get("request")
    viewer = getattr(request, "user", None)
    owner = bool(user is not None and viewer is not None and viewer.is_authenticated and viewer.pk == user.pk)
    membership = Membership.objects.filter(creator=user).first() if owner else None
    return {"owner": owner, "membership": membership}

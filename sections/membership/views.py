"""/users/membership/…: the signed-in user's own membership only (there is no URL with a pk:
every view works on `request.user.membership`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from . import notifications
from .forms import AffirmForm, MembershipForm
from .models import Membership


def own_membership(user):
    return Membership.objects.filter(creator=user).first()


@login_required
def signup(request):
    if own_membership(request.user):
        return redirect("membership:edit")
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership = form.save(commit=False)
        membership.creator = request.user
        membership.membership_type = Membership.Type.BASIC
        with transaction.atomic():
            membership.save()
            notifications.welcome(membership)
        return redirect("membership:thanks")
    context = {"form": form, "heading": "Become a PSF Basic Member", "button": "Sign up"}
    return TemplateResponse(request, "membership/form.html", context)


@login_required
def edit(request):
    membership = own_membership(request.user)
    if membership is None:
        return redirect("membership:signup")
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your membership details are saved.")
        return redirect("membership:edit")
    context = {"form": form, "membership": membership, "heading": "Edit your PSF membership", "button": "Save"}
    return TemplateResponse(request, "membership/form.html", context)


@login_required
def thanks(request):
    membership = own_membership(request.user)
    if membership is None:
        return redirect("membership:signup")
    return TemplateResponse(request, "membership/thanks.html", {"membership": membership})


@login_required
def affirm(request):
    membership = own_membership(request.user)
    if membership is None:
        messages.info(request, "Become a member first: then you can affirm your intention to vote.")
        return redirect("membership:signup")
    form = AffirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership.affirm_vote()
        messages.success(
            request, f"Thank you: you are eligible to vote until {membership.vote_eligible_until:%-d %B %Y}."
        )
        return redirect("membership:affirm")
    return TemplateResponse(request, "membership/affirm.html", {"form": form, "membership": membership})

"""Profiles (/users/…): view, edit, delete one's account, and a staff member's own API
credentials. Usernames are matched without regard to case, as at sign-in."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pydotorg.api import services
from pydotorg.core.markup import render_markdown

from .forms import CredentialsForm, DeleteAccountForm, ProfileForm


def _user(username):
    return get_object_or_404(get_user_model(), username=username.lower(), is_active=True)


def _own_account(request, username):
    """The account at `username`, which must be the signed-in user's (403 otherwise)."""
    account = _user(username)
    if account.pk != request.user.pk:
        raise PermissionDenied("This is not your account.")
    return account


@never_cache
def profile(request, username):
    account = _user(username)
    is_owner = account.pk == request.user.pk
    if not (account.public_profile or is_owner):
        raise Http404("No such profile.")
    context = {"account": account, "is_owner": is_owner, "bio": render_markdown(account.bio)}
    if is_owner and services.may_hold_credentials(account):
        context["api_key"] = getattr(account, "api_key", None)
        context["api_token"] = getattr(account, "api_token", None)
        context["credentials_form"] = CredentialsForm()
    return render(request, "users/profile.html", context)


@never_cache
@login_required
def edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect(request.user.get_absolute_url())
    return render(request, "users/edit.html", {"form": form})


@never_cache
@login_required
def delete(request, username):
    account = _own_account(request, username)
    return _delete(request, account)


@reauthentication_required(allow_get=True)
def _delete(request, account):
    # allauth asks for the password (or another reauthentication) before a POST gets here,
    # and replays the POST afterwards.
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        logout(request)
        account.delete()
        messages.success(request, "Your account is deleted.")
        return redirect("/")
    return render(request, "users/delete.html", {"account": account, "form": form})


@never_cache
@login_required
@require_POST
def credentials(request, username):
    account = _own_account(request, username)
    if not services.may_hold_credentials(account):
        raise PermissionDenied("API credentials are issued to staff only.")
    return _change_credentials(request, account)


@reauthentication_required
def _change_credentials(request, account):
    form = CredentialsForm(request.POST)
    if form.is_valid():
        # The same service as the admin and `manage.py api_credentials`.
        if form.cleaned_data["action"] == "rotate":
            services.rotate(account)
            messages.success(request, "New API credentials are issued; the old ones no longer work.")
        else:
            services.revoke(account)
            messages.success(request, "Your API credentials are revoked.")
    return redirect(account.get_absolute_url())

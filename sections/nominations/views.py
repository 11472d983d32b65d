"""Elections and nominations (docs/sections/elections.md).

Everyone reads elections and public nominations (accepted and approved). A signed-in user
nominates while nominations are open (outside the window: a message, not a form) and edits
their own nominations while open. The nominator, the nominee (by verified email) and the
election administrators (`can_moderate`) see a nomination before it is public. Only the
nominee accepts or declines. Every refusal is `refuse(message)`: a 403, nothing written."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from pydotorg.core.moderation import can_moderate, refuse

from . import notifications
from .forms import AnswerForm, NominationForm
from .models import Election, Nomination, Nominee


def login_required(request):
    return redirect_to_login(request.get_full_path(), reverse("account_login"))


def get_nomination(election, pk):
    return get_object_or_404(
        Nomination.objects.select_related("election__kind", "nominator", "nominee"), election=election, pk=pk
    )


def get_election(slug):
    return get_object_or_404(Election.objects.select_related("kind"), slug=slug)


def election_list(request):
    elections = Election.objects.select_related("kind").annotate(
        public_count=Count("nominations", filter=Q(nominations__accepted=True, nominations__approved=True))
    )
    return render(request, "nominations/election_list.html", {"elections": elections})


def election_detail(request, election):
    election = get_election(election)
    return render(request, "nominations/election_detail.html", {"election": election})


def public_nominees(election):
    public = Nomination.objects.public().select_related("nominator").order_by("created")
    return (
        Nominee.objects.filter(election=election, nominations__accepted=True, nominations__approved=True)
        .distinct()
        .prefetch_related(Prefetch("nominations", queryset=public, to_attr="public_nominations"))
    )


def nominee_list(request, election):
    election = get_election(election)
    return render(
        request, "nominations/nominee_list.html", {"election": election, "nominees": public_nominees(election)}
    )


def nominee_detail(request, election, slug):
    election = get_election(election)
    nominee = get_object_or_404(public_nominees(election), slug=slug)
    return render(request, "nominations/nominee_detail.html", {"election": election, "nominee": nominee})


def nomination_create(request, election):
    election = get_election(election)
    if not request.user.is_authenticated:
        return login_required(request)
    if not election.nominations_open:
        return render(request, "nominations/closed.html", {"election": election}, status=200)
    form = NominationForm(request.POST or None, election=election, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            nomination = form.save(commit=False)
            nomination.election = election
            nomination.nominator = request.user
            nomination.nominee = Nominee.for_email(election, nomination.name, nomination.email)
            if nomination.self_nomination:
                nomination.accepted = True
                if nomination.nominee.user_id is None:
                    nomination.nominee.user = request.user
                    nomination.nominee.save(update_fields=["user"])
            nomination.save()
            notifications.nominated(nomination)
        messages.success(
            request,
            "Your nomination is saved."
            + ("" if nomination.self_nomination else f" We have mailed {nomination.name} to accept or decline it."),
        )
        return redirect(nomination.get_absolute_url())
    return render(request, "nominations/form.html", {"election": election, "form": form})


def nomination_edit(request, election, pk):
    election = get_election(election)
    if not request.user.is_authenticated:
        return login_required(request)
    nomination = get_nomination(election, pk)
    if not nomination.is_nominator(request.user):
        refuse("Only the nominator edits a nomination.")
    if not election.nominations_open:
        refuse("Nominations are closed: this nomination can no longer be edited.")
    form = NominationForm(request.POST or None, instance=nomination, election=election, user=request.user)
    if request.method == "POST" and form.is_valid():
        nomination = form.save(commit=False)
        nomination.approved = False  # changed text is reviewed again
        nomination.save()
        messages.success(request, "Your nomination is updated.")
        return redirect(nomination.get_absolute_url())
    return render(request, "nominations/form.html", {"election": election, "form": form, "nomination": nomination})


def nomination_detail(request, election, pk):
    election = get_election(election)
    nomination = get_nomination(election, pk)
    user = request.user
    involved = nomination.is_nominator(user) or nomination.is_nominee(user) or can_moderate(user, Nomination)
    if not (nomination.is_public or involved):
        if not user.is_authenticated:
            return login_required(request)
        refuse("This nomination is not public yet.")
    return render(
        request,
        "nominations/nomination_detail.html",
        {
            "election": election,
            "nomination": nomination,
            "can_edit": nomination.is_nominator(user) and election.nominations_open,
            "can_answer": nomination.is_nominee(user) and not election.nominations_closed,
        },
    )


def nomination_accept(request, election, pk):
    election = get_election(election)
    if not request.user.is_authenticated:
        return login_required(request)
    nomination = get_nomination(election, pk)
    if not nomination.is_nominee(request.user):
        refuse(
            "Only the nominee answers a nomination: sign in with an account whose verified email "
            "address is the one the nomination was sent to."
        )
    if election.nominations_closed:
        refuse("Nominations are closed: this nomination can no longer be answered.")
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            nomination.accepted = form.cleaned_data["answer"] == "accept"
            nomination.save(update_fields=["accepted", "updated"])
            nominee = nomination.nominee
            if nominee.user_id is None:
                nominee.user = request.user
                nominee.save(update_fields=["user"])
        messages.success(
            request,
            "You accepted the nomination: it is published once the election administrators approve it."
            if nomination.accepted
            else "You declined the nomination.",
        )
        return redirect(nomination.get_absolute_url())
    return render(request, "nominations/accept.html", {"election": election, "nomination": nomination, "form": form})


def my_nominations(request):
    if not request.user.is_authenticated:
        return login_required(request)
    mine = Nomination.objects.for_user(request.user).select_related("election__kind", "nominator")
    made = [n for n in mine if n.nominator_id == request.user.pk]
    received = [n for n in mine if n.is_nominee(request.user)]
    return render(request, "nominations/mine.html", {"made": made, "received": received})

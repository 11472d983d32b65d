"""Views of the sponsors section: the public sponsors pages and the application (sponsors),
and the sponsor contacts' dashboard under /users/sponsorships/ (user_urls.py). The staff
workflow is in the Wagtail admin (wagtail_hooks.py)."""

import secrets

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from pydotorg.core import pagecache
from pydotorg.core.moderation import can_moderate, refuse

from . import forms, notifications
from .models import (
    Asset,
    Contract,
    Flight,
    Publisher,
    Sponsor,
    SponsorContact,
    Sponsorship,
    SponsorshipBenefit,
    SponsorshipPackage,
    SponsorshipSettings,
)
from .templatetags import sponsors_tags

# --- Application and public pages ----------------------------------------------------------


SELECTION = "sponsors_application"  # the session's step 1: {year, package, benefits, token}
APPLIED = "sponsors_applied"  # the session's last submitted sponsorship (the confirmation page)


def application_year(request):
    return SponsorshipSettings.load(request_or_site=request).current_year


def catalogue(form):
    """Step 1's catalogue: the form's packages, and its benefits by programme, each with its
    labels (new, standalone, a-la-carte, package only, capacity, conflicts), the packages that
    include it, its checked state and the reasons it was refused."""
    year = form.year
    if form.is_bound:
        form.is_valid()  # validated once: sets benefit_errors (also for a bound GET, the stored selection)
    packages = list(form.fields["package"].queryset.prefetch_related("benefits"))
    in_packages = {}
    for package in packages:
        for benefit in package.benefits.all():
            in_packages.setdefault(benefit.pk, []).append(package)
    selected = form.selected_ids()
    benefits = form.fields["benefits"].queryset.prefetch_related("conflicts")
    programmes = {}
    for benefit in benefits:
        labels = []
        if benefit.new:
            labels.append(("new", "New this year"))
        if benefit.unavailable:
            labels.append(("unavailable", "Unavailable this year"))
        if benefit.standalone:
            labels.append(("standalone", "Standalone: without a package"))
        if benefit.a_la_carte:
            labels.append(("a-la-carte", "A la carte: on top of a package"))
        if benefit.package_only:
            labels.append(("package-only", "Only in a package that includes it"))
        if benefit.capacity is not None:
            taken = f"{benefit.used_capacity()} of {benefit.capacity} taken"
            labels.append(("full" if benefit.full else "capacity", taken))
        for other in benefit.conflicts.all():
            if other.year == year:
                labels.append(("conflict", f"Conflicts with “{other.name}”"))
        programmes.setdefault(benefit.program, []).append(
            {
                "benefit": benefit,
                "id": f"benefit-{benefit.pk}",
                "checked": str(benefit.pk) in selected,
                "labels": labels,
                "packages": in_packages.get(benefit.pk, []),
                "errors": form.benefit_errors.get(benefit.pk, []),
                "disabled": benefit.unavailable,
            }
        )
    return {
        "packages": packages,
        "selected_package": str(form["package"].value() or ""),
        "programmes": list(programmes.items()),
    }


def application(request):
    """Step 1 (anyone): a package and benefits of the current year, kept in the session."""
    year = application_year(request)
    stored = request.session.get(SELECTION)
    if request.method == "POST":
        form = forms.ApplicationForm(request.POST, year=year)
        if form.is_valid():
            package = form.cleaned_data["package"]
            request.session[SELECTION] = {
                "year": year,
                "package": package.pk if package else None,
                "benefits": sorted(b.pk for b in form.cleaned_data["benefits"]),
                "token": secrets.token_urlsafe(16),
            }
            if form.filled_from_package:
                messages.info(request, f"The {package.name} package's benefits are selected.")
            return redirect("sponsors:application_details")
    elif stored and stored.get("year") == year:
        # Bound again: reasons that arose since (a benefit now full) show beside the benefits.
        form = forms.ApplicationForm(
            {"package": stored.get("package") or "", "benefits": stored.get("benefits") or []}, year=year
        )
    else:
        form = forms.ApplicationForm(year=year)
    return render(request, "sponsors/application.html", {"form": form, "year": year, **catalogue(form)})


def stored_selection(request, year):
    """(package, benefits) of the session's step 1, or None when there is none for `year` (or
    it names what no longer exists)."""
    stored = request.session.get(SELECTION)
    if not stored or stored.get("year") != year:
        return None
    ids = [pk for pk in stored.get("benefits") or [] if isinstance(pk, int)]
    benefits = list(SponsorshipBenefit.objects.filter(year=year, pk__in=ids).select_related("program"))
    package = None
    if stored.get("package") is not None:
        package = SponsorshipPackage.objects.filter(year=year, advertise=True, pk=stored["package"]).first()
        if package is None:
            return None
    if not benefits or len(benefits) != len(set(ids)):
        return None
    return package, benefits


def attach_applicant(sponsor, user, contacts):
    """The applicant is a contact of the new sponsor (their row, by email, or a new one), the
    primary one when no contact is."""
    emails = {user.email.lower()} | {
        e.lower() for e in user.emailaddress_set.filter(verified=True).values_list("email", flat=True)
    }
    mine = next((c for c in contacts if c.email in emails), None)
    has_primary = any(c.primary for c in contacts)
    if mine is None:
        SponsorContact.objects.create(
            sponsor=sponsor,
            user=user,
            name=user.get_full_name() or user.username,
            email=user.email,
            phone=sponsor.primary_phone,
            primary=not has_primary,
        )
    else:
        mine.user = user
        mine.primary = mine.primary or not has_primary
        mine.save()


def application_details(request):
    """Step 2 (signed in): the sponsor (a new one, or one the user manages), then submit."""
    year = application_year(request)
    selection = stored_selection(request, year)
    if selection is None:
        if request.method == "POST" and request.session.get(APPLIED):
            messages.info(request, "This application was already submitted.")
            return redirect("sponsors:application_submitted")
        if request.session.get(SELECTION):
            messages.error(request, "The catalogue changed since you picked these benefits: pick them again.")
            del request.session[SELECTION]
        else:
            messages.info(request, "Pick a package or benefits first.")
        return redirect("sponsors:application")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    package, benefits = selection
    token = request.session[SELECTION]["token"]
    managed = Sponsor.objects.managed_by(request.user)
    contact_initial = [{"name": request.user.get_full_name(), "email": request.user.email, "primary": True}]
    if request.method == "POST":
        if request.POST.get("token") != token:
            messages.error(request, "This form is out of date (sent twice?): check it and submit it again.")
            return redirect("sponsors:application_details")
        chooser = forms.ExistingSponsorForm(request.POST, sponsors=managed)
        sponsor_form = forms.SponsorForm(request.POST, request.FILES, prefix="sponsor")
        contacts = forms.ContactFormSet(request.POST, prefix="contacts", instance=Sponsor())
        chosen = chooser.cleaned_data["sponsor"] if chooser.is_valid() else None
        if chosen is not None and request.POST.get("sponsor-name", "").strip():
            chooser.add_error("sponsor", "You picked an existing sponsor and entered a new one: pick “A new sponsor”.")
            chosen = None
        new_is_valid = chooser.is_valid() and chosen is None and all([sponsor_form.is_valid(), contacts.is_valid()])
        if chosen is not None or new_is_valid:
            created = []
            try:
                with transaction.atomic():
                    sponsor = chosen
                    if sponsor is None:
                        sponsor = sponsor_form.save(commit=False)
                        sponsor.creator = request.user
                        sponsor.save()
                        created.append(sponsor)
                        contacts.instance = sponsor
                        attach_applicant(sponsor, request.user, contacts.save())
                    sponsorship = Sponsorship.apply(sponsor, benefits, package, submitted_by=request.user, year=year)
                    notifications.application_submitted(sponsorship)
            except ValidationError as error:
                for sponsor in created:  # rolled back: its uploaded files go too
                    sponsor.web_logo.delete(save=False)
                    if sponsor.print_logo:
                        sponsor.print_logo.delete(save=False)
                for message in error.messages:
                    messages.error(request, message)
                return redirect("sponsors:application")
            del request.session[SELECTION]
            request.session[APPLIED] = sponsorship.pk
            return redirect("sponsors:application_submitted")
        messages.error(request, "Please correct the errors below.")
    else:
        chooser = forms.ExistingSponsorForm(sponsors=managed, initial={"sponsor": managed.first()})
        sponsor_form = forms.SponsorForm(prefix="sponsor")
        contacts = forms.ContactFormSet(prefix="contacts", instance=Sponsor(), initial=contact_initial)
    return render(
        request,
        "sponsors/application_details.html",
        {
            "year": year,
            "package": package,
            "benefits": benefits,
            "token": token,
            "chooser": chooser,
            "has_sponsors": managed.exists(),
            "sponsor_form": sponsor_form,
            "contacts": contacts,
        },
    )


def application_submitted(request):
    """The confirmation, for the contacts of the sponsor of the session's last application."""
    pk = request.session.get(APPLIED)
    sponsorship = (
        Sponsorship.objects.select_related("sponsor", "package").filter(pk=pk).first() if isinstance(pk, int) else None
    )
    if sponsorship is None or not sponsorship.sponsor.is_managed_by(request.user):
        return redirect("sponsors:application")
    return render(
        request,
        "sponsors/application_submitted.html",
        {"sponsorship": sponsorship, "benefits": sponsorship.benefits.all()},
    )


def sponsors_list(request):
    """/sponsors/ and /psf/sponsors/: the current sponsors placed on the sponsors page, by
    package (its order), each sponsor once (its highest level). Two queries. Kept in the page
    cache: a sponsorship's change purges every page (signals.py)."""
    pagecache.tag("sponsors")
    sponsorships = (
        Sponsorship.objects.current()
        .filter(
            benefits__logo_placements__publisher=Publisher.PSF,
            benefits__logo_placements__flight=Flight.SPONSORS,
        )
        .select_related("sponsor", "package")
        .distinct()
    )
    best = {}
    for sponsorship in sponsorships:
        known = best.get(sponsorship.sponsor_id)
        if known is None or sponsors_tags.level(sponsorship) < sponsors_tags.level(known):
            best[sponsorship.sponsor_id] = sponsorship
    groups = {}
    for sponsorship in sorted(best.values(), key=lambda s: (sponsors_tags.level(s)[:3], s.sponsor.name.lower())):
        package = sponsorship.package
        key = package.name if package else ""
        group = groups.setdefault(
            key, {"name": key or "Sponsors", "width": package.logo_dimension if package else 175, "sponsors": []}
        )
        group["sponsors"].append(sponsorship.sponsor)
    return render(
        request,
        "sponsors/list.html",
        {"groups": list(groups.values()), "canonical": request.build_absolute_uri(reverse("sponsors:psf_list"))},
    )


# --- Sponsors' dashboard -------------------------------------------------------------------


def login_first(request):
    return redirect_to_login(request.get_full_path(), reverse("account_login"))


def dashboard_sponsorship(request, pk):
    """(sponsorship, is_contact) for the dashboard: a contact of its sponsor, or the
    sponsorship team (read only; they work in the admin). Anyone else gets a 404, so nobody
    learns which sponsorships exist."""
    sponsorship = get_object_or_404(Sponsorship.objects.select_related("sponsor", "package"), pk=pk)
    if sponsorship.sponsor.is_managed_by(request.user):
        return sponsorship, True
    if can_moderate(request.user, Sponsorship):
        return sponsorship, False
    raise Http404("No such sponsorship.")


def assets_open(sponsorship, today=None):
    """Whether the sponsor may still provide assets: not rejected, and not ended."""
    today = today or timezone.localdate()
    if sponsorship.status == Sponsorship.Status.REJECTED:
        return False
    return not (
        sponsorship.status == Sponsorship.Status.FINALIZED and sponsorship.end_date and sponsorship.end_date < today
    )


def sent_contract(sponsorship):
    """The contract sent to the sponsor (awaiting signature, or executed) with its PDF."""
    sent = [Contract.Status.AWAITING_SIGNATURE, Contract.Status.EXECUTED]
    return sponsorship.contracts.filter(status__in=sent).exclude(document="").first()


def sponsorship_list(request):
    if not request.user.is_authenticated:
        return login_first(request)
    sponsorships = Sponsorship.objects.managed_by(request.user).select_related("sponsor", "package")
    sponsors = Sponsor.objects.managed_by(request.user)
    return render(request, "sponsors/dashboard/list.html", {"sponsorships": sponsorships, "sponsors": sponsors})


def sponsorship_detail(request, pk):
    if not request.user.is_authenticated:
        return login_first(request)
    sponsorship, is_contact = dashboard_sponsorship(request, pk)
    assets = list(Asset.objects.of_sponsorship(sponsorship).select_related("submitted_by"))
    benefits = sponsorship.benefits.prefetch_related("logo_placements")
    hidden = [Contract.Status.DRAFT, Contract.Status.OUTDATED]  # a draft is the team's until sent
    context = {
        "sponsorship": sponsorship,
        "sponsor": sponsorship.sponsor,
        "is_contact": is_contact,
        "benefits": benefits,
        "placements": [p for b in benefits for p in b.logo_placements.all()],
        "required": [a for a in assets if not a.provided],
        "provided": [a for a in assets if a.provided],
        "assets_open": assets_open(sponsorship),
        "contract": sponsorship.contracts.exclude(status__in=hidden).first(),
        "sent_contract": sent_contract(sponsorship),
    }
    return render(request, "sponsors/dashboard/detail.html", context)


def sponsorship_contract(request, pk):
    if not request.user.is_authenticated:
        return login_first(request)
    sponsorship, _ = dashboard_sponsorship(request, pk)
    contract = sent_contract(sponsorship)
    if contract is None:
        raise Http404("No contract was sent for this sponsorship.")
    try:
        document = contract.document.open("rb")
    except FileNotFoundError:
        raise Http404("The contract's document is missing.") from None
    filename = f"psf-sponsorship-contract-{sponsorship.sponsor.slug}-{sponsorship.year}-{contract.revision}.pdf"
    response = FileResponse(document, as_attachment=True, filename=filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


def sponsorship_assets(request, pk):
    """The sponsor's required assets: a field for each while the sponsorship is open and the
    asset not past its due date; the rest shown read only. A submission is saved whole or not
    at all, and the team is mailed what was submitted."""
    if not request.user.is_authenticated:
        return login_first(request)
    sponsorship, is_contact = dashboard_sponsorship(request, pk)
    if request.method == "POST" and not is_contact:
        refuse("The sponsorship team sets a sponsor's assets in the admin.")
    required = list(Asset.objects.of_sponsorship(sponsorship).required().select_related("submitted_by"))
    is_open = is_contact and assets_open(sponsorship)
    editable = [asset for asset in required if is_open and not asset.overdue]
    closed = [asset for asset in required if asset not in editable]
    form = forms.AssetsForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        assets=editable,
        closed=closed,
    )
    if request.method == "POST" and form.is_valid():
        changed = bool(form.changes())
        with transaction.atomic():
            submitted = form.save(request.user)
            if submitted:
                notifications.assets_submitted(sponsorship, submitted, request.user)
        if changed:
            messages.success(request, "Your assets were saved. Thank you!")
        else:
            messages.info(request, "Nothing was changed.")
        return redirect("sponsor_dashboard:assets", pk=sponsorship.pk)
    rows = [(asset, form[f"asset_{asset.pk}"] if asset in editable else None) for asset in required]
    context = {
        "sponsorship": sponsorship,
        "is_contact": is_contact,
        "assets_open": assets_open(sponsorship),
        "form": form,
        "rows": rows,
        "editable": editable,
    }
    return render(request, "sponsors/dashboard/assets.html", context, status=400 if form.errors else 200)


def sponsor_edit(request, pk):
    """The sponsor's details (name, description, links, logos, address), editable by its
    contacts whatever the state of its sponsorships: they describe the company, not what was
    agreed (the sponsorships and contracts keep their own snapshots)."""
    if not request.user.is_authenticated:
        return login_first(request)
    sponsor = get_object_or_404(Sponsor, pk=pk)
    if not sponsor.is_managed_by(request.user):
        if can_moderate(request.user, Sponsorship):
            refuse("The sponsorship team edits sponsors in the admin.")
        raise Http404("No such sponsor.")
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = forms.SponsorForm(*data, instance=sponsor)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"The details of {sponsor.name} were saved.")
        return redirect("sponsor_dashboard:list")
    return render(
        request,
        "sponsors/dashboard/sponsor_edit.html",
        {"sponsor": sponsor, "form": form},
        status=400 if form.errors else 200,
    )

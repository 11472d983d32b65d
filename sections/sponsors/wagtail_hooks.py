"""The sponsors' admin: one "Sponsors" menu with the catalogue (programmes, packages,
benefits with their features, legal clauses, the year's cloning), the sponsors with their
contacts, the sponsorships and their contracts with the staff workflow, and the assets."""

# --- Catalogue and sponsors ------------------------------------------------------------------
# Imports of every block come first (no import below the module's first definition).

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django_filters import BooleanFilter, ChoiceFilter, ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from pydotorg.core import moderation
from pydotorg.core.moderation import refuse

from . import forms, notifications
from .models import (
    MANAGE,
    Asset,
    Contract,
    LegalClause,
    Sponsor,
    Sponsorship,
    SponsorshipBenefit,
    SponsorshipPackage,
    SponsorshipProgram,
)

# Items of the "Sponsors" menu beyond the viewsets (e.g. "Clone a year") register with this hook.
SPONSORS_MENU_HOOK = "register_sponsors_menu_item"


def years_of(model):
    """Choices of the years `model` has rows for, newest first (evaluated per request)."""
    return lambda: [(y, str(y)) for y in model.objects.order_by("-year").values_list("year", flat=True).distinct()]


class CloneYearIndexView(IndexView):
    """A catalogue listing with a "Clone a year" header button for the sponsorship team."""

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm(MANAGE):
            buttons.append(HeaderButton("Clone a year", url=reverse("sponsors_clone_year"), icon_name="copy"))
        return buttons


class ProgramViewSet(SnippetViewSet):
    model = SponsorshipProgram
    icon = "folder-open-inverse"
    menu_label = "Programmes"
    list_display = ["name", "order", Column("benefit_count", label="Benefits")]
    ordering = ["order", "name"]

    def get_queryset(self, request):
        return SponsorshipProgram.objects.annotate(benefit_count=Count("benefits"))


class PackageFilterSet(WagtailFilterSet):
    year = ChoiceFilter(choices=years_of(SponsorshipPackage), empty_label="All years")

    class Meta:
        model = SponsorshipPackage
        fields = ["year", "advertise"]


class PackageViewSet(SnippetViewSet):
    model = SponsorshipPackage
    icon = "pick"
    menu_label = "Packages"
    index_view_class = CloneYearIndexView
    filterset_class = PackageFilterSet
    list_display = ["name", "year", "sponsorship_amount", BooleanColumn("advertise"), "order"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    ordering = ["-year", "order", "name"]


class BenefitFilterSet(WagtailFilterSet):
    year = ChoiceFilter(choices=years_of(SponsorshipBenefit), empty_label="All years")
    packages = ModelChoiceFilter(
        label="Package", queryset=SponsorshipPackage.objects.order_by("-year", "order"), empty_label="Any package"
    )

    class Meta:
        model = SponsorshipBenefit
        fields = ["year", "program", "packages", "package_only", "standalone", "a_la_carte", "unavailable"]


def capacity_used(benefit):
    """ "used / capacity" ("used / —" without a limit; "(soft)" when it may be exceeded)."""
    limit = "—" if benefit.capacity is None else benefit.capacity
    return f"{benefit.used_capacity()} / {limit}" + (" (soft)" if benefit.soft_capacity else "")


class BenefitViewSet(SnippetViewSet):
    model = SponsorshipBenefit
    icon = "list-ul"
    menu_label = "Benefits"
    index_view_class = CloneYearIndexView
    filterset_class = BenefitFilterSet
    list_display = [
        "name",
        "program",
        "year",
        Column("capacity", label="Used / capacity", accessor=capacity_used),
        BooleanColumn("package_only"),
        BooleanColumn("standalone"),
        BooleanColumn("a_la_carte", label="A la carte"),
        BooleanColumn("unavailable"),
    ]
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["-year", "program__order", "order", "name"]
    edit_handler = ObjectList(SponsorshipBenefit.panels, base_form_class=forms.BenefitAdminForm)

    def get_queryset(self, request):
        return SponsorshipBenefit.objects.with_used_capacity().select_related("program")


class LegalClauseViewSet(SnippetViewSet):
    model = LegalClause
    icon = "doc-full"
    menu_label = "Legal clauses"
    list_display = ["internal_name", "order"]
    search_fields = ["internal_name", "clause"]
    search_backend_name = None
    ordering = ["order", "internal_name"]


def contact_names(sponsor):
    return ", ".join(contact.name for contact in sponsor.contacts.all())


class SponsorViewSet(SnippetViewSet):
    model = Sponsor
    icon = "group"
    menu_label = "Sponsors"
    list_display = [
        "name",
        Column("contacts", label="Contacts", accessor=contact_names),
        Column("sponsorship_count", label="Sponsorships"),
        "updated",
    ]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]
    # The contacts inline without a select of every user account: a contact's user is set when
    # they apply, and a user whose verified address is the contact's email is the contact too.
    panels = [
        *[panel for panel in Sponsor.panels if not isinstance(panel, InlinePanel)],
        InlinePanel(
            "contacts",
            heading="Contacts",
            panels=[
                FieldPanel("name"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("primary"),
                FieldPanel("administrative"),
                FieldPanel("accounting"),
                FieldPanel("manager"),
                FieldPanel("user", read_only=True),
            ],
        ),
    ]

    def get_queryset(self, request):
        return Sponsor.objects.annotate(sponsorship_count=Count("sponsorships")).prefetch_related("contacts")


CATALOGUE_VIEWSETS = [SponsorViewSet, PackageViewSet, BenefitViewSet, ProgramViewSet, LegalClauseViewSet]


# Cloning a year's catalogue (SponsorshipBenefit.clone_year; also `manage.py clone_sponsorship_year`).


def clone_year_view(request):
    """GET: the form (default: the current year into the next); POST: clone, in one transaction."""
    if not request.user.has_perm(MANAGE):
        refuse("Only the sponsorship team clones the catalogue.")
    year = forms.current_year()
    form = forms.CloneYearForm(request.POST or None, initial={"from_year": year, "to_year": year + 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            counts = SponsorshipBenefit.clone_year(data["from_year"], data["to_year"], data["make_current"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            made_current = " It is now the current year." if data["make_current"] else ""
            messages.success(
                request,
                f"The {data['from_year']} catalogue is cloned into {data['to_year']}: {counts['packages']} packages, "
                f"{counts['benefits']} benefits.{made_current}",
            )
            return redirect(reverse("wagtailsnippets_sponsors_sponsorshipbenefit:list") + f"?year={data['to_year']}")
    return TemplateResponse(
        request,
        "sponsors/admin/clone_year.html",
        {
            "form": form,
            "current_year": year,
            "years": years_of(SponsorshipBenefit)(),
            "page_title": "Clone a year's catalogue",
            "header_icon": "copy",
        },
    )


@hooks.register("register_admin_urls")
def register_clone_year_url():
    return [path("sponsors/clone-year/", clone_year_view, name="sponsors_clone_year")]


class CloneYearMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MANAGE)


@hooks.register(SPONSORS_MENU_HOOK)
def clone_year_menu_item():
    return CloneYearMenuItem("Clone a year", reverse("sponsors_clone_year"), icon_name="copy", order=900)


# workflow viewsets are appended here: the next block adds its SponsorshipViewSet, ContractViewSet
# and AssetViewSet with `WORKFLOW_VIEWSETS.extend([...])`; the "Sponsors" menu (last block) lists them.
WORKFLOW_VIEWSETS = []


# --- Sponsorships, contracts and assets: the staff workflow ---------------------------------
# A sponsorship's and a contract's "Workflow" page (the listing's button) shows its facts,
# benefits, contracts and history, with a POST form (CSRF) per step the team may take; each
# step is a model method running the moderation transition (sponsorship.approve, contract.send
# ...). Every view refuses (403, moderation.refuse) whoever lacks sponsors.manage_sponsorships.


class WorkflowPolicy(ModelPermissionPolicy):
    """Sponsorships, contracts and assets are made by applications and the workflow, never
    added in the admin, and kept as the record (no delete): the team views and edits them."""

    def user_has_permission(self, user, action):
        return action not in {"add", "delete"} and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in {"add", "delete"}])


register_permission_policy(Sponsorship, WorkflowPolicy(Sponsorship))
register_permission_policy(Contract, WorkflowPolicy(Contract))
register_permission_policy(Asset, WorkflowPolicy(Asset))


def team_only(request):
    if not moderation.can_moderate(request.user, Sponsorship):
        refuse("Only the sponsorship team handles sponsorships, contracts and their documents.")


def sponsorship_url(sponsorship):
    return reverse("wagtailsnippets_sponsors_sponsorship:workflow", args=[sponsorship.pk])


def contract_url(contract):
    return reverse("wagtailsnippets_sponsors_contract:workflow", args=[contract.pk])


def history_of(obj):
    """Wagtail's log of the object, newest first (each transition writes a "Moderation" entry)."""
    return ModelLogEntry.objects.for_instance(obj).select_related("user").order_by("-timestamp", "-pk")


def sponsorship_page(request, sponsorship, approve_form=None, reject_form=None, rollback_form=None):
    actions = moderation.allowed_actions(sponsorship, request.user)
    return TemplateResponse(
        request,
        "sponsors/admin/workflow_sponsorship.html",
        {
            "sponsorship": sponsorship,
            "actions": actions,
            "approve_form": approve_form or forms.ApproveForm(sponsorship=sponsorship, auto_id="id_approve_%s"),
            "reject_form": reject_form or forms.RejectForm(auto_id="id_reject_%s"),
            "rollback_form": rollback_form or forms.CommentForm(auto_id="id_rollback_%s"),
            "benefits": sponsorship.benefits.all(),
            "contracts": sponsorship.contracts.all(),
            "assets": Asset.objects.of_sponsorship(sponsorship),
            "history": history_of(sponsorship),
            "edit_url": None
            if sponsorship.locked
            else reverse("wagtailsnippets_sponsors_sponsorship:edit", args=[sponsorship.pk]),
            "history_url": reverse("wagtailsnippets_sponsors_sponsorship:history", args=[sponsorship.pk]),
            "page_title": f"Sponsorship: {sponsorship}",
            "header_title": f"Sponsorship: {sponsorship}",
            "header_icon": "tasks",
        },
    )


def get_sponsorship(request, pk):
    team_only(request)
    return get_object_or_404(Sponsorship.objects.select_related("sponsor", "package"), pk=pk)


def sponsorship_workflow_view(request, pk):
    return sponsorship_page(request, get_sponsorship(request, pk))


def approve_view(request, pk):
    """Approve with dates, fee and package: drafts the contract; mails the contacts and the team."""
    sponsorship = get_sponsorship(request, pk)
    if request.method != "POST":
        return redirect(sponsorship_url(sponsorship))
    form = forms.ApproveForm(request.POST, sponsorship=sponsorship, auto_id="id_approve_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            contract = sponsorship.approve(
                request.user,
                start_date=data["start_date"],
                end_date=data["end_date"],
                sponsorship_fee=data["sponsorship_fee"],
                package=data["package"],
                comment=data["comment"],
                on_done=notifications.sponsorship_approved,
            )
        except moderation.TransitionNotAllowed as exc:
            messages.error(request, str(exc))
            return redirect(sponsorship_url(sponsorship))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"“{sponsorship}” is approved and contract {contract.revision} drafted; "
                "the sponsor's contacts and the team are told by email.",
            )
            return redirect(sponsorship_url(sponsorship))
    messages.error(request, "The sponsorship is not approved: correct the approval form.")
    return sponsorship_page(request, sponsorship, approve_form=form)


def reject_view(request, pk):
    """Reject with a comment; mails the contacts."""
    sponsorship = get_sponsorship(request, pk)
    if request.method != "POST":
        return redirect(sponsorship_url(sponsorship))
    form = forms.RejectForm(request.POST, auto_id="id_reject_%s")
    if not form.is_valid():
        messages.error(request, "The sponsorship is not rejected: say why in the comment.")
        return sponsorship_page(request, sponsorship, reject_form=form)
    comment = form.cleaned_data["comment"]
    try:
        sponsorship.reject(
            request.user,
            comment=comment,
            on_done=lambda obj, previous: notifications.sponsorship_rejected(obj, comment),
        )
    except moderation.TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{sponsorship}” is rejected; the sponsor's contacts are told by email.")
    return redirect(sponsorship_url(sponsorship))


def rollback_view(request, pk):
    """Back to applied (an approval or rejection made by mistake); nullifies open contracts."""
    sponsorship = get_sponsorship(request, pk)
    if request.method != "POST":
        return redirect(sponsorship_url(sponsorship))
    form = forms.CommentForm(request.POST, auto_id="id_rollback_%s")
    if not form.is_valid():
        return sponsorship_page(request, sponsorship, rollback_form=form)
    comment = form.cleaned_data["comment"]
    try:
        sponsorship.rollback(
            request.user,
            comment=comment,
            on_done=lambda obj, previous: notifications.sponsorship_rolled_back(obj, previous, comment, request.user),
        )
    except moderation.TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{sponsorship}” is back to applied; its open contracts are nullified.")
    return redirect(sponsorship_url(sponsorship))


def contract_page(request, contract, execute_form=None):
    sponsorship = contract.sponsorship
    actions = moderation.allowed_actions(contract, request.user)
    redraftable = sponsorship.status == Sponsorship.Status.APPROVED and contract.status not in {
        Contract.Status.EXECUTED,
        Contract.Status.OUTDATED,
    }
    return TemplateResponse(
        request,
        "sponsors/admin/workflow_contract.html",
        {
            "contract": contract,
            "sponsorship": sponsorship,
            "actions": actions,
            "redraftable": redraftable,
            "execute_form": execute_form or forms.SignedDocumentForm(),
            "max_mb": settings.SPONSOR_UPLOAD_MAX_MB,
            "benefits": sponsorship.benefits.all(),
            "history": history_of(contract),
            "sponsorship_url": sponsorship_url(sponsorship),
            "edit_url": reverse("wagtailsnippets_sponsors_contract:edit", args=[contract.pk])
            if contract.editable
            else None,
            "history_url": reverse("wagtailsnippets_sponsors_contract:history", args=[contract.pk]),
            "page_title": str(contract),
            "header_title": str(contract),
            "header_icon": "doc-full",
        },
    )


def get_contract(request, pk):
    team_only(request)
    return get_object_or_404(Contract.objects.select_related("sponsorship__sponsor", "sponsorship__package"), pk=pk)


def contract_workflow_view(request, pk):
    return contract_page(request, get_contract(request, pk))


def contract_action(request, pk, act, done):
    """Run a contract step on POST (GET shows the page): `act(contract)`; messages either way."""
    contract = get_contract(request, pk)
    if request.method != "POST":
        return redirect(contract_url(contract))
    try:
        result = act(contract)
    except moderation.TransitionNotAllowed as exc:
        messages.error(request, str(exc))
        return redirect(contract_url(contract))
    messages.success(request, done)
    return redirect(contract_url(result if isinstance(result, Contract) else contract))


def send_view(request, pk):
    """Generate the PDF, await the signature; mails the primary contact a link to download it."""
    return contract_action(
        request,
        pk,
        lambda c: c.send(request.user, on_done=lambda obj, previous: notifications.contract_sent(obj)),
        "The contract is sent: its PDF is made and the sponsor's primary contact is told by email.",
    )


def nullify_view(request, pk):
    return contract_action(request, pk, lambda c: c.nullify(request.user), "The contract is nullified.")


def redraft_view(request, pk):
    """A new draft from the sponsorship as it is now; this contract becomes outdated."""

    def redraft(contract):
        new = contract.redraft(request.user)
        log(new, "wagtail.create", user=request.user)
        return new

    return contract_action(request, pk, redraft, "A new draft is made; the previous contract is outdated.")


def execute_view(request, pk):
    """Upload the signed PDF: the contract is executed and the sponsorship finalized (locked)."""
    contract = get_contract(request, pk)
    if request.method != "POST":
        return redirect(contract_url(contract))
    form = forms.SignedDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "The contract is not executed: upload the signed PDF.")
        return contract_page(request, contract, execute_form=form)
    try:
        contract.execute(
            request.user,
            form.cleaned_data["signed_document"],
            on_done=lambda obj, previous: notifications.contract_executed(obj),
        )
    except moderation.TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, "The contract is executed and the sponsorship finalized; the sponsor and the team are told."
        )
    return redirect(contract_url(contract))


def contract_file_view(request, pk, field):
    """The PDF sent (`document`) or the signed copy, to the team only."""
    contract = get_contract(request, pk)
    file = getattr(contract, field)
    if not file:
        raise Http404("This contract has no such document.")
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


class WorkflowIndexView(IndexView):
    """The listing with a "Workflow" button on each row (the sponsorship's or contract's page)."""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if moderation.can_moderate(self.request.user, Sponsorship):
            url = reverse(f"wagtailsnippets_sponsors_{self.model._meta.model_name}:workflow", args=[instance.pk])
            buttons.insert(0, ListingButton("Workflow", url, icon_name="tasks", priority=1))
        return buttons


class SponsorshipEditView(EditView):
    """Editing the agreed fields; never a finalized (locked) sponsorship, and never a revert to
    an old revision (states move only through the workflow)."""

    def dispatch(self, request, *args, **kwargs):
        if moderation.can_moderate(request.user, Sponsorship):
            sponsorship = getattr(self, "object", None) or self.get_object()
            if self.view_name == "revisions_revert":
                messages.error(request, "Sponsorships are not reverted to a revision: use the workflow's steps.")
                return redirect(sponsorship_url(sponsorship))
            if sponsorship.locked:
                messages.error(request, "This sponsorship is finalized and locked: it cannot be edited.")
                return redirect(sponsorship_url(sponsorship))
        return super().dispatch(request, *args, **kwargs)


class ContractEditView(EditView):
    """Editing a contract's texts while it is a draft only; the others are read on their page."""

    def dispatch(self, request, *args, **kwargs):
        if moderation.can_moderate(request.user, Sponsorship):
            contract = getattr(self, "object", None) or self.get_object()
            if self.view_name == "revisions_revert":
                messages.error(request, "Contracts are not reverted to a revision: redraft instead.")
                return redirect(contract_url(contract))
            if not contract.editable:
                state = contract.get_status_display().lower()
                messages.error(request, f"Only a draft contract is edited; this one is {state}.")
                return redirect(contract_url(contract))
        return super().dispatch(request, *args, **kwargs)


class SponsorshipFilterSet(WagtailFilterSet):
    year = ChoiceFilter(choices=years_of(Sponsorship), empty_label="All years")

    class Meta:
        model = Sponsorship
        fields = ["status", "year"]


class SponsorshipViewSet(SnippetViewSet):
    model = Sponsorship
    icon = "tasks"
    menu_label = "Sponsorships"
    index_view_class = WorkflowIndexView
    edit_view_class = SponsorshipEditView
    filterset_class = SponsorshipFilterSet
    list_display = ["sponsor", "package", "status", "year", "applied_on", Column("sponsorship_fee", label="Fee")]
    search_fields = ["sponsor__name"]
    search_backend_name = None
    ordering = ["-applied_on", "-pk"]

    def get_queryset(self, request):
        return Sponsorship.objects.select_related("sponsor", "package")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("workflow/<int:pk>/", sponsorship_workflow_view, name="workflow"),
            path("workflow/<int:pk>/approve/", approve_view, name="approve"),
            path("workflow/<int:pk>/reject/", reject_view, name="reject"),
            path("workflow/<int:pk>/rollback/", rollback_view, name="rollback"),
        ]


class ContractViewSet(SnippetViewSet):
    model = Contract
    icon = "doc-full"
    menu_label = "Contracts"
    index_view_class = WorkflowIndexView
    edit_view_class = ContractEditView
    list_display = ["__str__", "status", "created_on", "sent_on", "executed_on"]
    list_filter = ["status"]
    search_fields = ["sponsorship__sponsor__name"]
    search_backend_name = None
    ordering = ["-created_on", "-pk"]

    def get_queryset(self, request):
        return Contract.objects.select_related("sponsorship__sponsor", "sponsorship__package")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("workflow/<int:pk>/", contract_workflow_view, name="workflow"),
            path("workflow/<int:pk>/send/", send_view, name="send"),
            path("workflow/<int:pk>/execute/", execute_view, name="execute"),
            path("workflow/<int:pk>/nullify/", nullify_view, name="nullify"),
            path("workflow/<int:pk>/redraft/", redraft_view, name="redraft"),
            path("workflow/<int:pk>/document/", contract_file_view, {"field": "document"}, name="document"),
            path("workflow/<int:pk>/signed/", contract_file_view, {"field": "signed_document"}, name="signed"),
        ]


class AssetFilterSet(WagtailFilterSet):
    overdue = BooleanFilter(label="Overdue", method="filter_overdue")

    class Meta:
        model = Asset
        fields = ["overdue", "provided", "kind"]

    def filter_overdue(self, queryset, name, value):
        overdue = Asset.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


def asset_owner(asset):
    return str(asset.sponsorship or asset.sponsor)


class AssetViewSet(SnippetViewSet):
    """The sponsors' assets: what they provided (or not yet, by the due date) and what the PSF
    provides them (e.g. a voucher code entered here)."""

    model = Asset
    icon = "image"
    menu_label = "Assets"
    filterset_class = AssetFilterSet
    list_display = [
        "label",
        Column("owner", label="Sponsorship or sponsor", accessor=asset_owner),
        "kind",
        BooleanColumn("provided", label="By the PSF"),
        "due_date",
        "submitted_at",
    ]
    search_fields = ["label", "internal_name", "sponsor__name", "sponsorship__sponsor__name"]
    search_backend_name = None
    ordering = ["due_date", "label"]
    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldPanel("due_date"),
        FieldPanel("text"),
        FieldPanel("file"),
        FieldPanel("kind", read_only=True),
        FieldPanel("provided", read_only=True),
        FieldPanel("internal_name", read_only=True),
        FieldPanel("submitted_at", read_only=True),
    ]

    def get_queryset(self, request):
        return Asset.objects.select_related("sponsor", "sponsorship__sponsor", "sponsorship__package")


WORKFLOW_VIEWSETS.extend([SponsorshipViewSet, ContractViewSet, AssetViewSet])


# The moderators' dashboard: applications waiting and contracts awaiting signature as review
# queues (panel "Awaiting your review" and the "Awaiting review" menu), overdue assets in a
# panel of their own (an asset is not a moderated model), all for the team only.

moderation.register_review_queue(
    "Sponsorship applications",
    Sponsorship,
    Sponsorship.objects.filter(status=Sponsorship.Status.APPLIED),
    lambda: reverse("wagtailsnippets_sponsors_sponsorship:list") + f"?status={Sponsorship.Status.APPLIED}",
)
moderation.register_review_queue(
    "Contracts awaiting signature",
    Contract,
    Contract.objects.filter(status=Contract.Status.AWAITING_SIGNATURE),
    lambda: reverse("wagtailsnippets_sponsors_contract:list") + f"?status={Contract.Status.AWAITING_SIGNATURE}",
    icon="doc-full",
)


class OverdueAssetsPanel(Component):
    name = "sponsor_assets_overdue"
    template_name = "sponsors/admin/workflow_overdue_panel.html"
    order = 60  # under "Awaiting your review"

    def get_context_data(self, parent_context):
        overdue = Asset.objects.overdue()
        return {
            "count": overdue.count(),
            "url": reverse("wagtailsnippets_sponsors_asset:list") + "?overdue=true",
        }


@hooks.register("construct_homepage_panels")
def add_overdue_assets_panel(request, panels):
    if moderation.can_moderate(request.user, Sponsorship):
        panels.append(OverdueAssetsPanel())


# --- The menu --------------------------------------------------------------------------------


class SponsorsGroup(SnippetViewSetGroup):
    """The "Sponsors" menu: the catalogue and sponsors, the staff workflow's viewsets, and the
    items registered with SPONSORS_MENU_HOOK ("Clone a year"). Each entry shows only to those
    holding its permissions (the "Sponsorship team" group)."""

    menu_label = "Sponsors"
    menu_icon = "pick"
    menu_order = 275
    submenu_hook = SPONSORS_MENU_HOOK
    items = (*CATALOGUE_VIEWSETS, *WORKFLOW_VIEWSETS)


register_snippet(SponsorsGroup)

"""Elections in the Wagtail admin ("Elections": kinds, elections, nominees, nominations). The
"Election administrators" group (migration 0002) holds the permissions, `moderate_nomination`
included; `is_staff` alone grants nothing. Nominations accepted by the nominee and not yet
approved are a review queue (dashboard and "Awaiting review" menu, linking the listing filtered
to them); an administrator approves with the "approved" box in the editor, or a POST to
`approve/<pk>/` (which also refuses a nomination the nominee has not accepted)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from pydotorg.core.moderation import can_moderate, refuse, register_review_queue

from .models import Election, ElectionKind, Nomination, Nominee


def approve(nomination, user):
    if not can_moderate(user, Nomination):
        refuse("Only the election administrators approve nominations.")
    if not nomination.accepted:
        refuse("Only a nomination the nominee accepted can be approved.")
    nomination.approved = True
    nomination.save(update_fields=["approved", "updated"])


@require_POST
def approve_view(request, pk):
    nomination = get_object_or_404(Nomination, pk=pk)
    approve(nomination, request.user)
    messages.success(request, f"The nomination of {nomination.name} is approved and public.")
    return redirect(reverse("wagtailsnippets_nominations_nomination:list") + "?accepted=true&approved=false")


class ElectionKindViewSet(SnippetViewSet):
    model = ElectionKind
    icon = "tag"
    list_display = ["name", "slug", "accent_colour", "form"]


class ElectionViewSet(SnippetViewSet):
    model = Election
    icon = "date"
    list_display = ["name", "kind", "date", "nominations_open_at", "nominations_close_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    search_backend_name = None


class NomineeViewSet(SnippetViewSet):
    model = Nominee
    icon = "user"
    list_display = ["name", "email", "election", "user"]
    list_filter = ["election"]
    search_fields = ["name", "email"]
    search_backend_name = None


class NominationViewSet(SnippetViewSet):
    model = Nomination
    icon = "form"
    list_display = ["name", "election", "nominator", BooleanColumn("accepted"), BooleanColumn("approved"), "created"]
    list_filter = ["election", "accepted", "approved", "self_nomination"]
    search_fields = ["name", "email"]
    search_backend_name = None
    list_export = ["name", "email", "election", "employer", "accepted", "approved", "created"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("approve/<int:pk>/", approve_view, name="approve")]


class ElectionsGroup(SnippetViewSetGroup):
    menu_label = "Elections"
    menu_icon = "date"
    menu_order = 270
    items = (ElectionViewSet, NominationViewSet, NomineeViewSet, ElectionKindViewSet)


register_snippet(ElectionsGroup)

register_review_queue(
    "Nominations",
    Nomination,
    Nomination.objects.awaiting_approval(),
    lambda: reverse("wagtailsnippets_nominations_nomination:list") + "?accepted=true&approved=false",
    approve=approve,
    icon="form",
)

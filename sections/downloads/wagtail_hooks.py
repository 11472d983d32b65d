from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pydotorg.core.restrictions import public_by_path
from pydotorg.core.search import register_search_type

from . import services
from .models import OperatingSystem
from .pages import ReleaseIndexPage, ReleasePage


class OperatingSystemViewSet(SnippetViewSet):
    model = OperatingSystem
    icon = "desktop"
    menu_label = "Operating systems"
    list_display = ["name", "slug"]
    add_to_admin_menu = False


register_snippet(OperatingSystemViewSet)


@hooks.register("after_create_page")
def grant_release_managers_on_a_new_release_index(request, page):
    """A release index made in the admin: the "Release managers" group may upload under it."""
    if isinstance(page.specific, ReleaseIndexPage):
        services.grant_release_managers(page)


# --- Site search (pydotorg/core/search.py) ------------------------------------------------
register_search_type(
    "releases",
    "Releases",
    "Release",
    ReleasePage,
    visible=lambda: public_by_path(ReleasePage.objects.live()),
    url=lambda release, request: release.get_url(request),
    date=lambda release: release.release_date or release.first_published_at,
    order=20,
)

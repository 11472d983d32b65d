"""The Fellows of the roster as a snippet (admin menu "PSF Fellows"): add, edit and delete
need the `psf.add_fellow`, `psf.change_fellow` and `psf.delete_fellow` permissions, held
through a group ("Editors", migration 0002); `is_staff` alone grants nothing. Board minutes
and work groups are pages: Wagtail's page permissions (through groups) govern them."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Fellow


class FellowViewSet(SnippetViewSet):
    model = Fellow
    icon = "group"
    menu_label = "PSF Fellows"
    menu_name = "psf-fellows"
    add_to_admin_menu = True
    menu_order = 350
    list_display = ["name", "year_elected", "status", "emeritus_year"]
    list_filter = ["status", "year_elected"]
    search_fields = ["name"]
    search_backend_name = None  # plain database filtering on search_fields
    ordering = ["-year_elected", "name"]
    list_export = ["name", "year_elected", "status", "emeritus_year", "notes"]
    list_per_page = 50


register_snippet(FellowViewSet)

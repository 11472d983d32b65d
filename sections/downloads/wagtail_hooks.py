from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import OperatingSystem


class OperatingSystemViewSet(SnippetViewSet):
    model = OperatingSystem
    icon = "desktop"
    menu_label = "Operating systems"
    list_display = ["name", "slug"]
    add_to_admin_menu = False


register_snippet(OperatingSystemViewSet)

"""Community posts in the Wagtail admin ("Community posts" in the menu): listing, add, edit
with drafts, preview, history, locking, publish, unpublish, delete. Every view checks the
model's permissions (`community.add_post`, `change_post`, `publish_post`, `delete_post`...)
held through a group: migration 0002 gives them to Wagtail's "Editors" (write drafts) and
"Moderators" (also publish and delete). `is_staff` alone grants nothing."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Post


class PostViewSet(SnippetViewSet):
    model = Post
    icon = "group"
    menu_label = "Community posts"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "kind", "published_at", "live"]
    list_filter = ["kind", "live"]
    search_fields = ["title"]
    search_backend_name = None  # plain database filtering on search_fields
    ordering = ["-published_at", "-pk"]


register_snippet(PostViewSet)

"""Success stories in the Wagtail admin: the stories are pages (Pages → Success stories);
their categories are snippets; stories awaiting review are a queue on the moderators'
dashboard and in the "Awaiting review" menu (`register_review_queue`), linked to Wagtail's
workflow report. Moderators approve or request changes with Wagtail's own workflow actions."""

from django.urls import reverse
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pydotorg.core.moderation import register_review_queue
from pydotorg.core.restrictions import public_by_path
from pydotorg.core.search import register_search_type

from .models import StoryCategory
from .pages import StoryPage, awaiting_review


class StoryCategoryViewSet(SnippetViewSet):
    model = StoryCategory
    icon = "tag"
    menu_label = "Story categories"
    menu_order = 260
    add_to_admin_menu = False
    list_display = ["name", "slug"]


register_snippet(StoryCategoryViewSet)

register_review_queue(
    "Success stories",
    StoryPage,
    awaiting_review(),
    lambda: reverse("wagtailadmin_reports:workflow"),
    icon="doc-full",
)


# --- Site search (pydotorg/core/search.py) ------------------------------------------------
register_search_type(
    "stories",
    "Success stories",
    "Success story",
    StoryPage,
    visible=lambda: public_by_path(StoryPage.objects.live()),
    url=lambda story, request: story.get_url(request),
    date=lambda story: story.first_published_at,
    order=60,
)

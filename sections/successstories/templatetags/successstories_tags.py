from django import template

from pydotorg.core import pagecache
from pydotorg.core.restrictions import public

from ..pages import StoryPage

register = template.Library()


@register.inclusion_tag("successstories/includes/home_story.html")
def featured_story():
    """The home page's success story: the newest published featured story (or nothing)."""
    pagecache.tag("successstories")  # the page showing it is purged with the stories
    stories = public(StoryPage.objects.live()).filter(is_featured=True).select_related("category")
    return {"story": stories.order_by("-first_published_at", "-pk").first()}

"""The views behind CommunityPage's routes. Each takes the request and the community page.
Everyone reads published posts; drafts and unpublished posts answer 404 (editors see them
through the admin's preview)."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from wagtail.images import get_image_model

from pydotorg.core.links import SiteFeed

from .models import Post

PER_PAGE = 20
THUMBNAIL = "max-320x240"  # the renditions of templates/community/includes/media.html
PICTURE = "max-800x600"


def with_images(posts, spec):
    """`posts` with their image and its rendition of `spec` in two queries in all."""
    images = get_image_model().objects.prefetch_renditions(spec)
    return posts.prefetch_related(Prefetch("image", queryset=images))


def index(request, page):
    paginator = Paginator(with_images(Post.objects.for_listing(), THUMBNAIL), PER_PAGE)
    posts = paginator.get_page(request.GET.get("page"))
    return page.render(
        request,
        template="community/index.html",
        context_overrides={"posts": posts, "page_obj": posts},
    )


def detail(request, page, pk):
    post = with_images(Post.objects.for_listing(), PICTURE).filter(pk=pk).first()
    if post is None:
        raise Http404("No such community post.")
    return page.render(request, template="community/detail.html", context_overrides={"post": post})


class PostFeed(SiteFeed):
    """The 20 newest published posts; every URL absolute on the host it is served from."""

    description = "The newest posts of the Python community on python.org."

    def __init__(self, page):
        super().__init__()
        self.page = page

    def title(self):
        return "Python.org community"

    def link(self):
        return self.absolute(self.page.get_url(self.request))

    def items(self):
        return Post.objects.for_listing()[:20]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.content_html or post.get_kind_display()

    def item_link(self, post):
        return self.absolute(f"{self.page.get_url(self.request)}{post.pk}/")

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.last_published_at

    def item_categories(self, post):
        return [post.get_kind_display()]

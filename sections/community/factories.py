"""A factory for every model and page type of the community section."""

import factory
import wagtail_factories
from django.utils import timezone

from .models import Post
from .pages import CommunityPage


class CommunityPageFactory(wagtail_factories.PageFactory):
    title = "Community"
    slug = "community"
    intro = "Python's community is vast, diverse and aims to grow."

    class Meta:
        model = CommunityPage


class PostFactory(factory.django.DjangoModelFactory):
    """A published text post (`live=False` for a draft)."""

    kind = Post.Kind.TEXT
    title = factory.Sequence(lambda n: f"Community post {n}")
    content = "<p>Meet other Pythonistas at your local user group.</p>"
    live = True
    published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Post

    class Params:
        link = factory.Trait(kind=Post.Kind.LINK, url="https://www.pythonweekly.com/")
        video = factory.Trait(kind=Post.Kind.VIDEO, media_url="https://www.youtube.com/watch?v=example")
        photo = factory.Trait(kind=Post.Kind.PHOTO, image=factory.SubFactory(wagtail_factories.ImageFactory))

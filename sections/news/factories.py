"""Factories of every news model and page type (tests, and nothing else)."""

import factory
import wagtail_factories
from django.utils import timezone

from .models import Entry, Feed, FeedSync
from .pages import NewsIndexPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "blogs"
    intro = "News from Python Insider."

    class Meta:
        model = NewsIndexPage


class FeedFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Blog {n}")
    slug = factory.Sequence(lambda n: f"blog-{n}")
    feed_url = factory.Sequence(lambda n: f"https://blog{n}.example.org/feed.xml")
    website_url = factory.Sequence(lambda n: f"https://blog{n}.example.org/")

    class Meta:
        model = Feed


class EntryFactory(factory.django.DjangoModelFactory):
    feed = factory.SubFactory(FeedFactory)
    guid = factory.Sequence(lambda n: f"tag:blog.example.org,2025:post-{n}")
    title = factory.Sequence(lambda n: f"Post {n}")
    summary = "A post about Python."
    content = "<p>A post about <em>Python</em>.</p>"
    url = factory.Sequence(lambda n: f"https://blog.example.org/post-{n}.html")
    pub_date = factory.LazyFunction(timezone.now)

    class Meta:
        model = Entry


class FeedSyncFactory(factory.django.DjangoModelFactory):
    feed = factory.SubFactory(FeedFactory)
    trigger = "command"

    class Meta:
        model = FeedSync

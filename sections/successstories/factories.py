"""A factory for every model and page type of the success stories."""

import factory
import wagtail_factories

from .models import StoryCategory
from .pages import StoryPage, SuccessStoryIndexPage


class SuccessStoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Success Stories"
    slug = "success-stories"
    intro = "How people and organisations use Python."

    class Meta:
        model = SuccessStoryIndexPage


class StoryCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = StoryCategory
        django_get_or_create = ["slug"]


class StoryPageFactory(wagtail_factories.PageFactory):
    """A published story (pass live=False for a draft)."""

    title = factory.Sequence(lambda n: f"Python at Example {n}")
    slug = factory.Sequence(lambda n: f"python-at-example-{n}")
    category = factory.SubFactory(StoryCategoryFactory)
    company_name = "Example Corp"
    company_url = "https://example.com/"
    author = "Ada Lovelace"
    pull_quote = "Python lets a small team do big things."
    body = factory.LazyFunction(lambda: [("markdown", "We use **Python** everywhere.")])

    class Meta:
        model = StoryPage

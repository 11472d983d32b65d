import pytest

from sections.successstories.factories import StoryCategoryFactory, StoryPageFactory, SuccessStoryIndexPageFactory


@pytest.fixture
def index(home_page, site):
    """The index page (its creation gives it the review workflow: signals.py)."""
    return SuccessStoryIndexPageFactory(parent=home_page)


@pytest.fixture
def users(users, make_user):
    """The root conftest's roles (`owner` submits the stories of the tests), `other` (another
    signed-in user) and the moderator (the group made by migration 0002)."""
    return {
        **users,
        "other": make_user("other"),
        "moderator": make_user("moderator", groups=["Success story moderators"]),
    }


@pytest.fixture
def category(db):
    return StoryCategoryFactory(name="Software Development", slug="software-development")


@pytest.fixture
def make_story(index, category):
    def make(**fields):
        return StoryPageFactory(parent=index, **{"category": category, **fields})

    return make


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def story_data(**fields):
    return {
        "title": "Python at Acme",
        "company_name": "Acme",
        "company_url": "https://acme.example/",
        "category": "",
        "author": "Grace Hopper",
        "author_email": "grace@acme.example",
        "pull_quote": "Python made Acme fast.",
        "markup": "markdown",
        "content": "We use **Python** for everything.\n\n<script>alert(1)</script>",
        "website": "",
        **fields,
    }

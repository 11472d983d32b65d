from collections import Counter, defaultdict

import pytest

from sections.community.factories import CommunityPageFactory, PostFactory


@pytest.fixture
def community(home_page, site):
    return CommunityPageFactory(parent=home_page)


@pytest.fixture
def users(users, make_user):
    """The root conftest's roles and a moderator: a member of Wagtail's "Moderators" group,
    which migration 0002 lets publish and delete posts ("Editors" write drafts only)."""
    return {**users, "moderator": make_user("moderator", groups=["Moderators"])}


@pytest.fixture
def make_post(community):
    return PostFactory


class DemoCommand:
    """What a demo module uses of `manage.py load_demo_content`."""

    def __init__(self):
        self.counts = defaultdict(Counter)
        self.warnings = []

    def tally(self, kind, status):
        self.counts[kind][status] += 1

    def progress(self, items, label):
        return items

    def warn(self, message):
        self.warnings.append(message)

from collections import Counter, defaultdict

import pytest
from allauth.account.models import EmailAddress

from sections.nominations.factories import ElectionFactory, NominationFactory
from sections.nominations.models import Nomination


@pytest.fixture
def users(users, make_user):
    """The root roles; `owner` nominates, `nominee` has the verified address nominated, and
    `moderator` is in "Election administrators" (migration 0002). Every address is verified."""
    users = {
        **users,
        "nominee": make_user("nominee"),
        "moderator": make_user("moderator", groups=["Election administrators"]),
    }
    for user in users.values():
        if user is not None:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return users


@pytest.fixture
def election(db):
    return ElectionFactory(slug="board-2026")


@pytest.fixture
def closed_election(db):
    return ElectionFactory(slug="board-2020", closed=True)


@pytest.fixture
def make_nomination(users):
    def make(election, **fields):
        fields = {"name": "Nominee", "email": users["nominee"].email, "nominator": users["owner"], **fields}
        return NominationFactory(election=election, **fields)

    return make


@pytest.fixture
def nomination(election, make_nomination):
    return make_nomination(election)


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def snapshot():
    """Every nomination's fields: what a refused request must leave unchanged."""
    return list(Nomination.objects.order_by("pk").values())


class DemoCommand:
    def __init__(self):
        self.counts = defaultdict(Counter)

    def tally(self, kind, status):
        self.counts[kind][status] += 1

import pytest

from sections.pages.factories import SectionPageFactory
from sections.psf.factories import (
    FellowsRosterPageFactory,
    MinutesIndexPageFactory,
    RecordsPageFactory,
    WorkGroupIndexPageFactory,
)


@pytest.fixture
def psf(home_page, site):
    return SectionPageFactory(parent=home_page, title="PSF", slug="psf")


@pytest.fixture
def minutes_index(psf):
    records = RecordsPageFactory(parent=psf)
    board = RecordsPageFactory(parent=records, title="Board of Directors", slug="board")
    return MinutesIndexPageFactory(parent=board)


@pytest.fixture
def workgroups(psf):
    return WorkGroupIndexPageFactory(parent=psf)


@pytest.fixture
def roster(psf):
    return FellowsRosterPageFactory(parent=psf)


@pytest.fixture
def users(users, make_user):
    """The root conftest's roles and Wagtail's own "Moderators" group (pages: add, edit, publish)."""
    return {**users, "moderator": make_user("moderator", groups=["Moderators"])}


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client

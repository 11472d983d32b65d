"""Fixtures of the downloads tests: the page tree (the release index given to the release
managers, as `services.release_index()` does), users of every role with their API
credentials, and a published release with files."""

import pytest

from pydotorg.api.factories import ApiKeyFactory, ApiTokenFactory
from sections.downloads.factories import (
    DownloadsIndexPageFactory,
    ReleaseFileFactory,
    ReleaseIndexPageFactory,
    ReleasePageFactory,
)
from sections.downloads.models import OperatingSystem
from sections.downloads.services import grant_release_managers


@pytest.fixture
def downloads(home_page):
    return DownloadsIndexPageFactory(parent=home_page)


@pytest.fixture
def release_index(downloads):
    index = ReleaseIndexPageFactory(parent=downloads)
    grant_release_managers(index)
    return index


@pytest.fixture
def make_release(release_index):
    def make(title, **kwargs):
        return ReleasePageFactory(parent=release_index, title=title, **kwargs)

    return make


@pytest.fixture
def release(make_release):
    return make_release("Python 3.14.0", is_latest=True, release_notes_url="https://docs.python.org/3.14/")


@pytest.fixture
def draft_release(make_release):
    return make_release("Python 3.15.0a1", live=False, pre_release=True)


@pytest.fixture
def source_os(db):
    return OperatingSystem.objects.get(slug="source")


@pytest.fixture
def release_file(release):
    return ReleaseFileFactory(
        release=release,
        name="XZ compressed source tarball",
        slug="python-3140-xz",
        url="https://www.python.org/ftp/python/3.14.0/Python-3.14.0.tar.xz",
        sigstore_signature_file="https://www.python.org/ftp/python/3.14.0/Python-3.14.0.tar.xz.sig",
        sbom_spdx2_file="https://www.python.org/ftp/python/3.14.0/Python-3.14.0.tar.xz.spdx.json",
        download_button=True,
        filesize=3 * 2**30,
    )


@pytest.fixture
def users(users, make_user):
    """The root conftest's users (anonymous, user, owner, editor, staff (no group),
    superuser), a moderator (Wagtail's "Moderators") and a release manager (staff, in
    "Release managers"), each with an API key `<role>-key` and token `<role>-token`."""
    users = {
        **users,
        "moderator": make_user("moderator", groups=["Moderators"]),
        "release_manager": make_user("release_manager", groups=["Release managers"], is_staff=True),
    }
    for role, user in users.items():
        if user is not None:
            ApiKeyFactory(user=user, key=f"{role}-key")
            ApiTokenFactory(user=user, key=f"{role}-token")
    return users


USERNAMES = {"superuser": "root"}


def v1_auth(role):
    return {"HTTP_AUTHORIZATION": f"ApiKey {USERNAMES.get(role, role)}:{role}-key"} if role != "anonymous" else {}


def v2_auth(role):
    return {"HTTP_AUTHORIZATION": f"Token {role}-token"} if role != "anonymous" else {}

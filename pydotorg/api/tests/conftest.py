import pytest

from pydotorg.api.factories import ApiKeyFactory, ApiTokenFactory


@pytest.fixture
def users(users):
    """The root conftest's users, each with an API key `<username>-key` and token `<username>-token`."""
    for user in filter(None, users.values()):
        ApiKeyFactory(user=user, key=f"{user.username}-key")
        ApiTokenFactory(user=user, key=f"{user.username}-token")
    return users

import pytest
from django.contrib.auth.models import Group, Permission

from sections.membership.factories import MembershipFactory


@pytest.fixture
def users(users, make_user):
    """The root roles (`owner` holds the membership of the tests), the group made by migration
    0002 ("Membership administrators") and a group that may only view memberships."""
    viewers, _ = Group.objects.get_or_create(name="Membership viewers")
    viewers.permissions.add(
        Permission.objects.get(codename="view_membership"), Permission.objects.get(codename="access_admin")
    )
    return {
        **users,
        "coordinator": make_user("coordinator", groups=["Membership administrators"]),
        "viewer": make_user("viewer", groups=["Membership viewers"]),
    }


@pytest.fixture
def membership(users):
    return MembershipFactory(creator=users["owner"], legal_name="Owner Legal", preferred_name="Owner")


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client

"""`{% membership_status user %}`, the profile page's membership box: the owner only."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from sections.membership.demo import load_demo
from sections.membership.models import Membership

pytestmark = pytest.mark.django_db


def render(viewer, user):
    request = RequestFactory().get("/users/owner/")
    request.user = viewer
    return Template("{% load membership %}{% membership_status user %}").render(
        Context({"request": request, "user": user})
    )


def test_the_owner_sees_type_and_eligibility(users, membership):
    membership.affirm_vote(timezone.localdate() - timedelta(days=5))
    html = render(users["owner"], users["owner"])
    assert "Basic member" in html and "Eligible to vote" in html and "/users/membership/edit/" in html
    membership.affirm_vote(timezone.localdate() - timedelta(days=400))
    assert "Not eligible to vote" in render(users["owner"], users["owner"])


def test_a_user_without_membership_is_offered_sign_up(users):
    assert "Become a basic member" in render(users["user"], users["user"])


@pytest.mark.parametrize("role", ["user", "staff", "superuser"])
def test_nobody_else_sees_it(users, membership, role):
    assert render(users[role], users["owner"]).strip() == ""


def test_the_demo_makes_an_eligible_and_a_lapsed_member_once():
    class Command:
        tallies = []

        def tally(self, kind, status):
            self.tallies.append((kind, status))

    command = Command()
    load_demo(command)
    load_demo(command)
    assert Membership.objects.count() == 3
    assert command.tallies.count(("memberships", "present")) == 3
    assert Membership.objects.get(creator__username="demo-member").eligible_to_vote
    assert not Membership.objects.get(creator__username="demo-lapsed").eligible_to_vote
    assert Membership.objects.eligible_to_vote().count() == 1

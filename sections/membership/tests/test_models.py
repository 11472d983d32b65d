"""The voting rule: eligible = affirmed on or after the same day a year before."""

import datetime

import pytest

from sections.membership.factories import MembershipFactory
from sections.membership.models import Membership, one_year_after, one_year_before

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)


@pytest.mark.parametrize(
    ("affirmed", "eligible"),
    [
        (None, False),
        (TODAY, True),
        (datetime.date(2025, 6, 16), True),  # a year less a day ago
        (datetime.date(2025, 6, 15), True),  # exactly a year ago: the last day it counts
        (datetime.date(2025, 6, 14), False),  # a year and a day ago: lapsed
    ],
)
def test_eligibility_at_the_one_year_boundary(affirmed, eligible):
    membership = MembershipFactory(last_vote_affirmation=affirmed)
    assert membership.eligible_on(TODAY) is eligible
    assert (membership in Membership.objects.eligible_to_vote(TODAY)) is eligible
    assert (membership in Membership.objects.not_eligible_to_vote(TODAY)) is not eligible


def test_leap_day():
    assert one_year_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)
    assert one_year_after(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)
    membership = MembershipFactory(last_vote_affirmation=datetime.date(2028, 2, 29))
    assert membership.vote_eligible_until == datetime.date(2029, 2, 28)
    assert membership.eligible_on(datetime.date(2029, 2, 28))
    assert not membership.eligible_on(datetime.date(2029, 3, 1))


def test_affirm_vote_records_the_day():
    membership = MembershipFactory()
    membership.affirm_vote(TODAY)
    membership.refresh_from_db()
    assert membership.last_vote_affirmation == TODAY
    assert membership.vote_eligible_until == datetime.date(2027, 6, 15)


def test_deleting_the_user_deletes_the_membership():
    membership = MembershipFactory()
    membership.creator.delete()
    assert not Membership.objects.filter(pk=membership.pk).exists()

"""Every write path, every role: refused means a 403 (or the login page) and nothing written."""

import pytest
from django.urls import reverse

from sections.nominations.models import Nomination

from .conftest import login, snapshot

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "user", "owner", "nominee", "editor", "staff", "moderator", "superuser"]

FORM = {
    "name": "Grace Hopper",
    "email": "grace@example.com",
    "previous_service": "",
    "employer": "Navy",
    "other_affiliations": "",
    "nomination_statement": "She *built* the first compiler.",
    "code_of_conduct_ack": "on",
    "eligibility_ack": "on",
}


def create_url(election):
    return reverse("nominations:nomination_create", args=[election.slug])


def url(nomination, name):
    return reverse(f"nominations:nomination_{name}", args=[nomination.election.slug, nomination.pk])


@pytest.mark.parametrize("role", ROLES)
def test_create_while_open_needs_a_signed_in_user(client, users, election, role):
    response = login(client, users[role]).post(create_url(election), FORM)
    if role == "anonymous":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
        assert not Nomination.objects.exists()
    else:
        nomination = Nomination.objects.get()
        assert response.status_code == 302 and response["Location"] == nomination.get_absolute_url()
        assert nomination.nominator == users[role] and nomination.accepted is None and not nomination.approved


@pytest.mark.parametrize("role", ["user", "staff", "moderator", "superuser"])
@pytest.mark.parametrize("window", ["closed", "future"])
def test_nominating_outside_the_window_shows_a_message_and_writes_nothing(client, users, closed_election, role, window):
    if window == "future":
        from datetime import timedelta

        from django.utils import timezone

        closed_election.nominations_open_at = timezone.now() + timedelta(days=3)
        closed_election.nominations_close_at = timezone.now() + timedelta(days=9)
        closed_election.save()
    client = login(client, users[role])
    page = client.get(create_url(closed_election))
    assert page.status_code == 200
    assert "Nominations are not open" in page.content.decode() and "nomination-form" not in page.content.decode()
    client.post(create_url(closed_election), FORM)
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_nominator_edits_while_open(client, users, nomination, role):
    before = snapshot()
    data = {**FORM, "name": "Changed", "email": nomination.email}
    response = login(client, users[role]).post(url(nomination, "edit"), data)
    nomination.refresh_from_db()
    if role == "owner":
        assert response.status_code == 302 and nomination.name == "Changed"
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert snapshot() == before


def test_the_nominator_cannot_edit_after_the_close(client, users, closed_election, make_nomination):
    nomination = make_nomination(closed_election)
    before = snapshot()
    client.force_login(users["owner"])
    assert client.get(url(nomination, "edit")).status_code == 403
    assert client.post(url(nomination, "edit"), {**FORM, "name": "Late"}).status_code == 403
    assert snapshot() == before


def test_editing_cannot_change_the_nominee_and_is_reviewed_again(client, users, make_nomination, election):
    nomination = make_nomination(election, accepted=True, approved=True)
    client.force_login(users["owner"])
    client.post(url(nomination, "edit"), {**FORM, "email": "someone-else@example.com"})
    nomination.refresh_from_db()
    assert nomination.email == users["nominee"].email and nomination.name == "Grace Hopper"
    assert not nomination.approved and not nomination.is_public


@pytest.mark.parametrize("role", ROLES)
def test_only_the_nominee_by_verified_email_answers(client, users, nomination, role):
    before = snapshot()
    response = login(client, users[role]).post(url(nomination, "accept"), {"answer": "accept"})
    nomination.refresh_from_db()
    if role == "nominee":
        assert response.status_code == 302 and nomination.accepted is True
        assert nomination.nominee.user == users["nominee"]
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert snapshot() == before


def test_an_unverified_address_is_not_the_nominee(client, users, nomination):
    users["nominee"].emailaddress_set.update(verified=False)
    client.force_login(users["nominee"])
    assert client.post(url(nomination, "accept"), {"answer": "accept"}).status_code == 403
    nomination.refresh_from_db()
    assert nomination.accepted is None


def test_the_nominee_declines_and_cannot_answer_after_the_close(
    client, users, nomination, make_nomination, closed_election
):
    client.force_login(users["nominee"])
    client.post(url(nomination, "accept"), {"answer": "decline"})
    nomination.refresh_from_db()
    assert nomination.accepted is False
    late = make_nomination(closed_election)
    assert client.post(url(late, "accept"), {"answer": "accept"}).status_code == 403
    late.refresh_from_db()
    assert late.accepted is None


@pytest.mark.parametrize("role", ROLES)
def test_a_nomination_not_yet_public_is_seen_by_those_involved_only(client, users, make_nomination, election, role):
    nomination = make_nomination(election, accepted=True)  # awaiting approval
    response = login(client, users[role]).get(url(nomination, "detail"))
    if role in {"owner", "nominee", "moderator", "superuser"}:
        assert response.status_code == 200
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)


def test_the_nominee_page_shows_only_accepted_and_approved_nominations(client, users, election, make_nomination):
    public = make_nomination(election, accepted=True, approved=True, nomination_statement="PUBLIC-ONE")
    make_nomination(election, nominator=users["user"], accepted=None, nomination_statement="PENDING-ONE")
    make_nomination(election, nominator=users["staff"], accepted=True, nomination_statement="WAITING-ONE")
    page = client.get(public.nominee.get_absolute_url()).content.decode()
    assert "PUBLIC-ONE" in page and "PENDING-ONE" not in page and "WAITING-ONE" not in page
    listing = client.get(reverse("nominations:nominee_list", args=[election.slug])).content.decode()
    assert public.nominee.get_absolute_url() in listing
    public.approved = False
    public.save()
    assert client.get(public.nominee.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_only_election_administrators_approve(client, users, make_nomination, election, role):
    nomination = make_nomination(election, accepted=True)
    before = snapshot()
    response = login(client, users[role]).post(
        reverse("wagtailsnippets_nominations_nomination:approve", args=[nomination.pk])
    )
    nomination.refresh_from_db()
    if role in {"moderator", "superuser"}:
        assert response.status_code == 302 and "/nominations/nomination/" in response["Location"]
        assert nomination.approved and nomination.is_public
    else:
        assert response.status_code in {302, 403} and snapshot() == before
        assert not nomination.approved


def test_a_nomination_not_accepted_cannot_be_approved(client, users, nomination):
    client.force_login(users["moderator"])
    response = client.post(reverse("wagtailsnippets_nominations_nomination:approve", args=[nomination.pk]))
    nomination.refresh_from_db()
    # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a message.
    assert response.status_code in {302, 403} and not nomination.approved


def test_the_review_queue_holds_accepted_nominations_awaiting_approval(users, election, make_nomination):
    from pydotorg.core.moderation import review_queues

    waiting = make_nomination(election, accepted=True)
    make_nomination(election, nominator=users["user"])  # not answered
    [queue] = [q for q in review_queues(users["moderator"]) if q.model is Nomination]
    assert queue.count() == 1 and queue.is_waiting(waiting)
    assert not [q for q in review_queues(users["staff"]) if q.model is Nomination]


def test_my_nominations_lists_made_and_received(client, users, election, make_nomination):
    made = make_nomination(election, name="Made By Owner", email="x@example.com")
    received = make_nomination(election, nominator=users["user"], email=users["owner"].email, name="Owner Self")
    assert client.get(reverse("my_nominations")).status_code == 302
    client.force_login(users["owner"])
    page = client.get(reverse("my_nominations")).content.decode()
    assert made.get_absolute_url() in page and received.get_absolute_url() in page
    client.force_login(users["user"])
    page = client.get(reverse("my_nominations")).content.decode()
    assert received.get_absolute_url() in page and made.get_absolute_url() not in page

"""/users/membership/…: every URL for every role, and bad input."""

import pytest
from django.utils import timezone

from pydotorg.core.models import OutgoingEmail
from sections.membership.models import Membership

from .conftest import login

URLS = ["/users/membership/", "/users/membership/edit/", "/users/membership/thanks/", "/users/membership/affirm/"]
VALID = {
    "legal_name": "Ann Example",
    "preferred_name": "Ann",
    "address": "1 Main Street",
    "city": "Wilmington",
    "region": "DE",
    "postal_code": "19801",
    "country": "US",
    "psf_code_of_conduct": "on",
    "psf_announcements": "on",
}

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login_and_nothing_is_written(client, url, method):
    response = getattr(client, method)(url, VALID | {"affirm": "on"})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert not Membership.objects.exists()


def test_user_without_membership_sees_the_sign_up_form_and_is_led_there(client, users):
    login(client, users["user"])
    response = client.get("/users/membership/")
    assert response.status_code == 200
    assert b'name="legal_name"' in response.content
    for url in URLS[1:]:
        assert client.get(url)["Location"] == "/users/membership/"
    assert client.post("/users/membership/affirm/", {"affirm": "on"})["Location"] == "/users/membership/"
    assert not Membership.objects.exists()


def test_sign_up_makes_a_basic_membership_of_ones_own_and_mails_a_welcome(client, users):
    login(client, users["user"])
    response = client.post("/users/membership/", VALID | {"membership_type": "fellow", "creator": users["owner"].pk})
    assert response["Location"] == "/users/membership/thanks/"
    membership = Membership.objects.get()
    assert membership.creator == users["user"]
    assert membership.membership_type == Membership.Type.BASIC  # not the posted "fellow"
    assert (membership.legal_name, membership.country.code, membership.psf_announcements) == ("Ann Example", "US", True)
    assert membership.last_vote_affirmation is None
    thanks = client.get("/users/membership/thanks/")
    assert b"Welcome, Ann" in thanks.content
    [mail] = [m for m in OutgoingEmail.objects.all() if m.to == ["user@example.com"]]
    assert "Python Software Foundation" in mail.subject
    assert "/users/membership/affirm/" in mail.body


def test_a_member_is_sent_from_sign_up_to_edit_and_edits_only_their_own(client, users, membership):
    login(client, users["owner"])
    assert client.get("/users/membership/")["Location"] == "/users/membership/edit/"
    page = client.get("/users/membership/edit/")
    assert page.status_code == 200 and b"Owner Legal" in page.content
    response = client.post("/users/membership/edit/", VALID | {"legal_name": "New Legal", "membership_type": "fellow"})
    assert response["Location"] == "/users/membership/edit/"
    membership.refresh_from_db()
    assert membership.legal_name == "New Legal"
    assert membership.membership_type == Membership.Type.BASIC
    assert Membership.objects.count() == 1


def test_another_user_never_sees_or_changes_someone_elses_membership(client, users, membership):
    login(client, users["user"])
    for url in URLS:
        response = client.get(url, follow=True)
        assert b"Owner Legal" not in response.content
    client.post("/users/membership/edit/", VALID | {"legal_name": "Hijacked"})
    client.post("/users/membership/affirm/", {"affirm": "on"})
    membership.refresh_from_db()
    assert membership.legal_name == "Owner Legal"
    assert membership.last_vote_affirmation is None
    assert Membership.objects.count() == 1


def test_affirming_records_today_and_makes_the_member_eligible(client, users, membership):
    login(client, users["owner"])
    page = client.get("/users/membership/affirm/")
    assert b"Not eligible to vote yet" in page.content
    assert client.post("/users/membership/affirm/", {}).status_code == 200  # unticked: a form error
    membership.refresh_from_db()
    assert membership.last_vote_affirmation is None
    response = client.post("/users/membership/affirm/", {"affirm": "on"}, follow=True)
    membership.refresh_from_db()
    assert membership.last_vote_affirmation == timezone.localdate()
    assert membership.eligible_to_vote
    assert b"Eligible to vote" in response.content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("legal_name", "x" * 101, b"at most 100 characters"),
        ("preferred_name", "y" * 101, b"at most 100 characters"),
        ("address", "z" * 256, b"at most 255 characters"),
        ("postal_code", "1" * 21, b"at most 20 characters"),
        ("country", "XX", b"Select a valid choice"),
        ("country", "United States", b"Select a valid choice"),
        ("country", "", b"This field is required"),
        ("psf_code_of_conduct", "", b"You must agree to the PSF Code of Conduct"),
        ("legal_name", "", b"This field is required"),
    ]
    + [
        (field, "<script>alert(1)</script>", b"plain text")
        for field in ["legal_name", "preferred_name", "address", "city", "region"]
    ]
    + [("postal_code", "<i>1</i>", b"plain text")],
)
def test_bad_input_is_a_form_error_and_writes_nothing(client, users, field, value, message):
    login(client, users["user"])
    response = client.post("/users/membership/", VALID | {field: value})
    assert response.status_code == 200
    assert message in response.content
    assert b"<script>alert(1)</script>" not in response.content  # echoed escaped, if at all
    assert not Membership.objects.exists()


def test_bad_input_on_edit_changes_nothing(client, users, membership):
    login(client, users["owner"])
    response = client.post("/users/membership/edit/", VALID | {"city": "<b>x</b>", "country": "ZZ"})
    assert response.status_code == 200
    membership.refresh_from_db()
    assert (membership.city, membership.country.code) == ("Wilmington", "US")

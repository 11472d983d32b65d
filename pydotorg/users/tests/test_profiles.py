"""Profiles under /users/: who may see, edit and delete what; API credentials on the profile
for their staff owner; usernames reserved at sign-up; OAUTH_REDIRECT_BASE_URL."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.urls import resolve, reverse

from pydotorg.api.models import ApiKey, ApiToken
from pydotorg.api.services import issue
from pydotorg.users.models import User

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "user", "owner", "editor", "staff", "superuser"]


def sign_in(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])


def reauthenticate(client):
    """allauth's reauthentication: the password again (as the site asks before a change)."""
    response = client.post(reverse("account_reauthenticate"), {"password": "password"})
    assert response.status_code == 302, response.content[:500]


# --- seeing a profile ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_private_profile_is_seen_by_its_owner_only(client, users, role):
    owner = users["owner"]
    owner.bio = "Secret *bio*"
    owner.save()
    sign_in(client, users, role)
    response = client.get("/users/owner/")
    if role == "owner":
        assert response.status_code == 200
        assert b"Secret <em>bio</em>" in response.content
        assert b"not public" in response.content
    else:
        assert response.status_code == 404
        assert b"Secret" not in response.content


def test_public_profile_renders_sanitised_markdown_and_privacy_choices(client, users):
    owner = users["owner"]
    owner.first_name, owner.last_name, owner.location = "Ada", "Lovelace", "London"
    owner.bio = "**Hi** <script>alert(1)</script> [x](javascript:alert(2))"
    owner.links = "https://example.com/ada"
    owner.public_profile = True
    owner.save()
    response = client.get("/users/OWNER/")  # case-insensitive, as at sign-in
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ada Lovelace" in body and "London" in body and "<strong>Hi</strong>" in body
    assert "<script>alert" not in body and "javascript:" not in body
    assert 'href="https://example.com/ada"' in body
    assert "owner@example.com" not in body  # email private by default
    assert '<meta name="robots" content="noindex">' in body  # not searchable by default
    owner.email_public = owner.searchable = True
    owner.save()
    body = client.get("/users/owner/").content.decode()
    assert "owner@example.com" in body
    assert 'content="noindex"' not in body


def test_unknown_and_inactive_users_are_404(client, users):
    assert client.get("/users/nobody/").status_code == 404
    users["owner"].public_profile = True
    users["owner"].is_active = False
    users["owner"].save()
    assert client.get("/users/owner/").status_code == 404


# --- editing -----------------------------------------------------------------------------


def test_anonymous_cannot_edit(client):
    response = client.post("/users/edit/", {"bio": "x", "public_profile": "on"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["user", "owner", "editor", "staff", "superuser"])
def test_edit_changes_only_the_signed_in_users_profile(client, users, role):
    """/users/edit/ takes no username: whoever signs in edits their own profile, nobody
    else's."""
    sign_in(client, users, role)
    data = {
        "first_name": "New",
        "bio": "Hello",
        "location": "Paris",
        "links": "https://a.example\n",
        "public_profile": "on",
    }
    response = client.post("/users/edit/", data)
    assert response.status_code == 302
    me = User.objects.get(pk=users[role].pk)
    assert (me.first_name, me.bio, me.location, me.links, me.public_profile) == (
        "New",
        "Hello",
        "Paris",
        "https://a.example",
        True,
    )
    others = User.objects.exclude(pk=me.pk)
    assert not others.filter(bio="Hello").exists() and not others.filter(public_profile=True).exists()


@pytest.mark.parametrize(
    "field,value",
    [
        ("first_name", "x" * 151),
        ("location", "y" * 101),
        ("bio", "z" * 5001),
        ("first_name", "<script>alert(1)</script>"),
        ("last_name", "<b>bold</b>"),
        ("location", "<img src=x onerror=alert(1)>"),
        ("links", "javascript:alert(1)"),
        ("links", "\n".join(f"https://e.example/{n}" for n in range(6))),
    ],
)
def test_bad_input_is_a_form_error(client, users, field, value):
    client.force_login(users["owner"])
    response = client.post("/users/edit/", {field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.get(pk=users["owner"].pk).public_profile is False
    assert getattr(User.objects.get(pk=users["owner"].pk), field) == ""


# --- deleting an account -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "user", "editor", "staff", "superuser"])
def test_nobody_deletes_another_users_account(client, users, role):
    sign_in(client, users, role)
    if users[role] is not None:
        reauthenticate(client)
    response = client.post("/users/owner/delete/", {"confirm": "on"})
    assert response.status_code in (302, 403)
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]
    assert User.objects.filter(pk=users["owner"].pk).exists()
    assert client.get("/users/owner/delete/").status_code in (302, 403)


def test_owner_deletes_account_after_reauthenticating(client, users):
    from sections.events.factories import EventFactory
    from sections.jobs.factories import JobFactory

    owner = users["owner"]
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    job = JobFactory(submitted_by=owner)
    event = EventFactory(submitted_by=owner)
    client.force_login(owner)
    assert client.get("/users/owner/delete/").status_code == 200

    # Without a recent authentication allauth asks for the password first: nothing deleted.
    response = client.post("/users/owner/delete/", {"confirm": "on"})
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    assert User.objects.filter(pk=owner.pk).exists()

    reauthenticate(client)
    # Not ticking the confirmation is a form error, nothing deleted.
    assert client.post("/users/owner/delete/", {}).status_code == 200
    assert User.objects.filter(pk=owner.pk).exists()

    response = client.post("/users/Owner/delete/", {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not EmailAddress.objects.filter(email=owner.email).exists()
    # Their job and event stay, without a submitter (SET_NULL).
    job.refresh_from_db()
    event.refresh_from_db()
    assert job.submitted_by is None and event.submitted_by is None
    assert "_auth_user_id" not in client.session


# --- API credentials on the profile -------------------------------------------------------


def test_staff_owner_sees_their_credentials_others_see_none(client, users):
    staff = users["staff"]
    staff.public_profile = True
    staff.save()
    key, token = issue(staff)
    client.force_login(staff)
    body = client.get("/users/staff/").content.decode()
    assert key.key in body and token.key in body
    for role in ["anonymous", "user", "superuser"]:
        client.logout()
        sign_in(client, users, role)
        body = client.get("/users/staff/").content.decode()
        assert key.key not in body and token.key not in body and "API credentials" not in body


def test_non_staff_owner_sees_nothing_of_credentials(client, users):
    client.force_login(users["user"])
    body = client.get("/users/user/").content.decode()
    assert "API credentials" not in body and "credentials/" not in body


def test_staff_rotates_and_revokes_own_credentials_after_reauthenticating(client, users):
    staff = users["staff"]
    old_key, old_token = issue(staff)
    client.force_login(staff)
    url = "/users/staff/credentials/"
    response = client.post(url, {"action": "rotate"})
    assert "/accounts/reauthenticate/" in response["Location"]
    assert ApiKey.objects.get(user=staff).key == old_key.key  # unchanged until reauthenticated

    reauthenticate(client)
    assert client.post(url, {"action": "rotate"}).status_code == 302
    new_key, new_token = ApiKey.objects.get(user=staff), ApiToken.objects.get(user=staff)
    assert new_key.key != old_key.key and new_token.key != old_token.key

    assert client.post(url, {"action": "revoke"}).status_code == 302
    assert not ApiKey.objects.filter(user=staff).exists() and not ApiToken.objects.filter(user=staff).exists()


@pytest.mark.parametrize("role", ["anonymous", "user", "editor", "superuser"])
def test_nobody_rotates_another_users_credentials(client, users, role):
    staff = users["staff"]
    key, token = issue(staff)
    sign_in(client, users, role)
    if users[role] is not None:
        reauthenticate(client)
    for action in ["rotate", "revoke"]:
        response = client.post("/users/staff/credentials/", {"action": action})
        assert response.status_code in (302, 403)
        if role != "anonymous":
            assert response.status_code == 403
    assert ApiKey.objects.get(user=staff).key == key.key and ApiToken.objects.get(user=staff).key == token.key
    assert ApiKey.objects.count() == 1


def test_non_staff_cannot_issue_themselves_credentials(client, users):
    client.force_login(users["user"])
    reauthenticate(client)
    assert client.post("/users/user/credentials/", {"action": "rotate"}).status_code == 403
    assert not ApiKey.objects.exists() and not ApiToken.objects.exists()


# --- header and sign-up -------------------------------------------------------------------


def test_signed_in_header_links_to_profile_and_own_pages(client, users):
    client.force_login(users["user"])
    body = client.get("/users/edit/").content.decode()
    for href in [
        "/users/user/",
        "/users/membership/",
        "/jobs/mine/",
        "/users/nominations/",
        "/events/mine/",
        "/success-stories/mine/",
    ]:
        assert f'href="{href}"' in body


@pytest.mark.parametrize("name", ["edit", "Membership", "nominations"])
def test_fixed_path_usernames_are_reserved_at_signup(client, name):
    response = client.post(
        reverse("account_signup"),
        {"username": name, "email": f"{name}@example.com", "password1": "a-Long-pass-1", "password2": "a-Long-pass-1"},
    )
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not User.objects.filter(username__iexact=name).exists()


# --- OAuth behind a proxy -----------------------------------------------------------------


@pytest.fixture
def github_configured(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "github": {"APPS": [{"client_id": "id", "secret": "secret", "key": ""}]},
        "google": {"APPS": [{"client_id": "gid", "secret": "gsecret", "key": ""}]},
    }


@pytest.mark.parametrize("provider,authorize", [("github", "github.com"), ("google", "accounts.google.com")])
def test_oauth_callback_uses_redirect_base_url_whatever_the_host(
    client, settings, github_configured, provider, authorize
):
    settings.OAUTH_REDIRECT_BASE_URL = "https://www.python.org/"
    response = client.post(f"/accounts/{provider}/login/", HTTP_HOST="internal-pod:8000")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.netloc == authorize
    redirect_uri = parse_qs(location.query)["redirect_uri"][0]
    assert redirect_uri == f"https://www.python.org/accounts/{provider}/login/callback/"


def test_oauth_callback_follows_the_request_without_redirect_base_url(client, settings, github_configured):
    settings.OAUTH_REDIRECT_BASE_URL = None
    response = client.post("/accounts/github/login/", HTTP_HOST="internal-pod:8000")
    redirect_uri = parse_qs(urlsplit(response["Location"]).query)["redirect_uri"][0]
    assert urlsplit(redirect_uri).netloc == "internal-pod:8000"
    assert urlsplit(redirect_uri).path == "/accounts/github/login/callback/"


def test_oauth_token_exchange_sends_the_same_callback(rf, settings, github_configured):
    """The token exchange (callback view) asks the adapter again: the same URL."""
    from allauth.socialaccount.adapter import get_adapter

    from pydotorg.users.oauth import CALLBACK_VIEWS, GitHubAdapter

    for provider in ("github", "google"):
        assert resolve(f"/accounts/{provider}/login/callback/").func is CALLBACK_VIEWS[provider]
    settings.OAUTH_REDIRECT_BASE_URL = "https://www.python.org"
    request = rf.get("/accounts/github/login/callback/", HTTP_HOST="10.0.0.7")
    adapter = GitHubAdapter(request)
    app = get_adapter(request).get_app(request, "github")
    assert adapter.get_callback_url(request, app) == "https://www.python.org/accounts/github/login/callback/"


def test_demo_profile_is_public_and_idempotent(client):
    from collections import Counter
    from types import SimpleNamespace

    from pydotorg.users import demo

    tallies = Counter()
    command = SimpleNamespace(tally=lambda kind, status: tallies.update([status]))
    demo.load_demo(command)
    demo.load_demo(command)
    assert tallies == {"created": 1, "present": 1}
    response = client.get("/users/ada/")
    assert response.status_code == 200 and b"Lovelace" in response.content
    assert not User.objects.get(username="ada").has_usable_password()


@pytest.mark.django_db
def test_the_owner_sees_their_membership_and_voting_status_on_the_profile(client, make_user):
    """Issue 13: eligibility to vote is shown on the profile to the owner, and to nobody else."""
    from django.utils import timezone

    from sections.membership.models import Membership

    owner, other = make_user("member"), make_user("other")
    Membership.objects.create(
        creator=owner,
        legal_name="Ada Member",
        preferred_name="Ada",
        address="1 Road",
        city="London",
        country="GB",
        psf_code_of_conduct=True,
        last_vote_affirmation=timezone.localdate(),
    )
    client.force_login(owner)
    mine = client.get("/users/member/").content.decode()
    assert "eligible to vote" in mine.lower()
    client.force_login(other)
    owner.public_profile = True
    owner.save()
    theirs = client.get("/users/member/").content.decode()
    assert "eligible to vote" not in theirs.lower()

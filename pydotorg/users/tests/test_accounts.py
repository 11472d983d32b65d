"""Accounts (django-allauth): sign-up with mandatory email verification, login by username
or email in any case, logout, password reset, email management, social login buttons that
appear only when configured, and case-insensitive usernames everywhere.

Mail takes the production path: allauth sends it through the site's outbox (stored in the
request's transaction, sent by the Huey task once it commits) to the locmem outbox; links are
taken from the mail bodies and followed as a user would."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialApp
from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse

from pydotorg.core.models import OutgoingEmail
from pydotorg.settings import base as base_settings
from pydotorg.users.factories import UserFactory

PASSWORD = "correct-horse-battery-staple"
NEW_PASSWORD = "another-horse-battery-staple"

GITHUB_ONLY = {"github": {"APPS": [{"client_id": "gh-client-id", "secret": "gh-secret", "key": ""}]}}
BOTH_PROVIDERS = {
    **GITHUB_ONLY,
    "google": {"APPS": [{"client_id": "google-client-id", "secret": "google-secret", "key": ""}]},
}


# --- helpers ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _mail_through_the_outbox(settings):
    """Django's test setup replaces EMAIL_BACKEND by locmem: put the site's outbox back."""
    settings.EMAIL_BACKEND = base_settings.EMAIL_BACKEND


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """The test client, each request followed by what runs once its transaction commits (the
    outbox's sending task), as in production: pytest-django's test transaction never commits."""
    request = client.request

    def request_and_commit(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(**kwargs)

    client.request = request_and_commit
    return client


def make_account(username="guido", email="guido@example.com", password=PASSWORD, verified=True):
    """A user with their address recorded by allauth (confirmed unless verified=False); not the
    root conftest's `make_user` fixture, whose users have no address record, so allauth refuses their sign-in."""
    return UserFactory(username=username, email=email, password=password, verified=verified)


def signup(client, username="guido", email="guido@example.com", password=PASSWORD, password2=None):
    return client.post(
        reverse("account_signup"),
        {"username": username, "email": email, "password1": password, "password2": password2 or password},
    )


def login(client, login_value, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": login_value, "password": password})


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def link_in(message, path_part):
    """The first URL in the mail body that contains path_part, as a path the test client
    can request."""
    urls = [u for u in re.findall(r"https?://\S+", message.body) if path_part in u]
    assert urls, f"no link containing {path_part!r} in:\n{message.body}"
    return urlsplit(urls[0]).path


class _PageParser(HTMLParser):
    """Collects what the layout checks need: h1 count, form controls and labels."""

    def __init__(self):
        super().__init__()
        self.h1_count = 0
        self.controls = []
        self.label_targets = set()
        self.stylesheets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1_count += 1
        elif tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        elif tag in {"input", "select", "textarea"}:
            if attrs.get("type") not in {"hidden", "submit", "button"}:
                self.controls.append(attrs)
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs.get("href"))


def parse(response):
    parser = _PageParser()
    parser.feed(response.content.decode())
    return parser


def assert_site_page(response, title, status=200):
    """Rendered inside the site layout, with one h1, a labelled control for every field and
    a title that says what the page is."""
    assert response.status_code == status
    html = response.content.decode()
    page = parse(response)
    assert page.h1_count == 1, f"{page.h1_count} h1 elements"
    assert 'class="site-header"' in html and "skip-link" in html, "not inside base.html"
    assert "/static/css/accounts.css" in page.stylesheets
    assert re.search(rf"<title>\s*{re.escape(title)} \| Python.org</title>", html), re.search(
        r"<title>.*?</title>", html, re.S
    ).group(0)
    unlabelled = [c for c in page.controls if c.get("id") not in page.label_targets]
    assert not unlabelled, f"controls without a label: {unlabelled}"
    return html


def field_errors(response, field):
    form = response.context["form"]
    return [str(e) for e in form.errors.get(field, [])]


# --- pages render inside the site layout --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, title, text",
    [
        ("/accounts/login/", "Sign In", "Username or email"),
        ("/accounts/signup/", "Signup", "Not case-sensitive"),
        ("/accounts/confirm-email/", "Verify Your Email Address", "We have sent an email to you"),
        ("/accounts/confirm-email/not-a-key/", "Confirm Email Address", "expired or is invalid"),
        ("/accounts/password/reset/", "Password Reset", "Reset My Password"),
        ("/accounts/password/reset/done/", "Password Reset", "We have sent you an email"),
        ("/accounts/password/reset/key/1-not-a-key/", "Change Password", "Bad Token"),
        ("/accounts/inactive/", "Account Inactive", "This account is inactive"),
    ],
)
def test_anonymous_account_pages_render_in_site_layout(client, url, title, text):
    response = client.get(url)
    html = assert_site_page(response, title)
    assert text in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, title, text",
    [
        ("/accounts/email/", "Email Addresses", "guido@example.com"),
        ("/accounts/password/change/", "Change Password", "Current Password"),
        ("/accounts/logout/", "Sign Out", "Are you sure you want to sign out?"),
    ],
)
def test_signed_in_account_pages_render_in_site_layout(client, url, title, text):
    client.force_login(make_account())
    response = client.get(url)
    html = assert_site_page(response, title)
    assert text in html
    assert 'aria-label="Account settings"' in html
    assert f'href="{reverse("account_email")}"' in html


@pytest.mark.django_db
def test_field_errors_are_shown_next_to_their_field_and_summarised(client):
    response = signup(client, username="bad name", email="not-an-email", password="abc", password2="abd")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and "Please correct the errors below." in html
    assert 'id="id_email_error"' in html and "Enter a valid email address." in html
    assert 'aria-invalid="true"' in html
    assert re.search(r'<input[^>]*name="email"[^>]*aria-describedby="[^"]*id_email_error', html)


# --- sign-up, verification, login -------------------------------------------------------


@pytest.mark.django_db
def test_signup_sends_verification_mail_and_does_not_sign_in(client):
    response = signup(client, username="Guido", email="Guido@Example.com")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None
    user = get_user_model().objects.get()
    assert user.username == "guido"  # stored lower-case
    assert user.email == "guido@example.com"
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["guido@example.com"]
    assert message.subject == "[Python.org] Please Confirm Your Email Address"
    assert "Hello from Python.org!" in message.body
    assert "/accounts/confirm-email/" in message.body
    stored = OutgoingEmail.objects.get()  # through the outbox
    assert (stored.to, stored.subject, stored.status) == (["guido@example.com"], message.subject, "sent")


@pytest.mark.django_db
def test_login_is_refused_until_the_email_is_confirmed_then_works(client):
    signup(client)
    confirm_path = link_in(mail.outbox[0], "/accounts/confirm-email/")

    # Before confirmation: no session, sent to the "verify your email" page.
    response = login(client, "guido")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None

    # Follow the link from the mail as a user would: a page, then its button.
    page = client.get(confirm_path)
    html = assert_site_page(page, "Confirm Email Address")
    assert "guido@example.com" in html
    assert not EmailAddress.objects.get(email="guido@example.com").verified
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="guido@example.com").verified

    response = login(client, "guido")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(client) == str(get_user_model().objects.get(username="guido").pk)


@pytest.mark.django_db
def test_confirmation_link_cannot_confirm_twice_for_another_account(client):
    signup(client)
    confirm_path = link_in(mail.outbox[0], "/accounts/confirm-email/")
    client.post(confirm_path)
    response = client.get(confirm_path)
    assert response.status_code == 200  # already confirmed: an informative page, no error
    assert EmailAddress.objects.get(email="guido@example.com").verified


@pytest.mark.django_db
@pytest.mark.parametrize(
    "login_value", ["guido", "GUIDO", "Guido", "guido@example.com", "GUIDO@EXAMPLE.COM", "Guido@Example.Com"]
)
def test_login_by_username_or_email_in_any_case(client, login_value):
    user = make_account()
    response = login(client, login_value)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("login_value", ["guido", "guido@example.com", "nobody", "nobody@example.com"])
def test_login_with_wrong_password_or_unknown_user_is_refused(client, login_value):
    make_account()
    response = login(client, login_value, password="wrong-password")
    assert response.status_code == 200
    assert logged_in_user_id(client) is None
    assert re.search(
        r"The (username|email address) and/or password you specified are not correct\.", response.content.decode()
    )


@pytest.mark.django_db
def test_logout_needs_a_post(client):
    user = make_account()
    client.force_login(user)

    response = client.get(reverse("account_logout"))
    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert logged_in_user_id(client) == str(user.pk)  # GET does not sign out

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert logged_in_user_id(client) is None
    assert client.get(reverse("account_email")).status_code == 302  # back to login


# --- password reset ---------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_by_mail(client):
    user = make_account()
    response = client.post(reverse("account_reset_password"), {"email": "GUIDO@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["guido@example.com"]
    assert message.subject == "[Python.org] Password Reset Email"
    key_path = link_in(message, "/accounts/password/reset/key/")

    # The link stores the token in the session and redirects to a token-less URL.
    response = client.get(key_path)
    assert response.status_code == 302
    set_password_path = response["Location"]
    page = client.get(set_password_path)
    assert_site_page(page, "Change Password")
    assert "Bad Token" not in page.content.decode()

    response = client.post(set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    fresh = client.__class__()
    assert login(fresh, "guido", password=PASSWORD).status_code == 200  # old one refused
    assert logged_in_user_id(fresh) is None
    assert login(fresh, "guido", password=NEW_PASSWORD).status_code == 302
    assert logged_in_user_id(fresh) == str(user.pk)

    # The link works once.
    other = client.__class__()
    response = other.get(key_path)
    if response.status_code == 302:
        response = other.get(response["Location"])
    assert "Bad Token" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_for_unknown_address_reveals_nothing(client):
    make_account()
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    # The address gets a note that it has no account, never a reset link.
    assert [m.to for m in mail.outbox] == [["nobody@example.com"]]
    assert "/accounts/password/reset/key/" not in mail.outbox[0].body


# --- duplicates ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("new_username", ["Guido", "GUIDO", "guido"])
def test_duplicate_username_in_any_case_is_refused_with_a_message(client, new_username):
    make_account()
    response = signup(client, username=new_username, email="someone-else@example.com")
    assert response.status_code == 200
    assert field_errors(response, "username") == ["A user with that username already exists."]
    assert "A user with that username already exists." in response.content.decode()
    assert get_user_model().objects.count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_duplicate_of_a_mixed_case_username_stored_before_normalisation_is_refused(client):
    # bulk_create skips save() and its signal: the row keeps its mixed case, as rows
    # imported from elsewhere could. allauth's own check compares lower-case values.
    get_user_model().objects.bulk_create([get_user_model()(username="Barry", email="barry@example.com")])
    response = signup(client, username="barry", email="flufl@example.com")
    assert response.status_code == 200
    assert field_errors(response, "username") == ["A user with that username already exists."]
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["guido@example.com", "GUIDO@Example.COM"])
def test_duplicate_email_is_refused_without_revealing_the_account(client, email):
    owner = make_account()
    response = signup(client, username="another", email=email)
    # The page looks like a normal sign-up (no enumeration of addresses) ...
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    # ... but no account is created and the owner of the address is told.
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["guido"]
    assert logged_in_user_id(client) is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["guido@example.com"]
    assert mail.outbox[0].subject == "[Python.org] Account Already Exists"
    assert "/accounts/confirm-email/" not in mail.outbox[0].body
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


# --- bad input never gives a 500 --------------------------------------------------------

LONG = "x" * 5000
LONG_EMAIL = "a" * 300 + "@example.com"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "username", "This field is required."),
        ({"username": "", "email": "", "password1": "", "password2": ""}, "email", "This field is required."),
        (
            {"username": "guido", "email": "guido@example.com", "password1": PASSWORD, "password2": "different-1"},
            "password2",
            "You must type the same password each time.",
        ),
        (
            {"username": "guido", "email": "not-an-email", "password1": PASSWORD, "password2": PASSWORD},
            "email",
            "Enter a valid email address.",
        ),
        (
            {"username": "guido", "email": LONG_EMAIL, "password1": PASSWORD, "password2": PASSWORD},
            "email",
            "Ensure this value has at most 254 characters (it has 312).",
        ),
        (
            {"username": "u" * 151, "email": "guido@example.com", "password1": PASSWORD, "password2": PASSWORD},
            "username",
            "Ensure this value has at most 150 characters (it has 151).",
        ),
        (
            {"username": "bad name!", "email": "guido@example.com", "password1": PASSWORD, "password2": PASSWORD},
            "username",
            "Enter a valid username.",
        ),
        (
            {"username": "guido", "email": "guido@example.com", "password1": "123", "password2": "123"},
            "password1",
            "This password is too short.",
        ),
        (
            {"username": "guido", "email": "guido@example.com", "password1": LONG, "password2": LONG + "y"},
            "password2",
            "You must type the same password each time.",
        ),
    ],
)
def test_bad_signup_input_gives_form_errors(client, data, field, message):
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert any(e.startswith(message) for e in errors), errors
    assert 'role="alert"' in response.content.decode()
    assert get_user_model().objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "login", "This field is required."),
        ({"login": "", "password": ""}, "password", "This field is required."),
        ({"login": LONG, "password": PASSWORD}, "login", "Ensure this value has at most 254 characters"),
        ({"login": "guido", "password": LONG}, "__all__", "The username and/or password you specified"),
        ({"login": "bad@@example..com", "password": PASSWORD}, "__all__", "The "),
    ],
)
def test_bad_login_input_gives_form_errors(client, data, field, message):
    make_account()
    response = client.post(reverse("account_login"), data)
    assert response.status_code == 200
    assert any(e.startswith(message) for e in field_errors(response, field)), response.context["form"].errors
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "This field is required."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"email": LONG_EMAIL}, "Ensure this value has at most 254 characters"),
    ],
)
def test_bad_password_reset_input_gives_form_errors(client, data, message):
    response = client.post(reverse("account_reset_password"), data)
    assert response.status_code == 200
    assert any(e.startswith(message) for e in field_errors(response, "email"))
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "password1", "This field is required."),
        ({"password1": NEW_PASSWORD, "password2": "different-1"}, "password2", "You must type the same password"),
        ({"password1": "short", "password2": "short"}, "password1", "This password is too short."),
        ({"password1": LONG, "password2": LONG + "y"}, "password2", "You must type the same password"),
    ],
)
def test_bad_new_password_after_reset_gives_form_errors(client, data, field, message):
    user = make_account()
    client.post(reverse("account_reset_password"), {"email": "guido@example.com"})
    set_password_path = client.get(link_in(mail.outbox[0], "/accounts/password/reset/key/"))["Location"]
    response = client.post(set_password_path, data)
    assert response.status_code == 200
    assert any(e.startswith(message) for e in field_errors(response, field)), response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "oldpassword", "This field is required."),
        (
            {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
            "oldpassword",
            "Please type your current password.",
        ),
        (
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": "different-1"},
            "password2",
            "You must type the same password",
        ),
    ],
)
def test_bad_password_change_input_gives_form_errors(client, data, field, message):
    user = make_account()
    client.force_login(user)
    response = client.post(reverse("account_change_password"), data)
    assert response.status_code == 200
    assert any(e.startswith(message) for e in field_errors(response, field)), response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email, message",
    [
        ("", "This field is required."),
        ("not-an-email", "Enter a valid email address."),
        (LONG_EMAIL, "Ensure this value has at most 254 characters"),
    ],
)
def test_bad_email_to_add_gives_form_errors(client, email, message):
    user = make_account()
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": email})
    assert response.status_code == 200
    assert any(e.startswith(message) for e in field_errors(response, "email"))
    assert EmailAddress.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_adding_an_email_sends_a_verification_to_it(client):
    user = make_account()
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "BDFL@Example.com"})
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=user, email="bdfl@example.com", verified=False).exists()
    assert [m.to for m in mail.outbox] == [["bdfl@example.com"]]
    assert mail.outbox[0].subject == "[Python.org] Please Confirm Your Email Address"


@pytest.mark.django_db
def test_bad_confirmation_key_gives_a_page_not_an_error(client):
    response = client.post("/accounts/confirm-email/not-a-key/")
    assert response.status_code in {200, 302, 404}
    assert client.get("/accounts/confirm-email/not-a-key/").status_code == 200


# --- social login -----------------------------------------------------------------------


def _provider_links(html):
    return set(re.findall(r'href="(/accounts/(?:github|google)/login/[^"]*)"', html))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/"])
def test_no_social_buttons_by_default(client, url):
    html = client.get(url).content.decode()
    assert _provider_links(html) == set()
    assert "GitHub" not in html and "Google" not in html
    assert "Or use a third-party" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/"])
def test_github_button_when_configured(client, url):
    with override_settings(SOCIALACCOUNT_PROVIDERS=GITHUB_ONLY):
        html = client.get(url).content.decode()
    links = _provider_links(html)
    assert len(links) == 1 and next(iter(links)).startswith("/accounts/github/login/")
    assert "Continue with GitHub" in html
    assert "Google" not in html


@pytest.mark.django_db
def test_both_buttons_when_both_configured(client):
    with override_settings(SOCIALACCOUNT_PROVIDERS=BOTH_PROVIDERS):
        html = client.get("/accounts/login/").content.decode()
    assert "Continue with GitHub" in html and "Continue with Google" in html
    assert {urlsplit(u).path for u in _provider_links(html)} == {"/accounts/github/login/", "/accounts/google/login/"}


@pytest.mark.django_db
def test_provider_without_secret_shows_no_button(client):
    half = {"github": {"APPS": [{"client_id": "gh-client-id", "secret": "", "key": ""}]}}
    with override_settings(SOCIALACCOUNT_PROVIDERS=half):
        html = client.get("/accounts/login/").content.decode()
        assert client.get("/accounts/github/login/").status_code == 404
    assert _provider_links(html) == set()


@pytest.mark.django_db
def test_database_social_apps_are_ignored(client):
    # Credentials live in the environment only; a stray SocialApp row adds nothing.
    SocialApp.objects.create(provider="github", name="GitHub", client_id="db-id", secret="db-secret")
    html = client.get("/accounts/login/").content.decode()
    assert _provider_links(html) == set()
    assert client.get("/accounts/github/login/").status_code == 404
    with override_settings(SOCIALACCOUNT_PROVIDERS=GITHUB_ONLY):
        response = client.post("/accounts/github/login/")
    assert parse_qs(urlsplit(response["Location"]).query)["client_id"] == ["gh-client-id"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/accounts/github/login/",
        "/accounts/github/login/?process=login",
        "/accounts/github/login/callback/?code=x&state=y",
        "/accounts/google/login/",
        "/accounts/google/login/callback/?code=x&state=y",
    ],
)
def test_unconfigured_provider_urls_answer_404(client, url):
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


@pytest.mark.django_db
def test_configured_github_login_redirects_to_github(client):
    with override_settings(SOCIALACCOUNT_PROVIDERS=GITHUB_ONLY):
        page = client.get("/accounts/github/login/?process=login")
        response = client.post("/accounts/github/login/?process=login")
    assert_site_page(page, "Sign In")
    assert "Sign In Via GitHub" in page.content.decode()
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.netloc, location.path) == ("github.com", "/login/oauth/authorize")
    query = parse_qs(location.query)
    assert query["client_id"] == ["gh-client-id"]
    assert query["redirect_uri"][0].endswith("/accounts/github/login/callback/")


@pytest.mark.django_db
def test_configured_provider_callback_with_bad_state_is_not_a_500(client):
    with override_settings(SOCIALACCOUNT_PROVIDERS=GITHUB_ONLY):
        response = client.get("/accounts/github/login/callback/?code=x&state=bogus")
    assert_site_page(response, "Third-Party Login Failure", status=401)
    assert "An error occurred while attempting to login via your third-party account." in response.content.decode()


# --- case-insensitive usernames everywhere ----------------------------------------------


@pytest.mark.django_db
def test_usernames_are_stored_lower_case_whoever_creates_them(monkeypatch):
    user_model = get_user_model()
    assert user_model.objects.create_user("Tim", "tim@example.com", PASSWORD).username == "tim"

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, username="Guido", email="guido@example.com", verbosity=0)
    assert user_model.objects.get(email="guido@example.com").username == "guido"

    user = user_model(username="Barry")
    user.save()
    user.username = "BarryW"
    user.save()
    assert user_model.objects.filter(username="barryw").exists()


@pytest.mark.django_db
def test_createsuperuser_refuses_a_name_taken_in_another_case(monkeypatch):
    make_account()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    with pytest.raises(Exception, match="already taken"):
        call_command("createsuperuser", interactive=False, username="GUIDO", email="g2@example.com", verbosity=0)
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_database_constraint_is_the_last_guard():
    user_model = get_user_model()
    make_account()
    with pytest.raises(IntegrityError), transaction.atomic():
        user_model.objects.bulk_create([user_model(username="GUIDO", email="x@example.com")])


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["guido", "GUIDO", "gUiDo"])
def test_model_backend_accepts_any_case(username):
    user = make_account(username="Guido")
    assert authenticate(username=username, password=PASSWORD) == user
    assert authenticate(username=username, password="wrong") is None


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["guido", "GUIDO", "Guido"])
def test_wagtail_admin_login_accepts_any_case(client, monkeypatch, username):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, username="Guido", email="guido@example.com", verbosity=0)
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert logged_in_user_id(client) == str(get_user_model().objects.get().pk)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_wagtail_admin_login_refuses_a_wrong_password(client):
    get_user_model().objects.create_superuser("guido", "guido@example.com", PASSWORD)
    response = client.post("/admin/login/", {"username": "GUIDO", "password": "wrong"})
    assert response.status_code == 200
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_wagtail_admin_user_form_refuses_a_name_taken_in_another_case():
    from wagtail.users.forms import UserCreationForm

    make_account()
    form = UserCreationForm(
        data={
            "username": "GUIDO",
            "email": "other@example.com",
            "first_name": "G",
            "last_name": "R",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        }
    )
    assert not form.is_valid()  # a form error from the Lower(username) constraint, not an IntegrityError
    assert get_user_model().objects.count() == 1

"""Login rate limits behind a proxy (issue 9): allauth counts failed logins per client
address, taking it from X-Forwarded-For only as far as NUM_PROXIES trusts it (its
ALLAUTH_TRUSTED_PROXY_COUNT comes from the same variable as the API throttles')."""

import importlib.util

import pytest
from allauth.account.models import EmailAddress

from pydotorg.settings import base

PROXY = "10.0.0.2"  # REMOTE_ADDR of every request: our load balancer
LOCKED = "Too many failed login attempts"


@pytest.fixture
def num_proxies(settings, monkeypatch):
    """num_proxies(n): the settings base.py makes of NUM_PROXIES=n, for allauth and the API."""

    def configure(value):
        monkeypatch.setenv("NUM_PROXIES", str(value))
        spec = importlib.util.spec_from_file_location("pydotorg.settings.fresh_base", base.__file__)
        fresh = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(fresh)  # base.py read again, not registered anywhere
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = fresh.ALLAUTH_TRUSTED_PROXY_COUNT
        settings.REST_FRAMEWORK = fresh.REST_FRAMEWORK
        assert (settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.REST_FRAMEWORK["NUM_PROXIES"]) == (value, value)

    return configure


@pytest.fixture
def guido(make_user):
    user = make_user("guido")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in(client, client_address, username, password):
    return client.post(
        "/accounts/login/",
        {"login": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def fail_twelve_logins(client):
    """An attacker's 12 failed logins (other names, so only the per-address limit counts)."""
    for number in range(12):
        response = log_in(client, f"203.0.113.{number}", f"nobody{number}", "wrong")
        assert response.status_code == 200


def test_behind_one_proxy_failed_logins_elsewhere_do_not_lock_anyone_out(client, guido, num_proxies):
    num_proxies(1)
    fail_twelve_logins(client)
    response = log_in(client, "198.51.100.7", "guido", "password")
    assert response.status_code == 302, LOCKED in response.content.decode()
    assert client.session["_auth_user_id"] == str(guido.pk)


def test_behind_one_proxy_one_client_is_still_limited(client, guido, num_proxies):
    num_proxies(1)
    for number in range(10):
        log_in(client, "203.0.113.9", f"nobody{number}", "wrong")
    # The proxy appends the real address last: what the client put before it is not trusted.
    response = log_in(client, "198.51.100.7, 203.0.113.9", "guido", "password")
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_without_proxies_a_spoofed_header_does_not_escape_the_limit(client, guido, num_proxies):
    num_proxies(0)  # X-Forwarded-For is ignored
    fail_twelve_logins(client)
    response = log_in(client, "198.51.100.7", "guido", "password")
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session

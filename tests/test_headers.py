"""Hardened responses: the Content-Security-Policy (public pages and the admin's own), the
Permissions-Policy, the API docs UI served from our static files, `Cache-Control: private,
no-store` on signed-in and personal responses, and a 403 logged as one line."""

import base64
import hashlib
import io
import json
import logging
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from wagtail.models import Site

from pydotorg.api.factories import ApiTokenFactory
from pydotorg.core.logging import JsonFormatter
from sections.events.factories import EventFactory, EventsIndexPageFactory
from sections.jobs.factories import JobBoardPageFactory, JobFactory
from sections.jobs.models import Job

pytestmark = pytest.mark.django_db


def directives(response, header="Content-Security-Policy"):
    """{directive: [sources]} of a response's policy."""
    assert header in response, f"no {header} header"
    parts = (part.split() for part in response[header].split(";") if part.strip())
    return {name: sources for name, *sources in parts}


class InlineCode(HTMLParser):
    """What a strict policy blocks: inline scripts and styles without the nonce, style and
    event handler attributes, javascript: URLs."""

    def __init__(self, nonce):
        super().__init__()
        self.nonce, self.problems = nonce, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        inline = (tag == "script" and "src" not in attrs) or tag == "style"
        if inline and attrs.get("nonce") != self.nonce:
            self.problems.append(f"<{tag}> without the nonce: {attrs}")
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}>")


def nonce_of(policy):
    nonces = {s[len("'nonce-") : -1] for s in policy.get("script-src", []) if s.startswith("'nonce-")}
    return nonces.pop() if nonces else None


def assert_strict_policy(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive] and "'unsafe-eval'" not in policy[directive]
    parser = InlineCode(nonce_of(policy))
    parser.feed(response.content.decode())
    assert parser.problems == []
    return policy


@pytest.fixture
def content(home_page, users):
    board = JobBoardPageFactory(parent=home_page)
    job = JobFactory(approved=True, submitted_by=users["owner"])
    draft = JobFactory(status=Job.Status.DRAFT, submitted_by=users["owner"])
    EventsIndexPageFactory(parent=home_page)
    event = EventFactory()
    return {
        "board": board.url,
        "job": f"{board.url}{job.pk}/",
        "draft": draft,
        "event": f"/events/{event.calendar.slug}/{event.pk}/",
    }


# --- Content-Security-Policy ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/", "/nope/", "/search/?q=python", "/accounts/login/", "/accounts/signup/", "board", "job", "event"],
)
def test_public_pages_have_a_strict_policy_and_no_inline_code(client, content, url):
    response = client.get(content.get(url, url))
    assert response.status_code in (200, 404)
    assert_strict_policy(response)


def test_json_ld_carries_the_nonce_of_the_policy(client, content):
    for url in (content["job"], content["event"]):
        response = client.get(url)
        nonce = nonce_of(directives(response))
        assert nonce and f'<script type="application/ld+json" nonce="{nonce}">' in response.content.decode()


def test_a_nonce_is_new_on_every_response(client, content):
    first, second = (nonce_of(directives(client.get(content["job"]))) for _ in range(2))
    assert first and second and first != second


def test_signed_in_pages_have_the_strict_policy(client, content, users):
    client.force_login(users["owner"])
    for url in (
        f"{content['board']}mine/",
        f"{content['board']}create/",
        f"{content['board']}{content['draft'].pk}/preview/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)


def test_editors_userbar_on_public_pages_needs_no_inline_code(client, users):
    client.force_login(users["superuser"])
    response = client.get("/")
    assert "wagtail-userbar" in response.content.decode()
    assert_strict_policy(response)


@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_admin_has_its_own_policy(client, users, url):
    client.force_login(users["superuser"])
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]


def test_admin_policy_is_only_for_the_admin_paths(client, users, content):
    client.force_login(users["superuser"])
    assert "'unsafe-inline'" not in directives(client.get("/administration-pages/"))["script-src"]


def test_server_error_page_is_allowed_its_style_by_hash(client, monkeypatch):
    monkeypatch.setattr(Site, "find_for_request", lambda request: 1 / 0)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    (style,) = re.findall(r"<style>(.*?)</style>", html, re.S)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in directives(response)["style-src"]
    assert "<script" not in html and not re.search(r"\s(style|on\w+)=", html)


# --- Permissions-Policy --------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/nope/", "/api/v2/downloads/os/", "/admin/login/", "/health"])
def test_permissions_policy_denies_unused_features(client, url):
    policy = dict(item.split("=", 1) for item in client.get(url)["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()"


# --- API docs UI ---------------------------------------------------------------------------


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])


def test_api_docs_ui_is_served_from_our_static_files(client):
    response = client.get("/api/docs/ui/")
    assert response.status_code == 200
    html = response.content.decode()
    parser = Assets()
    parser.feed(html)
    assert len(parser.urls) >= 4  # stylesheet, favicon, bundle, preset
    for url in parser.urls:
        assert url.startswith("/static/drf_spectacular_sidecar/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not among our static files"
    assert "cdn" not in html and "@latest" not in html and "//" not in "".join(parser.urls)
    assert_strict_policy(response)


# --- Cache-Control -------------------------------------------------------------------------


def assert_private(response):
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= cache_control, response.get("Cache-Control")


def test_personal_pages_are_private_and_not_stored(client, content, users):
    draft = content["draft"]
    board = content["board"]
    client.force_login(users["owner"])
    for url in (f"{board}mine/", f"{board}{draft.pk}/preview/", f"{board}{draft.pk}/edit/", "/accounts/email/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private(response)
    client.force_login(users["superuser"])
    for url in (f"{board}review/", "/admin/pages/", "/django-admin/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_private(response)


def test_accounts_pages_are_private_even_signed_out(client):
    assert_private(client.get("/accounts/login/"))
    assert_private(client.get("/accounts/password/reset/"))


def test_anonymous_public_pages_stay_cacheable(client, content):
    for url in ("/", content["job"]):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" not in response.get("Cache-Control", "")
        assert "no-store" not in response.get("Cache-Control", "")
    assert client.cookies.get("sessionid") is None


def test_api_with_credentials_is_private_and_varies_on_authorization(client, users):
    token = ApiTokenFactory(user=users["staff"])
    response = client.get("/api/v2/downloads/os/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert_private(response)
    assert "Authorization" in response["Vary"]
    anonymous = client.get("/api/v2/downloads/os/")
    assert "Authorization" in anonymous["Vary"], "a shared cache must not answer credentials with this"
    assert "private" not in anonymous.get("Cache-Control", "")


# --- Logging -------------------------------------------------------------------------------


@pytest.fixture
def json_log():
    """What the configured JSON log handler writes during the test, as parsed lines."""
    (handler,) = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


def test_a_403_is_logged_as_one_line_without_traceback(client, content, users, json_log):
    client.force_login(users["user"])
    assert client.get(f"{content['board']}review/").status_code == 403
    (line,) = [entry for entry in json_log() if entry["logger"] == "django.request"]
    assert line["level"] == "warning" and line["status_code"] == 403
    assert line["error"] == "PermissionDenied: Only the job board moderators review jobs."
    assert "exception" not in line


def test_a_server_error_keeps_its_traceback(client, monkeypatch, json_log):
    monkeypatch.setattr(Site, "find_for_request", lambda request: 1 / 0)
    client.raise_request_exception = False
    assert client.get("/").status_code == 500
    (line,) = [entry for entry in json_log() if entry["logger"] == "django.request"]
    assert line["level"] == "error" and "ZeroDivisionError" in line["exception"]

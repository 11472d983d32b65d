"""A hostile visitor on the demo content: every public GET URL and every form of the success
stories, news, community, PSF, profiles, membership, nominations and events sections is sent
strange input (NUL bytes, 10,000 characters, invalid UTF-8 escapes, odd page numbers and years,
duplicate parameters, HTML and script, right-to-left and zero-width characters, POSTs without
a CSRF token, PUT and DELETE), as an anonymous visitor, a plain signed-in user and the owner.
Never a 500 (a 4xx or a page with a form error is fine), nothing is written when the request
is refused, and no `<script>` sent in comes back unescaped. The demo is loaded once for the
module, in a transaction rolled back after its last test."""

import time
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from allauth.account.internal.flows import login as allauth_login
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

PROBE = '<script>alert("hostile-probe")</script>'
LEAK = "<script>alert("  # the probe unescaped
NUL = "\x00"
LONG = "x" * 10_000
RTL = "\u202egnp.exe\u200b\u200d\u2066\ufeff"
# Each query string is added to every GET URL (after `?` or `&`).
QUERIES = [
    "page=-1",
    "page=0",
    "page=99999999999999999999",
    "page=abc",
    "page=1&page=2&page=x",
    "year=0",
    "year=99999",
    "year=-1&year=2020",
    "name=%ff&status=%fe%00",
    "q=%ff",
    f"name={quote(PROBE)}&status={quote(PROBE)}&year={quote(PROBE)}",
    f"name={quote(RTL)}",
    f"name={'a' * 10_000}&page={'9' * 10_000}",
    "%ff=%ff",
]
# Values put in every field of a form, one POST each.
VALUES = [LONG, PROBE, RTL, "%ff", "-1", "99999999999999999999", "abc", "0", "99999-12-31", " "]
ROW_MODELS = [
    "users.User",
    "account.EmailAddress",
    "membership.Membership",
    "nominations.Nomination",
    "nominations.Nominee",
    "events.Event",
    "successstories.StoryPage",
    "community.Post",
    "wagtailcore.Revision",
    "wagtailcore.WorkflowState",
]


class Forms(HTMLParser):
    """The POST forms of a page: [{"action": …, "fields": {name: [type, values]}}]."""

    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self.form)
        elif self.form is None or not attrs.get("name"):
            if tag == "option" and self.select is not None and attrs.get("value"):
                self.select[1].append(attrs["value"])
            return
        elif tag in ("input", "textarea"):
            kind = attrs.get("type", "text") if tag == "input" else "textarea"
            if kind not in ("submit", "button", "file", "image", "reset"):
                self.form["fields"][attrs["name"]] = [kind, [attrs.get("value") or ""]]
        elif tag == "select":
            self.select = self.form["fields"][attrs["name"]] = ["select", []]

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def post_forms(html):
    parser = Forms()
    parser.feed(html)
    return [f for f in parser.forms if "csrfmiddlewaretoken" in f["fields"] and "logout" not in f["action"]]


def counts():
    return {label: apps.get_model(label).objects.count() for label in ROW_MODELS}


def client_for(user=None, **options):
    """A client signed in as `user`, with the recent password sign-in allauth's
    reauthentication asks for (account deletion, API credentials) on record."""
    client = Client(raise_request_exception=False, **options)
    if user is not None:
        client.force_login(user)
        session = client.session
        session[allauth_login.AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": time.time(), "reauthenticated": True}
        ]
        session[allauth_login._AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
        session.save()
    return client


@pytest.fixture(scope="module")
def world(demo_db, django_db_blocker):
    """The demo, three visitors and the URLs to attack."""
    with django_db_blocker.unblock(), transaction.atomic():
        User = get_user_model()
        mallory = User.objects.create_user("mallory", "mallory@example.com", "password")
        victim = User.objects.create_user("victim", "victim@example.com", "password")
        trent = User.objects.create_user("trent", "trent@example.com", "password", is_staff=True)
        Nomination = apps.get_model("nominations", "Nomination")
        Election = apps.get_model("nominations", "Election")
        Calendar = apps.get_model("events", "Calendar")
        Post = apps.get_model("community", "Post")
        nominations = Nomination.objects.select_related("election", "nominator", "nominee__user")
        nomination = nominations.filter(election__in=Election.objects.open()).first() or nominations.first()
        election = Election.objects.open().first() or Election.objects.first()
        calendar = Calendar.objects.first()
        post = Post.objects.first()
        member = apps.get_model("membership", "Membership").objects.select_related("creator").first()
        profile = User.objects.get(username="ada")
        gets = [
            "/success-stories/",
            "/success-stories/category/x/",
            "/success-stories/mine/",
            "/success-stories/create/",
            "/success-stories/mine/1/edit/",
            "/blogs/",
            "/community/",
            f"/community/{post.pk}/" if post else "/community/1/",
            "/psf/records/board/minutes/",
            "/psf/workgroups/",
            "/psf/fellows-roster/",
            f"/users/{profile.username}/",
            "/users/edit/",
            f"/users/{profile.username}/delete/",
            f"/users/{profile.username}/credentials/",
            "/users/membership/",
            "/users/membership/edit/",
            "/users/membership/affirm/",
            "/users/membership/thanks/",
            "/users/nominations/",
            "/nominations/elections/",
            f"/nominations/election/{election.slug}/",
            f"/nominations/{election.slug}/nominees/",
            f"/nominations/{election.slug}/create/",
            "/events/",
            "/events/mine/",
            "/events/submit/",
            f"/events/{calendar.slug}/",
            f"/events/{calendar.slug}/past/",
            f"/events/{calendar.slug}/date/0/0/0/",
            f"/events/{calendar.slug}/date/99999/12/31/",
            f"/events/{calendar.slug}/date/2024/2/30/",
            f"/events/{calendar.slug}/date/99999999999999999999/1/1/",
            f"/events/{calendar.slug}/locations/99999999999999999999/",
            f"/events/{calendar.slug}/99999999999999999999/",
            "/community/99999999999999999999/",
            "/success-stories/mine/99999999999999999999/edit/",
            "/nominations/x/99999999999999999999/",
            f"/nominations/{election.slug}/99999999999999999999/",
            f"/nominations/{election.slug}/99999999999999999999/edit/",
            f"/nominations/{election.slug}/99999999999999999999/accept/",
            f"/nominations/{election.slug}/nominees/{quote(RTL)}/",
            f"/events/{calendar.slug}/99999999999999999999/ical/",
            f"/events/{calendar.slug}/-1/",
            "/psf/records/board/minutes/0000-00-00/",
            "/psf/records/board/minutes/feed/",
            "/users/%ff/",
            f"/users/{quote(RTL)}/",
            f"/users/{'a' * 10_000}/",
            "/users/mallory%00/",
            "/success-stories/%ff/",
        ]
        if nomination:
            base = f"/nominations/{nomination.election.slug}/{nomination.pk}/"
            gets += [
                base,
                base + "edit/",
                base + "accept/",
                f"/nominations/{nomination.election.slug}/nominees/{nomination.nominee.slug}/",
            ]
        forms = [
            ("/success-stories/create/", None),
            ("/users/edit/", None),
            ("/users/victim/delete/", victim),  # mallory is refused; the owner may go
            ("/users/trent/", trent),  # the staff member's credentials form
            ("/users/membership/", None),
            ("/users/membership/edit/", member.creator if member else None),
            ("/users/membership/affirm/", member.creator if member else None),
            (f"/nominations/{election.slug}/create/", None),
            ("/events/submit/", None),
        ]
        if nomination and nomination.nominator:
            forms.append((f"/nominations/{nomination.election.slug}/{nomination.pk}/edit/", nomination.nominator))
        if nomination and nomination.nominee.user_id:
            forms.append((f"/nominations/{nomination.election.slug}/{nomination.pk}/accept/", nomination.nominee.user))
        yield {"mallory": mallory, "gets": gets, "forms": forms}
        transaction.set_rollback(True)


def check(response, where):
    assert response.status_code != 500, f"500 at {where}"
    body = response.content.decode("utf-8", "replace")
    assert LEAK not in body, f"unescaped <script> at {where}"


def test_no_get_url_answers_500_or_echoes_script(world, db):
    # Every query string as the signed-in user (who sees every page); a few as a visitor.
    for user, queries in ((None, QUERIES[::4]), (world["mallory"], QUERIES)):
        client = client_for(user)
        for url in world["gets"]:
            check(client.get(url), url)
            for query in queries:
                full = f"{url}{'&' if '?' in url else '?'}{query}"
                check(client.get(full), f"{full[:200]} as {user}")


def test_nul_in_path_query_or_form_is_refused_before_anything_is_written(world, db):
    client = client_for(world["mallory"])
    before = counts()
    for url, _ in world["forms"]:
        assert client.get(f"{url}?page=1%00").status_code == 400
        assert client.get(url.rstrip("/") + "%00/").status_code == 400
        assert client.post(url, {"title": f"a{NUL}b", "name": NUL, "email": "a@example.com"}).status_code == 400
    assert counts() == before


def test_posts_without_csrf_token_or_with_wrong_methods_write_nothing(world, db):
    strict = client_for(world["mallory"], enforce_csrf_checks=True)
    lax = client_for(world["mallory"])
    before = counts()
    for url, _ in world["forms"]:
        assert strict.post(url, {"title": "t", "name": "n", "email": "a@example.com"}).status_code == 403, url
        for method in (lax.put, lax.delete, lax.patch):
            check(method(url, "title=t&name=n"), f"{method.__name__} {url}")
    for url in world["gets"]:
        for method in (lax.put, lax.delete):
            check(method(url), f"{method.__name__} {url}")
    assert counts() == before
    assert get_user_model().objects.filter(username="mallory").exists()


def test_anonymous_posts_write_nothing(world, db):
    client = client_for()
    before = counts()
    for url, _ in world["forms"]:
        response = client.post(url, {"title": PROBE, "name": LONG, "email": "a@example.com", "confirm": "on"})
        check(response, f"anonymous POST {url}")
        assert response.status_code in (302, 400, 403, 404, 405), url
    assert counts() == before


def test_someone_elses_account_cannot_be_deleted_or_changed(world, db):
    client = client_for(world["mallory"])
    before = counts()
    for url in ("/users/ada/delete/", "/users/ada/credentials/", "/users/ada/edit/"):
        check(client.post(url, {"confirm": "on", "password": "password", "username": "pwned"}), url)
    assert counts() == before
    assert get_user_model().objects.filter(username="ada", is_active=True).exists()


def fill(fields, value):
    """The form's data with `value` in every field the visitor can type in, a hostile value in
    every choice, and a duplicate of each."""
    data = {}
    for name, (kind, values) in fields.items():
        if name == "csrfmiddlewaretoken":
            continue
        if kind in ("checkbox", "radio"):
            data[name] = [values[0] or "on", value]
        elif kind == "select":
            data[name] = [value, *(values[:1])]
        else:
            data[name] = [value, value]
    return data


def test_every_form_takes_hostile_values(world, db):
    """Each form, as the plain user and as its owner: every field filled with each hostile value
    (twice, as duplicate parameters), then with invalid UTF-8 sent raw. Where the plain user is
    not the owner, nothing is written."""
    for url, owner in world["forms"]:
        for user in dict.fromkeys([world["mallory"], owner or world["mallory"]]):
            client = client_for(user)
            refused = owner is not None and user != owner
            before = counts()
            page = client.get(url, follow=True)
            check(page, f"GET {url}")
            for form in post_forms(page.content.decode()):
                target = form["action"] or page.request["PATH_INFO"]
                for value in VALUES:
                    response = client.post(target, fill(form["fields"], value), follow=True)
                    check(response, f"POST {target} {value[:20]!r} as {user}")
                raw = "&".join(f"{name}=%ff%fe{quote(RTL)}" for name in form["fields"] if name != "csrfmiddlewaretoken")
                check(
                    client.generic("POST", target, raw, content_type="application/x-www-form-urlencoded"),
                    f"raw POST {target}",
                )
            if refused:
                check(client.post(url, {"confirm": "on", "name": PROBE}), f"POST {url} as {user}")
                assert counts() == before, f"{user} wrote through {url}"
    # The owner got past the sign-in check to the real views: the victim's account is gone.
    assert not get_user_model().objects.filter(username="victim", is_active=True).exists()
    # What was saved from the probes is escaped wherever it is shown.
    client = client_for(world["mallory"])
    for url in world["gets"]:
        check(client.get(url), f"after the posts: {url}")

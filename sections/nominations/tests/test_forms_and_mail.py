"""Bad input gets a form error (never a 500), markup is sanitised, and the nominee is mailed a
working link to accept."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pydotorg.core.models import OutgoingEmail
from sections.nominations import demo
from sections.nominations.factories import ElectionKindFactory
from sections.nominations.forms import ElectionForm
from sections.nominations.models import Election, Nomination

from .conftest import DemoCommand
from .test_permissions import FORM, create_url

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><b onclick="steal()">bold</b>'


def test_an_election_closing_before_it_opens_is_a_form_error():
    now = timezone.now()
    data = {
        "name": "Backwards",
        "slug": "backwards",
        "kind": ElectionKindFactory().pk,
        "date": (now + timedelta(days=30)).date(),
        "nominations_open_at": now + timedelta(days=10),
        "nominations_close_at": now + timedelta(days=5),
    }
    form = ElectionForm(data)
    assert not form.is_valid() and "nominations_close_at" in form.errors
    form = ElectionForm({**data, "nominations_close_at": now + timedelta(days=20), "date": now.date()})
    assert not form.is_valid() and "date" in form.errors
    assert not Election.objects.exists()


def test_the_admin_refuses_an_election_closing_before_it_opens(client, users):
    client.force_login(users["moderator"])
    now = timezone.now()
    response = client.post(
        reverse("wagtailsnippets_nominations_election:add"),
        {
            "name": "Backwards",
            "slug": "backwards",
            "kind": ElectionKindFactory().pk,
            "date": (now + timedelta(days=30)).strftime("%Y-%m-%d"),
            "nominations_open_at": (now + timedelta(days=10)).strftime("%Y-%m-%d %H:%M"),
            "nominations_close_at": (now + timedelta(days=5)).strftime("%Y-%m-%d %H:%M"),
            "description": "",
        },
    )
    assert response.status_code == 200 and "Nominations must close after they open." in response.content.decode()
    assert not Election.objects.exists()


@pytest.mark.parametrize("field", ["name", "previous_service", "employer", "other_affiliations"])
def test_html_in_a_plain_text_field_is_a_form_error(client, users, election, field):
    client.force_login(users["user"])
    response = client.post(create_url(election), {**FORM, field: f"Ann {SCRIPT}"})
    assert response.status_code == 200 and "Plain text only" in response.content.decode()
    assert not Nomination.objects.exists()


def test_html_in_the_statement_is_sanitised_when_shown(client, users, election):
    client.force_login(users["user"])
    client.post(create_url(election), {**FORM, "nomination_statement": f"Hello **world** {SCRIPT}"})
    nomination = Nomination.objects.get()
    page = client.get(nomination.get_absolute_url()).content.decode()
    assert "<strong>world</strong>" in page and "<b>bold</b>" in page
    assert 'alert("x")' not in page and "onclick" not in page and "steal()" not in page


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"name": "x" * 101}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"code_of_conduct_ack": ""}, "code_of_conduct_ack"),
        ({"eligibility_ack": ""}, "eligibility_ack"),
        ({"self_nomination": "on"}, "email"),  # grace@ is not one of the user's verified addresses
    ],
)
def test_bad_input_is_a_form_error(client, users, election, bad, field):
    client.force_login(users["user"])
    response = client.post(create_url(election), {**FORM, **bad})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Nomination.objects.exists()


def test_a_self_nomination_is_accepted_at_once_and_mails_nobody(
    client, users, election, django_capture_on_commit_callbacks
):
    client.force_login(users["user"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(create_url(election), {**FORM, "email": users["user"].email, "self_nomination": "on"})
    nomination = Nomination.objects.get()
    assert nomination.self_nomination and nomination.accepted is True and not nomination.approved
    assert not OutgoingEmail.objects.exists() and not mail.outbox


def test_the_nominee_is_mailed_a_working_accept_link(
    client, users, election, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "pydotorg.core.mail.OutboxBackend"
    client.force_login(users["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(create_url(election), {**FORM, "email": users["nominee"].email.upper()})
    nomination = Nomination.objects.get()
    [message] = mail.outbox
    assert message.to == [users["nominee"].email] and election.name in message.subject
    link = re.search(r"https?://\S+/accept/", message.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert path == reverse("nominations:nomination_accept", args=[election.slug, nomination.pk])
    client.force_login(users["nominee"])
    assert client.get(path).status_code == 200
    client.post(path, {"answer": "accept"})
    nomination.refresh_from_db()
    assert nomination.accepted is True and not nomination.is_public


def test_the_demo_has_a_past_and_an_open_election_with_nominations_in_every_state(client):
    demo.load_demo(DemoCommand())
    [open_] = Election.objects.open()
    past = Election.objects.exclude(pk=open_.pk).get()
    assert past.nominations_closed
    for election in (open_, past):
        statuses = {n.status for n in election.nominations.all()}
        assert statuses == {"awaiting the nominee", "declined", "awaiting approval", "public"}
        assert election.nominations.filter(self_nomination=True, approved=True).exists()
    second = DemoCommand()
    demo.load_demo(second)
    assert not any(counts["created"] for counts in second.counts.values())
    urls = [reverse("nominations:election_list"), reverse("nominations:index")]
    for election in (open_, past):
        urls += [election.get_absolute_url(), reverse("nominations:nominee_list", args=[election.slug])]
        urls += [n.get_absolute_url() for n in election.nominees.filter(nominations__approved=True)]
        urls += [n.get_absolute_url() for n in election.nominations.public()]
    for url in urls:
        assert client.get(url, follow=True).status_code == 200, url


def test_listings_cost_a_constant_number_of_queries(count_queries, election, make_nomination, users):
    make_nomination(election, accepted=True, approved=True)
    urls = [reverse("nominations:election_list"), reverse("nominations:nominee_list", args=[election.slug])]
    [count_queries(url) for url in urls]  # the first request makes the site's settings
    before = [count_queries(url) for url in urls]
    for n in range(4):
        make_nomination(election, email=f"more{n}@example.com", name=f"More {n}", accepted=True, approved=True)
    assert [count_queries(url) for url in urls] == before


def test_an_election_administrator_adds_a_nomination_in_the_admin(client, users, election):
    client.force_login(users["moderator"])
    add = reverse("wagtailsnippets_nominations_nomination:add")
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {
            "election": election.pk,
            "name": "Guido",
            "email": "Guido@Example.com",
            "previous_service": "",
            "employer": "",
            "other_affiliations": "",
            "nomination_statement": "BDFL emeritus.",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.nominee.email == "guido@example.com" and nomination.nominee.election == election
    assert not nomination.is_public
    client.force_login(users["staff"])  # is_staff alone: no admin rights on nominations
    client.post(add, {"election": election.pk, "name": "X", "email": "x@example.com", "nomination_statement": "x"})
    assert Nomination.objects.count() == 1

"""Issue 13's whole member journey in headless Chromium against the live server, through the
real forms: a visitor signs up, confirms the address with the link from the mail Django sent,
signs in, becomes a basic PSF member, affirms voting (the profile then says eligible),
nominates someone while the election is open; the nominee (another user whose verified address
is the nominated one, in a second browser) accepts through the link in their mail; an election
administrator approves in the Wagtail admin; the nomination is public on the nominee's page.
No Content-Security-Policy violation on the way. Skipped without Chromium.

Mail takes the production path (the site's outbox, sent by the Huey task once the live
server's transaction commits, delivered to Django's locmem outbox): the test reads
`django.core.mail.outbox`, which needs no database while Playwright's loop runs."""

import re
from urllib.parse import urlsplit

import pytest

from tests.browser import chromium, require_chromium, session_cookies, watch_csp

sync_api = require_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-Browser-passw0rd"
NOMINEE_EMAIL = "ada@example.com"


@pytest.fixture
def setup(live_server, settings):
    """An open election, the nominee's account (verified address) and an election
    administrator, with session cookies for both (made before Chromium starts: Django must not
    touch the database while Playwright's event loop runs in this thread)."""
    from django.contrib.auth.models import Group

    from pydotorg.settings import base as base_settings
    from pydotorg.users.factories import UserFactory
    from sections.nominations.factories import ElectionFactory, ElectionKindFactory

    # Django's test setup replaces EMAIL_BACKEND by locmem: put the site's outbox back.
    settings.EMAIL_BACKEND = base_settings.EMAIL_BACKEND
    ElectionFactory(
        name="PSF Board Election 2026",
        slug="psf-board-2026",
        kind=ElectionKindFactory(name="PSF Board", slug="psf-board"),
    )
    nominee = UserFactory(username="ada", email=NOMINEE_EMAIL, verified=True)
    admin = UserFactory(username="returning-officer", email="officer@example.com", verified=True, is_staff=True)
    admin.groups.add(Group.objects.get(name="Election administrators"))
    cookies = {user.username: session_cookies(live_server.url, user) for user in (nominee, admin)}
    return live_server.url, cookies


@pytest.fixture
def browser(setup):
    with chromium(sync_api) as browser:
        yield browser


def link_in_mail(to, pattern):
    """The path of the one link whose path matches `pattern` in the last mail sent to `to`
    (the host is the site's, not the live server's)."""
    from django.core import mail

    messages = [message for message in mail.outbox if to in message.to]
    assert messages, f"no mail to {to}"
    paths = [urlsplit(url).path for url in re.findall(r"https?://\S+", messages[-1].body)]
    paths = [path for path in paths if re.fullmatch(pattern, path)]
    assert len(paths) == 1, messages[-1].body
    return paths[0]


def test_signup_verify_join_affirm_nominate_accept_approve_public(browser, setup):
    url, cookies = setup
    expect = sync_api.expect
    member_context, nominee_context, admin_context, visitor_context = (browser.new_context() for _ in range(4))
    violations = []
    for context in (member_context, nominee_context, admin_context, visitor_context):
        watch_csp(context, violations)
    nominee_context.add_cookies(cookies["ada"])
    admin_context.add_cookies(cookies["returning-officer"])
    member, nominee, admin = member_context.new_page(), nominee_context.new_page(), admin_context.new_page()
    for page in (member, nominee, admin):
        page.set_default_timeout(15_000)

    # Sign up: not signed in yet, a confirmation mail is sent.
    member.goto(url + "/")
    member.locator(".account-links").get_by_role("link", name="Sign up").click()
    expect(member).to_have_url(re.compile(r"/accounts/signup/$"))
    member.locator("input[name=email]").fill("grace@example.com")
    member.locator("input[name=username]").fill("Grace")
    member.locator("input[name=password1]").fill(PASSWORD)
    member.locator("input[name=password2]").fill(PASSWORD)
    member.locator("form").filter(has=member.locator("input[name=password2]")).get_by_role(
        "button", name=re.compile("Sign up", re.I)
    ).click()
    expect(member).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(member.locator("main")).to_contain_text("Verify Your Email Address")
    expect(member.locator(".account-links")).to_contain_text("Sign in")

    # Verify: the link from the mail, then its button; then sign in.
    member.goto(url + link_in_mail("grace@example.com", r"/accounts/confirm-email/[^/]+/"))
    expect(member.locator("main")).to_contain_text("grace@example.com")
    member.locator("main form").get_by_role("button", name=re.compile("Confirm", re.I)).click()
    expect(member).to_have_url(re.compile(r"/accounts/login/$"))
    member.get_by_label("Username or email").fill("grace")
    member.get_by_label("Password", exact=True).fill(PASSWORD)
    member.locator("main form").get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(member.locator(".account-links")).to_contain_text("Signed in as grace")

    # Become a basic member, from the header's link.
    member.locator(".account-links").get_by_role("link", name="Membership").click()
    expect(member.get_by_role("heading", name="Become a PSF Basic Member")).to_be_visible()
    member.get_by_label("Legal name").fill("Grace Brewster Hopper")
    member.get_by_label("Preferred name").fill("Grace")
    member.get_by_label("Address").fill("1 Harbour Road")
    member.get_by_label("City").fill("Arlington")
    member.get_by_label("Postal code").fill("22201")
    member.get_by_label("Country").select_option(label="United States of America")
    member.get_by_label("Code of Conduct").check()
    member.get_by_role("button", name="Sign up").click()
    expect(member).to_have_url(re.compile(r"/users/membership/thanks/$"))
    expect(member.locator("main")).to_contain_text("you are now a basic member of the Python Software Foundation")

    # The profile says: not eligible yet. Affirm; then it says eligible.
    member.goto(url + "/users/grace/")
    expect(member.locator(".membership-status")).to_contain_text("Not eligible to vote yet")
    member.goto(url + "/users/membership/affirm/")
    member.get_by_label("I affirm that I intend to vote").check()
    member.get_by_role("button", name="Affirm").click()
    expect(member.locator("main")).to_contain_text("you are eligible to vote until")
    member.goto(url + "/users/grace/")
    expect(member.locator(".membership-vote--eligible")).to_contain_text("Eligible to vote")

    # Nominate Ada while nominations are open.
    member.goto(url + "/nominations/psf-board-2026/create/")
    expect(member.get_by_role("heading", name="Nominate someone")).to_be_visible()
    member.get_by_label("Nominee's name").fill("Ada Lovelace")
    member.get_by_label("Nominee's email").fill(NOMINEE_EMAIL)
    member.get_by_label("Employer").fill("Analytical Engines Ltd")
    member.get_by_label("Nomination statement").fill("Ada wrote the **first** program.")
    member.get_by_label("Code of Conduct").check()
    member.get_by_label("The nominee is eligible").check()
    member.get_by_role("button", name="Nominate").click()
    expect(member).to_have_url(re.compile(r"/nominations/psf-board-2026/\d+/$"))
    nomination_path = urlsplit(member.url).path
    expect(member.locator("main")).to_contain_text("We have mailed Ada Lovelace to accept or decline it.")
    expect(member.locator("main")).to_contain_text("awaiting the nominee")
    member.locator(".account-links").get_by_role("link", name="My nominations").click()
    expect(member.locator("main")).to_contain_text("Ada Lovelace")

    # Not public yet: a visitor is sent to sign in, the nominee list is empty of her.
    visitor = visitor_context.new_page()
    visitor.goto(url + nomination_path)
    expect(visitor).to_have_url(re.compile(r"/accounts/login/"))
    visitor.goto(url + "/nominations/psf-board-2026/nominees/")
    expect(visitor.locator("main")).not_to_contain_text("Ada Lovelace")

    # The nominee accepts through the link in her mail.
    accept_path = link_in_mail(NOMINEE_EMAIL, r"/nominations/[^/]+/\d+/accept/")
    assert accept_path == nomination_path + "accept/"
    nominee.goto(url + accept_path)
    expect(nominee.get_by_role("heading", name="Accept or decline your nomination")).to_be_visible()
    expect(nominee.locator("main")).to_contain_text("first program")
    nominee.get_by_role("button", name="Accept").click()
    expect(nominee.locator("main")).to_contain_text("You accepted the nomination")
    expect(nominee.locator("main")).to_contain_text("awaiting approval")

    # An election administrator approves it in the admin's review queue.
    admin.goto(url + "/admin/snippets/nominations/nomination/?accepted=true&approved=false")
    admin.get_by_role("link", name="Ada Lovelace").first.click()
    expect(admin).to_have_url(re.compile(r"/admin/snippets/nominations/nomination/edit/\d+/"))
    admin.get_by_role("checkbox", name="Approved").check()
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator(".messages")).to_contain_text("updated")

    # Public: on the nominee list and the nominee's page, with the sanitised statement.
    visitor.goto(url + "/nominations/psf-board-2026/nominees/")
    visitor.get_by_role("link", name="Ada Lovelace").click()
    expect(visitor).to_have_url(re.compile(r"/nominations/psf-board-2026/nominees/ada-lovelace/$"))
    expect(visitor.locator(".nomination")).to_contain_text("Nominated by grace")
    expect(visitor.locator(".nomination strong", has_text="first")).to_be_visible()
    visitor.goto(url + nomination_path)
    expect(visitor.locator("main")).to_contain_text("status: public")

    assert violations == [], "\n".join(violations)

"""The application at /sponsors/application/ (views.py "Application and public pages"): step 1
(the catalogue, anyone), step 2 (the sponsor, signed in), the submission and its mail."""

import io
import os
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sections.sponsors.factories import BenefitFactory, PackageFactory, png
from sections.sponsors.models import Sponsor, SponsorContact, Sponsorship, SponsorshipSettings

STEP1 = "/sponsors/application/"
STEP2 = "/sponsors/application/details/"
DONE = "/sponsors/application/submitted/"


@pytest.fixture(autouse=True)
def current_year(catalogue):
    settings = SponsorshipSettings.load()
    settings.current_year = catalogue.gold.year
    settings.save()
    return settings.current_year


def pick(client, package=None, benefits=()):
    return client.post(STEP1, {"package": package.pk if package else "", "benefits": [b.pk for b in benefits]})


def benefit_errors(response, benefit):
    """The reasons shown beside `benefit` on step 1."""
    html = response.content.decode()
    match = re.search(rf'<ul class="field-errors" id="benefit-{benefit.pk}-errors"[^>]*>(.*?)</ul>', html, re.S)
    return match.group(1) if match else ""


def logo(name="logo.png", width=300, height=120):
    return SimpleUploadedFile(name, png(width, height), content_type="image/png")


def details(user, sponsor_name="Spam Ltd", web_logo=None, **extra):
    """Step 2's POST data for a new sponsor with one contact (the applicant)."""
    data = {
        "sponsor-name": sponsor_name,
        "sponsor-description": "Spam, eggs and Python.",
        "sponsor-landing_page_url": "https://spam.example.com/",
        "sponsor-web_logo": web_logo or logo(),
        "sponsor-primary_phone": "+44 20 7946 0000",
        "sponsor-mailing_address_line_1": "1 Monty Street",
        "sponsor-city": "London",
        "sponsor-postal_code": "N1 1AA",
        "sponsor-country": "GB",
        "contacts-TOTAL_FORMS": "3",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "1",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-name": "Ann Applicant",
        "contacts-0-email": user.email,
        "contacts-0-phone": "+44 20 7946 0001",
        "contacts-0-primary": "on",
        "contacts-1-name": "Bill Accounts",
        "contacts-1-email": "bill@spam.example.com",
        "contacts-1-phone": "+44 20 7946 0002",
        "contacts-1-accounting": "on",
    }
    data.update(extra)
    return data


def token(client):
    return client.session["sponsors_application"]["token"]


def submit(client, user, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(STEP2, {"token": token(client), **details(user, **extra)})


# --- Step 1 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "user", "contact", "other_contact", "team", "editor", "staff"])
def test_step1_is_open_to_everyone(client, users, role, catalogue):
    if users[role]:
        client.force_login(users[role])
    response = client.get(STEP1)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gold" in html and "US$&nbsp;50000" in html and "Silver" in html
    assert "Foundation" in html and "PyCon US" in html  # benefits grouped by programme


def test_step1_shows_why_each_benefit_may_not_be_picked(client, catalogue, other_sponsor):
    c = catalogue
    BenefitFactory(program=c.pycon, name="Sprint sponsor", new=True, a_la_carte=True)
    old = BenefitFactory(program=c.pycon, name="Last year's benefit", year=c.gold.year - 1)
    hidden = PackageFactory(name="Secret", slug="secret", advertise=False)
    Sponsorship.apply(other_sponsor, [c.logo, c.booth], c.gold, year=c.gold.year)  # the booth is taken
    html = client.get(STEP1).content.decode()
    assert "Last year&#x27;s benefit" not in html and old.name not in html and "Secret" not in html
    assert hidden.pk and "New this year" in html
    booth = re.search(rf'<li class="sponsor-benefit[^"]*">\s*<input[^>]*id="benefit-{c.booth.pk}".*?</li>', html, re.S)[
        0
    ]
    assert "1 of 1 taken" in booth and "sponsor-tag--full" in booth
    gone = re.search(rf'<input[^>]*id="benefit-{c.gone.pk}"[^>]*>', html)[0]
    assert "disabled" in gone and "Unavailable this year" in html
    assert "Conflicts with “Registration sponsor”" in html and "Conflicts with “Lanyard sponsor”" in html
    assert "Only in a package that includes it" in html
    assert "Standalone: without a package" in html and "A la carte: on top of a package" in html
    logo = re.search(rf'<input[^>]*id="benefit-{c.logo.pk}"[^>]*>', html)[0]
    assert f'data-packages="{c.gold.pk} {c.silver.pk} "' in logo  # for the script's preselection
    assert "sponsors-application.js" in html and "<script>" not in html  # CSP: no inline script


def test_a_package_without_benefits_brings_its_benefits(client, catalogue):
    """Without JavaScript: the package is picked, no benefit ticked."""
    c = catalogue
    response = pick(client, c.gold)
    assert response.status_code == 302 and response["Location"] == STEP2
    stored = client.session["sponsors_application"]
    assert stored["package"] == c.gold.pk
    assert stored["benefits"] == sorted(b.pk for b in (c.logo, c.docs, c.booth, c.tiered))


def rule_cases(c):
    return [
        (None, [c.logo], c.logo, "Only with a package: pick a package first."),
        (c.silver, [c.logo, c.docs], c.docs, "Only as part of a package that includes it; Silver does not."),
        (c.silver, [c.logo, c.gone], c.gone, "Unavailable this year."),
        (c.silver, [c.logo, c.extra, c.rival], c.rival, "Conflicts with “Registration sponsor”: pick one of the two."),
        (c.gold, [c.logo, c.booth], c.booth, "No longer available: all 1 have been taken."),
    ]


@pytest.mark.parametrize("case", range(5))
def test_every_rule_is_shown_beside_its_benefit(client, catalogue, other_sponsor, case):
    c = catalogue
    Sponsorship.apply(other_sponsor, [c.booth], c.gold, year=c.gold.year)
    package, benefits, refused, reason = rule_cases(c)[case]
    response = pick(client, package, benefits)
    assert response.status_code == 200
    assert reason in benefit_errors(response, refused)
    assert "cannot be picked: see the reason beside each" in response.content.decode()
    for other in benefits:
        if other != refused and not (case == 3 and other == c.extra):
            assert benefit_errors(response, other) == ""
    assert "sponsors_application" not in client.session
    # The selection stays ticked, to be corrected.
    assert re.search(rf'<input[^>]*id="benefit-{refused.pk}"[^>]*checked', response.content.decode())


def test_nothing_picked(client, catalogue):
    response = pick(client)
    assert response.status_code == 200
    assert "Pick a package or at least one benefit." in response.content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"package": "999999", "benefits": []}, "That package is not offered this year"),
        ({"package": "gold?", "benefits": []}, "That package is not offered this year"),
        ({"package": "", "benefits": ["999999"]}, "Benefit 999999 is not offered this year"),
        ({"package": "", "benefits": ["abc"]}, "“abc” is not a benefit"),
        ({"package": "", "benefits": ["last-year"]}, "is not offered this year"),
        ({"package": "hidden", "benefits": []}, "That package is not offered this year"),
    ],
)
def test_tampered_ids_are_clear_errors(client, catalogue, data, message):
    c = catalogue
    old = BenefitFactory(program=c.pycon, name="Old", standalone=True, year=c.gold.year - 1)
    hidden = PackageFactory(name="Hidden", slug="hidden", advertise=False)
    data = {
        "package": str(hidden.pk) if data["package"] == "hidden" else data["package"],
        "benefits": [str(old.pk) if b == "last-year" else b for b in data["benefits"]],
    }
    response = client.post(STEP1, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "sponsors_application" not in client.session


def test_step2_without_a_selection_goes_back_to_step1(client, users, catalogue):
    client.force_login(users["user"])
    response = client.get(STEP2, follow=True)
    assert response.redirect_chain[-1][0] == STEP1
    assert "Pick a package or benefits first." in response.content.decode()


# --- Step 2 and the submission --------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in_and_keeps_the_selection(client, users, catalogue):
    c = catalogue
    pick(client, c.silver, [c.logo, c.extra])
    response = client.get(STEP2)
    assert response.status_code == 302
    login = reverse("account_login")
    assert response["Location"].startswith(login) and "next=/sponsors/application/details/" in response["Location"]
    response = client.post(f"{login}?next={STEP2}", {"login": "user", "password": "password"})
    assert response.status_code == 302 and response["Location"] == STEP2
    response = client.get(STEP2)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The <strong>Silver</strong> package" in html and "Registration sponsor" in html
    assert client.session["sponsors_application"]["benefits"] == sorted([c.logo.pk, c.extra.pk])


def test_new_sponsor_with_a_package_full_flow(client, users, catalogue, settings, django_capture_on_commit_callbacks):
    c = catalogue
    user = users["user"]
    client.force_login(user)
    pick(client, c.gold, [c.logo, c.docs, c.booth, c.tiered])
    response = client.get(STEP2)
    assert response.status_code == 200
    assert 'name="contacts-0-email"' in response.content.decode() and user.email in response.content.decode()
    assert "manager" not in response.content.decode()  # PSF staff's role, not offered
    response = submit(client, user, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == DONE
    sponsor = Sponsor.objects.get(name="Spam Ltd")
    assert sponsor.creator == user and sponsor.web_logo and sponsor.is_managed_by(user)
    applicant = sponsor.contacts.get(email=user.email)
    assert applicant.user == user and applicant.primary
    assert sponsor.contacts.get(email="bill@spam.example.com").accounting
    sponsorship = Sponsorship.objects.get(sponsor=sponsor)
    assert sponsorship.status == "applied" and sponsorship.package == c.gold and sponsorship.submitted_by == user
    assert not sponsorship.for_modified_package and sponsorship.benefits.count() == 4
    assert "sponsors_application" not in client.session
    # Mail: the sponsor's contacts get a receipt, the team a note.
    by_recipients = {tuple(sorted(m.to)): m for m in mail.outbox}
    receipt = by_recipients[tuple(sorted([user.email, "bill@spam.example.com"]))]
    assert "Spam Ltd" in receipt.subject and "Gold" in receipt.body and "Booth" in receipt.body
    team = by_recipients[(settings.SPONSORSHIP_NOTIFICATION_TO_EMAIL,)]
    assert team.subject == "New sponsorship application: Spam Ltd (Gold)" and "http" in team.body
    assert len(mail.outbox) == 2
    # The confirmation.
    html = client.get(DONE).content.decode()
    assert "Thank you!" in html and "Spam Ltd" in html and "Logo on docs" in html


def test_a_la_carte_on_top_of_a_package(client, users, catalogue, django_capture_on_commit_callbacks):
    c = catalogue
    client.force_login(users["user"])
    pick(client, c.silver, [c.logo, c.extra])
    submit(client, users["user"], django_capture_on_commit_callbacks)
    sponsorship = Sponsorship.objects.get(sponsor__name="Spam Ltd")
    assert sponsorship.package == c.silver and sponsorship.for_modified_package
    assert sponsorship.benefits.get(name="Registration sponsor").added_by_user


def test_standalone_only(client, users, catalogue, django_capture_on_commit_callbacks):
    c = catalogue
    client.force_login(users["user"])
    pick(client, None, [c.standalone])
    response = submit(client, users["user"], django_capture_on_commit_callbacks)
    assert response["Location"] == DONE
    sponsorship = Sponsorship.objects.get(sponsor__name="Spam Ltd")
    assert sponsorship.package is None and [b.name for b in sponsorship.benefits.all()] == ["Job fair table"]


def test_the_applicant_is_added_as_primary_when_no_contact_is(
    client, users, catalogue, django_capture_on_commit_callbacks
):
    c = catalogue
    client.force_login(users["user"])
    pick(client, None, [c.standalone])
    submit(
        client,
        users["user"],
        django_capture_on_commit_callbacks,
        **{"contacts-0-email": "ann@spam.example.com", "contacts-0-primary": ""},
    )
    sponsor = Sponsor.objects.get(name="Spam Ltd")
    applicant = SponsorContact.objects.get(sponsor=sponsor, user=users["user"])
    assert applicant.primary and applicant.email == users["user"].email
    assert sponsor.contacts.count() == 3 and sponsor.contacts.filter(primary=True).count() == 1


def test_existing_sponsor(client, users, sponsor, other_sponsor, catalogue, django_capture_on_commit_callbacks):
    c = catalogue
    contact = users["contact"]
    client.force_login(contact)
    pick(client, c.silver, [c.logo])
    html = client.get(STEP2).content.decode()
    assert "Acme Corp" in html and "Other Inc" not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(STEP2, {"token": token(client), "sponsor": sponsor.pk})
    assert response["Location"] == DONE
    assert Sponsor.objects.count() == 2  # none created
    assert sponsor.sponsorships.get().package == c.silver
    assert any(m.to == [contact.email] for m in mail.outbox)


def test_another_sponsors_id_is_refused(client, users, sponsor, other_sponsor, catalogue):
    c = catalogue
    client.force_login(users["contact"])
    pick(client, c.silver, [c.logo])
    response = client.post(STEP2, {"token": token(client), "sponsor": other_sponsor.pk})
    assert response.status_code == 200
    assert "You are not a contact of that sponsor" in response.content.decode()
    assert not Sponsorship.objects.exists()
    response = client.post(STEP2, {"token": token(client), "sponsor": "x"})
    assert response.status_code == 200 and not Sponsorship.objects.exists()


def noise_png(width, height):
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png"), "valid image"),
        (SimpleUploadedFile("small.png", png(50, 50), content_type="image/png"), "at least 100 pixels wide"),
        ("big", "at most 1 MB"),
        ("bmp", "must be a PNG, JPEG, GIF or WebP image, not BMP"),
    ],
)
def test_bad_logo_is_a_form_error_and_nothing_is_created(client, users, catalogue, settings, upload, message):
    c = catalogue
    settings.SPONSOR_UPLOAD_MAX_MB = 1
    if upload == "big":
        upload = SimpleUploadedFile("big.png", noise_png(700, 700), content_type="image/png")
        assert upload.size > 1024 * 1024
    elif upload == "bmp":
        out = io.BytesIO()
        Image.new("RGB", (300, 100)).save(out, "BMP")
        upload = SimpleUploadedFile("logo.bmp", out.getvalue(), content_type="image/bmp")
    client.force_login(users["user"])
    pick(client, c.silver, [c.logo])
    response = client.post(STEP2, {"token": token(client), **details(users["user"], web_logo=upload)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Sponsor.objects.exists() and not Sponsorship.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    "name, content, ok",
    [
        ("logo.pdf", b"%PDF-1.7\n...", True),
        ("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', True),
        ("logo.pdf", b"not a pdf", False),
        ("logo.svg", b"<svg><script>alert(1)</script></svg>", False),
        ("logo.doc", b"%PDF-1.7", False),
    ],
)
def test_print_logo_is_checked(client, users, catalogue, name, content, ok, django_capture_on_commit_callbacks):
    c = catalogue
    client.force_login(users["user"])
    pick(client, c.silver, [c.logo])
    upload = SimpleUploadedFile(name, content)
    response = submit(client, users["user"], django_capture_on_commit_callbacks, **{"sponsor-print_logo": upload})
    assert (response.status_code == 302) is ok
    assert Sponsor.objects.exists() is ok
    if not ok:
        assert "print logo" in response.content.decode() or "is not a" in response.content.decode()


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"contacts-1-primary": "on"}, "Only one contact can be the primary contact."),
        ({"contacts-1-email": "ANN@example.com"}, None),  # the applicant's address twice (user@example.com)
        ({"contacts-0-name": "", "contacts-0-email": "", "contacts-0-phone": "", "contacts-0-primary": ""}, None),
        ({"sponsor-name": "", "sponsor-country": "XX"}, "This field is required."),
    ],
)
def test_bad_details_are_form_errors(client, users, catalogue, extra, message):
    c = catalogue
    user = users["user"]
    if "contacts-1-email" in extra:
        extra = {"contacts-1-email": user.email.upper()}
        message = "Each contact needs an email address of their own."
    elif "contacts-0-name" in extra:
        extra = {**extra, **{f"contacts-1-{k}": "" for k in ("name", "email", "phone", "accounting")}}
        message = "Please submit at least 1 form."
    client.force_login(user)
    pick(client, c.silver, [c.logo])
    response = client.post(STEP2, {"token": token(client), **details(user, **extra)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Sponsor.objects.exists() and not Sponsorship.objects.exists()


def test_a_benefit_full_meanwhile_sends_back_to_step1_with_nothing_written(
    client, users, catalogue, other_sponsor, django_capture_on_commit_callbacks
):
    c = catalogue
    client.force_login(users["user"])
    pick(client, c.gold, [c.logo, c.booth])
    Sponsorship.apply(other_sponsor, [c.booth], c.gold, year=c.gold.year)  # someone else was quicker
    mail.outbox.clear()
    response = submit(client, users["user"], django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == STEP1
    assert not Sponsor.objects.filter(name="Spam Ltd").exists()
    assert Sponsorship.objects.count() == 1 and not mail.outbox
    response = client.get(STEP1)
    html = response.content.decode()
    assert "Booth: No longer available: all 1 have been taken." in html  # the message
    assert "No longer available" in benefit_errors(response, c.booth)  # and beside the benefit


def test_double_submit_makes_one_sponsorship(client, users, catalogue, django_capture_on_commit_callbacks):
    c = catalogue
    client.force_login(users["user"])
    pick(client, c.silver, [c.logo])
    data = {"token": token(client), **details(users["user"])}
    first = client.post(STEP2, data)
    data["sponsor-web_logo"] = logo()
    second = client.post(STEP2, data, follow=True)
    assert first["Location"] == DONE and second.redirect_chain[-1][0] == DONE
    assert "This application was already submitted." in second.content.decode()
    assert Sponsorship.objects.count() == 1 and Sponsor.objects.count() == 1


def test_a_stale_token_is_refused(client, users, catalogue):
    c = catalogue
    client.force_login(users["user"])
    pick(client, c.silver, [c.logo])
    response = client.post(STEP2, {"token": "old", **details(users["user"])}, follow=True)
    assert "This form is out of date" in response.content.decode()
    assert not Sponsor.objects.exists()


def test_the_catalogue_changed_between_the_steps(client, users, catalogue):
    c = catalogue
    client.force_login(users["user"])
    pick(client, c.silver, [c.logo, c.extra])
    c.extra.delete()
    response = client.get(STEP2, follow=True)
    assert response.redirect_chain[-1][0] == STEP1
    assert "The catalogue changed" in response.content.decode()


def test_the_confirmation_is_only_for_the_sponsors_contacts(
    client, users, catalogue, django_capture_on_commit_callbacks, make_user
):
    c = catalogue
    client.force_login(users["user"])
    pick(client, c.silver, [c.logo])
    submit(client, users["user"], django_capture_on_commit_callbacks)
    assert client.get(DONE).status_code == 200
    client.force_login(make_user("stranger"))  # the session carries over, the user does not manage it
    assert client.get(DONE)["Location"] == STEP1
    client.logout()
    assert client.get(DONE)["Location"] == STEP1


@pytest.mark.parametrize("role", ["user", "contact", "other_contact", "team", "editor", "staff"])
def test_every_signed_in_role_may_apply(client, users, role, sponsor, other_sponsor, catalogue):
    """Applying is open to any signed-in user; each sees only the sponsors they manage."""
    c = catalogue
    client.force_login(users[role])
    pick(client, c.silver, [c.logo])
    html = client.get(STEP2).content.decode()
    assert "Submit the application" in html
    assert ("Acme Corp" in html) is (role == "contact") and ("Other Inc" in html) is (role == "other_contact")


def test_an_existing_sponsor_and_new_details_together_are_refused(client, users, sponsor, catalogue):
    c = catalogue
    client.force_login(users["contact"])
    pick(client, c.silver, [c.logo])
    response = client.post(STEP2, {"token": token(client), "sponsor": sponsor.pk, **details(users["contact"])})
    assert response.status_code == 200
    assert "You picked an existing sponsor and entered a new one" in response.content.decode()
    assert not Sponsorship.objects.exists() and Sponsor.objects.count() == 1

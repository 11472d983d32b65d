"""The sponsors' own dashboard (/users/sponsorships/): who sees what, the contract download,
the sponsor's details, and the asset uploads (validation, due dates, all or nothing)."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sections.sponsors.factories import (
    AssetFactory,
    ContractFactory,
    SponsorContactFactory,
    SponsorshipFactory,
    png,
)
from sections.sponsors.models import Asset, Contract, Sponsor, Sponsorship

ROLES = ["anonymous", "user", "contact", "other_contact", "team", "editor", "staff"]
TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])
    return client


@pytest.fixture
def sponsorship(sponsor, catalogue):
    """Acme's gold sponsorship (logo, docs, booth, passes), approved: a required banner image
    (100–1000 × 50–500 px, due in 30 days) and a provided voucher."""
    sponsorship = Sponsorship.apply(
        sponsor, [catalogue.logo, catalogue.docs, catalogue.booth, catalogue.tiered], package=catalogue.gold
    )
    Sponsorship.objects.filter(pk=sponsorship.pk).update(status=Sponsorship.Status.APPROVED)
    sponsorship.refresh_from_db()
    return sponsorship


@pytest.fixture
def banner(sponsorship):
    return Asset.objects.get(sponsorship=sponsorship, internal_name="web-banner")


@pytest.fixture
def sent(sponsorship):
    contract = ContractFactory(sponsorship=sponsorship, status=Contract.Status.AWAITING_SIGNATURE)
    contract.document.save("contract.pdf", ContentFile(PDF))
    return contract


def urls(sponsorship):
    return {
        "detail": reverse("sponsor_dashboard:detail", args=[sponsorship.pk]),
        "contract": reverse("sponsor_dashboard:contract", args=[sponsorship.pk]),
        "assets": reverse("sponsor_dashboard:assets", args=[sponsorship.pk]),
        "sponsor_edit": reverse("sponsor_dashboard:sponsor_edit", args=[sponsorship.sponsor.pk]),
    }


def image(name="banner.png", width=300, height=120):
    return SimpleUploadedFile(name, png(width, height), content_type="image/png")


# --- Who sees what ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_only_the_users_own_sponsorships(client, users, role, sponsorship, other_sponsor):
    SponsorshipFactory(sponsor=other_sponsor)
    response = login(client, users, role).get(reverse("sponsor_dashboard:list"))
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    assert response.status_code == 200
    body = response.content.decode()
    assert ("Acme Corp" in body) == (role == "contact")
    assert ("Other Inc" in body) == (role == "other_contact")
    if role == "contact":
        assert reverse("sponsor_dashboard:detail", args=[sponsorship.pk]) in body
        assert "Gold" in body and "Approved" in body
        assert reverse("sponsor_dashboard:sponsor_edit", args=[sponsorship.sponsor.pk]) in body


@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 302),
        ("user", 404),
        ("contact", 200),
        ("other_contact", 404),
        ("team", 200),
        ("editor", 404),
        ("staff", 404),
    ],
)
def test_detail_per_role(client, users, role, status, sponsorship, banner, sent):
    response = login(client, users, role).get(urls(sponsorship)["detail"])
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "Approved" in body
        assert "Logo on python.org" in body and "Conference passes" in body and "× 4" in body
        assert "python.org: Sponsors page" in body and "python.org: Downloads page" in body
        assert "Banner for the sponsors page" in body and "Not yet" in body
        assert "Conference voucher" in body and "PSF-2026" in body  # provided asset
        assert "Awaiting signature" in body and urls(sponsorship)["contract"] in body
        assert ("make changes in the admin" in body) == (role == "team")


def test_detail_of_an_unknown_sponsorship_is_404(client, users):
    client.force_login(users["contact"])
    assert client.get(reverse("sponsor_dashboard:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("verified,status", [(True, 200), (False, 404)])
def test_contact_by_verified_email_only(client, make_user, sponsorship, verified, status):
    ann = make_user("ann")
    EmailAddress.objects.create(user=ann, email="ann.work@example.com", verified=verified, primary=False)
    SponsorContactFactory(sponsor=sponsorship.sponsor, user=None, email="Ann.Work@example.com")
    client.force_login(ann)
    assert client.get(urls(sponsorship)["detail"]).status_code == status
    listing = client.get(reverse("sponsor_dashboard:list")).content.decode()
    assert ("Acme Corp" in listing) == verified


def test_detail_shows_submitted_overdue_and_shared_file(client, users, sponsorship, banner):
    banner.file.save("banner.png", ContentFile(png()), save=False)
    banner.submitted_at = timezone.now()
    banner.submitted_by = users["contact"]
    banner.save()
    AssetFactory(sponsorship=sponsorship, label="Blurb", due_date=TODAY - datetime.timedelta(days=1))
    provided = AssetFactory(sponsorship=sponsorship, provided=True, kind="file", label="Sponsor kit", due_date=None)
    provided.file.save("kit.pdf", ContentFile(PDF))
    client.force_login(users["contact"])
    body = client.get(urls(sponsorship)["detail"]).content.decode()
    assert banner.file.url in body and "by contact" in body
    assert "Blurb" in body and "overdue" in body
    assert provided.file.url in body


# --- The contract ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 302),
        ("user", 404),
        ("contact", 200),
        ("other_contact", 404),
        ("team", 200),
        ("editor", 404),
        ("staff", 404),
    ],
)
def test_contract_download_per_role(client, users, role, status, sponsorship, sent):
    response = login(client, users, role).get(urls(sponsorship)["contract"])
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "psf-sponsorship-contract-acme-corp" in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_executed_contract_is_downloadable(client, users, sponsorship, sent):
    Contract.objects.filter(pk=sent.pk).update(status=Contract.Status.EXECUTED)
    client.force_login(users["contact"])
    assert client.get(urls(sponsorship)["contract"]).status_code == 200


@pytest.mark.parametrize("status", [Contract.Status.DRAFT, Contract.Status.NULLIFIED, Contract.Status.OUTDATED])
def test_no_download_of_a_contract_not_sent(client, users, sponsorship, sent, status):
    Contract.objects.filter(pk=sent.pk).update(status=status)
    client.force_login(users["contact"])
    assert client.get(urls(sponsorship)["contract"]).status_code == 404
    body = client.get(urls(sponsorship)["detail"]).content.decode()
    assert urls(sponsorship)["contract"] not in body


def test_no_download_without_a_document(client, users, sponsorship):
    ContractFactory(sponsorship=sponsorship, status=Contract.Status.AWAITING_SIGNATURE)
    client.force_login(users["contact"])
    assert client.get(urls(sponsorship)["contract"]).status_code == 404


# --- The sponsor's details -------------------------------------------------------------


def sponsor_data(sponsor, **changes):
    data = {
        "name": sponsor.name,
        "description": sponsor.description,
        "landing_page_url": sponsor.landing_page_url,
        "twitter_handle": "",
        "linked_in_page_url": "",
        "primary_phone": sponsor.primary_phone,
        "mailing_address_line_1": "2 Snake Street",
        "mailing_address_line_2": "",
        "city": sponsor.city,
        "state": sponsor.state,
        "postal_code": sponsor.postal_code,
        "country": "US",
        "country_of_incorporation": "",
        "state_of_incorporation": "",
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 302),
        ("user", 404),
        ("contact", 302),
        ("other_contact", 404),
        ("team", 403),
        ("editor", 404),
        ("staff", 404),
    ],
)
def test_sponsor_edit_per_role(client, users, role, status, sponsor):
    url = reverse("sponsor_dashboard:sponsor_edit", args=[sponsor.pk])
    login(client, users, role)
    get = client.get(url)
    assert get.status_code == (200 if role == "contact" else status)
    response = client.post(url, sponsor_data(sponsor))
    assert response.status_code == status
    changed = Sponsor.objects.get(pk=sponsor.pk).mailing_address_line_1 == "2 Snake Street"
    assert changed == (role == "contact")
    if role == "contact":
        assert response["Location"] == reverse("sponsor_dashboard:list")


def test_sponsor_edit_of_a_finalized_sponsorship_and_new_logo(client, users, sponsor):
    SponsorshipFactory(sponsor=sponsor, finalized=True)
    client.force_login(users["contact"])
    url = reverse("sponsor_dashboard:sponsor_edit", args=[sponsor.pk])
    response = client.post(url, {**sponsor_data(sponsor), "web_logo": image("new.png", 400, 100)})
    assert response.status_code == 302
    sponsor.refresh_from_db()
    assert sponsor.mailing_address_line_1 == "2 Snake Street" and "new" in sponsor.web_logo.name


def test_sponsor_edit_bad_logo_changes_nothing(client, users, sponsor):
    client.force_login(users["contact"])
    url = reverse("sponsor_dashboard:sponsor_edit", args=[sponsor.pk])
    bad = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = client.post(url, {**sponsor_data(sponsor), "web_logo": bad})
    assert response.status_code == 400
    assert "field-errors" in response.content.decode()
    assert Sponsor.objects.get(pk=sponsor.pk).mailing_address_line_1 == "1 Python Way"


# --- Assets ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,get_status,post_status",
    [
        ("anonymous", 302, 302),
        ("user", 404, 404),
        ("contact", 200, 302),
        ("other_contact", 404, 404),
        ("team", 200, 403),
        ("editor", 404, 404),
        ("staff", 404, 404),
    ],
)
def test_assets_per_role(
    client, users, role, get_status, post_status, sponsorship, banner, django_capture_on_commit_callbacks
):
    login(client, users, role)
    url = urls(sponsorship)["assets"]
    response = client.get(url)
    assert response.status_code == get_status
    if get_status == 200:
        body = response.content.decode()
        assert "Banner for the sponsors page" in body
        assert (f'name="asset_{banner.pk}"' in body) == (role == "contact")  # the team reads only
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {f"asset_{banner.pk}": image()})
    assert response.status_code == post_status
    banner.refresh_from_db()
    assert bool(banner.file) == (role == "contact")
    if role == "contact":
        assert banner.submitted_by == users["contact"] and banner.submitted_at is not None
        assert banner.file.name.endswith(".png")
        (message,) = mail.outbox
        assert message.to == ["sponsors@python.org"]
        assert "Acme Corp" in message.subject and "Banner for the sponsors page" in message.body
        assert f"http://testserver{urls(sponsorship)['detail']}" in message.body
    else:
        assert mail.outbox == []


@pytest.mark.parametrize(
    "upload,error",
    [
        (lambda: image(width=50, height=120), "must be at least 100 pixels wide"),
        (lambda: image(width=300, height=600), "at most 500 pixels high"),
        (lambda: SimpleUploadedFile("banner.png", b"hello, I am text", content_type="image/png"), "valid image"),
        (lambda: SimpleUploadedFile("banner.txt", b"hello", content_type="text/plain"), "valid image"),
    ],
)
def test_bad_image_is_refused_beside_its_field(client, users, sponsorship, banner, upload, error):
    client.force_login(users["contact"])
    response = client.post(urls(sponsorship)["assets"], {f"asset_{banner.pk}": upload()})
    assert response.status_code == 400
    body = response.content.decode()
    assert error in body and "field-errors" in body
    banner.refresh_from_db()
    assert not banner.file and banner.submitted_at is None


def test_image_in_a_format_not_accepted(client, users, sponsorship, banner):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (300, 120)).save(out, "BMP")
    client.force_login(users["contact"])
    upload = SimpleUploadedFile("banner.bmp", out.getvalue(), content_type="image/bmp")
    response = client.post(urls(sponsorship)["assets"], {f"asset_{banner.pk}": upload})
    assert response.status_code == 400
    assert "upload a PNG, JPEG, GIF or WebP" in response.content.decode()


def test_too_big_upload_is_refused(client, users, sponsorship, banner, settings):
    settings.SPONSOR_UPLOAD_MAX_MB = 1
    client.force_login(users["contact"])
    big = SimpleUploadedFile("banner.png", png() + b"\0" * (1024 * 1024), content_type="image/png")
    response = client.post(urls(sponsorship)["assets"], {f"asset_{banner.pk}": big})
    assert response.status_code == 400
    assert "at most 1 MB, please" in response.content.decode()
    banner.refresh_from_db()
    assert not banner.file


def test_a_bad_upload_saves_nothing_of_the_same_post(client, users, sponsorship, banner):
    blurb = AssetFactory(sponsorship=sponsorship, kind="text", label="Blurb", max_length=20)
    client.force_login(users["contact"])
    data = {f"asset_{blurb.pk}": "We love Python", f"asset_{banner.pk}": image(width=10)}
    response = client.post(urls(sponsorship)["assets"], data)
    assert response.status_code == 400
    blurb.refresh_from_db()
    assert blurb.text == "" and blurb.submitted_at is None
    # too long a text is refused the same way
    data = {f"asset_{blurb.pk}": "x" * 21, f"asset_{banner.pk}": image()}
    response = client.post(urls(sponsorship)["assets"], data)
    assert response.status_code == 400 and "at most 20 characters" in response.content.decode()
    banner.refresh_from_db()
    assert not banner.file


def test_text_response_and_file_assets(client, users, sponsorship, django_capture_on_commit_callbacks):
    blurb = AssetFactory(sponsorship=sponsorship, kind="text", label="Blurb")
    answer = AssetFactory(sponsorship=sponsorship, kind="response", label="Will you attend?")
    brochure = AssetFactory(sponsorship=sponsorship, kind="file", label="Brochure")
    client.force_login(users["contact"])
    url = urls(sponsorship)["assets"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                f"asset_{blurb.pk}": "We love Python",
                f"asset_{answer.pk}": "yes",
                f"asset_{brochure.pk}": SimpleUploadedFile("brochure.pdf", PDF, content_type="application/pdf"),
            },
        )
    assert response.status_code == 302
    for asset in (blurb, answer, brochure):
        asset.refresh_from_db()
        assert asset.submitted_at is not None and asset.submitted_by == users["contact"]
    assert (blurb.text, answer.text) == ("We love Python", "yes") and brochure.file.name.endswith(".pdf")
    assert len(mail.outbox) == 1 and "We love Python" in mail.outbox[0].body
    # taking a text back makes it missing again; a blank upload keeps the file
    response = client.post(url, {f"asset_{blurb.pk}": "", f"asset_{answer.pk}": "yes"}, follow=True)
    assert "Your assets were saved" in response.content.decode()
    response = client.post(url, {f"asset_{answer.pk}": "yes"}, follow=True)
    assert "Nothing was changed" in response.content.decode()
    blurb.refresh_from_db()
    brochure.refresh_from_db()
    assert blurb.text == "" and blurb.submitted_at is None
    assert brochure.file and brochure.submitted_at is not None


@pytest.mark.parametrize(
    "name,content,error",
    [
        ("brochure.pdf", b"<html>not a pdf</html>", "not a PDF file"),
        ("brochure.exe", b"MZ\x90\x00", "not accepted"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "no scripts"),
    ],
)
def test_bad_file_is_refused(client, users, sponsorship, name, content, error):
    brochure = AssetFactory(sponsorship=sponsorship, kind="file", label="Brochure")
    client.force_login(users["contact"])
    upload = SimpleUploadedFile(name, content)
    response = client.post(urls(sponsorship)["assets"], {f"asset_{brochure.pk}": upload})
    assert response.status_code == 400 and error in response.content.decode()
    brochure.refresh_from_db()
    assert not brochure.file


def test_after_the_due_date_assets_are_read_only(client, users, sponsorship, banner):
    Asset.objects.filter(pk=banner.pk).update(due_date=TODAY - datetime.timedelta(days=1))
    blurb = AssetFactory(sponsorship=sponsorship, kind="text", label="Blurb", due_date=TODAY)  # due today: open
    client.force_login(users["contact"])
    url = urls(sponsorship)["assets"]
    body = client.get(url).content.decode()
    assert f'name="asset_{banner.pk}"' not in body and f'name="asset_{blurb.pk}"' in body
    assert "Overdue — contact" in body and "sponsors@python.org" in body
    response = client.post(url, {f"asset_{banner.pk}": image(), f"asset_{blurb.pk}": "Hello"})
    assert response.status_code == 400
    assert "can no longer be changed here" in response.content.decode()
    banner.refresh_from_db()
    blurb.refresh_from_db()
    assert not banner.file and blurb.text == ""  # nothing of the post was saved


@pytest.mark.parametrize("state", ["rejected", "ended"])
def test_rejected_or_ended_sponsorship_is_read_only(client, users, sponsorship, banner, state):
    if state == "rejected":
        Sponsorship.objects.filter(pk=sponsorship.pk).update(status=Sponsorship.Status.REJECTED)
    else:
        Sponsorship.objects.filter(pk=sponsorship.pk).update(
            status=Sponsorship.Status.FINALIZED,
            start_date=TODAY - datetime.timedelta(days=400),
            end_date=TODAY - datetime.timedelta(days=35),
        )
    client.force_login(users["contact"])
    url = urls(sponsorship)["assets"]
    body = client.get(url).content.decode()
    assert f'name="asset_{banner.pk}"' not in body and "can no longer be changed" in body
    response = client.post(url, {f"asset_{banner.pk}": image()})
    assert response.status_code == 400
    banner.refresh_from_db()
    assert not banner.file


def test_a_sponsors_own_asset_is_shared_by_its_sponsorships(client, users, sponsorship):
    logo = AssetFactory(sponsorship=None, sponsor=sponsorship.sponsor, kind="text", label="Tagline")
    other = SponsorshipFactory(sponsor=sponsorship.sponsor)
    client.force_login(users["contact"])
    client.post(urls(sponsorship)["assets"], {f"asset_{logo.pk}": "Batteries included"})
    assert "Batteries included" in client.get(urls(other)["detail"]).content.decode()


# --- The profile link ------------------------------------------------------------------


def test_profile_links_the_dashboard_for_contacts_only(client, users, sponsor):
    link = reverse("sponsor_dashboard:list")
    for role, shown in (("contact", True), ("user", False)):
        client.force_login(users[role])
        body = client.get(f"/users/{users[role].username}/").content.decode()
        assert (link in body) == shown, role

"""The staff workflow in the Wagtail admin (wagtail_hooks.py, "Sponsorships, contracts and
assets"): approve / reject / roll back a sponsorship, send / execute / nullify / redraft its
contract, the PDFs, the locks, the history, the dashboard, the mail, and who may do each step."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from fpdf import FPDF
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from pydotorg.core import moderation
from sections.sponsors.factories import AssetFactory, PackageFactory, SponsorContactFactory
from sections.sponsors.models import Asset, Contract, Sponsorship

pytestmark = pytest.mark.django_db

TEAM_MAIL = "sponsors@python.org"
ROLES = ["anonymous", "user", "contact", "other_contact", "editor", "staff", "team", "superuser"]
ALLOWED = {"team", "superuser"}  # superusers hold every permission
NO_ADMIN = {"user", "contact", "other_contact", "staff"}  # no admin access: Wagtail sends them to the login


def s_url(name, pk):
    return reverse(f"wagtailsnippets_sponsors_sponsorship:{name}", args=[pk])


def c_url(name, pk):
    return reverse(f"wagtailsnippets_sponsors_contract:{name}", args=[pk])


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def pdf_bytes(text="Signed by Acme Corp"):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def signed_pdf(name="signed.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def applied(catalogue, sponsor, users):
    c = catalogue
    return Sponsorship.apply(sponsor, [c.logo, c.docs, c.booth, c.tiered], c.gold, users["contact"], year=c.gold.year)


def approve_data(sponsorship, **extra):
    today = timezone.localdate()
    return {
        "start_date": today.isoformat(),
        "end_date": (today + datetime.timedelta(days=365)).isoformat(),
        "sponsorship_fee": "45000",
        "package": str(sponsorship.package_id),
        "comment": "Welcome aboard",
        **extra,
    }


def approve(sponsorship, user):
    """Approved through the model, as the admin view does (for tests of later steps)."""
    today = timezone.localdate()
    return sponsorship.approve(
        user,
        start_date=today,
        end_date=today + datetime.timedelta(days=365),
        sponsorship_fee=45000,
        package=sponsorship.package,
    )


def recipients():
    return sorted(tuple(sorted(m.to)) for m in mail.outbox)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- The whole cycle -------------------------------------------------------------------------


def test_the_whole_staff_cycle(client, users, applied, django_capture_on_commit_callbacks):
    login(client, users["team"])
    page = client.get(s_url("workflow", applied.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Logo on docs" in html and "Conference passes (4)" in html and "Approve and draft the contract" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(s_url("approve", applied.pk), approve_data(applied))
    assert response.status_code == 302
    applied.refresh_from_db()
    assert applied.status == "approved" and applied.approved_on == timezone.localdate()
    assert applied.sponsorship_fee == 45000 and applied.end_date > applied.start_date
    contract = applied.contracts.get()
    assert contract.status == "draft" and "Logo on docs" in contract.benefits_list
    assert recipients() == [("contact@example.com",), (TEAM_MAIL,)]
    to_sponsor = next(m for m in mail.outbox if m.to == ["contact@example.com"])
    assert "approved" in to_sponsor.subject and "45000" in to_sponsor.body
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(c_url("send", contract.pk))
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == "awaiting_signature" and contract.sent_on == timezone.localdate()
    document = PdfReader(io.BytesIO(contract.document.read()))
    text = "".join(page.extract_text() for page in document.pages)
    assert "Acme Corp" in text and "Logo on docs" in text and "The PSF may show the sponsor's logo." in text
    (sent,) = mail.outbox
    assert sent.to == ["contact@example.com"] and f"http://testserver/users/sponsorships/{applied.pk}/" in sent.body
    mail.outbox.clear()
    download = client.get(c_url("document", contract.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(c_url("execute", contract.pk), {"signed_document": signed_pdf()})
    assert response.status_code == 302
    contract.refresh_from_db()
    applied.refresh_from_db()
    assert contract.status == "executed" and contract.executed_on == timezone.localdate()
    assert contract.signed_document.read().startswith(b"%PDF-")
    assert applied.status == "finalized" and applied.locked and applied.finalized_on == timezone.localdate()
    assert recipients() == [("contact@example.com",), (TEAM_MAIL,)]
    assert client.get(c_url("signed", contract.pk)).status_code == 200

    # Finalized: locked. The editor refuses, the history shows every step.
    response = client.get(s_url("edit", applied.pk))
    assert response.status_code == 302 and response.url == s_url("workflow", applied.pk)
    response = client.post(s_url("edit", applied.pk), {"sponsorship_fee": "1", "renewal": "on"}, follow=True)
    assert "finalized and locked" in " ".join(messages_of(response))
    applied.refresh_from_db()
    assert applied.sponsorship_fee == 45000 and not applied.renewal
    actions = [
        e.data["action"] for e in ModelLogEntry.objects.for_instance(applied).filter(action=moderation.LOG_ACTION)
    ]
    assert sorted(actions) == ["approve", "finalize"]
    assert client.get(s_url("history", applied.pk)).status_code == 200


def test_an_approval_keeps_a_log_entry_with_the_comment(client, users, applied):
    login(client, users["team"])
    client.post(s_url("approve", applied.pk), approve_data(applied, comment="Fee agreed by phone"))
    entry = ModelLogEntry.objects.for_instance(applied).get(action=moderation.LOG_ACTION)
    assert entry.user == users["team"]
    assert entry.data == {"action": "approve", "from": "applied", "to": "approved", "comment": "Fee agreed by phone"}
    assert applied.revisions.count() == 1
    assert "Fee agreed by phone" in client.get(s_url("history", applied.pk)).content.decode()
    assert "Fee agreed by phone" in client.get(s_url("workflow", applied.pk)).content.decode()


def test_reject_with_a_comment_mails_the_contacts(client, users, applied, django_capture_on_commit_callbacks):
    SponsorContactFactory(sponsor=applied.sponsor, email="billing@acme.example.com", accounting=True)
    SponsorContactFactory(sponsor=applied.sponsor, email="psf-manager@python.org", manager=True)
    login(client, users["team"])
    response = client.post(s_url("reject", applied.pk), {"comment": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    applied.refresh_from_db()
    assert applied.status == "applied"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(s_url("reject", applied.pk), {"comment": "The booth is taken"})
    applied.refresh_from_db()
    assert applied.status == "rejected" and applied.rejected_on == timezone.localdate()
    (message,) = mail.outbox
    assert sorted(message.to) == ["billing@acme.example.com", "contact@example.com"]  # not the PSF manager
    assert "The booth is taken" in message.body


def test_rollback_nullifies_the_open_contract(client, users, applied, django_capture_on_commit_callbacks):
    contract = approve(applied, users["team"])
    login(client, users["team"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(s_url("rollback", applied.pk), {"comment": "Wrong fee"})
    applied.refresh_from_db()
    contract.refresh_from_db()
    assert applied.status == "applied" and applied.approved_on is None
    assert contract.status == "nullified"
    assert recipients() == [(TEAM_MAIL,)]
    # A rejection rolled back may be approved again: a new contract, the nullified one outdated.
    new = approve(applied, users["team"])
    contract.refresh_from_db()
    assert new.revision == 1 and contract.status == "outdated"


def test_redraft_outdates_the_old_contract(client, users, applied):
    contract = approve(applied, users["team"])
    contract.send(users["team"])
    login(client, users["team"])
    response = client.post(c_url("redraft", contract.pk))
    contract.refresh_from_db()
    new = applied.contracts.get(status="draft")
    assert contract.status == "outdated" and new.revision == 1
    assert response.url == c_url("workflow", new.pk)
    response = client.post(c_url("redraft", contract.pk), follow=True)
    assert "outdated" in " ".join(messages_of(response)) and applied.contracts.count() == 2


def test_contract_edit_only_while_draft(client, users, applied):
    contract = approve(applied, users["team"])
    login(client, users["team"])
    assert client.get(c_url("edit", contract.pk)).status_code == 200
    contract.send(users["team"])
    response = client.get(c_url("edit", contract.pk))
    assert response.status_code == 302 and response.url == c_url("workflow", contract.pk)
    client.post(c_url("edit", contract.pk), {"sponsor_info": "Changed", "sponsor_contact": "x", "benefits_list": "y"})
    contract.refresh_from_db()
    assert "Acme Corp" in contract.sponsor_info
    # No revert to an old revision either (it would bring back an old state).
    revision = contract.revisions.first()
    response = client.get(
        reverse("wagtailsnippets_sponsors_contract:revisions_revert", args=[contract.pk, revision.pk])
    )
    assert response.status_code == 302


# --- Refusals: wrong states, bad input, never a 500, nothing changed --------------------------


def test_end_before_start_and_a_package_of_another_year(client, users, applied):
    login(client, users["team"])
    today = timezone.localdate()
    data = approve_data(applied, end_date=(today - datetime.timedelta(days=1)).isoformat())
    response = client.post(s_url("approve", applied.pk), data)
    assert response.status_code == 200 and "must not be before the start date" in response.content.decode()
    other_year = PackageFactory(year=applied.year + 1, slug="gold")
    response = client.post(s_url("approve", applied.pk), approve_data(applied, package=str(other_year.pk)))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = client.post(s_url("approve", applied.pk), approve_data(applied, sponsorship_fee="lots"))
    assert response.status_code == 200
    applied.refresh_from_db()
    assert applied.status == "applied" and not applied.contracts.exists()


def test_wrong_states_are_refused_with_a_message(client, users, applied):
    login(client, users["team"])
    applied.reject(users["team"], comment="No")
    response = client.post(s_url("approve", applied.pk), approve_data(applied), follow=True)
    assert "A sponsorship that is rejected cannot be approved." in messages_of(response)
    applied.refresh_from_db()
    assert applied.status == "rejected" and not applied.contracts.exists()
    response = client.post(s_url("reject", applied.pk), {"comment": "again"}, follow=True)
    assert "cannot be rejected" in " ".join(messages_of(response))

    applied.rollback(users["team"])
    contract = approve(applied, users["team"])
    response = client.post(c_url("execute", contract.pk), {"signed_document": signed_pdf()}, follow=True)
    assert "A contract that is draft cannot be executed." in messages_of(response)
    contract.send(users["team"])
    contract.nullify(users["team"])
    response = client.post(c_url("execute", contract.pk), {"signed_document": signed_pdf()}, follow=True)
    assert response.status_code == 200 and "A contract that is nullified cannot be executed." in messages_of(response)
    response = client.post(c_url("send", contract.pk), follow=True)
    assert "cannot be sent" in " ".join(messages_of(response))
    contract.refresh_from_db()
    applied.refresh_from_db()
    assert contract.status == "nullified" and not contract.signed_document and applied.status == "approved"


def test_executing_when_the_sponsorship_cannot_be_finalized_changes_nothing(client, users, applied):
    contract = approve(applied, users["team"])
    contract.send(users["team"])
    Sponsorship.objects.filter(pk=applied.pk).update(status="applied")  # moved meanwhile
    login(client, users["team"])
    response = client.post(c_url("execute", contract.pk), {"signed_document": signed_pdf()}, follow=True)
    assert "A sponsorship that is applied cannot be finalized." in messages_of(response)
    contract.refresh_from_db()
    assert contract.status == "awaiting_signature" and contract.executed_on is None


@pytest.mark.parametrize(
    "upload, error",
    [
        (SimpleUploadedFile("signed.pdf", b"I signed it, honest.\n" * 50, "application/pdf"), "not a readable PDF"),
        (SimpleUploadedFile("signed.pdf", b"%PDF-1.7\nnot really\n", "application/pdf"), "not a readable PDF"),
        (SimpleUploadedFile("signed.pdf", b"", "application/pdf"), "The submitted file is empty"),
        (None, "This field is required"),
    ],
)
def test_a_signed_document_that_is_not_a_pdf_is_refused(client, users, applied, upload, error):
    contract = approve(applied, users["team"])
    contract.send(users["team"])
    login(client, users["team"])
    response = client.post(c_url("execute", contract.pk), {"signed_document": upload} if upload else {})
    assert response.status_code == 200 and error in response.content.decode()
    contract.refresh_from_db()
    applied.refresh_from_db()
    assert contract.status == "awaiting_signature" and not contract.signed_document
    assert applied.status == "approved" and not applied.locked


def test_a_signed_document_over_the_size_limit_is_refused(client, users, applied, settings):
    settings.SPONSOR_UPLOAD_MAX_MB = 0
    contract = approve(applied, users["team"])
    contract.send(users["team"])
    login(client, users["team"])
    response = client.post(c_url("execute", contract.pk), {"signed_document": signed_pdf()})
    assert response.status_code == 200 and "at most 0 MB" in response.content.decode()
    contract.refresh_from_db()
    assert contract.status == "awaiting_signature"


@pytest.mark.parametrize("unicode_font", [True, False])
def test_the_pdf_handles_names_in_any_script(client, users, applied, monkeypatch, unicode_font):
    if not unicode_font:  # a system without DejaVu: the core font, text made latin-1 safe
        monkeypatch.setattr(Contract, "PDF_FONTS", {"": Contract.PDF_FONTS[""].with_name("missing.ttf")})
    sponsor = applied.sponsor
    sponsor.name = "Пайтон 株式会社 — Ünïcode “Ltd”"
    sponsor.save()
    contract = approve(applied, users["team"])
    login(client, users["team"])
    assert client.post(c_url("send", contract.pk)).status_code == 302
    contract.refresh_from_db()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(contract.document.read())).pages)
    assert "Ünïcode" in text and "Logo on docs" in text
    if unicode_font:
        assert "Пайтон" in text


def test_locked_sponsorship_cannot_be_edited_but_an_applied_one_can(client, users, applied):
    login(client, users["team"])
    assert client.get(s_url("edit", applied.pk)).status_code == 200
    Sponsorship.objects.filter(pk=applied.pk).update(status="finalized", locked=True)
    response = client.get(s_url("edit", applied.pk), follow=True)
    assert "finalized and locked" in " ".join(messages_of(response))
    assert "Edit the agreed fields" not in response.content.decode()


def test_posts_need_the_csrf_token(users, applied):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["team"])
    assert client.post(s_url("approve", applied.pk), approve_data(applied)).status_code == 403
    applied.refresh_from_db()
    assert applied.status == "applied"


def test_nothing_is_added_or_deleted_in_the_admin(client, users, applied):
    login(client, users["superuser"])
    for model in ("sponsorship", "contract", "asset"):
        assert client.get(f"/admin/snippets/sponsors/{model}/add/").status_code == 302  # permission denied
    assert client.get(f"/admin/snippets/sponsors/sponsorship/delete/{applied.pk}/").status_code == 302
    assert Sponsorship.objects.filter(pk=applied.pk).exists()


# --- Who may do what -------------------------------------------------------------------------


def check_refused(response, role):
    """Without admin access Wagtail sends to its login; an editor is refused by moderation.refuse,
    whose PermissionDenied the admin answers with its own "no permission" redirect to the
    dashboard (wagtail.admin.auth.require_admin_access)."""
    if role == "anonymous" or role in NO_ADMIN:
        assert response.status_code == 302 and "/login/" in response.url, (role, response.status_code)
    else:
        assert response.status_code == 302 and response.url == "/admin/", (role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_sponsorship_steps_by_role(client, users, applied, role):
    login(client, users[role])
    response = client.get(s_url("workflow", applied.pk))
    if role in ALLOWED:
        assert response.status_code == 200
    else:
        check_refused(response, role)
    response = client.post(s_url("approve", applied.pk), approve_data(applied))
    applied.refresh_from_db()
    if role in ALLOWED:
        assert response.status_code == 302 and applied.status == "approved"
        response = client.post(s_url("rollback", applied.pk), {"comment": ""})
        applied.refresh_from_db()
        assert applied.status == "applied"
        client.post(s_url("reject", applied.pk), {"comment": "no"})
        applied.refresh_from_db()
        assert applied.status == "rejected"
    else:
        check_refused(response, role)
        assert applied.status == "applied" and not applied.contracts.exists()
        check_refused(client.post(s_url("reject", applied.pk), {"comment": "no"}), role)
        applied.status = "approved"
        applied.save()
        check_refused(client.post(s_url("rollback", applied.pk), {"comment": ""}), role)
        applied.refresh_from_db()
        assert applied.status == "approved"


@pytest.mark.parametrize("role", ROLES)
def test_contract_steps_by_role(client, users, applied, role):
    contract = approve(applied, users["team"])
    login(client, users[role])
    allowed = role in ALLOWED
    response = client.get(c_url("workflow", contract.pk))
    if allowed:
        assert response.status_code == 200
    else:
        check_refused(response, role)

    response = client.post(c_url("send", contract.pk))
    contract.refresh_from_db()
    if allowed:
        assert contract.status == "awaiting_signature"
        assert client.get(c_url("document", contract.pk)).status_code == 200
    else:
        check_refused(response, role)
        assert contract.status == "draft" and not contract.document
        contract.send(users["team"])
        check_refused(client.get(c_url("document", contract.pk)), role)

    response = client.post(c_url("execute", contract.pk), {"signed_document": signed_pdf()})
    contract.refresh_from_db()
    if allowed:
        assert contract.status == "executed"
        return
    check_refused(response, role)
    assert contract.status == "awaiting_signature"
    check_refused(client.post(c_url("redraft", contract.pk)), role)
    check_refused(client.post(c_url("nullify", contract.pk)), role)
    contract.refresh_from_db()
    assert contract.status == "awaiting_signature" and applied.contracts.count() == 1


def test_nullify_by_the_team(client, users, applied):
    contract = approve(applied, users["team"])
    login(client, users["team"])
    client.post(c_url("nullify", contract.pk))
    contract.refresh_from_db()
    assert contract.status == "nullified"


def test_the_model_refuses_anyone_but_the_team(users, applied):
    for role in ("contact", "editor", "staff"):
        with pytest.raises(PermissionDenied, match="may not approve"):
            approve(applied, users[role])
    applied.refresh_from_db()
    assert applied.status == "applied"


# --- The admin listings and the dashboard ----------------------------------------------------


def test_listing_shows_the_columns_filters_and_workflow_button(client, users, applied, other_sponsor, catalogue):
    other = Sponsorship.apply(other_sponsor, [catalogue.logo], catalogue.silver, year=catalogue.silver.year)
    other.reject(users["team"], comment="no")
    login(client, users["team"])
    html = client.get("/admin/snippets/sponsors/sponsorship/?status=applied").content.decode()
    assert "Acme Corp" in html and "Other Inc" not in html and s_url("workflow", applied.pk) in html
    assert "50000" in html
    html = client.get(f"/admin/snippets/sponsors/sponsorship/?year={applied.year}&status=rejected").content.decode()
    assert "Other Inc" in html and "Acme Corp" not in html
    contract = approve(applied, users["team"])
    html = client.get("/admin/snippets/sponsors/contract/?status=draft").content.decode()
    assert c_url("workflow", contract.pk) in html


def dashboard_text(client):
    response = client.get("/admin/")
    return " ".join(response.content.decode().split()) if response.status_code == 200 else None


def test_the_dashboard_shows_what_needs_the_team(client, users, applied, sponsor):
    contract = approve(applied, users["team"])
    contract.send(users["team"])
    Sponsorship.objects.create(sponsor=sponsor, year=applied.year)  # a second application waiting
    AssetFactory(sponsorship=applied, due_date=timezone.localdate() - datetime.timedelta(days=2))
    assert Asset.objects.overdue().count() == 1
    assert {Sponsorship, Contract} <= set(moderation.REVIEW_QUEUES)
    login(client, users["team"])
    text = dashboard_text(client)
    assert "Sponsorship applications</a></td> <td>1 waiting" in text
    assert "Contracts awaiting signature</a></td> <td>1 waiting" in text
    assert "Assets past their due date</a></td> <td>1 overdue" in text
    assert "/admin/snippets/sponsors/asset/?overdue=true" in text
    html = client.get("/admin/snippets/sponsors/asset/?overdue=true").content.decode()
    assert "Asset" in html and client.get("/admin/snippets/sponsors/asset/?overdue=true").status_code == 200
    client.logout()
    login(client, users["editor"])
    text = dashboard_text(client)
    assert "Sponsorship applications" not in text and "past their due date" not in text

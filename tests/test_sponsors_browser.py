"""Issue 14's whole sponsorship cycle in headless Chromium against the live server, through the
real forms: an applicant (signed in) picks a package and an a-la-carte benefit, enters the
sponsor's details with a real PNG logo and submits (a receipt and the team's note are mailed);
a member of the "Sponsorship team" approves it in the Wagtail admin (dates, fee), sends the
contract (the PDF is made) and uploads the signed PDF, which finalizes the sponsorship; the
applicant sees it finalized on their dashboard, downloads the contract, uploads the required
image (a wrong size first: refused, nothing saved) and reads the PSF's voucher; the logo is on
/psf/sponsors/, the downloads page and the footer, linked to the sponsor's site, and in API v2's
logo placements (a publisher's token) with an absolute URL that serves the image. No
Content-Security-Policy violation on the way. Skipped without Chromium.

Mail takes the production path (the site's outbox, delivered to Django's locmem outbox); the
test reads `django.core.mail.outbox`, which needs no database while Playwright's loop runs.
Everything that touches the database happens before Chromium starts or after it stops."""

import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from tests.browser import chromium, require_chromium, session_cookies, watch_csp

sync_api = require_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

APPLICANT_EMAIL = "ann@spam.example.com"
LANDING_PAGE = "https://spam.example.com/"
VOUCHER = "PSF-VOUCHER-7731"


def sequences_follow_the_rows():
    """On PostgreSQL, the rows restored by `serialized_rollback` keep their ids while a flush
    with `reset_sequences` (tests/test_site_browser.py's `restore_migrated_data`) may have
    restarted the sequences: make them follow, or the pages and log entries created below
    collide with the restored ones. Nothing to do on SQLite."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


def png_path(path, width, height, colour=(55, 118, 171)):
    from PIL import Image

    Image.new("RGB", (width, height), colour).save(path, "PNG")
    return str(path)


def signed_pdf_path(path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Signed for Spam Ltd by Ann Applicant.")
    pdf.output(str(path))
    return str(path)


@pytest.fixture
def setup(live_server, settings, tmp_path):
    """The current year's small catalogue (a Gold package whose logo benefit has psf logo
    placements on the sponsors page, the downloads page and the footer, a required image of
    100–1000 × 50–500 px; a package benefit with a voucher the PSF provides; an a-la-carte
    benefit), the downloads page, the applicant, a member of the sponsorship team and a
    publisher with an API token; session cookies and files made before Chromium starts."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from wagtail.models import Page

    from pydotorg.api.services import issue
    from pydotorg.settings import base as base_settings
    from pydotorg.users.factories import UserFactory
    from sections.downloads.factories import DownloadsIndexPageFactory
    from sections.downloads.pages import DownloadsIndexPage
    from sections.sponsors.factories import (
        BenefitFactory,
        LogoPlacementConfigFactory,
        PackageFactory,
        ProgramFactory,
        ProvidedAssetConfigFactory,
        RequiredAssetConfigFactory,
    )
    from sections.sponsors.models import SponsorshipSettings

    sequences_follow_the_rows()
    # Django's test setup replaces EMAIL_BACKEND by locmem: put the site's outbox back.
    settings.EMAIL_BACKEND = base_settings.EMAIL_BACKEND
    year = timezone.localdate().year
    sponsorship_settings = SponsorshipSettings.load()
    sponsorship_settings.current_year = year
    sponsorship_settings.save()

    foundation = ProgramFactory(name="Foundation", order=0)
    pycon = ProgramFactory(name="PyCon US", order=1)
    gold = PackageFactory(name="Gold", slug="gold", year=year, sponsorship_amount=50000, order=0, logo_dimension=200)
    logo = BenefitFactory(program=foundation, name="Logo on python.org", year=year, packages=[gold])
    for flight in ("sponsors", "download", "footer"):
        LogoPlacementConfigFactory(benefit=logo, publisher="psf", flight=flight)
    RequiredAssetConfigFactory(
        benefit=logo,
        kind="image",
        internal_name="web-banner",
        label="Banner for the sponsors page",
        min_width=100,
        max_width=1000,
        min_height=50,
        max_height=500,
    )
    passes = BenefitFactory(program=pycon, name="Conference passes", year=year, packages=[gold])
    ProvidedAssetConfigFactory(benefit=passes, internal_name="voucher", label="Conference voucher", shared_text=VOUCHER)
    BenefitFactory(program=pycon, name="Registration sponsor", year=year, a_la_carte=True, internal_value=5000)

    if not DownloadsIndexPage.objects.exists():
        DownloadsIndexPageFactory(parent=Page.objects.get(depth=2))

    applicant = UserFactory(username="ann", email=APPLICANT_EMAIL, first_name="Ann", last_name="Applicant")
    EmailAddress.objects.create(user=applicant, email=APPLICANT_EMAIL, verified=True, primary=True)
    team = UserFactory(username="tess", email="tess@example.com", verified=True)
    team.groups.add(Group.objects.get(name="Sponsorship team"))
    publisher = UserFactory(username="pypi-bot", email="pypi-bot@example.com", verified=True)
    publisher.groups.add(Group.objects.get(name="Sponsor publishers"))
    _, token = issue(publisher)

    return SimpleNamespace(
        url=live_server.url,
        year=year,
        today=timezone.localdate(),
        team_email=settings.SPONSORSHIP_NOTIFICATION_TO_EMAIL,
        token=token.key,
        cookies={user.username: session_cookies(live_server.url, user) for user in (applicant, team)},
        logo=png_path(tmp_path / "spam-logo.png", 400, 160, (200, 30, 30)),
        too_big=png_path(tmp_path / "banner-too-big.png", 1200, 600),
        banner=png_path(tmp_path / "banner.png", 600, 200),
        signed=signed_pdf_path(tmp_path / "signed-contract.pdf"),
    )


def mails_to(address):
    from django.core import mail

    return [message for message in mail.outbox if address in message.to]


def submit(page, button):
    """Click a form's submit button once the page has settled: the live server answers each
    request in a thread of its own and, on SQLite in memory, they all share one connection
    (Django warns against simultaneous queries on it), so a POST should not overlap the
    previous page's last requests (the admin's /admin/jsi18n/ and sprite, say)."""
    page.wait_for_load_state("networkidle")
    button.click()


def link_in(message, pattern):
    """The path of the one link of `message` whose path matches `pattern`."""
    paths = [urlsplit(url).path for url in re.findall(r"https?://\S+", message.body)]
    paths = [path for path in paths if re.fullmatch(pattern, path)]
    assert len(paths) == 1, message.body
    return paths[0]


def test_apply_approve_send_execute_assets_logo_and_api(setup):
    """The whole cycle in the browser, then what it wrote, read once Chromium stopped."""
    from django.core.files.images import get_image_dimensions

    from sections.sponsors.models import Asset, Sponsorship

    with chromium(sync_api) as browser:
        pk = whole_cycle(browser, setup)
    sponsorship = Sponsorship.objects.get(pk=pk)
    assert sponsorship.status == "finalized" and sponsorship.locked and sponsorship.sponsorship_fee == 52000
    assert sponsorship.start_date <= setup.today <= sponsorship.end_date
    (contract,) = sponsorship.contracts.all()
    assert contract.status == "executed" and contract.signed_document.read(5) == b"%PDF-"
    (banner,) = Asset.objects.of_sponsorship(sponsorship).required()
    assert banner.submitted_by.username == "ann" and get_image_dimensions(banner.file) == (600, 200)
    assert list(Sponsorship.objects.current()) == [sponsorship]


def whole_cycle(browser, s):
    """Runs while Playwright's loop does: no database here. Returns the sponsorship's pk."""
    expect = sync_api.expect
    contexts = applicant_context, team_context, visitor_context = [
        browser.new_context(accept_downloads=True) for _ in range(3)
    ]
    violations = []
    for context in contexts:
        watch_csp(context, violations)
    applicant_context.add_cookies(s.cookies["ann"])
    team_context.add_cookies(s.cookies["tess"])
    applicant, team, visitor = (context.new_page() for context in contexts)
    for page in (applicant, team, visitor):
        page.set_default_timeout(15_000)

    # 1. Step 1: picking Gold checks its benefits (the static script); add an a-la-carte one.
    applicant.goto(s.url + "/sponsors/application/")
    expect(applicant.get_by_role("heading", name="Apply to sponsor the PSF")).to_be_visible()
    applicant.get_by_role("radio", name=re.compile(r"^Gold")).check()
    expect(applicant.get_by_role("checkbox", name="Logo on python.org")).to_be_checked()
    expect(applicant.get_by_role("checkbox", name="Conference passes")).to_be_checked()
    applicant.get_by_role("checkbox", name="Registration sponsor").check()
    submit(applicant, applicant.get_by_role("button", name="Next: your organisation"))

    # Step 2: the sponsor's details, a real PNG logo, the applicant as primary contact.
    expect(applicant).to_have_url(re.compile(r"/sponsors/application/details/$"))
    summary = applicant.locator(".sponsor-summary")
    expect(summary).to_contain_text("Gold")
    expect(summary).to_contain_text("Registration sponsor")
    form = applicant.locator("form.sponsor-form")
    form.locator("[name='sponsor-name']").fill("Spam Ltd")
    form.locator("[name='sponsor-description']").fill("Spam, eggs and Python.")
    form.locator("[name='sponsor-landing_page_url']").fill(LANDING_PAGE)
    form.locator("[name='sponsor-web_logo']").set_input_files(s.logo)
    form.locator("[name='sponsor-primary_phone']").fill("+44 20 7946 0000")
    form.locator("[name='sponsor-mailing_address_line_1']").fill("1 Monty Street")
    form.locator("[name='sponsor-city']").fill("London")
    form.locator("[name='sponsor-postal_code']").fill("N1 1AA")
    form.locator("[name='sponsor-country']").select_option("GB")
    expect(form.locator("[name='contacts-0-email']")).to_have_value(APPLICANT_EMAIL)  # prefilled
    expect(form.locator("[name='contacts-0-name']")).to_have_value("Ann Applicant")
    form.locator("[name='contacts-0-phone']").fill("+44 20 7946 0001")
    form.locator("[name='contacts-1-name']").fill("Bill Accounts")
    form.locator("[name='contacts-1-email']").fill("bill@spam.example.com")
    form.locator("[name='contacts-1-phone']").fill("+44 20 7946 0002")
    form.locator("[name='contacts-1-accounting']").check()
    submit(applicant, form.get_by_role("button", name="Submit the application"))
    expect(applicant).to_have_url(re.compile(r"/sponsors/application/submitted/$"))
    expect(applicant.get_by_role("heading", name="Thank you!")).to_be_visible()
    expect(applicant.locator("main")).to_contain_text("Spam Ltd applied for the")
    expect(applicant.locator("main")).to_contain_text("Registration sponsor")

    # The contacts got a receipt, the team a note with the workflow page's link.
    for contact in (APPLICANT_EMAIL, "bill@spam.example.com"):
        (receipt,) = mails_to(contact)
        assert receipt.subject == f"Your sponsorship application for Spam Ltd ({s.year})"
    (note,) = mails_to(s.team_email)
    assert note.subject == "New sponsorship application: Spam Ltd (Gold)"
    assert "Registration sponsor (added by the applicant)" in note.body
    workflow_path = link_in(note, r"/admin/snippets/sponsors/sponsorship/workflow/\d+/")
    pk = workflow_path.rstrip("/").rsplit("/", 1)[1]

    # 2. The team approves in the admin: dates covering today, the fee.
    team.goto(s.url + workflow_path)
    expect(team.locator("main")).to_contain_text("Applied")
    expect(team.locator(".sponsors-workflow-benefits")).to_contain_text("Registration sponsor")
    approve = team.locator("form.sponsors-workflow-approve")
    approve.get_by_label("Start date").fill(f"{s.year}-01-01")
    approve.get_by_label("End date").fill(f"{s.year}-12-31")
    fee = approve.get_by_label("Agreed fee (US$)")
    fee.fill("52000")
    expect(approve.get_by_label("Package")).to_have_value(re.compile(r"\d+"))  # the applied package
    # The admin's date pickers open 100 ms after a field gets focus, even once it lost it, and
    # stay open over the form; the button's click then now and then only closes them (the
    # page shrinks under the pointer). Submit from the keyboard, as a user who typed the dates.
    team.wait_for_load_state("networkidle")
    fee.press("Enter")
    expect(team.locator(".messages")).to_contain_text("is approved and contract 0 drafted")
    expect(team.locator(".sponsors-workflow-facts")).to_contain_text("US$ 52000")
    expect(team.locator("main")).to_contain_text("Approved")
    assert any("approved" in m.subject.lower() for m in mails_to(APPLICANT_EMAIL))

    # The contract: send it (the PDF is made), then upload the signed copy to execute it.
    team.get_by_role("link", name=re.compile(r"^Contract \d+ of Spam Ltd")).click()
    expect(team).to_have_url(re.compile(r"/admin/snippets/sponsors/contract/workflow/\d+/$"))
    expect(team.locator("main")).to_contain_text("Draft")
    submit(team, team.get_by_role("button", name="Send the contract"))
    expect(team.get_by_role("link", name="Download the PDF sent")).to_be_visible()
    expect(team.locator("main")).to_contain_text("Awaiting signature")
    execute = team.locator("form.sponsors-workflow-execute")
    execute.get_by_label("Signed contract (PDF)").set_input_files(s.signed)
    submit(team, execute.get_by_role("button", name="Upload and execute"))
    expect(team.get_by_role("link", name="Download the signed copy")).to_be_visible()
    expect(team.locator("main")).to_contain_text("Executed")
    team.goto(s.url + workflow_path)
    expect(team.locator("main")).to_contain_text("Finalized · locked")

    # 3. The applicant's dashboard: finalized, the contract, the voucher, the assets.
    applicant.goto(s.url + "/users/sponsorships/")
    expect(applicant.locator(".sponsorship-table")).to_contain_text("Finalized")
    applicant.locator(".sponsorship-table").get_by_role("link", name="Spam Ltd").click()
    expect(applicant).to_have_url(re.compile(rf"/users/sponsorships/{pk}/$"))
    expect(applicant.locator(".sponsorship-facts")).to_contain_text("Finalized")
    expect(applicant.locator(".provided-assets")).to_contain_text("Conference voucher")
    expect(applicant.locator(".provided-assets")).to_contain_text(VOUCHER)
    with applicant.expect_download() as download_info:
        applicant.get_by_role("link", name="Download the contract (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    applicant.get_by_role("link", name="Provide your assets").click()
    expect(applicant).to_have_url(re.compile(rf"/users/sponsorships/{pk}/assets/$"))
    banner = applicant.get_by_label("Banner for the sponsors page")
    banner.set_input_files(s.too_big)
    submit(applicant, applicant.get_by_role("button", name="Save"))
    expect(applicant.locator(".field-errors")).to_contain_text(
        "This image is 1200 × 600 pixels; it must be at most 1000 pixels wide and at most 500 pixels high."
    )
    expect(applicant.locator(".asset-form .current")).to_have_count(0)  # nothing saved
    assert not [m for m in mails_to(s.team_email) if m.subject.startswith("Sponsor assets submitted")]
    applicant.get_by_label("Banner for the sponsors page").set_input_files(s.banner)
    submit(applicant, applicant.get_by_role("button", name="Save"))
    expect(applicant.locator("body")).to_contain_text("Your assets were saved. Thank you!")
    expect(applicant.locator(".field-errors")).to_have_count(0)
    preview = applicant.locator(".asset-form img.asset-preview")  # styled by sponsors.css, CSP-safe
    expect(preview).to_have_js_property("complete", True)
    assert preview.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().width]") == [600, 300]
    (submitted,) = [m for m in mails_to(s.team_email) if m.subject.startswith("Sponsor assets submitted")]
    assert submitted.subject == f"Sponsor assets submitted: Spam Ltd ({s.year})"
    applicant.goto(s.url + f"/users/sponsorships/{pk}/")
    expect(applicant.locator(".asset-table")).to_contain_text("banner")
    expect(applicant.locator(".asset-table")).not_to_contain_text("Not yet")

    # 4. The logo in public: the sponsors page, the downloads page and the footer.
    linked_logo = f'a[href="{LANDING_PAGE}"] img[alt="Spam Ltd"]'
    visitor.goto(s.url + "/psf/sponsors/")
    logo = visitor.locator(".sponsor-level").filter(has_text="Gold").locator(linked_logo)
    expect(logo).to_have_count(1)
    logo.scroll_into_view_if_needed()
    expect(logo).to_have_js_property("complete", True)
    assert logo.evaluate("img => img.naturalWidth") == 400  # the uploaded PNG, served
    expect(visitor.locator(f".sponsor-logos--footer {linked_logo}")).to_have_count(1)
    visitor.goto(s.url + "/downloads/")
    expect(visitor.locator(f".sponsor-logos--download {linked_logo}")).to_have_count(1)

    # 5. API v2's logo placements, with the publisher's token; the logo URL serves the image.
    api = visitor_context.request.get(
        s.url + "/api/v2/sponsors/logo-placement/?publisher=psf", headers={"Authorization": f"Token {s.token}"}
    )
    assert api.status == 200, api.text()
    placements = [p for p in api.json() if p["sponsor"] == "Spam Ltd"]
    assert sorted(p["flight"] for p in placements) == ["download", "footer", "sponsors"]
    for placement in placements:
        assert placement["sponsor_url"] == LANDING_PAGE and placement["level_name"] == "Gold"
        assert placement["start_date"] == f"{s.year}-01-01" and placement["end_date"] == f"{s.year}-12-31"
        assert placement["logo"].startswith(s.url + "/media/")
    image = visitor_context.request.get(placements[0]["logo"])
    assert image.status == 200 and image.headers["content-type"] == "image/png"
    assert image.body().startswith(b"\x89PNG")
    assert visitor_context.request.get(s.url + "/api/v2/sponsors/logo-placement/").status == 401

    for context in contexts:
        context.close()
    assert violations == [], "\n".join(violations)
    return int(pk)

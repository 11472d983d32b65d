"""The rules in the editor and in the database, the page tree, release-day invalidation
and the signal, the home page box and the demo content."""

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from sections.downloads import caching, queries
from sections.downloads.factories import ReleaseFileFactory
from sections.downloads.pages import DocumentationPage, DownloadsIndexPage, ReleaseFile, ReleaseIndexPage, ReleasePage
from sections.downloads.signals import release_changed
from sections.pages.pages import StandardPage

pytestmark = pytest.mark.django_db
HomePage = apps.get_model("home", "HomePage")  # by label: sections never import home
URL = "https://www.python.org/ftp/python/3.14.1/"


def test_page_tree_rules():
    assert ReleasePage.allowed_parent_page_models() == [ReleaseIndexPage]
    assert ReleaseIndexPage.allowed_parent_page_models() == [DownloadsIndexPage]
    assert DownloadsIndexPage.allowed_parent_page_models() == [HomePage]
    assert DocumentationPage.allowed_parent_page_models() == [HomePage]
    assert ReleasePage.allowed_subpage_models() == []


class TestPageTree(WagtailPageTestCase):
    """Where each downloads page type may go, in Wagtail's own terms."""

    def test_allowed_parents(self):
        self.assertAllowedParentPageTypes(DownloadsIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ReleaseIndexPage, {DownloadsIndexPage})
        self.assertAllowedParentPageTypes(ReleasePage, {ReleaseIndexPage})
        self.assertAllowedParentPageTypes(DocumentationPage, {HomePage})

    def test_allowed_subpages(self):
        self.assertAllowedSubpageTypes(DownloadsIndexPage, {ReleaseIndexPage})
        self.assertAllowedSubpageTypes(ReleaseIndexPage, {ReleasePage})
        self.assertAllowedSubpageTypes(ReleasePage, set())

    def test_documentation_takes_standard_pages(self):
        self.assertAllowedSubpageTypes(DocumentationPage, {StandardPage})

    def test_where_each_can_be_created(self):
        self.assertCanCreateAt(HomePage, DownloadsIndexPage)
        self.assertCanCreateAt(DownloadsIndexPage, ReleaseIndexPage)
        self.assertCanCreateAt(ReleaseIndexPage, ReleasePage)
        self.assertCanCreateAt(HomePage, DocumentationPage)
        self.assertCanNotCreateAt(HomePage, ReleasePage)
        self.assertCanNotCreateAt(DownloadsIndexPage, ReleasePage)
        self.assertCanNotCreateAt(ReleasePage, ReleasePage)


def test_a_factory_for_every_page_type_and_model(home_page):
    from sections.downloads import factories

    index = factories.ReleaseIndexPageFactory(parent=factories.DownloadsIndexPageFactory(parent=home_page))
    release = factories.ReleasePageFactory(parent=index)
    plan9 = factories.OperatingSystemFactory(name="Plan 9")
    file = factories.ReleaseFileFactory(release=release, os_id=plan9.pk)
    assert factories.OperatingSystemFactory(slug="source").pk == 3  # the migration's, not a new one
    assert release.files.get() == file and file.os.slug == "plan-9"
    assert factories.DocumentationPageFactory(parent=home_page).url == "/doc/"


def file_form(os_id, name, button, **extra):
    return {"os": os_id, "name": name, "slug": name.lower().replace(" ", "-"), "url": URL + name.replace(" ", "-"),
            "description": "", "filesize": 10, "download_button": button, "sha256_sum": "", "md5_sum": "",
            "gpg_signature_file": "", "sigstore_signature_file": "", "sigstore_cert_file": "",
            "sigstore_bundle_file": "", "sbom_spdx2_file": "", **extra}  # fmt: skip


def add_release(admin_client, parent, files):
    data = nested_form_data(
        {
            "title": "Python 3.14.1",
            "slug": "python-3141",
            "version": 3,
            "content": "Notes",
            "release_notes_url": "",
            "show_on_download_page": True,
            "files": inline_formset(files),
        }
    )
    return admin_client.post(f"/admin/pages/add/downloads/releasepage/{parent.pk}/", data)


def test_editor_creates_a_release_with_files(admin_client, release_index):
    response = add_release(admin_client, release_index, [file_form(1, "Win", True), file_form(3, "Src", True)])
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    release = ReleasePage.objects.get(slug="python-3141")
    assert release.files.count() == 2 and not release.live
    assert len(release.latest_revision.content["files"]) == 2


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([file_form(1, "Win", True), file_form(1, "Win arm", True)], "already has a download button"),
        ([file_form(1, "Win", True, url="https://example.org/x.exe")], "must start with https://www.python.org/"),
        ([file_form(1, "Win", True, sigstore_signature_file=URL + "other.sig")], "followed by .sig:"),
        ([file_form(1, "Win", False), file_form(3, "Win", False)], "Another file of this release has this slug"),
    ],
)
def test_editor_refuses_broken_files(admin_client, release_index, files, message):
    response = add_release(admin_client, release_index, files)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReleasePage.objects.filter(slug="python-3141").exists()


def test_database_allows_one_download_button_per_os(release, release_file):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReleaseFileFactory(release=release, os_id=3, download_button=True)
    ReleaseFileFactory(release=release, os_id=3, download_button=False)
    ReleaseFileFactory(release=release, os_id=1, download_button=True, filesize=2**40)
    assert ReleaseFile.objects.get(os_id=1).filesize == 2**40


def test_saving_a_latest_release_clears_the_others(make_release, release):
    newer = make_release("Python 3.14.1", is_latest=True)
    python2 = make_release("Python 2.7.18", version=2, is_latest=True)
    release.refresh_from_db()
    assert not release.is_latest and newer.is_latest and python2.is_latest
    assert queries.latest_release(version=3) == newer


def test_release_name_is_unique(make_release, release):
    from django.core.exceptions import ValidationError

    duplicate = ReleasePage(title="Python 3.14.0", slug="other")
    with pytest.raises(ValidationError, match="already exists"):
        duplicate.clean()


def test_publishing_invalidates_and_sends_urls_after_commit(
    client, django_capture_on_commit_callbacks, release, release_file
):
    sent = []

    def receiver(sender, urls, **kwargs):
        sent.append(urls)

    release_changed.connect(receiver)
    try:
        client.get("/downloads/")
        key = caching.cache_key("latest-python3")
        with django_capture_on_commit_callbacks(execute=True):
            release.title = "Python 3.14.0 (fixed)"
            release.save_revision().publish()
        assert caching.cache_key("latest-python3") != key
        assert sent and "http://localhost/downloads/release/python-3140/" in sent[-1]
        assert "http://localhost/downloads/" in sent[-1] and "http://localhost/downloads/windows/" in sent[-1]
        assert "http://localhost/api/v1/downloads/release/" in sent[-1]
        sent.clear()
        with django_capture_on_commit_callbacks(execute=True):
            ReleaseFileFactory(release=release, os_id=2, download_button=True, name="macOS installer")
        assert sent  # file changes are announced too
        html = client.get("/downloads/").content.decode()
        assert 'data-os="macos" data-heading-text="Download Python 3.14.0 (fixed) for macOS"' in html
    finally:
        release_changed.disconnect(receiver)


def test_home_page_box(client, release, release_file):
    from django.template import engines

    template = engines["django"].from_string('{% include "downloads/includes/home_box.html" %}')
    html = template.render({})
    assert "Download Python 3.14.0" in html and "Python-3.14.0.tar.xz" in html
    ReleaseFileFactory(release=release, os_id=1, download_button=True)
    assert "Windows" in template.render({})  # invalidated by the file's post_save


class FakeCommand:
    def __init__(self):
        self.counts = {}

    def progress(self, items, label):
        return list(items)

    def tally(self, kind, status):
        self.counts[(kind, status)] = self.counts.get((kind, status), 0) + 1

    def warn(self, message):
        raise AssertionError(message)


def test_demo_content_is_pythons_release_history_and_idempotent(home_page, client, monkeypatch):
    from sections.boxes import demo as boxes_demo
    from sections.downloads import demo
    from sections.pages.factories import SectionPageFactory

    releases = demo.parse_releases((queries.FIXTURES / "python-releases.toml").read_text())
    assert len(releases) == 627 and releases[0][:2] == ("Python 1.6.0a1", "1.6.0a1")
    # The newest 80 releases (all the active series) keep the test short.
    monkeypatch.setattr(demo, "parse_releases", lambda text: releases[-80:])

    SectionPageFactory(parent=home_page, slug="downloads", title="Downloads")  # an old plain section page
    first = FakeCommand()
    boxes_demo.load_demo(first)
    demo.load_demo(first)
    assert first.counts[("releases", "created")] == 80
    assert isinstance(Page.objects.get(slug="downloads").specific, DownloadsIndexPage)
    assert ReleasePage.objects.get(slug="python-3140").release_date.date().isoformat() == "2025-10-07"
    assert ReleaseFile.objects.filter(name="Windows installer (64-bit)").exists()
    for model in (ReleasePage, ReleaseIndexPage, DownloadsIndexPage, DocumentationPage):
        assert not model.objects.filter(live_revision__isnull=True).exists(), model  # history starts with a revision
    assert client.get("/downloads/latest/python3/").status_code == 302
    second = FakeCommand()
    demo.load_demo(second)
    assert not [key for key in second.counts if key[1] == "created"]


def test_editor_edit_form_and_history(admin_client, release, release_file):
    response = admin_client.get(f"/admin/pages/{release.pk}/edit/")
    assert response.status_code == 200
    assert "Signatures and SBOM" in response.content.decode()
    assert admin_client.get(f"/admin/pages/{release.pk}/history/").status_code == 200

"""Page types: where each can be created, creating them through the editor with
StreamField data, every block rendering, and bad editor input giving form errors."""

import json

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from sections.boxes.factories import BoxFactory
from sections.boxes.models import Box
from sections.pages.factories import SectionPageFactory, StandardPageFactory
from sections.pages.pages import SectionPage, StandardPage

# By name, as the page types' own parent_page_types do: sections never import home (the layers
# of docs/architecture.md).
HomePage = apps.get_model("home", "HomePage")


class PageTreeRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(depth=2)
        cls.section = SectionPageFactory(parent=cls.home, title="About", slug="about")
        cls.box = BoxFactory(label="psf-news", content="<p>PSF <b>news</b></p>")

    def setUp(self):
        self.login()

    def test_home_page_only_at_the_root_and_only_once(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(SectionPage, HomePage)
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))  # max_count=1 is reached

    def test_section_pages_only_under_home(self):
        self.assertAllowedParentPageTypes(SectionPage, {HomePage})
        self.assertCanCreateAt(HomePage, SectionPage)
        self.assertCanNotCreateAt(SectionPage, SectionPage)
        self.assertCanNotCreateAt(StandardPage, SectionPage)

    def test_standard_pages_nest_under_home_sections_and_themselves(self):
        documentation = apps.get_model("downloads", "DocumentationPage")  # /doc/'s pages (/doc/essays/)
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, SectionPage, StandardPage, documentation})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        # /psf/ holds the PSF records' index pages (sections/psf).
        psf = {apps.get_model("psf", name) for name in ("RecordsPage", "WorkGroupIndexPage", "FellowsRosterPage")}
        self.assertAllowedSubpageTypes(SectionPage, {StandardPage, *psf})

    def test_create_standard_page_with_streamfield_through_the_editor(self):
        data = nested_form_data(
            {
                "title": "Getting Started",
                "slug": "gettingstarted",
                "intro": "New to Python? Start here.",
                "body": streamfield(
                    [
                        ("heading", {"text": "Installing", "level": "h2"}),
                        ("rich_text", rich_text("<p>Python runs <b>everywhere</b>.</p>")),
                        ("markdown", "Read **the tutorial**."),
                        ("rst", "Use *pip* to install packages."),
                        ("code", {"language": "python", "code": "print('hi')", "caption": ""}),
                        ("callout", {"kind": "tip", "title": "Tip", "body": rich_text("<p>Use a venv.</p>")}),
                        ("box", {"box": self.box.pk}),
                    ]
                ),
            }
        )
        self.assertCanCreate(self.section, StandardPage, data)
        page = StandardPage.objects.get(slug="gettingstarted")
        self.assertEqual([block.block_type for block in page.body], [
            "heading", "rich_text", "markdown", "rst", "code", "callout", "box"
        ])  # fmt: skip
        response = self.client.get("/about/gettingstarted/")
        self.assertContains(response, '<h2 class="block-heading">Installing</h2>', html=True)
        self.assertContains(response, "<strong>the tutorial</strong>", html=True)
        self.assertContains(response, "<em>pip</em>", html=True)
        self.assertContains(response, "PSF <b>news</b>", html=True)

    def test_broken_streamfield_value_gives_a_form_error_not_a_500(self):
        add_url = reverse("wagtailadmin_pages:add", args=["pages", "standardpage", self.section.pk])
        data = nested_form_data(
            {
                "title": "Broken",
                "slug": "broken",
                "body": streamfield(
                    [
                        ("heading", {"text": "", "level": "h9"}),
                        ("code", {"language": "no-such-language", "code": "", "caption": ""}),
                        ("box", {"box": "999999"}),
                    ]
                ),
                "action-publish": "action-publish",
            }
        )
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertIn("body", response.context["form"].errors)
        self.assertFalse(StandardPage.objects.filter(slug="broken").exists())

    def test_garbage_streamfield_post_is_not_a_500(self):
        add_url = reverse("wagtailadmin_pages:add", args=["pages", "standardpage", self.section.pk])
        response = self.client.post(
            add_url, {"title": "Garbage", "slug": "garbage", "body-count": "abc", "body-0-type": "nope"}
        )
        self.assertLess(response.status_code, 500)
        self.assertFalse(StandardPage.objects.filter(slug="garbage").exists())

    def test_editing_and_publishing_shows_the_change_on_the_site(self):
        page = StandardPageFactory(parent=self.section, title="Help", slug="help")
        page.save_revision().publish()
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = nested_form_data(
            {
                "title": "Help and support",
                "slug": "help",
                "intro": "Where to ask.",
                "body": streamfield([("markdown", "Ask on **discuss.python.org**.")]),
                "action-publish": "action-publish",
            }
        )
        response = self.client.post(edit_url, data, follow=True)
        self.assertEqual(response.status_code, 200)
        public = self.client.get("/about/help/")
        self.assertContains(public, "Help and support")
        self.assertContains(public, "<strong>discuss.python.org</strong>", html=True)
        self.assertEqual(page.revisions.count(), 2)


@pytest.fixture
def every_block_page(home_page):
    box = BoxFactory(label="download-sources", markup_type="markdown", content="Get the **source**.")
    image = Image.objects.create(title="Logo", file=get_test_image_file(filename="logo.png"))
    video_url = "https://www.youtube.com/watch?v=abc123"
    Embed.objects.create(  # in the embed cache already, so no request leaves the machine
        hash=get_embed_hash(video_url, 800, None),
        url=video_url,
        max_width=800,
        type="video",
        html='<iframe title="A talk" src="https://www.youtube.com/embed/abc123"></iframe>',
        title="A talk",
        thumbnail_url="",
        width=800,
        height=450,
    )
    table = {"data": [["Version", "Status"], ["3.14", "bugfix"]], "first_row_is_table_header": True}
    body = [
        ("heading", {"text": "All blocks", "level": "h3"}),
        ("rich_text", '<p>Rich <a href="https://docs.python.org/">docs</a></p>'),
        ("markdown", "Some *markdown*"),
        ("rst", "Some **reST**"),
        ("code", {"language": "python", "code": "import this", "caption": "The Zen"}),
        (
            "image",
            {"image": {"image": image.pk, "alt_text": "The Python logo", "decorative": False}, "caption": "Logo"},
        ),
        ("table", {"caption": "Versions", "table": table}),
        ("callout", {"kind": "warning", "title": "Careful", "body": "<p>End of life soon.</p>"}),
        ("box", {"box": box.pk}),
        ("embed", "https://www.youtube.com/watch?v=abc123"),
    ]
    page = StandardPageFactory(parent=home_page, title="Blocks", slug="blocks")
    page.body = json.dumps([{"type": name, "value": value} for name, value in body])
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_every_block_renders(client, every_block_page):
    html = client.get("/blocks/").content.decode()
    assert '<h3 class="block-heading">All blocks</h3>' in html
    assert '<a href="https://docs.python.org/">docs</a>' in html
    assert "<em>markdown</em>" in html
    assert "<strong>reST</strong>" in html
    assert '<span class="kn">import</span>' in html and "<figcaption>The Zen</figcaption>" in html
    assert 'alt="The Python logo"' in html and "<figcaption>Logo</figcaption>" in html
    assert "<th" in html and "3.14" in html and "<figcaption>Versions</figcaption>" in html
    assert 'class="callout callout-warning"' in html and "End of life soon." in html
    assert "Get the <strong>source</strong>." in html
    assert 'src="https://www.youtube.com/embed/abc123"' in html


@pytest.mark.django_db
def test_box_block_with_a_deleted_box_renders_nothing(client, every_block_page):
    Box.objects.filter(label="download-sources").delete()
    response = client.get("/blocks/")
    assert response.status_code == 200
    assert "Get the" not in response.content.decode()


@pytest.mark.django_db
def test_unknown_url_gives_a_styled_404(client, home_page):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="skip-link"' in html  # the site layout, not Django's bare page

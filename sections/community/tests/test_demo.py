"""The community demo: it turns the generic section page at /community/ (made by the pages
demo from python.org's boxes and legacy text) into the CommunityPage, keeping its text and its
place in the menu, adds the demo posts, and changes nothing the second time."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page

from sections.community import demo
from sections.community.models import Post
from sections.community.pages import CommunityPage
from sections.pages.factories import SectionPageFactory
from sections.pages.pages import SectionPage

from .conftest import DemoCommand

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "markdown", "value": "Our community is based on mutual respect.\n\n[Diversity](/community/diversity/)"},
    {"type": "rst", "value": "The Python Community\n--------------------\n\nWelcome, everyone.\n"},
]


def test_demo_turns_the_generic_page_into_the_community_page(client, home_page, site):
    SectionPageFactory(parent=home_page, slug="about", title="About")
    SectionPageFactory(parent=home_page, slug="community", title="Community", intro="Vast and diverse.", body=BODY)
    SectionPageFactory(parent=home_page, slug="psf", title="PSF")

    demo.load_demo(DemoCommand())

    page = CommunityPage.objects.get()
    assert page.url == "/community/" and page.live and page.intro == "Vast and diverse."
    assert [block.block_type for block in page.body] == ["markdown", "rst"]
    assert not SectionPage.objects.filter(slug="community").exists()
    assert [p.slug for p in home_page.get_children()] == ["about", "community", "psf"]  # the menu order stays

    html = client.get("/community/").content.decode()
    assert "Our community is based on mutual respect." in html and "Welcome, everyone." in html
    assert html.index("Welcome, everyone.") < html.index("Python Weekly")  # the posts below the text
    assert Post.objects.filter(live=True).count() == len(demo.POSTS)
    assert {post.kind for post in Post.objects.all()} >= {"text", "link", "video"}
    for post in Post.objects.all():
        assert "Demo post made from python.org" in post.content  # says what it is
        assert client.get(f"/community/{post.pk}/").status_code == 200
    assert Post.objects.first().title == demo.POSTS[0]["title"]  # newest first, in POSTS order


def test_demo_is_idempotent_and_works_without_a_generic_page(client, home_page, site):
    first = DemoCommand()
    demo.load_demo(first)
    page = CommunityPage.objects.get()
    assert "The Python Community" in client.get("/community/").content.decode()  # python.org's legacy text
    assert first.counts["community posts"]["created"] == len(demo.POSTS)
    second = DemoCommand()
    demo.load_demo(second)
    assert all(set(counts) == {"present"} for counts in second.counts.values()), second.counts
    assert CommunityPage.objects.get().pk == page.pk and Post.objects.count() == len(demo.POSTS)


def test_an_editors_page_at_the_slug_is_left_alone(home_page, site):
    editors = SectionPageFactory(parent=home_page, slug="community", title="Community")
    SectionPageFactory(parent=editors, slug="lists", title="Mailing lists")
    command = DemoCommand()
    demo.load_demo(command)
    assert command.warnings and not CommunityPage.objects.exists()
    assert Page.objects.get(pk=editors.pk).specific_class is SectionPage


def test_a_draft_post_previews_in_the_admin(home_page, site, make_post, users):
    post = make_post(title="Not live yet", live=False)
    request = RequestFactory().get("/")
    request.user = users["editor"]
    response = post.make_preview_request(request, post.default_preview_mode)
    html = response.render().content.decode() if hasattr(response, "render") else response.content.decode()
    assert "<h1>Not live yet</h1>" in html and "Preview of a draft" in html

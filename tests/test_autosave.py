"""Autosave is off (docs/page-tree.md, "Saving"): Wagtail 8's autosave saved a draft page the
editor never saved, and saving their own page under the same title then failed with "slug
already in use". The editors' forms carry no autosave, and a page abandoned unsaved leaves
nothing behind, so its title can be used."""

import pytest
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Page

from pydotorg.core.models import Banner
from sections.pages.pages import StandardPage

pytestmark = pytest.mark.django_db


def draft(title):
    return {"title": title, "slug": slugify(title), "intro": "", "body-count": "0", "action-save": "1"}


def test_page_and_snippet_editors_have_no_autosave(client, users, home_page):
    client.force_login(users["superuser"])
    page = home_page.add_child(instance=StandardPage(title="Existing", slug="existing"))
    banner = Banner.objects.create(title="Banner", message="<p>x</p>")
    for url in [
        reverse("wagtailadmin_pages:add", args=["pages", "standardpage", home_page.pk]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse(Banner.snippet_viewset.get_url_name("add")),
        reverse(Banner.snippet_viewset.get_url_name("edit"), args=[banner.pk]),
    ]:
        html = client.get(url).content.decode()
        assert "w-unsaved" in html, url  # the editor's form itself
        assert "data-w-autosave-interval-value" not in html, url


def test_a_page_is_made_only_when_the_editor_saves_it(client, users, home_page):
    client.force_login(users["superuser"])
    add = reverse("wagtailadmin_pages:add", args=["pages", "standardpage", home_page.pk])
    before = Page.objects.count()
    client.get(add)  # opened, typed into, abandoned: nothing is saved
    assert Page.objects.count() == before

    response = client.post(add, draft("What's new"))
    assert response.status_code == 302
    page = StandardPage.objects.get(title="What's new")
    assert (page.slug, page.live) == ("whats-new", False)
    assert Page.objects.count() == before + 1

    # A second page under that title is refused with the reason shown, not a silent 400.
    response = client.post(add, draft("What's new"))
    assert response.status_code == 200
    assert "already in use" in response.content.decode()

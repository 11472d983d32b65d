"""Links editors put in the navigation: a site path or an http, https or mailto URL, checked
on save (Settings → Navigation accepted `javascript:alert(1)` and rendered it on every page)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.blocks import StructBlockValidationError

from pydotorg.core import demo
from pydotorg.core.blocks import LinkBlock, MenuBlock
from pydotorg.core.factories import BannerFactory
from pydotorg.core.models import Banner
from pydotorg.core.validators import validate_site_link

ALLOWED = [
    "/",
    "/downloads/",
    "/about/apps/#web",
    "https://docs.python.org",
    "http://example.org/x?y=1",
    "mailto:psf@python.org",
    "mailto:jobs@python.org?subject=Hello",
]
REFUSED = [
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "//evil.example/",
    "/\\evil.example",
    "about",
    "ftp://ftp.python.org/",
    "https://",
    "mailto:not-an-address",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("value", ALLOWED)
def test_site_paths_and_web_and_mail_urls_are_allowed(value):
    validate_site_link(value)


@pytest.mark.parametrize("value", REFUSED)
def test_other_links_are_refused_with_a_message(value):
    with pytest.raises(ValidationError, match="A path on this site"):
        validate_site_link(value)


def test_the_navigation_refuses_a_script_link_at_every_level():
    link = {"title": "Click", "url": "javascript:alert(1)", "hint": ""}
    with pytest.raises(StructBlockValidationError):
        LinkBlock().clean(link)
    menu = MenuBlock()
    value = menu.to_python(
        [
            {
                "type": "item",
                "value": {
                    "title": "Top",
                    "url": "/",
                    "hint": "",
                    "children": [
                        {"title": "Section", "url": "/about/", "hint": "", "footer_only": False, "children": [link]}
                    ],
                },
            }
        ]
    )
    with pytest.raises(ValidationError):
        menu.clean(value)


def test_every_link_of_the_demo_navigation_is_allowed():
    def links(items):
        for item in items:
            yield item["url"]
            yield from links(item.get("children", []))

    menu = demo.menu_from_sitetree(demo.read_json("sitetree_menus.json"))
    urls = list(links([item["value"] for item in menu]))
    assert len(urls) > 50
    for url in urls:
        validate_site_link(url)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/downloads/", "https://www.python.org/psf/donations/", ""])
def test_the_banner_link_takes_a_site_path_or_a_url(url):
    """The banner's link was a URLField, which refused the site path "/downloads/"."""
    BannerFactory.build(title="Release", message="<p>Out now</p>", link_url=url).full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example/", "downloads"])
def test_the_banner_link_refuses_other_links(url):
    with pytest.raises(ValidationError) as error:
        BannerFactory.build(title="Release", message="<p>Out now</p>", link_url=url).full_clean()
    assert "link_url" in error.value.message_dict


@pytest.mark.django_db
def test_an_editor_saves_a_banner_linking_a_site_path_in_the_admin(client, users):
    client.force_login(users["superuser"])
    response = client.post(
        reverse(Banner.snippet_viewset.get_url_name("add")),
        {
            "title": "Release",
            "message": '{"blocks": [], "entityMap": {}}',
            "link_url": "/downloads/",
            "link_text": "Get it",
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert Banner.objects.get(title="Release").link_url == "/downloads/"

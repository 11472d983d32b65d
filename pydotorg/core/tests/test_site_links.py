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


@pytest.fixture
def downloads_page(home_page):
    """A live page at /downloads/, the path the banner links."""
    from sections.pages.factories import SectionPageFactory

    return SectionPageFactory(parent=home_page, title="Downloads", slug="downloads")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/downloads/", "https://www.python.org/psf/donations/", ""])
def test_the_banner_link_takes_a_site_path_or_a_url(url, downloads_page):
    """The banner's link was a URLField, which refused the site path "/downloads/"."""
    BannerFactory.build(title="Release", message="<p>Out now</p>", link_url=url).full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example/", "downloads"])
def test_the_banner_link_refuses_other_links(url):
    with pytest.raises(ValidationError) as error:
        BannerFactory.build(title="Release", message="<p>Out now</p>", link_url=url).full_clean()
    assert "link_url" in error.value.message_dict


@pytest.mark.django_db
def test_an_editor_saves_a_banner_linking_a_site_path_in_the_admin(client, users, downloads_page):
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


def nav_link(url):
    return {"title": "Somewhere", "url": url, "hint": ""}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/downloads/", "/downloads", "/downloads/#files", "/accounts/login/", "/events/calendars/"]
)
def test_a_site_path_that_answers_is_accepted(url, downloads_page, home_page):
    """A live page (with or without its slash or a fragment), a view of the site's own, and
    a route of a routable page."""
    from sections.events.factories import EventsIndexPageFactory

    EventsIndexPageFactory(parent=home_page, title="Events", slug="events")
    LinkBlock().clean(nav_link(url))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/no-such-page/", "/downloads/no-such-release/", "/psf/grants/"])
def test_a_site_path_that_leads_nowhere_is_refused_with_a_message(url, downloads_page):
    with pytest.raises(StructBlockValidationError) as error:
        LinkBlock().clean(nav_link(url))
    assert "No page of this site answers" in str(error.value.block_errors["url"])


@pytest.mark.django_db
def test_a_draft_page_is_not_a_link_target_yet(downloads_page):
    downloads_page.unpublish()
    with pytest.raises(StructBlockValidationError):
        LinkBlock().clean(nav_link("/downloads/"))


@pytest.mark.django_db
def test_the_banner_refuses_a_site_path_that_leads_nowhere(downloads_page):
    with pytest.raises(ValidationError) as error:
        BannerFactory.build(title="Release", message="<p>Out now</p>", link_url="/no-such-page/").full_clean()
    assert "No page of this site answers /no-such-page/" in str(error.value.message_dict["link_url"])


@pytest.mark.django_db
def test_settings_navigation_refuses_a_dead_path_in_the_admin(client, users, downloads_page, site):
    """Settings → Navigation in the admin: a path with no page is an error on the form, not
    a saved link."""
    from pydotorg.core.models import NavigationSettings

    client.force_login(users["superuser"])
    url = reverse("wagtailsettings:edit", args=["core", "navigationsettings", site.pk])
    form = client.get(url).context["form"]
    data = {key: value for key, value in form.initial.items() if not isinstance(value, (list, dict))}
    data.update(
        {
            "menu-count": "1",
            "menu-0-type": "item",
            "menu-0-deleted": "",
            "menu-0-order": "0",
            "menu-0-value-title": "Nowhere",
            "menu-0-value-url": "/no-such-page/",
            "menu-0-value-hint": "",
            "menu-0-value-children-count": "0",
            "footer_note": '{"blocks": [], "entityMap": {}}',
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "No page of this site answers /no-such-page/" in response.content.decode()
    assert "/no-such-page/" not in str(NavigationSettings.for_site(site).menu.raw_data)

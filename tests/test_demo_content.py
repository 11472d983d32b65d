"""`manage.py load_demo_content` on a database it has filled: the page tree, the navigation,
the boxes, the code samples, idempotency and the development superuser. The demo content is
loaded once for the module (`demo_db`) and every test runs in a transaction of its own; tests that need an empty database are in test_demo_loader.py."""

import json
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page, PageLogEntry, Revision, Site

from home.pages import HOME_BOXES, HomePage
from pydotorg.core import demo
from pydotorg.core.models import NavigationSettings
from sections.boxes.models import Box
from sections.codesamples.models import CodeSample
from sections.pages.pages import SectionPage, StandardPage

# The module's own loads (idempotency): the newest releases are enough and keep them quick.
# Development: the admin is made.
DEMO_SETTINGS = {"APP_ENV": "dev", "DEBUG": False, "DEMO_RELEASES_LIMIT": 12}

SECTION_PATHS = {
    "/about/": "About",
    "/downloads/": "Downloads",
    "/doc/": "Documentation",
    "/community/": "Community",
    "/success-stories/": "Success Stories",
    "/blogs/": "News",
    "/events/": "Events",
    "/jobs/": "Jobs",
    "/psf/": "PSF",
}
ABOUT_PATHS = ["/about/gettingstarted/", "/about/apps/", "/about/quotes/", "/about/help/"]
CODE_SAMPLE_TITLES = [
    "Quick & Easy to Learn",
    "Intuitive Interpretation",
    "Compound Data Types",
    "All the Flow You\u2019d Expect",
    "Functions Defined",
]


def load(**options):
    out = StringIO()
    call_command("load_demo_content", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def link(html, href, text):
    """Whether `html` has a link to `href` whose text is `text`."""
    return re.search(rf'<a\b[^>]*href="{re.escape(href)}"[^>]*>\s*{re.escape(text)}\s*</a>', html) is not None


@pytest.fixture(scope="module")
def demo_module(demo_db):
    """The demo as the root conftest loads it (once per test process); the module's own loads
    run with DEMO_SETTINGS."""
    with override_settings(**DEMO_SETTINGS):
        yield demo_db


@pytest.fixture
def demo_content(demo_module, db):
    """The load's output; the test's changes are rolled back with its savepoint."""
    return demo_module


def snapshot():
    """Everything the command may touch, as plain data."""
    return {
        "pages": list(
            Page.objects.order_by("path").values(
                "id", "path", "title", "slug", "live", "latest_revision_id", "live_revision_id", "last_published_at"
            )
        ),
        "revisions": list(Revision.objects.order_by("pk").values_list("pk", "object_id", "content_type_id")),
        "page_log": PageLogEntry.objects.count(),
        "boxes": list(Box.objects.order_by("pk").values()),
        "code_samples": list(CodeSample.objects.order_by("pk").values()),
        "navigation": [
            json.dumps(list(navigation.menu.raw_data), sort_keys=True)
            for navigation in NavigationSettings.objects.all()
        ],
        "sites": list(Site.objects.order_by("pk").values()),
        "users": list(get_user_model().objects.order_by("pk").values("pk", "username", "password")),
    }


# --- The page tree ------------------------------------------------------------------------


def test_sections_and_about_pages_answer_at_python_org_paths(client, demo_content):
    for path in [*SECTION_PATHS, *ABOUT_PATHS]:
        assert client.get(path).status_code == 200, path

    home = HomePage.objects.get(depth=2)
    assert home.title == "Welcome to Python.org"
    sections = home.get_children().specific()
    assert [page.url for page in sections] == list(SECTION_PATHS)  # python.org's menu order
    assert all(page.show_in_menus and page.live for page in sections)
    generic = [page.title for page in sections if isinstance(page, SectionPage)]
    assert {"About", "PSF"} <= set(generic)  # /community/, /blogs/, /success-stories/: their apps
    about = SectionPage.objects.get(slug="about")
    children = about.get_children().specific()
    assert [page.title for page in children] == ["Getting Started", "Applications", "Quotes", "Help"]
    assert all(isinstance(page, StandardPage) for page in children)


def test_every_page_is_published_with_a_revision(demo_content):
    pages = Page.objects.filter(depth__gte=2).specific()
    urls = {page.url for page in pages}
    assert {"/", *SECTION_PATHS, *ABOUT_PATHS} <= urls  # and the section apps' own pages
    for page in pages:
        assert page.live and page.live_revision_id and page.latest_revision_id, page.title
        assert page.live_revision_id == page.latest_revision_id, page.title
        if page.url in {"/", *SECTION_PATHS, *ABOUT_PATHS}:  # the release history is bulk-loaded
            assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists(), page.title


def test_section_bodies_reuse_the_boxes_and_the_legacy_text(client, demo_content):
    about = client.get("/about/").content.decode()
    assert 'data-box="aboutpython-getstarted"' in about
    assert "Python is a remarkably powerful dynamic programming language" in about
    assert "Title: About" not in about and "Nav:" not in about
    community = client.get("/community/").content.decode()
    assert 'data-box="community-widget1"' in community
    assert "Diversity Statement" in community and "Nav:" not in community
    assert 'data-box="documentation-beginners"' in client.get("/doc/").content.decode()
    assert 'data-box="psf-widget1"' in client.get("/psf/").content.decode()
    assert 'data-box="download-sources"' in client.get("/downloads/").content.decode()
    # The Applications page has the anchors python.org's box links to.
    assert 'id="web-and-internet-development"' in client.get("/about/apps/").content.decode()


def test_read_text_strips_ht_headers():
    text = demo.read_text("pages/about/content.ht")
    assert text.startswith("About Python\n============\n")
    assert demo.read_text("pages/community/content.ht").startswith("The Python Community\n")


# --- Navigation -----------------------------------------------------------------------------


def test_home_page_shows_the_real_navigation_and_the_home_boxes(client, demo_content):
    html = client.get("/").content.decode()
    assert link(html, "/success-stories/", "Success Stories")
    assert link(html, "/about/apps/", "Applications")
    assert link(html, "/psf/", "PSF")
    assert link(html, "/downloads/", "Downloads")
    assert "Python is a programming language that lets you work quickly" in html  # homepage-introduction
    assert "Python source code and installers are available for download for all versions!" in html
    assert all(Box.objects.filter(label=label).exists() for label in HOME_BOXES)


def test_navigation_is_python_orgs_tree(demo_content):
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    top_bar = navigation.top_bar
    assert [(item["title"], item["url"]) for item in top_bar] == [
        ("Python", "/"),
        ("PSF", "/psf/"),
        ("Docs", "https://docs.python.org"),
        ("PyPI", "https://pypi.org/"),
        ("Jobs", "/jobs/"),
        ("Community", "/community/"),
    ]
    assert top_bar[0]["hint"] == "The Python Programming Language"
    main = {section["title"]: section for section in navigation.main_menu}
    assert list(main) == [
        "About",
        "Downloads",
        "Documentation",
        "Community",
        "Success Stories",
        "News",
        "Events",
    ]
    footer = [section["title"] for section in navigation.footer_menu]
    assert footer == [*main, "Contributing"]  # footer-only on python.org
    assert main["News"]["url"] == "/blogs/"
    assert main["News"]["hint"] == "News from around the Python world"
    about_links = [(item["title"], item["url"]) for item in main["About"]["children"]]
    assert about_links[:4] == [
        ("Applications", "/about/apps/"),
        ("Quotes", "/about/quotes/"),
        ("Getting Started", "/about/gettingstarted/"),
        ("Help", "/about/help/"),
    ]
    assert "History / Mission" not in dict(about_links)  # not in the menu upstream
    event_links = [item["title"] for item in main["Events"]["children"]]
    assert "Categories" not in event_links and "Release Schedule" not in event_links  # hidden upstream

    psf = {section["title"]: section for section in top_bar[1]["children"]}
    legal = [item["title"] for item in psf["Legal"]["children"]]
    assert legal.index("PyCon Trademark Policy") == legal.index("Trademark policy") + 1  # fourth level, flattened
    assert "Donations" in psf and "Outreach & Education" not in [i["title"] for i in psf["Donations"]["children"]]
    jobs = {section["title"]: section["url"] for section in top_bar[4]["children"]}
    assert jobs == {
        "Types": "/jobs/types/",
        "Categories": "/jobs/categories/",
        "Locations": "/jobs/locations/",
        "Submit": "/jobs/create/",
    }


# --- Boxes and code samples --------------------------------------------------------------------


def test_all_boxes_are_loaded_and_served(client, demo_content):
    assert Box.objects.count() == 62  # python.org's 63, less its generated download drop-down
    assert not Box.objects.filter(content__contains="3.10.5").exists()
    assert Box.objects.get(label="feedbacks-complete").markup_type == "markdown"
    box = Box.objects.get(label="homepage-introduction")
    assert box.markup_type == "html" and box.latest_revision_id
    response = client.get("/box/homepage-introduction/")
    assert response.status_code == 200
    assert "Python is a programming language that lets you work quickly" in response.content.decode()
    assert client.get("/box/no-such-box/").status_code == 404


def test_five_code_samples_are_published_in_order(demo_content):
    samples = list(CodeSample.objects.order_by("sort_order"))
    assert [sample.title for sample in samples] == CODE_SAMPLE_TITLES
    assert all(sample.live and sample.live_revision_id for sample in samples)
    assert CodeSample.objects.filter(live=True).count() == 5


# --- The site ---------------------------------------------------------------------------------


def test_one_default_site_rooted_at_home(client, demo_content):
    site = Site.objects.get(is_default_site=True)
    assert Site.objects.count() == 1
    assert site.root_page.specific_class is HomePage
    assert site.site_name == "Python.org"
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    for host in ("127.0.0.1:8000", "localhost", "localhost:8000"):
        assert client.get("/about/", HTTP_HOST=host).status_code == 200, host


# --- Idempotency --------------------------------------------------------------------------------


def test_second_run_changes_nothing(demo_content):
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "Nothing changed" in output
    assert "boxes: 0 created, 62 already present" in output


def test_editors_changes_survive_a_second_run(demo_content):
    box = Box.objects.get(label="homepage-introduction")
    box.content = "<p>Edited by an editor.</p>"
    box.save()
    about = SectionPage.objects.get(slug="about")
    about.intro = "An editor's introduction."
    about.save_revision().publish()
    CodeSample.objects.filter(title="Functions Defined").update(sort_order=0)

    load()
    assert Box.objects.get(label="homepage-introduction").content == "<p>Edited by an editor.</p>"
    assert SectionPage.objects.get(slug="about").intro == "An editor's introduction."
    assert CodeSample.objects.get(title="Functions Defined").sort_order == 0


def test_missing_pieces_are_added_back(demo_content):
    Box.objects.filter(label="psf-banner").delete()
    Page.objects.get(slug="quotes").delete()
    output = load()
    assert Box.objects.filter(label="psf-banner").exists()
    assert StandardPage.objects.filter(slug="quotes", live=True).exists()
    assert "boxes: 1 created, 61 already present" in output


# --- The development superuser ---------------------------------------------------------------------


def test_dev_creates_the_admin_and_prints_how_to_log_in(demo_content):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.email == "admin@example.com"
    assert admin.check_password("admin")
    assert "Log in at http://testserver/admin/ as admin / admin" in demo_content


@pytest.mark.parametrize(
    ("app_env", "debug", "expected"),
    [
        ("dev", False, True),
        ("dev", True, True),
        ("staging", True, True),
        ("staging", False, False),
        ("prod", True, False),
        ("prod", False, False),
    ],
)
def test_development_rule(settings, app_env, debug, expected):
    settings.APP_ENV = app_env
    settings.DEBUG = debug
    assert demo.is_dev() is expected


def test_demo_pages_have_one_h1_and_no_image_without_alt_text(client, demo_content):
    """python.org's boxes and code samples carry their own h1s and some images without
    alt text: on our pages the title stays the only h1 and every image has an alt."""
    for path in ["/", *SECTION_PATHS, *ABOUT_PATHS]:
        html = client.get(path).content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, path
        assert not re.findall(r"<img(?![^>]*\salt=)[^>]*>", html), path


def test_the_demo_navigation_passes_the_admins_link_checks(demo_content):
    """An editor who opens Settings → Navigation on the demo and saves it unchanged is not
    stopped by a link the demo itself wrote (every site path leads to a page)."""
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    menu = navigation.menu.stream_block
    menu.clean(menu.to_python(list(navigation.menu.raw_data)))

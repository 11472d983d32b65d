"""The demo (as `make run` loads it) gives every PSF records URL real content: python.org's 481
Fellows, and demo minutes and work groups labelled as such; /psf/ stays the generic section
page with its boxes; the navigation's "Public records" link stays on our site; a second run
changes nothing."""

from collections import Counter
from io import StringIO

import feedparser
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page, Site

from pydotorg.core.models import NavigationSettings
from sections.pages.pages import SectionPage
from sections.psf.models import Fellow
from sections.psf.pages import MinutesPage, WorkGroupPage

DEMO_SETTINGS = {"APP_ENV": "dev", "DEBUG": False}


def test_every_psf_records_url_answers_with_content(demo_db, db, client):
    minutes = MinutesPage.objects.live().order_by("-date")
    group = WorkGroupPage.objects.live().first()
    assert minutes.count() >= 5 and group is not None
    pages = {
        "/psf/records/": "Board of Directors",
        "/psf/records/board/": "Board minutes",
        "/psf/records/board/minutes/": minutes[0].title,
        minutes[0].url: "Demo record",
        "/psf/workgroups/": group.title,
        group.url: "Demo record",
        "/psf/fellows-roster/": "Guido van Rossum",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), (url, text)
    assert minutes[0].url == f"/psf/records/board/minutes/{minutes[0].date.isoformat()}/"
    feed = feedparser.parse(client.get("/psf/records/board/minutes/feed/").content)
    assert feed.bozo == 0 and len(feed.entries) == minutes.count()


def test_the_roster_is_python_orgs_481_fellows(demo_db, db, client):
    assert Fellow.objects.count() == 481
    assert Counter(Fellow.objects.values_list("status", flat=True)) == {"active": 446, "emeritus": 29, "deceased": 6}
    assert Fellow.objects.get(name="Paul Boddie").emeritus_year == 2015
    html = client.get("/psf/fellows-roster/?status=deceased").content.decode()
    assert "6 Fellows match" in html


def test_psf_stays_the_section_page_with_its_boxes_and_lists_the_records(demo_db, db, client):
    psf = Page.objects.get(url_path="/home/psf/").specific
    assert isinstance(psf, SectionPage) and psf.intro and len(psf.body) >= 5
    html = client.get("/psf/").content.decode()
    for path in ("/psf/records/", "/psf/workgroups/", "/psf/fellows-roster/"):
        assert f'href="{path}"' in html, path


def test_the_navigation_links_our_public_records(demo_db, db):
    menu = NavigationSettings.for_site(Site.objects.get(is_default_site=True)).menu.raw_data

    def urls(links):
        for link in links:
            yield link["title"], link["url"]
            yield from urls(link.get("children", []))

    found = dict(urls([item["value"] for item in menu]))
    assert found["Public records"] == "/psf/records/"


def test_a_second_run_changes_nothing(demo_db, db):
    out = StringIO()
    with override_settings(**DEMO_SETTINGS):
        call_command("load_demo_content", stdout=out, stderr=StringIO())
    assert "Nothing changed" in out.getvalue(), out.getvalue()

"""The public sponsors pages (/sponsors/, /psf/sponsors/) and the logo placements on
python.org (`{% sponsor_logos %}` in the downloads page, the job board and the footer)."""

import datetime
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sections.downloads.factories import DownloadsIndexPageFactory
from sections.jobs.factories import JobBoardPageFactory
from sections.sponsors.factories import (
    LogoPlacementFactory,
    PackageFactory,
    SponsorBenefitFactory,
    SponsorFactory,
    SponsorshipFactory,
)
from sections.sponsors.models import Sponsorship

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def packages(db):
    return {
        "visionary": PackageFactory(name="Visionary", slug="visionary", order=0, logo_dimension=350),
        "gold": PackageFactory(name="Gold", slug="gold", order=2, logo_dimension=200),
        "silver": PackageFactory(name="Silver", slug="silver", order=5, logo_dimension=150),
    }


def placed(sponsor, package=None, flights=("sponsors",), publisher="psf", finalized=True, **fields):
    """A sponsorship of `sponsor` holding a logo placement in each of `flights`."""
    sponsorship = SponsorshipFactory(sponsor=sponsor, package=package, finalized=finalized, **fields)
    benefit = SponsorBenefitFactory(sponsorship=sponsorship)
    for flight in flights:
        options = flight if isinstance(flight, dict) else {"flight": flight}
        LogoPlacementFactory(sponsor_benefit=benefit, publisher=publisher, **options)
    return sponsorship


def logos(html):
    """[(alt, href)] of the logos in `html`, in order."""
    return re.findall(r'<a href="([^"]*)"[^>]*><img src="[^"]*" alt="([^"]*)"', html)


def render(flight):
    return Template('{% load sponsors_tags %}{% sponsor_logos "' + flight + '" %}').render(Context({}))


# --- /sponsors/ and /psf/sponsors/ ---------------------------------------------------------------


def test_sponsors_page_groups_current_sponsors_by_package(client, packages):
    p = packages
    placed(SponsorFactory(name="Zeta"), p["silver"])
    placed(SponsorFactory(name="Alpha"), p["silver"])
    placed(SponsorFactory(name="Big", landing_page_url="https://big.example.com/"), p["visionary"])
    both = SponsorFactory(name="Twice")
    placed(both, p["silver"])
    placed(both, p["gold"])  # two current sponsorships: shown once, at its highest level
    placed(SponsorFactory(name="Ended"), p["gold"], end_date=TODAY - DAY)
    placed(SponsorFactory(name="Future"), p["gold"], start_date=TODAY + DAY)
    placed(SponsorFactory(name="Applied"), p["gold"], finalized=False)
    placed(SponsorFactory(name="Footer only"), p["gold"], flights=["footer"])
    placed(SponsorFactory(name="On PyPI"), p["gold"], publisher="pypi")
    for url in ("/sponsors/", "/psf/sponsors/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode().split("</main>")[0]  # not the footer's placements
        headings = re.findall(r'<h2 id="level-\d+">([^<]*)</h2>', html)
        assert headings == ["Visionary", "Gold", "Silver"]
        assert [alt for _, alt in logos(html)] == ["Big", "Twice", "Alpha", "Zeta"]
        assert '<a href="https://big.example.com/" rel="sponsored noopener"><img' in html
        assert re.search(r'alt="Big" width="350"', html) and re.search(r'alt="Twice" width="200"', html)
        assert 'href="/sponsors/application/"' in html  # apply
        assert '<link rel="canonical" href="http://testserver/psf/sponsors/">' in html
        for hidden in ("Ended", "Future", "Applied", "Footer only", "On PyPI"):
            assert f'alt="{hidden}"' not in html
    assert 'alt="Footer only"' in response.content.decode()  # in the footer


def test_sponsors_page_without_sponsors(client, db):
    html = client.get("/sponsors/").content.decode()
    assert "No sponsors are listed at the moment." in html and "Become a sponsor" in html


def test_sponsors_page_queries_do_not_grow(client, packages, count_queries):
    placed(SponsorFactory(), packages["gold"], flights=["sponsors", "footer"])
    client.get("/sponsors/")  # warm the site's caches (and the footer's placements)
    few = count_queries("/sponsors/")
    for i in range(9):
        placed(SponsorFactory(), packages["gold" if i % 2 else "silver"], flights=["sponsors", "footer"])
    client.get("/sponsors/")
    many = count_queries("/sponsors/")
    assert few == many
    assert len(logos(client.get("/sponsors/").content.decode())) == 10 + 10  # the page's and the footer's


# --- Placements -----------------------------------------------------------------------------


def test_placements_on_the_downloads_page_the_job_board_and_the_footer(client, home_page, site, packages):
    DownloadsIndexPageFactory(parent=home_page)
    JobBoardPageFactory(parent=home_page)
    placed(
        SponsorFactory(name="Downloader", landing_page_url="https://dl.example.com/"), packages["gold"], ["download"]
    )
    placed(SponsorFactory(name="Recruiter"), packages["gold"], [{"flight": "jobs", "link_to_sponsors_page": True}])
    placed(SponsorFactory(name="Everywhere"), packages["silver"], [{"flight": "footer", "describe_as_sponsor": True}])
    downloads = client.get("/downloads/").content.decode()
    assert ("https://dl.example.com/", "Downloader") in logos(downloads)
    assert 'rel="sponsored noopener"' in downloads
    jobs = client.get("/jobs/").content.decode()
    assert ("/psf/sponsors/", "Recruiter") in logos(jobs)  # links to the sponsors page instead
    for html in (downloads, jobs, client.get("/").content.decode()):
        assert any(alt == "Everywhere is a sponsor of the PSF" for _, alt in logos(html))
        assert 'title="Everywhere is a sponsor of the PSF"' in html
    assert "Downloader" not in jobs and "Recruiter" not in downloads


@pytest.mark.parametrize(
    "dates, shown",
    [
        ({}, True),
        ({"start_date": TODAY, "end_date": TODAY}, True),
        ({"end_date": TODAY - DAY}, False),
        ({"start_date": TODAY + DAY}, False),
    ],
)
def test_placements_follow_the_dates(packages, dates, shown):
    placed(SponsorFactory(name="Dated"), packages["gold"], ["footer"], **dates)
    assert ('alt="Dated"' in render("footer")) is shown


def test_a_cached_footer_costs_no_query(packages):
    placed(SponsorFactory(name="Cached"), packages["gold"], ["footer"])
    assert 'alt="Cached"' in render("footer")
    with CaptureQueriesContext(connection) as queries:
        html = render("footer")
    assert len(queries) == 0 and 'alt="Cached"' in html


def test_an_empty_placement_renders_nothing(db):
    assert render("footer").strip() == ""


def test_the_cache_is_dropped_when_a_sponsorship_is_finalized(packages):
    sponsorship = placed(SponsorFactory(name="Newcomer"), packages["gold"], ["footer"], finalized=False)
    assert render("footer").strip() == ""  # cached: nothing to show
    sponsorship.status = Sponsorship.Status.FINALIZED
    sponsorship.start_date, sponsorship.end_date = TODAY, TODAY + 365 * DAY
    sponsorship.save()
    assert 'alt="Newcomer"' in render("footer")


def test_the_cache_is_dropped_when_a_sponsor_or_a_placement_changes(packages):
    sponsorship = placed(SponsorFactory(name="Before"), packages["gold"], ["footer"])
    assert 'alt="Before"' in render("footer")
    sponsor = sponsorship.sponsor
    sponsor.name = "After"
    sponsor.save()
    assert 'alt="After"' in render("footer")
    assert render("download").strip() == ""
    LogoPlacementFactory(sponsor_benefit=sponsorship.benefits.get(), flight="download")
    assert 'alt="After"' in render("download")
    sponsorship.benefits.get().logo_placements.filter(flight="footer").get().delete()
    assert render("footer").strip() == ""

"""The home page's download widgets and the downloads pages agree on the latest release, on
the demo content: python.org's boxes named 3.10.5 (July 2022) next to a home box that said
3.14.7. One definition of "latest" (the newest published final release of the newest
series) feeds every box, button and redirect."""

import re
import tomllib

import pytest

pytestmark = pytest.mark.django_db


class DemoCommand:
    """What load_demo_content offers a demo module."""

    def progress(self, items, label):
        return list(items)

    def tally(self, kind, status):
        pass

    def warn(self, message):
        raise AssertionError(message)


def expected_latest(limit):
    """From the data file itself, without the site's code: the newest final Python 3 release
    (by version number) among the `limit` newest actual releases the demo loads."""
    from sections.downloads.queries import FIXTURES

    data = tomllib.loads((FIXTURES / "python-releases.toml").read_text())
    actual = sorted(
        (entry["date"], entry["stage"])
        for entries in data["release"].values()
        for entry in entries
        if entry["state"] == "actual"
    )[-limit:]
    finals = [stage for _, stage in actual if re.fullmatch(r"3\.\d+\.\d+( final)?", stage)]
    newest = max(finals, key=lambda stage: tuple(int(n) for n in stage.split()[0].split(".")))
    return "Python " + newest.split()[0]


@pytest.fixture
def demo(home_page, site, settings):
    from sections.boxes import demo as boxes_demo
    from sections.downloads import demo as downloads_demo

    settings.DEMO_RELEASES_LIMIT = 40  # the newest 40: 3.13.15 and 3.14.7 came out the same day
    boxes_demo.load_demo(DemoCommand())
    downloads_demo.load_demo(DemoCommand())
    return expected_latest(40)


def test_every_box_button_and_redirect_names_the_same_latest_release(client, demo):
    from sections.downloads.pages import ReleasePage

    latest = ReleasePage.objects.get(title=demo)
    version = demo.removeprefix("Python ")
    home = client.get("/").content.decode()
    downloads = client.get("/downloads/").content.decode()

    # The home page: the download box's heading and buttons, and the "Latest:" of the widget.
    box = home.split('class="container home-download-box"')[1].split("</section>")[0]
    assert f"Download {demo}</h2>" in box
    assert set(re.findall(r"/ftp/python/([\d.]+)/", box)) == {version}
    widget = home.split('class="small-widget download-widget"')[1].split("</div>")[0]
    assert re.findall(r"Latest: <a href=\"([^\"]+)\"[^>]*>([^<]+)</a>", widget) == [(latest.url, demo)]
    assert set(re.findall(r"Python 3\.\d+\.\d+", box + widget)) == {demo}

    # /downloads/: the buttons, and every Python 3 file or release the page links to as "latest".
    hero = downloads.split('class="download-hero"')[1].split("</section>")[0]
    assert f"Download {demo}</h2>" in hero
    assert set(re.findall(r"/ftp/python/(3[\d.]+)/", hero)) == {version}
    body = downloads.split('class="page-body"')[1].split('class="release-series"')[0]
    assert not re.findall(r"/ftp/python/3[\d.]+/", body), "a box links a Python 3 file of its day"
    assert re.search(r'href="/downloads/latest/python3/"[^>]*>Python 3</a>', body)  # "the latest Python 3 source"

    # The redirects.
    for path in ("/downloads/latest/python3/", "/downloads/latest/"):
        assert client.get(path)["Location"] == latest.url, path
    series = ".".join(version.split(".")[:2])
    assert client.get(f"/downloads/latest/python{series}/")["Location"] == latest.url
    # python.org's API field agrees too.
    assert list(ReleasePage.objects.filter(version=3, is_latest=True).values_list("title", flat=True)) == [demo]

"""No dead internal link in the demo, as `make run` loads it: Django's test client follows
every internal link reachable from `/` (redirects followed) and opens every live page of the
page tree, and each answers 200. A python.org page without content in our data is linked as
the live page on www.python.org (an external link, not crawled), never as a path of ours
that answers 404.

The demo's 600-odd release pages share one template: those with files (the active series) are
rendered and crawled; every other one is checked to be a live page without rendering it."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client
from wagtail.models import Page, Site

from pydotorg.core import demo as core_demo
from pydotorg.core.models import NavigationSettings
from sections.downloads.pages import ReleasePage

# The demo as `make run` loads it (development, every release).
HTML = re.compile(r"text/html|application/xhtml")
SKIP = ("/admin/", "/django-admin/")  # the editors' side, behind a login: not the visitors'


class Links(HTMLParser):
    """The targets of a page's links: `href` of <a> and <link>, `src` of <img> and <script>,
    and `action` of GET forms."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = {"a": "href", "link": "href", "area": "href", "img": "src", "script": "src", "form": "action"}.get(tag)
        if name and attrs.get(name) and not (tag == "form" and (attrs.get("method") or "get").lower() != "get"):
            self.urls.append(attrs[name])


def links(html, base, hosts=("testserver",)):
    """The site paths `html` (at `base`) links; a full URL on one of `hosts` is a site path."""
    parser = Links()
    parser.feed(html)
    for url in parser.urls:
        url = urldefrag(urljoin(base, url.strip())).url
        parts = urlsplit(url)
        if parts.scheme in ("", "http", "https") and parts.netloc in ("", *hosts):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def demo(demo_db, django_db_blocker):
    """The demo (`demo_db`); what a test adds is rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def fetch(client, url):
    """The answer at the end of `url`'s redirects: (status, content type, body, final URL)."""
    response = client.get(url, follow=True)
    final = response.redirect_chain[-1][0] if response.redirect_chain else url
    body = response.content.decode("utf-8", "replace") if HTML.search(response.get("Content-Type", "")) else ""
    return response.status_code, body, final


RELEASE = re.compile(r"^/downloads/release/([^/?]+)/$")


def crawl(client, start, hosts):
    """Every internal URL reachable from `start`: {url: (status, final url)}, and {url: the
    page linking it first}."""
    releases = ReleasePage.objects.live().public()
    rendered = set(releases.filter(files__isnull=False).values_list("slug", flat=True))
    live = set(releases.values_list("slug", flat=True))
    seen, found_on = {}, {}
    queue = deque(start)
    for url in start:
        found_on[url] = "(start)"
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        if url.startswith("/static/"):
            seen[url] = (200 if finders.find(urlsplit(url).path.removeprefix("/static/")) else 404, url)
            continue
        if url.startswith(settings.MEDIA_URL):  # served by the web server (or storage), not Django
            name = unquote(urlsplit(url).path.removeprefix(settings.MEDIA_URL))
            seen[url] = (200 if default_storage.exists(name) else 404, url)
            continue
        release = RELEASE.match(url)
        if release and release[1] not in rendered:
            seen[url] = (200 if release[1] in live else 404, url)
            continue
        status, body, final = fetch(client, url)
        seen[url] = (status, final)
        if status != 200 or not body or urlsplit(final).path.startswith(SKIP):
            continue
        for link in links(body, final, hosts):
            if link not in found_on and not link.startswith(SKIP):
                found_on[link] = url
                queue.append(link)
    return seen, found_on


def test_no_internal_link_is_dead(demo, db):
    client = Client(raise_request_exception=False)
    pages = [page.url for page in Page.objects.live().public().specific() if page.depth > 1]
    hosts = ("testserver", urlsplit(Site.objects.get(is_default_site=True).root_url).netloc)
    seen, found_on = crawl(client, ["/", *pages], hosts)
    dead = sorted(
        f"{url} -> {status}{'' if final == url else f' (at {final})'}, linked from {found_on[url]}"
        for url, (status, final) in seen.items()
        if status != 200
    )
    assert len(seen) > 200
    assert dead == [], f"{len(dead)} dead links:\n" + "\n".join(dead)


def test_the_navigation_links_python_org_for_the_pages_we_lack(demo, db, client):
    """The footer and the menu of every page: python.org's own pages for what we have no
    content for, our pages for the rest."""
    menu = [item["value"] for item in NavigationSettings.for_site(Site.objects.get(is_default_site=True)).menu.raw_data]
    python = next(item for item in menu if item["url"] == "/")  # the main menu and the footer
    urls = {link["title"]: link["url"] for section in python["children"] for link in [section, *section["children"]]}
    assert urls["Report a Security Issue"] == "https://www.python.org/news/security/"
    assert urls["Arts"] == "/success-stories/category/arts/"  # sections/successstories answers it
    assert urls["IRC"] == "https://www.python.org/community/irc/"
    assert urls["About"] == "/about/" and urls["Applications"] == "/about/apps/"
    html = client.get("/").content.decode()
    assert 'href="https://www.python.org/about/legal/"' in html
    assert 'href="/psf/donations/"' not in html


ANSWERED = {"/about/", "/downloads/"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '<a href="/about/">x</a> <a href="/psf/grants/">y</a>',
            '<a href="/about/">x</a> <a href="https://www.python.org/psf/grants/">y</a>',
        ),
        ("<a class='b' href='/dev/'>", "<a class='b' href='https://www.python.org/dev/'>"),
        (
            "[Get it](/downloads/) and [report](/news/security/)",
            "[Get it](/downloads/) and [report](https://www.python.org/news/security/)",
        ),
        (
            "`IRC </community/irc>`_ and `docs <https://docs.python.org/>`_",
            "`IRC <https://www.python.org/community/irc>`_ and `docs <https://docs.python.org/>`_",
        ),
        ('<a href="//cdn.example/x">', '<a href="//cdn.example/x">'),
        ("</a></p>", "</a></p>"),
    ],
)
def test_links_to_pages_we_lack_go_to_python_org(text, expected):
    assert core_demo.links_to_python_org(text, lambda path: urlsplit(path).path in ANSWERED) == expected

"""Boxes (/box/<label>/ and the template tag), the banner's window, and the home page's
query count staying flat as its lists grow."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pydotorg.core.models import Banner
from sections.boxes.models import Box
from sections.codesamples.models import CodeSample
from sections.pages.factories import SectionPageFactory


@pytest.mark.django_db
class TestBoxEndpoint:
    def test_box_renders_its_html(self, client):
        Box.objects.create(label="download-sources", content='<h2>Sources</h2><p><a href="/ftp/">FTP</a></p>')
        response = client.get("/box/download-sources/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert (
            response.content.decode().strip()
            == '<h2>Sources</h2><p><a href="/ftp/" rel="noopener noreferrer">FTP</a></p>'
        )

    def test_markdown_and_rst_boxes_are_rendered(self, client):
        Box.objects.create(label="md", markup_type="markdown", content="**bold**")
        Box.objects.create(label="rst", markup_type="restructuredtext", content="*em*")
        assert "<strong>bold</strong>" in client.get("/box/md/").content.decode()
        assert "<em>em</em>" in client.get("/box/rst/").content.decode()

    def test_box_content_is_sanitised(self, client):
        Box.objects.create(label="evil", content='<p onclick="x()">hi</p><script>alert(1)</script>')
        html = client.get("/box/evil/").content.decode()
        assert "<script" not in html and "onclick" not in html and "<p>hi</p>" in html

    def test_unknown_box_is_404(self, client):
        assert client.get("/box/no-such-box/").status_code == 404

    def test_template_tag(self):
        Box.objects.create(label="psf-news", markup_type="markdown", content="*PSF*")
        html = Template('{% load boxes %}[{% box "psf-news" %}][{% box "missing" %}]').render(Context())
        assert html == "[<p><em>PSF</em></p>][]"


@pytest.mark.django_db
class TestBannerWindow:
    def make(self, title, start=None, end=None, live=True):
        banner = Banner.objects.create(title=title, message="<p>Hello</p>", start=start, end=end, live=live)
        banner.save_revision()
        return banner

    def test_only_open_published_banners_are_current(self):
        now = timezone.now()
        hour = timedelta(hours=1)
        open_window = self.make("open", start=now - hour, end=now + hour)
        self.make("future", start=now + hour)
        self.make("past", start=now - 2 * hour, end=now - hour)
        self.make("draft", live=False)
        unbounded = self.make("unbounded")
        assert set(Banner.objects.current(now)) == {open_window, unbounded}
        # The window's edges: shown from `start` on, hidden from `end` on.
        assert open_window in Banner.objects.current(now - hour)
        assert open_window not in Banner.objects.current(now + hour)

    def test_current_banner_is_shown_on_pages(self, client, home_page):
        now = timezone.now()
        self.make("Python 3.14 is out", start=now - timedelta(minutes=1), end=now + timedelta(days=1))
        self.make("Old news", start=now - timedelta(days=3), end=now - timedelta(days=2))
        html = client.get("/").content.decode()
        assert "Python 3.14 is out" in html
        assert "Old news" not in html

    def test_end_before_start_is_refused(self):
        now = timezone.now()
        banner = Banner(title="bad", message="<p>x</p>", start=now, end=now - timedelta(hours=1))
        with pytest.raises(ValidationError) as error:
            banner.full_clean()
        assert "end" in error.value.message_dict


def fill_home(home_page, count):
    for index in range(count):
        sample = CodeSample.objects.create(
            title=f"Sample {index}",
            code="<pre><code>x = 1</code></pre>",
            copy=f"<h1>Sample {index}</h1>",
            sort_order=index,
        )
        sample.save_revision().publish()
        SectionPageFactory(parent=home_page, title=f"Section {index}", slug=f"section-{index}")


def count_home_queries(client):
    client.get("/")  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.django_db
def test_home_page_query_count_does_not_grow_with_its_lists(client, home_page):
    fill_home(home_page, 5)
    small, html = count_home_queries(client)
    assert all(f"Sample {index}" in html for index in range(5))
    CodeSample.objects.all().delete()
    for page in home_page.get_children():
        page.delete()
    fill_home(home_page, 50)
    large, html = count_home_queries(client)
    assert all(f"Sample {index}" in html for index in range(50))
    assert small == large, f"home page used {small} queries with 5 items and {large} with 50"

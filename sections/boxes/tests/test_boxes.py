"""Boxes: /box/<label>/ and the `{% box %}` template tag render their markup, sanitised."""

import pytest
from django.template import Context, Template

from sections.boxes.factories import BoxFactory


@pytest.mark.django_db
class TestBoxEndpoint:
    def test_box_renders_its_html(self, client):
        BoxFactory(label="download-sources", content='<h2>Sources</h2><p><a href="/ftp/">FTP</a></p>')
        response = client.get("/box/download-sources/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert (
            response.content.decode().strip()
            == '<h2>Sources</h2><p><a href="/ftp/" rel="noopener noreferrer">FTP</a></p>'
        )

    def test_markdown_and_rst_boxes_are_rendered(self, client):
        BoxFactory(label="md", markup_type="markdown", content="**bold**")
        BoxFactory(label="rst", markup_type="restructuredtext", content="*em*")
        assert "<strong>bold</strong>" in client.get("/box/md/").content.decode()
        assert "<em>em</em>" in client.get("/box/rst/").content.decode()

    def test_box_content_is_sanitised(self, client):
        BoxFactory(label="evil", content='<p onclick="x()">hi</p><script>alert(1)</script>')
        html = client.get("/box/evil/").content.decode()
        assert "<script" not in html and "onclick" not in html and "<p>hi</p>" in html

    def test_unknown_box_is_404(self, client):
        assert client.get("/box/no-such-box/").status_code == 404

    def test_template_tag(self):
        BoxFactory(label="psf-news", markup_type="markdown", content="*PSF*")
        html = Template('{% load boxes %}[{% box "psf-news" %}][{% box "missing" %}]').render(Context())
        assert html == "[<p><em>PSF</em></p>][]"

"""Markdown, reST and stored HTML are rendered safely: no script, no event handlers, no
`javascript:` links, no raw HTML or file inclusion through reST directives."""

import hashlib

import pytest
from django.core.cache import cache

from pydotorg.core import markup
from pydotorg.core.markup import highlight_code, render_markdown, render_markup, render_rst, sanitize_html

ATTACKS = [
    "<script>alert('x')</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<form action="https://evil.example/"><input name="p"></form>',
]


def assert_inert(html):
    lowered = html.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert "onerror" not in lowered and "onload" not in lowered and "onclick" not in lowered
    assert "<iframe" not in lowered and "<style" not in lowered and "<form" not in lowered
    assert "style=" not in lowered


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_removes_attacks(attack):
    assert_inert(render_markdown(f"Hello\n\n{attack}\n\n[link](javascript:alert(1))"))


@pytest.mark.parametrize("attack", ATTACKS)
def test_html_sanitiser_removes_attacks(attack):
    assert_inert(sanitize_html(f"<p>ok</p>{attack}"))


def test_markdown_keeps_ordinary_formatting():
    html = render_markdown(
        "# Title\n\n*em* **strong** [docs](https://docs.python.org/)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert '<h2 id="title">Title</h2>' in html  # the page title is the only h1
    assert "<em>em</em>" in html and "<strong>strong</strong>" in html
    assert '<a href="https://docs.python.org/" rel="noopener noreferrer">docs</a>' in html
    assert "<table>" in html and "<td>1</td>" in html


def test_markdown_fenced_code_is_highlighted():
    html = render_markdown("```python\nimport os\n```")
    assert '<div class="highlight">' in html
    assert '<span class="kn">import</span>' in html


def test_rst_raw_directive_is_disabled():
    html = render_rst(".. raw:: html\n\n   <script>alert(1)</script>\n\nAfter.")
    assert_inert(html)
    assert "alert" not in html
    assert "After." in html


def test_rst_include_directive_cannot_read_server_files():
    html = render_rst(".. include:: /etc/passwd\n\nAfter.")
    assert "root:" not in html
    assert "After." in html


def test_rst_javascript_link_is_removed():
    html = render_rst("`click <javascript:alert(1)>`_ and `docs <https://docs.python.org/>`_")
    assert_inert(html)
    assert 'href="https://docs.python.org/"' in html


def test_rst_keeps_ordinary_formatting_and_never_raises_on_bad_markup():
    html = render_rst("Title\n=====\n\n*em* and **strong**\n\n* item\n\n`unclosed")
    assert "<h2>Title</h2>" in html or "<h1>Title</h1>" in html
    assert "<em>em</em>" in html and "<strong>strong</strong>" in html
    assert "<li>" in html


def test_plain_text_is_escaped():
    assert render_markup("<b>x</b> & y", "text") == "<p>&lt;b&gt;x&lt;/b&gt; &amp; y</p>"


def test_unknown_language_falls_back_to_plain_text():
    html = highlight_code("<script>", "no-such-language")
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_h1_in_content_becomes_h2_and_images_get_alt_text():
    html = sanitize_html('<H1 class="call-to-action">Big</h1><img src="/a.png"><img alt="Logo" src="/b.png">')
    assert html == '<h2 class="call-to-action">Big</h2><img alt="" src="/a.png"><img alt="Logo" src="/b.png">'


def test_markup_is_rendered_once_per_text_and_rules():
    """The second render of a text is the cached HTML (docutils does not run again); another
    text, another language or other rules (this module's source) are other entries."""
    text = "Once\n====\n\n*rendered* " + hashlib.sha256(b"unique").hexdigest()
    first = render_rst(text)
    digest = hashlib.sha256(repr((markup.RULES, "render_rst", (text,))).encode()).hexdigest()
    assert cache.get(f"markup:{digest}") == first
    cache.set(f"markup:{digest}", "<p>from the cache</p>")
    assert render_rst(text) == "<p>from the cache</p>"
    assert highlight_code("print(1)", "python") != highlight_code("print(1)", "text")
    assert render_markdown(text) != first  # another renderer, another entry
    cache.delete(f"markup:{digest}")
    assert render_rst(text) == first  # evicted: rendered again

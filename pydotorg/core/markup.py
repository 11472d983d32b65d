"""Rendering of user- and editor-written markup (Markdown, reStructuredText, HTML) to
safe HTML. Everything that leaves here has gone through nh3: no script or style
elements, no event-handler attributes, no `javascript:` (or other non-web) URLs.

Markdown, reStructuredText and highlighted code are rendered once per text, not per request:
the HTML is kept in Django's cache (Redis in production: shared by the workers) under a digest
of the text and of this file, so a change of the rules here renders everything again. A page
of reStructuredText cost ~25 ms of docutils on every uncached visit (docs/performance.md).
Redis down: rendered each time, as before."""

import copy
import functools
import hashlib
import re
from pathlib import Path

import nh3
from django.core.cache import cache

EXTRA_TAGS = """
    span div pre code img table thead tbody tfoot tr th td caption colgroup col section aside figure
    figcaption dl dt dd sup sub hr h1 h2 h3 h4 h5 h6 p br blockquote cite abbr kbd samp var ul ol li
    nav header footer small mark del ins s u time
""".split()
ALLOWED_TAGS = (nh3.ALLOWED_TAGS | set(EXTRA_TAGS)) - {"script", "style"}
_COMMON_ATTRS = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden"}
ALLOWED_ATTRIBUTES = copy.deepcopy(nh3.ALLOWED_ATTRIBUTES)
ALLOWED_ATTRIBUTES["*"] = ALLOWED_ATTRIBUTES.get("*", set()) | _COMMON_ATTRS
ALLOWED_ATTRIBUTES["a"] = ALLOWED_ATTRIBUTES.get("a", set()) | {"href", "name", "target"}
ALLOWED_ATTRIBUTES["img"] = ALLOWED_ATTRIBUTES.get("img", set()) | {"src", "alt", "width", "height", "loading"}
ALLOWED_ATTRIBUTES["td"] = ALLOWED_ATTRIBUTES.get("td", set()) | {"colspan", "rowspan", "align"}
ALLOWED_ATTRIBUTES["th"] = ALLOWED_ATTRIBUTES.get("th", set()) | {"colspan", "rowspan", "align", "scope"}
ALLOWED_ATTRIBUTES["time"] = {"datetime"}
H1_TAG = re.compile(r"<(/?)h1(\s|>)", re.IGNORECASE)
IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)", re.IGNORECASE)
URL_SCHEMES = {"http", "https", "mailto", "ftp", "irc", "ircs", "news", "tel"}


RULES = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
CACHE_SECONDS = 7 * 24 * 3600  # content-addressed: never stale, evicted when unused


def rendered_once(render):
    """`render(*texts)`'s HTML from the cache, rendered and stored on a miss."""

    @functools.wraps(render)
    def cached(*args):
        if not any(args):
            return render(*args)
        digest = hashlib.sha256(repr((RULES, render.__name__, args)).encode()).hexdigest()
        key = f"markup:{digest}"
        html = cache.get(key)
        if html is None:
            html = render(*args)
            cache.set(key, html, CACHE_SECONDS)
        return html

    return cached


def sanitize_html(html):
    """Strip anything dangerous from `html`, keeping ordinary formatting.

    What comes out is always part of a page whose title is its one h1, so an h1 in the
    content becomes an h2, and an image without alternative text gets an empty one
    (decorative) rather than none."""
    clean = nh3.clean(
        html or "",
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    clean = H1_TAG.sub(r"<\1h2\2", clean)
    return IMG_WITHOUT_ALT.sub('<img alt=""', clean)


@rendered_once
def render_markdown(text):
    # markdown, docutils and pygments (~6 MB together) are imported by the renderer that
    # needs them, not by every worker at start.
    import markdown

    html = markdown.markdown(
        text or "",
        extensions=["fenced_code", "tables", "sane_lists", "codehilite", "toc"],
        extension_configs={"codehilite": {"guess_lang": False, "css_class": "highlight"}},
        output_format="html",
    )
    return sanitize_html(html)


RST_SETTINGS = {
    "raw_enabled": False,  # no `.. raw:: html`
    "file_insertion_enabled": False,  # no `.. include::` of server files
    "report_level": 5,  # no system messages in the output
    "halt_level": 5,  # never raise on bad markup
    "warning_stream": False,
    "embed_stylesheet": False,
    "syntax_highlight": "short",
    "doctitle_xform": False,
    "input_encoding": "unicode",
}


@rendered_once
def render_rst(text):
    from docutils.core import publish_parts

    parts = publish_parts(source=text or "", writer="html5", settings_overrides=RST_SETTINGS)
    return sanitize_html(parts["body"])


def render_markup(text, markup_type):
    """Render `text` written in `markup_type` ("html", "markdown", "restructuredtext" or "text")."""
    if markup_type == "markdown":
        return render_markdown(text)
    if markup_type in ("restructuredtext", "rst"):
        return render_rst(text)
    if markup_type == "html":
        return sanitize_html(text)
    return sanitize_html("<p>" + nh3.clean_text(text or "") + "</p>")


@rendered_once
def highlight_code(code, language):
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(language or "text")
    except ClassNotFound:
        lexer = TextLexer()
    return highlight(code or "", lexer, HtmlFormatter(cssclass="highlight", wrapcode=True))

"""The site's look and its accessibility basics, checked on the rendered HTML of the main kinds
of page: home, section, standard, search and 404 (and the self-contained 500).

Each page must have exactly one h1; header, main navigation, main and footer landmarks (every
nav labelled); a skip link whose target exists; a label for every form control; alt text on
every image. The navigation must show the menu stored in NavigationSettings, drop-downs
included."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import get_template
from django.urls import reverse

from pydotorg.core.models import Banner, NavigationSettings
from sections.boxes.models import Box
from sections.codesamples.models import CodeSample
from sections.pages.pages import SectionPage, StandardPage

VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}

MENU = [
    {"title": "Python", "url": "/", "hint": "The Python Programming Language", "children": [
        {"title": "About", "url": "/about/", "hint": "", "children": [
            {"title": "Applications", "url": "/about/apps/", "hint": ""},
            {"title": "Quotes", "url": "/about/quotes/", "hint": ""},
        ]},
        {"title": "Downloads", "url": "/downloads/", "hint": "", "children": [
            {"title": "All releases", "url": "/downloads/", "hint": ""},
            {"title": "Windows", "url": "/downloads/windows/", "hint": ""},
        ]},
        {"title": "Documentation", "url": "/doc/", "hint": "", "children": [
            {"title": "PEP Index", "url": "https://peps.python.org", "hint": ""},
        ]},
        {"title": "News", "url": "/blogs/", "hint": "News from around the Python world", "children": []},
    ]},
    {"title": "PSF", "url": "/psf/", "hint": "The Python Software Foundation", "children": []},
    {"title": "Docs", "url": "https://docs.python.org", "hint": "Python Documentation", "children": []},
    {"title": "PyPI", "url": "https://pypi.org/", "hint": "Python Package Index", "children": []},
]  # fmt: skip

BOXES = {
    "homepage-introduction": '<p>Python is a programming language that lets you work quickly <span class="breaker">'
    '</span>and integrate systems more effectively. <a class="readmore" href="/doc/">Learn More</a></p>',
    "homepage-get-started": '<h2 class="widget-title"><span aria-hidden="true" class="icon-get-started"></span>'
    'Get Started</h2><p>Easy to learn.</p><p><a href="/about/gettingstarted/">Beginner&rsquo;s Guide</a></p>',
    "homepage-downloads": '<h2 class="widget-title"><span aria-hidden="true" class="icon-download"></span>Download'
    "</h2><p>Installers for all versions.</p>",
    "homepage-documentation": '<h2 class="widget-title">Docs</h2><p><a href="https://docs.python.org">docs</a></p>',
    "homepage-jobs": '<h2 class="widget-title">Jobs</h2><p>Looking for work?</p>',
    "widget-use-python-for": '<h2 class="widget-title">Use Python for&hellip;</h2><ul class="menu"><li><b>Web</b>: '
    '<a class="tag" href="https://www.djangoproject.com/">Django</a></li></ul>',
    "widget-about-psf": '<h2 class="widget-title"><span class="prompt">&gt;&gt;&gt;</span> <a href="/psf/">Python '
    'Software Foundation</a></h2><p class="click-these"><a class="button" href="/psf/donations/">Donate</a></p>',
}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = {name: (value if value is not None else "") for name, value in attrs}
        self.parent = parent
        self.children = []
        self.text_parts = []

    def get(self, name, default=None):
        return self.attrs.get(name, default)

    @property
    def classes(self):
        return set(self.get("class", "").split())

    def iter(self):
        for child in self.children:
            yield child
            yield from child.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in node.classes)
            and all(node.get(name.rstrip("_")) == value for name, value in attrs.items())
        ]

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def text(self):
        return " ".join(" ".join(self.text_parts + [child.text for child in self.children]).split())


class TreeBuilder(HTMLParser):
    """A forgiving DOM of the page, enough to ask structural questions (stdlib only)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID_ELEMENTS:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text_parts.append(data)


def parse(response):
    builder = TreeBuilder()
    builder.feed(response.content.decode())
    builder.close()
    return builder.root


def assert_accessible_basics(doc):
    """What every page must have, whatever its type."""
    h1s = doc.find_all("h1")
    assert len(h1s) == 1, f"expected exactly one h1, found {[h.text for h in h1s]}"

    assert doc.find("html").get("lang") == "en"
    assert doc.find("header", cls="site-header") is not None
    assert doc.find("main") is not None
    assert len(doc.find_all("main")) == 1
    assert doc.find("footer", cls="site-footer") is not None
    navs = doc.find_all("nav")
    assert navs, "no nav landmark"
    for nav in navs:
        assert nav.get("aria-label") or nav.get("aria-labelledby"), f"unlabelled nav: {nav.attrs}"
    main_nav = doc.find("nav", id="main-nav")
    assert main_nav is not None and main_nav.get("aria-label") == "Main"

    skip = doc.find("a", cls="skip-link")
    assert skip is not None, "no skip link"
    target = skip.get("href")
    assert target.startswith("#")
    assert doc.find(id=target[1:]) is not None, f"skip link target {target} missing"
    assert doc.find(id=target[1:]).tag == "main"
    # The skip link is the first thing a keyboard user reaches.
    first_focusable = next(n for n in doc.iter() if n.tag in {"a", "button", "input", "select", "textarea"})
    assert first_focusable is skip

    ids = [node.get("id") for node in doc.iter() if node.get("id")]
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}"

    labelled_ids = {label.get("for") for label in doc.find_all("label") if label.get("for")}
    for control in doc.iter():
        if control.tag not in {"input", "select", "textarea"}:
            continue
        if control.get("type") in {"hidden", "submit", "button", "reset", "image"}:
            continue
        has_label = (
            control.get("id") in labelled_ids
            or control.get("aria-label")
            or control.get("aria-labelledby")
            or any(ancestor.tag == "label" for ancestor in control.ancestors())
        )
        assert has_label, f"form control without a label: {control.attrs}"

    for button in doc.find_all("button"):
        assert button.text or button.get("aria-label"), f"button without a name: {button.attrs}"

    for img in doc.find_all("img"):
        assert "alt" in img.attrs, f"img without alt: {img.attrs}"
    logo = doc.find("a", cls="logo")
    assert logo.find("img").get("alt"), "the logo link needs a text alternative"


def menu_titles(nav):
    return [a.text for a in nav.find_all("a", cls="main-nav-link")]


@pytest.fixture
def navigation(site):
    nav = NavigationSettings.for_site(site)
    nav.menu = [("item", item) for item in MENU]
    nav.footer_note = "<p>A <b>non-profit</b>.</p>"
    nav.save()
    return nav


@pytest.fixture
def boxes(db):
    return {label: Box.objects.create(label=label, content=html, markup_type="html") for label, html in BOXES.items()}


@pytest.fixture
def code_samples(db):
    return [
        CodeSample.objects.create(
            title=f"Sample {i}",
            code=f'<pre><code><span class="comment"># sample {i}</span>\n&gt;&gt;&gt; print({i})\n'
            f'<span class="output">{i}</span></code></pre>',
            copy=f"<h2>Sample {i}</h2><p>Copy {i}.</p>",
            sort_order=i,
            live=True,
        )
        for i in range(3)
    ]


@pytest.fixture
def about(home_page):
    return home_page.add_child(
        instance=SectionPage(
            title="About",
            slug="about",
            intro="Python is powerful and fast.",
            body=[("heading", {"text": "Getting started", "level": "h2"})],
        )
    )


@pytest.fixture
def apps_page(about):
    about.add_child(instance=StandardPage(title="Quotes", slug="quotes", intro="What people say."))
    page = about.add_child(
        instance=StandardPage(
            title="Applications",
            slug="apps",
            intro="Python is used in many application domains.",
            body=[
                ("heading", {"text": "Web development", "level": "h2"}),
                ("rich_text", '<p>See <a href="https://www.djangoproject.com/">Django</a>.</p>'),
                ("code", {"language": "python", "code": "print('hello')\n", "caption": "Hello"}),
                ("callout", {"kind": "warning", "title": "", "body": "<p>Mind the gap.</p>"}),
                (
                    "table",
                    {
                        "caption": "Versions",
                        "table": {
                            "data": [["Version", "Status"], ["3.13", "bugfix"]],
                            "first_row_is_table_header": True,
                            "first_col_is_header": False,
                        },
                    },
                ),
            ],
        )
    )
    page.add_child(instance=StandardPage(title="Web", slug="web"))
    return page


@pytest.mark.django_db
class TestHomePage:
    def test_structure_and_accessibility(self, client, home_page, navigation, boxes, code_samples):
        response = client.get("/")
        assert response.status_code == 200
        doc = parse(response)
        assert_accessible_basics(doc)
        h1 = doc.find("h1")
        assert "visually-hidden" in h1.classes
        assert doc.find("nav", cls="breadcrumbs") is None

    def test_carousel_then_introduction_then_widgets(self, client, home_page, navigation, boxes, code_samples):
        doc = parse(client.get("/"))
        carousel = doc.find("section", cls="code-carousel")
        slides = carousel.find_all(cls="slide")
        assert [s.get("aria-label") for s in slides] == ["1 of 3: Sample 0", "2 of 3: Sample 1", "3 of 3: Sample 2"]
        assert "is-current" in slides[0].classes
        controls = carousel.find(cls="carousel-controls")
        assert "hidden" in controls.attrs, "controls are useless without JavaScript: hidden until it runs"
        assert {"carousel-prev", "carousel-next", "carousel-pause"} <= {
            c for b in controls.find_all("button") for c in b.classes
        }

        order = [
            node
            for node in doc.iter()
            if node.classes & {"code-carousel", "introduction", "small-widgets", "applications-widget", "psf-widget"}
        ]
        assert [sorted(n.classes)[0] for n in order] == [
            "code-carousel",
            "introduction",
            "small-widgets",
            "applications-widget",
            "psf-widget",
        ]
        widgets = doc.find(cls="small-widgets").find_all(cls="small-widget")
        assert [w.find("h2").text for w in widgets] == ["Get Started", "Download", "Docs", "Jobs"]
        assert doc.find("a", cls="readmore") is not None

    def test_missing_boxes_and_samples_leave_no_empty_shells(self, client, home_page, navigation):
        doc = parse(client.get("/"))
        assert_accessible_basics(doc)
        assert doc.find(cls="code-carousel") is None
        assert doc.find(cls="small-widget") is None


@pytest.mark.django_db
class TestNavigation:
    def test_top_bar_and_main_menu_with_drop_downs(self, client, home_page, navigation):
        doc = parse(client.get("/"))
        top_bar = doc.find("nav", cls="top-bar")
        assert [a.text for a in top_bar.find_all("a")] == ["Python", "PSF", "Docs", "PyPI"]
        assert "is-this-site" in top_bar.find("li").classes

        main_nav = doc.find("nav", id="main-nav")
        assert menu_titles(main_nav) == ["About", "Downloads", "Documentation", "News"]
        about_item = main_nav.find("li", cls="main-nav-item")
        assert about_item.find("a").get("href") == "/about/"
        toggle = about_item.find("button", cls="subnav-toggle")
        assert toggle.get("aria-expanded") == "false"
        subnav = doc.find(id=toggle.get("aria-controls"))
        assert subnav is not None and "subnav" in subnav.classes
        assert [(a.text, a.get("href")) for a in subnav.find_all("a")] == [
            ("Applications", "/about/apps/"),
            ("Quotes", "/about/quotes/"),
        ]
        # A section without links has no drop-down and no toggle.
        news = main_nav.find_all("li", cls="main-nav-item")[-1]
        assert news.find("ul") is None and news.find("button") is None
        assert news.find("a").get("title") == "News from around the Python world"

    def test_menu_button_controls_the_main_nav(self, client, home_page, navigation):
        doc = parse(client.get("/"))
        button = doc.find("button", cls="menu-toggle")
        assert button.text == "Menu"
        assert button.get("aria-expanded") == "false"
        assert button.get("aria-controls") == "main-nav"

    def test_footer_site_map_and_copyright(self, client, home_page, navigation):
        doc = parse(client.get("/"))
        footer = doc.find("footer")
        sitemap = footer.find("nav", cls="sitemap")
        assert [a.text for a in sitemap.find_all("a", cls="sitemap-heading")] == menu_titles(
            doc.find("nav", id="main-nav")
        )
        assert "Windows" in [a.text for a in sitemap.find_all("a")]
        assert "Python Software Foundation" in footer.text
        assert "non-profit" in footer.text

    def test_no_navigation_settings_still_renders(self, client, home_page):
        doc = parse(client.get("/"))
        assert_accessible_basics(doc)
        assert menu_titles(doc.find("nav", id="main-nav")) == []

    def test_current_page_is_marked(self, client, navigation, about):
        doc = parse(client.get("/about/"))
        link = doc.find("nav", id="main-nav").find("a", cls="main-nav-link")
        assert link.get("aria-current") == "page"


@pytest.mark.django_db
class TestAccountLinks:
    def test_anonymous_sees_sign_in_and_sign_up(self, client, home_page, navigation):
        account = parse(client.get("/")).find("nav", cls="account-links")
        hrefs = [a.get("href") for a in account.find_all("a")]
        assert hrefs == [reverse("account_login"), reverse("account_signup")]

    def test_sign_out_is_a_post_form_with_csrf(self, client, home_page, navigation):
        user = get_user_model().objects.create_user("guido", "guido@example.com", "pw")
        client.force_login(user)
        account = parse(client.get("/")).find("nav", cls="account-links")
        form = account.find("form")
        assert form.get("method") == "post"
        assert form.get("action") == reverse("account_logout")
        assert form.find("input", type="hidden", name="csrfmiddlewaretoken") is not None
        assert form.find("button", type="submit").text == "Sign out"
        assert not [a for a in account.find_all("a") if a.get("href") == reverse("account_logout")]
        assert "guido" in account.text


@pytest.mark.django_db
class TestContentPages:
    def test_section_page(self, client, navigation, about, apps_page):
        response = client.get("/about/")
        assert response.status_code == 200
        doc = parse(response)
        assert_accessible_basics(doc)
        assert doc.find("h1").text == "About"
        assert doc.find("p", cls="intro").text == "Python is powerful and fast."
        cards = doc.find(cls="child-pages").find_all("li", cls="card")
        assert [c.find("a").text for c in cards] == ["Quotes", "Applications"]
        sidebar = doc.find("aside", cls="sidebar")
        assert [a.text for a in sidebar.find_all("a")] == ["Quotes", "Applications"]
        crumbs = doc.find("nav", cls="breadcrumbs")
        assert [li.text for li in crumbs.find_all("li")] == ["Home", "About"]

    def test_standard_page_with_blocks_and_sidebar(self, client, navigation, apps_page):
        response = client.get("/about/apps/")
        assert response.status_code == 200
        doc = parse(response)
        assert_accessible_basics(doc)
        assert doc.find("h1").text == "Applications"
        body = doc.find(cls="page-body")
        assert body.find("h2", cls="block-heading").text == "Web development"
        code = body.find("figure", cls="block-code")
        assert code.find(cls="highlight") is not None, "Pygments markup for pygments.css"
        assert code.find(cls="code-scroll").get("tabindex") == "0"
        assert body.find("aside", cls="callout-warning").get("aria-label") == "Warning"
        table = body.find("figure", cls="block-table")
        assert table.find("table") is not None and table.find("th").text == "Version"

        sidebar = doc.find("aside", cls="sidebar")
        section_nav = sidebar.find("nav", **{"aria-labelledby": "sidebar-section-title"})
        links = section_nav.find_all("a")
        assert [a.text for a in links] == ["About", "Quotes", "Applications"]
        assert [a.text for a in links if a.get("aria-current") == "page"] == ["Applications"]
        subpages = sidebar.find("nav", **{"aria-labelledby": "sidebar-subpages-title"})
        assert [a.text for a in subpages.find_all("a")] == ["Web"]
        crumbs = doc.find("nav", cls="breadcrumbs")
        assert [li.text for li in crumbs.find_all("li")] == ["Home", "About", "Applications"]

    def test_standard_page_queries_do_not_grow_with_siblings(self, client, navigation, about, apps_page, count_queries):
        client.get("/about/apps/")  # warm the per-process caches (content types, site root paths)
        few = count_queries("/about/apps/")
        for i in range(6):
            about.add_child(instance=StandardPage(title=f"Extra {i}", slug=f"extra-{i}"))
            apps_page.add_child(instance=StandardPage(title=f"Child {i}", slug=f"child-{i}"))
        many = count_queries("/about/apps/")
        response = client.get("/about/apps/")
        assert "Extra 5" in response.content.decode() and "Child 5" in response.content.decode()
        assert many == few

    def test_banner_is_a_labelled_region_with_a_dismiss_button(self, client, home_page, navigation):
        Banner.objects.create(title="Python 3.14 is out", message="<p>Go get it.</p>", live=True)
        doc = parse(client.get("/"))
        banner = doc.find(cls="site-banner")
        assert banner.get("role") == "region" and banner.get("aria-label") == "Announcement"
        assert banner.get("data-banner-key")
        close = banner.find("button", cls="site-banner-close")
        assert "hidden" in close.attrs, "the dismiss button appears only with JavaScript"
        assert "Dismiss" in close.text


@pytest.mark.django_db
class TestSearchAndErrors:
    def test_search_page(self, client, home_page, navigation, apps_page):
        response = client.get(reverse("search"), {"q": "Applications"})
        assert response.status_code == 200
        doc = parse(response)
        assert_accessible_basics(doc)
        assert "Applications" in doc.find("h1").text
        forms = doc.find_all("form", role="search")
        assert len(forms) == 2  # the header's and the page's, each with its own labelled input
        assert doc.find("input", id="search-page-query").get("value") == "Applications"

    def test_empty_search_page(self, client, home_page, navigation):
        doc = parse(client.get(reverse("search")))
        assert_accessible_basics(doc)
        assert doc.find("h1").text == "Search"

    def test_404_is_styled_and_offers_search(self, client, home_page, navigation):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        doc = parse(response)
        assert_accessible_basics(doc)
        assert doc.find("h1").text == "Page not found"
        assert menu_titles(doc.find("nav", id="main-nav")) == ["About", "Downloads", "Documentation", "News"]
        assert doc.find("link", rel="stylesheet") is not None
        form = doc.find("main").find("form", role="search")
        assert form.get("action") == reverse("search")
        assert form.find("input", id="search-404") is not None

    def test_500_is_self_contained(self, db, django_assert_num_queries):
        with django_assert_num_queries(0):
            html = get_template("500.html").render()
        builder = TreeBuilder()
        builder.feed(html)
        doc = builder.root
        assert len(doc.find_all("h1")) == 1
        assert doc.find("main") is not None
        assert doc.find("style") is not None
        assert doc.find("link") is None and doc.find("script") is None, "no external resource that could fail"

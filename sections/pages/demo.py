"""Demo content of the generic pages: python.org's section pages and the About pages,
made last (after every section app's demo) and only at the slugs no section app has taken
with its own index page. Then, the site being complete, every link of the demo's navigation,
boxes and generic pages to a python.org path our site does not answer is pointed at that
page on www.python.org (`link_missing_pages_to_python_org`)."""

from wagtail.models import Page, Site

from pydotorg.core.demo import box, links_to_python_org, markdown, menu_to_python_org, rst, site_answers, stream_data
from pydotorg.core.models import NavigationSettings
from sections.boxes.models import Box

from .pages import SectionPage, StandardPage

DEMO_ORDER = 90

# The page tree under Home, in python.org's order. A body is a list of blocks: a box (by
# label) or a file of fixtures/demo/ (reStructuredText or Markdown).
SECTIONS = [
    {
        "slug": "about",
        "title": "About",
        "intro": "Python is a programming language that lets you work quickly and integrate systems more effectively.",
        "body": [
            box("aboutpython-banner"),
            box("aboutpython-getstarted"),
            box("aboutpython-applications"),
            box("aboutpython-opensource"),
            box("aboutpython-easytolearn"),
            rst("pages/about/content.ht"),
        ],
        "children": [
            {
                "slug": "gettingstarted",
                "title": "Getting Started",
                "intro": "Whether you're new to programming or an experienced developer, it's easy to learn and "
                "use Python.",
                "body": [markdown("pages/about/gettingstarted.md"), box("aboutpython-getstarted")],
            },
            {
                "slug": "apps",
                "title": "Applications",
                "intro": "Python is used in a wide variety of application domains: here are some of them.",
                "body": [box("widget-use-python-for"), markdown("pages/about/apps.md")],
            },
            {
                "slug": "quotes",
                "title": "Quotes",
                "intro": "What people who use Python say about it.",
                "body": [markdown("pages/about/quotes.md"), box("community-widget2")],
            },
            {
                "slug": "help",
                "title": "Help",
                "intro": "Where to find answers to your questions about Python and this website.",
                "body": [markdown("pages/about/help.md")],
            },
        ],
    },
    {
        "slug": "downloads",
        "title": "Downloads",
        "intro": "Python source code and installers are available for download for all versions.",
        "body": [
            box("download-banner"),
            box("downloads-active-releases"),
            box("download-otherreleases"),
            box("download-sources"),
            box("download-widget1"),
            box("download-widget3"),
            box("download-widget4"),
            box("download-dev"),
            box("download-pgp"),
            box("download-sponsors"),
        ],
    },
    {
        "slug": "doc",
        "title": "Documentation",
        "intro": "Documentation for Python's standard library, along with tutorials and guides, is available online.",
        "body": [
            box("documentation-banner"),
            box("documentation-beginners"),
            box("documentation-moderate"),
            box("documentation-advanced"),
            box("documentation-general"),
        ],
    },
    {
        "slug": "community",
        "title": "Community",
        "intro": "Python's community is vast, diverse and aims to grow: conferences, user groups, mailing lists, "
        "chat and more.",
        "body": [
            box("community-banner"),
            rst("pages/community/content.ht"),
            box("community-widget1"),
            box("community-widget2"),
            box("community-widget3"),
            box("community-irc-channels"),
            box("widget-weneedyou"),
        ],
    },
    {
        "slug": "success-stories",
        "title": "Success Stories",
        "intro": "How organisations around the world use Python.",
        "body": [box("successstory-submityours")],
    },
    {
        "slug": "blogs",
        "title": "News",
        "intro": "News from around the Python world.",
        "body": [box("blogs-subscriptions"), box("blogs-copyright")],
    },
    {
        "slug": "events",
        "title": "Events",
        "intro": "Python conferences, user group meetings and other events from around the world.",
        "body": [box("events-subscriptions")],
    },
    {
        "slug": "jobs",
        "title": "Jobs",
        "intro": "Looking for work or have a Python related position that you're trying to hire for?",
        "body": [box("jobs-subscribe"), box("jobs-sponsors")],
    },
    {
        "slug": "psf",
        "title": "PSF",
        "intro": "The mission of the Python Software Foundation is to promote, protect, and advance the Python "
        "programming language, and to support and facilitate the growth of a diverse and international "
        "community of Python programmers.",
        "body": [
            box("psf-banner"),
            box("psf-widget1"),
            box("psf-widget2"),
            box("psf-widget3"),
            box("psf-widget4"),
            box("psf-grants"),
        ],
    },
]


def ensure_page(parent, model, spec, boxes, command):
    """The child of `parent` with the spec's slug: created and published with a revision if
    missing, left as it is otherwise."""
    page = parent.get_children().filter(slug=spec["slug"]).first()
    if page is not None:
        page = page.specific
        if isinstance(page, model) and not page.intro and not page.body and (spec.get("intro") or spec.get("body")):
            # An empty page a section app made to put its pages under (sections/psf: /psf/): fill it.
            page.intro = spec.get("intro", "")
            page.body = stream_data(spec.get("body", []), boxes, command)
            page.save_revision(log_action="wagtail.edit").publish()
            command.tally("pages", "updated")
            return page
        command.tally("pages", "present")
        return page
    page = model(
        title=spec["title"],
        slug=spec["slug"],
        intro=spec.get("intro", ""),
        body=stream_data(spec.get("body", []), boxes, command),
        show_in_menus=model is SectionPage,
        live=False,
    )
    parent.add_child(instance=page)
    page.save_revision(log_action="wagtail.create").publish()
    command.tally("pages", "created")
    return page


def load_demo(command):
    home = Page.objects.get(depth=2)
    boxes = dict(Box.objects.values_list("label", "pk"))
    created_before = command.counts["pages"]["created"]
    sections = []
    for spec in command.progress(SECTIONS, "sections"):
        section = ensure_page(home, SectionPage, spec, boxes, command)
        sections.append(section)
        for child in spec.get("children", []):
            ensure_page(section, StandardPage, child, boxes, command)
    if command.counts["pages"]["created"] > created_before:
        put_in_menu_order(home, sections)
    link_missing_pages_to_python_org(command)


def put_in_menu_order(home, sections):
    """Section apps create their index pages first: on a fresh load, put the sections in
    python.org's menu order (About, Downloads, Documentation...). Later runs leave an
    editor's order alone."""
    wanted = [page.pk for page in sections]
    current = [pk for pk in home.get_children().values_list("pk", flat=True) if pk in wanted]
    if current == wanted:
        return
    for page in sections:
        Page.objects.get(pk=page.pk).move(home, pos="last-child")


def link_missing_pages_to_python_org(command):
    """python.org's navigation, boxes and pages link many of its pages we have no content
    for (/psf/donations/, /community/irc/...): each such link, in the navigation, a box or
    a generic page's body, goes to the live page on www.python.org instead of a 404 here.
    A path is judged by asking the site (`site_answers`), so a section that makes its pages
    real keeps its links. Only links our site does not answer change: a second run finds none."""
    with site_answers(command) as answers:
        if answers is None:
            return
        navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
        menu = navigation.menu.raw_data
        if menu_to_python_org(menu, answers):
            navigation.menu = menu
            navigation.save()
            command.tally("objects linking www.python.org for pages we lack", "updated")
        for item in Box.objects.order_by("label"):
            content = links_to_python_org(item.content, answers)
            if content != item.content:
                item.content = content
                item.save()
                item.save_revision(log_action="wagtail.edit")
                command.tally("objects linking www.python.org for pages we lack", "updated")
        for page in Page.objects.type(SectionPage, StandardPage).live().specific().order_by("path"):
            body = page.body.raw_data
            changed = False
            for block in body:
                if isinstance(block["value"], str):
                    value = links_to_python_org(block["value"], answers)
                    changed |= value != block["value"]
                    block["value"] = value
            if changed:
                page.body = body
                page.save_revision(log_action="wagtail.edit").publish()
                command.tally("objects linking www.python.org for pages we lack", "updated")

"""The core demo content: the site, the boxes, the code samples, the navigation and the
page tree, built from python.org's own data in `fixtures/demo/` (see its README.md).

`manage.py load_demo_content` calls `load_demo(command)` here first, then in the `demo`
module of every other project app that has one. Everything is matched by a natural key
(label, title, slug) and left alone when it exists, so a second run changes nothing and
editors' changes survive.
"""

import html
import json
import os
import re
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from home.models import HomePage
from sections.boxes.models import Box
from sections.codesamples.models import CodeSample
from sections.pages.models import SectionPage, StandardPage

from .models import NavigationSettings

DATA_DIR = Path(__file__).resolve().parent / "fixtures" / "demo"

SITE_NAME = "Python.org"
DEV_HOSTNAME, DEV_PORT = "127.0.0.1", 8000

ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@example.com"

# python.org's sitetree names some links by Django URL pattern; these are their paths.
URL_PATTERNS = {
    "home": "/",
    "about": "/about/",
    "download:download": "/downloads/",
    "documentation": "/doc/",
    "blog": "/blogs/",
    "psf-landing": "/psf/",
    "jobs:job_list": "/jobs/",
    "jobs:job_types": "/jobs/types/",
    "jobs:job_categories": "/jobs/categories/",
    "jobs:job_locations": "/jobs/locations/",
    "jobs:job_create": "/jobs/create/",
}
# Placeholder "URLs" of the sitetree: not links.
NOT_LINKS = {"comingsoon", "inner"}


def box(label):
    return ("box", label)


def rst(path):
    return ("rst", path)


def markdown(path):
    return ("markdown", path)


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


def read_json(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def read_text(name):
    """A page body file: `.ht` files lose their header lines (Title:, Nav: and the indented
    lines under them) and the blank lines after them."""
    text = (DATA_DIR / name).read_text(encoding="utf-8").replace("\r\n", "\n")
    if name.endswith(".ht"):
        lines = text.split("\n")
        while lines and lines[0].strip() and (re.match(r"^[\w-]+:", lines[0]) or lines[0][:1].isspace()):
            lines.pop(0)
        while lines and not lines[0].strip():
            lines.pop(0)
        text = "\n".join(lines)
    return text.strip() + "\n"


def is_dev():
    """Development: APP_ENV=dev, or DEBUG on. Never under APP_ENV=prod, whatever DEBUG says."""
    app_env = getattr(settings, "APP_ENV", "dev")
    return app_env != "prod" and (settings.DEBUG or app_env == "dev")


def ensure_index_page(command, model, slug, title, parent=None, **fields):
    """A section's index page: the child of `parent` (the home page) at `slug`, of `model`,
    created and published with a revision if missing. A childless page of another type at that
    slug (the generic section page of an older run) is replaced; one with children is left
    alone with a warning, and None is returned."""
    parent = parent or Page.objects.get(depth=2).specific
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        if isinstance(existing.specific, model):
            command.tally("pages", "present")
            return existing.specific
        if existing.get_children().exists():
            command.warn(f"/{slug}/ is a {existing.specific_class.__name__} with children: left as it is.")
            return None
        existing.delete()
    page = model(title=title, slug=slug, show_in_menus=True, live=False, **fields)
    parent.add_child(instance=page)
    page.save_revision(log_action="wagtail.create").publish()
    command.tally("pages", "created")
    return page


# --- The site -------------------------------------------------------------------------


def load_site(command):
    """One default site rooted at the HomePage. In development, the site created by the
    migration (localhost:80) moves to 127.0.0.1:8000, where `make run` serves, so full URLs
    are right; any other host still falls back to the default site."""
    home = HomePage.objects.get(depth=2)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=DEV_HOSTNAME if is_dev() else "localhost",
            port=DEV_PORT if is_dev() else 80,
            root_page=home,
            is_default_site=True,
            site_name=SITE_NAME,
        )
        command.tally("site", "created")
        return
    changes = {}
    if site.root_page_id != home.pk:
        changes["root_page"] = home
    if not site.site_name:
        changes["site_name"] = SITE_NAME
    if is_dev() and (site.hostname, site.port) == ("localhost", 80):
        changes.update(hostname=DEV_HOSTNAME, port=DEV_PORT)
    if changes:
        for field, value in changes.items():
            setattr(site, field, value)
        site.save()
        command.tally("site", "updated")
    else:
        command.tally("site", "present")


# --- Boxes and code samples -------------------------------------------------------------


def load_boxes(command):
    records = [record for record in read_json("boxes.json") if record["model"] == "boxes.box"]
    existing = set(Box.objects.values_list("label", flat=True))
    for record in command.progress(records, "boxes"):
        fields = record["fields"]
        if fields["label"] in existing:
            command.tally("boxes", "present")
            continue
        new_box = Box(label=fields["label"], content=fields["content"], markup_type=fields["content_markup_type"])
        new_box.save()
        new_box.save_revision(log_action="wagtail.create")
        command.tally("boxes", "created")


def code_sample_title(copy_html):
    match = re.search(r"<h1>(.*?)</h1>", copy_html, re.DOTALL)
    return html.unescape(match.group(1)).strip() if match else "Code sample"


def load_code_samples(command):
    records = [record for record in read_json("codesamples.json") if record["model"] == "codesamples.codesample"]
    records.sort(key=lambda record: record["pk"])
    existing = set(CodeSample.objects.values_list("title", flat=True))
    for position, record in enumerate(records, start=1):
        fields = record["fields"]
        title = code_sample_title(fields["copy"])
        if title in existing:
            command.tally("code samples", "present")
            continue
        sample = CodeSample(title=title, code=fields["code"], copy=fields["copy"], sort_order=position, live=False)
        sample.save()
        revision = sample.save_revision(log_action="wagtail.create")
        if fields.get("is_published", True):
            revision.publish()
        command.tally("code samples", "created")


# --- Navigation -------------------------------------------------------------------------


def menu_from_sitetree(records, tree_alias="main"):
    """python.org's sitetree as the raw value of NavigationSettings.menu: top-level items,
    their sections and the sections' links. Deeper items follow their parent in its list."""
    trees = {
        record["pk"]
        for record in records
        if record["model"] == "sitetree.tree" and record["fields"]["alias"] == tree_alias
    }
    items = {
        record["pk"]: record["fields"]
        for record in records
        if record["model"] == "sitetree.treeitem" and record["fields"]["tree"] in trees
    }
    children = defaultdict(list)
    for pk, fields in items.items():
        if fields["hidden"] or not fields["inmenu"] or fields["url"] in NOT_LINKS:
            continue
        if fields["urlaspattern"] and fields["url"] not in URL_PATTERNS:
            continue
        children[fields["parent"]].append(pk)

    def kids(parent):
        return sorted(children[parent], key=lambda pk: (items[pk]["sort_order"], pk))

    def link(pk):
        fields = items[pk]
        url = URL_PATTERNS[fields["url"]] if fields["urlaspattern"] else fields["url"].strip()
        return {"title": fields["title"].strip(), "url": url, "hint": (fields["hint"] or "").strip()}

    def flattened(parent):
        links = []
        for pk in kids(parent):
            links.append(link(pk))
            links.extend(flattened(pk))
        return links

    return [
        {
            "type": "item",
            "value": {
                **link(top),
                "children": [
                    {
                        **link(section),
                        # python.org shows "Contributing" (alias python-footer) in the footer only.
                        "footer_only": items[section]["alias"] == "python-footer",
                        "children": flattened(section),
                    }
                    for section in kids(top)
                ],
            },
        }
        for top in kids(None)
    ]


def load_navigation(command):
    """Seed the navigation setting of the default site, unless it has a menu already."""
    site = Site.objects.get(is_default_site=True)
    navigation = NavigationSettings.for_site(site)
    if navigation.menu:
        command.tally("navigation", "present")
        return
    navigation.menu = menu_from_sitetree(read_json("sitetree_menus.json"))
    navigation.save()
    command.tally("navigation", "created")


# --- Pages ------------------------------------------------------------------------------


def stream_data(blocks, boxes, command):
    data = []
    for kind, ref in blocks:
        if kind == "box":
            if ref in boxes:
                data.append({"type": "box", "value": {"box": boxes[ref]}})
            else:
                command.warn(f"Box {ref!r} is missing: left out of the page.")
        else:
            data.append({"type": kind, "value": read_text(ref)})
    return data


def ensure_page(parent, model, spec, boxes, command):
    """The child of `parent` with the spec's slug: created and published with a revision if
    missing, left as it is otherwise."""
    page = parent.get_children().filter(slug=spec["slug"]).first()
    if page is not None:
        command.tally("pages", "present")
        return page.specific
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


def load_pages(command):
    home = HomePage.objects.get(depth=2)
    if home.latest_revision_id is None:
        # The migration made the home page without a revision: give it its first one.
        home.save_revision(log_action="wagtail.create").publish()
        command.tally("pages", "created")
    else:
        command.tally("pages", "present")
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


# --- Entry points -----------------------------------------------------------------------


def load_demo(command):
    """The core demo content (called first by `load_demo_content`; the command calls
    `load_pages` after every section app's demo module)."""
    load_site(command)
    load_boxes(command)
    load_code_samples(command)
    load_navigation(command)


def ensure_superuser(command):
    """In development only, the user `admin` (password `admin` or $DEMO_ADMIN_PASSWORD).
    Returns the message to print, or None when no superuser is made."""
    if not is_dev():
        return None
    login_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/"
    User = get_user_model()
    if User.objects.filter(username__iexact=ADMIN_USERNAME).exists():
        command.tally("superuser", "present")
        return f"User {ADMIN_USERNAME!r} exists already (password unchanged). Log in at {login_url}"
    password = os.environ.get("DEMO_ADMIN_PASSWORD") or "admin"
    user = User.objects.create_superuser(ADMIN_USERNAME, ADMIN_EMAIL, password)
    if "allauth.account" in settings.INSTALLED_APPS:
        from allauth.account.models import EmailAddress

        # Verified, so the admin can also sign in on the site's own login page.
        EmailAddress.objects.get_or_create(user=user, email=ADMIN_EMAIL, defaults={"verified": True, "primary": True})
    command.tally("superuser", "created")
    return f"Log in at {login_url} as {ADMIN_USERNAME} / {password}"

"""Demo content: the helpers every app's `demo.py` uses, and the core's own part (the
navigation of the default site, the development superuser). python.org's own data lies in
`fixtures/demo/` (see its README.md).

`manage.py load_demo_content` runs `load_demo(command)` of the `demo` module of every project
app, by their `DEMO_ORDER` (default 50): home's site (10), boxes and code samples (20), the
navigation (30), the sections' index pages and data (50), the generic pages at the slugs left
(90), after which the links to python.org pages our site does not answer are pointed at
www.python.org (`site_answers`, `links_to_python_org`, `menu_to_python_org`). Everything is matched by a natural key (label, title, slug) and left alone when it
exists, so a second run changes nothing and editors' changes survive."""

import json
import logging
import os
import re
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import Resolver404, resolve
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from .models import NavigationSettings

DATA_DIR = Path(__file__).resolve().parent / "fixtures" / "demo"


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


def ensure_index_page(command, model, slug, title, parent=None, replace=("pages.sectionpage",), **fields):
    """A section's index page: the child of `parent` (the home page) at `slug`, of `model`,
    created and published with a revision if missing. A childless page of a `replace` type at
    that slug (the generic section page of an older run) is replaced; any other page there
    is an editor's and is left alone with a warning, and None is returned."""
    parent = parent or Page.objects.get(depth=2).specific
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        if isinstance(existing.specific, model):
            command.tally("pages", "present")
            return existing.specific
        if existing.specific_class._meta.label_lower not in replace or existing.get_children().exists():
            command.warn(f"/{slug}/ is a {existing.specific_class.__name__}: left as it is.")
            return None
        existing.delete()
    page = model(title=title, slug=slug, show_in_menus=True, live=False, **fields)
    parent.add_child(instance=page)
    page.save_revision(log_action="wagtail.create").publish()
    command.tally("pages", "created")
    return page


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


# --- Links to pages we do not have ------------------------------------------------------

PYTHON_ORG = "https://www.python.org"
# A site path in a link: an HTML href, a Markdown link target, a reStructuredText `text <path>`_.
SITE_LINK = re.compile(r"""(?P<before>\bhref\s*=\s*["']|\]\(\s*|`[^`<]*<)(?P<path>/(?!/)[^\s"'()<>`]*)""")


@contextmanager
def site_answers(command):
    """`answers(path)`: whether our site answers the site path with a page (200, redirects
    followed). Wagtail's routing settles most paths without rendering: no page there (no),
    a live page exactly there (yes); a route of a routable page or a view of its own is
    asked through Django's test client, so a link is judged the way a visitor meets it.
    Yields None, with a warning, when the site does not even answer "/" (a host the settings
    refuse)."""
    from django.test import Client, RequestFactory

    site = Site.objects.get(is_default_site=True)
    host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    client = Client(raise_request_exception=False, HTTP_HOST=host)
    root = site.root_page.specific
    known = {}

    def routed(path):
        """True or False when the page tree settles it, None when a request must."""
        for candidate in dict.fromkeys([path, path if path.endswith("/") else path + "/"]):
            try:
                match = resolve(candidate)
            except Resolver404:
                continue
            if match.func is not wagtail_serve:
                return None
            try:
                page = root.route(RequestFactory().get(candidate, HTTP_HOST=host), match.args[0].split("/")[:-1]).page
            except Http404:
                return False
            return True if page.url == candidate else None
        return False

    def answers(path):
        path = urlsplit(path).path or "/"
        if path not in known:
            known[path] = routed(path)
            if known[path] is None:
                known[path] = client.get(path, follow=True).status_code == 200
        return known[path]

    loggers = [logging.getLogger(name) for name in ("pydotorg.request", "django.request")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        if client.get("/", follow=True).status_code == 200:
            yield answers
        else:
            command.warn("The site does not answer / here: links left as they are.")
            yield None
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def to_python_org(url, answers):
    """A site path our site does not answer, as the same page on www.python.org; any other
    link as it is."""
    if url.startswith("/") and not url.startswith("//") and not answers(url):
        return PYTHON_ORG + url
    return url


def links_to_python_org(text, answers):
    """`text` (HTML, Markdown or reStructuredText) with every link to a site path our site
    does not answer pointed at that page on www.python.org."""
    return SITE_LINK.sub(lambda match: match["before"] + to_python_org(match["path"], answers), text)


def menu_to_python_org(menu, answers):
    """The raw value of NavigationSettings.menu with the same change; whether any link changed."""
    changed = False

    def walk(links):
        nonlocal changed
        for link in links:
            url = to_python_org(link["url"], answers)
            changed |= url != link["url"]
            link["url"] = url
            walk(link.get("children", []))

    walk([item["value"] for item in menu])
    return changed


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


DEMO_ORDER = 30  # after the site (home.demo), before the sections


def load_demo(command):
    """The navigation of the default site."""
    load_navigation(command)


# --- Entry points -----------------------------------------------------------------------


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

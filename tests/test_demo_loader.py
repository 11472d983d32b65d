"""`manage.py load_demo_content` on an empty database: all or nothing, the order of the apps'
demo modules, the development-only superuser, and section apps' pages before generic ones."""

import sys
import types
from collections import Counter, defaultdict
from importlib.machinery import ModuleSpec
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from pydotorg.core import demo
from pydotorg.core.management.commands.load_demo_content import Command, demo_modules
from sections.boxes.models import Box
from sections.codesamples.models import CodeSample
from sections.pages import demo as pages_demo
from sections.pages.pages import SectionPage, StandardPage


def load(**options):
    out = StringIO()
    call_command("load_demo_content", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def fake_demo_module(monkeypatch, name, load_demo, order=50):
    module = types.ModuleType(name)
    module.__spec__ = ModuleSpec(name, None)
    module.load_demo = load_demo
    module.DEMO_ORDER = order
    monkeypatch.setitem(sys.modules, name, module)
    return module


@pytest.fixture(autouse=True)
def dev(settings):
    settings.APP_ENV = "dev"
    settings.DEBUG = False
    settings.DEMO_RELEASES_LIMIT = 12
    return settings


@pytest.fixture
def command():
    command = Command(stdout=StringIO(), stderr=StringIO())
    command.verbosity, command.counts = 1, defaultdict(Counter)
    return command


def test_a_failure_changes_nothing(db, monkeypatch):
    def broken(command):
        assert Box.objects.exists() and CodeSample.objects.exists()  # the core content is in
        raise RuntimeError("boom")

    fake_demo_module(monkeypatch, "search.demo", broken, order=31)  # after the core, before the sections
    with pytest.raises(RuntimeError):
        load()
    assert not Box.objects.exists()
    assert not CodeSample.objects.exists()
    assert not get_user_model().objects.exists()


# --- Extensibility ---------------------------------------------------------------------------------


def test_demo_modules_run_by_their_order(monkeypatch):
    fake_demo_module(monkeypatch, "search.demo", lambda command: None)
    names = [module.__name__ for module in demo_modules()]
    assert names[:4] == ["home.demo", "sections.boxes.demo", "sections.codesamples.demo", "pydotorg.core.demo"]
    sections = {"sections.jobs.demo", "sections.events.demo", "sections.downloads.demo", "search.demo"}
    assert sections <= set(names)
    # The generic pages come after the sections, at the slugs they left; only the sections that
    # turn a generic page into their own page type (news, community: order 95) come later.
    for name in sections:
        assert names.index(name) < names.index("sections.pages.demo")
    after_pages = ["sections.news.demo", "sections.community.demo", "sections.sponsors.demo"]
    assert names[names.index("sections.pages.demo") + 1 :] == after_pages


def test_project_apps_demo_modules_run_after_the_core_and_their_pages_take_precedence(db, monkeypatch):
    """A project app's demo module runs by its order, after the core content; a page it puts at
    a section's slug is kept, and no generic section page replaces it (one load: ~40 s)."""
    calls = []

    def load_demo(command):
        calls.append(Box.objects.count())
        command.tally("search extras", "created")
        home = Page.objects.get(depth=2)
        home.add_child(instance=StandardPage(title="Python Jobs", slug="jobs")).save_revision().publish()

    fake_demo_module(monkeypatch, "search.demo", load_demo, order=31)  # after the core, before the jobs section
    output = load()
    assert calls == [62]  # after the core content
    assert "search extras: 1 created" in output
    jobs = Page.objects.get(slug="jobs", depth=3).specific
    assert isinstance(jobs, StandardPage) and jobs.title == "Python Jobs"
    assert not SectionPage.objects.filter(slug="jobs").exists()
    assert SectionPage.objects.filter(slug="psf").exists()


def test_data_files_live_in_the_project():
    assert demo.DATA_DIR.is_relative_to(django_settings.BASE_DIR)
    for name in ("sitetree_menus.json", "boxes.json", "codesamples.json", "README.md"):
        assert (demo.DATA_DIR / name).is_file(), name
    for spec in [*pages_demo.SECTIONS, *pages_demo.SECTIONS[0]["children"]]:
        for kind, ref in spec["body"]:
            if kind != "box":
                assert (demo.DATA_DIR / ref).is_file(), ref


# --- The development superuser ---------------------------------------------------------------------


def test_admin_password_comes_from_the_environment(db, monkeypatch, command):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "correct-horse-battery")
    message = demo.ensure_superuser(command)
    assert get_user_model().objects.get(username="admin").check_password("correct-horse-battery")
    assert "as admin / correct-horse-battery" in message


def test_existing_admin_keeps_its_password(db, command):
    get_user_model().objects.create_superuser("admin", "admin@example.com", "my-own-secret")
    message = demo.ensure_superuser(command)
    assert get_user_model().objects.get(username="admin").check_password("my-own-secret")
    assert "exists already" in message and "as admin / admin" not in message


@pytest.mark.parametrize("debug", [False, True])
def test_prod_never_creates_the_admin(db, settings, debug, command):
    settings.APP_ENV = "prod"
    settings.DEBUG = debug
    assert demo.ensure_superuser(command) is None
    assert not get_user_model().objects.filter(username="admin").exists()


def test_prod_loads_everything_but_the_admin(db, settings):
    settings.APP_ENV = "prod"
    settings.DEBUG = True
    output = load()
    assert not get_user_model().objects.filter(username="admin").exists()
    assert "No superuser created" in output
    # The rest of the demo content is there, and the site keeps its host name.
    assert Box.objects.count() == 62
    assert Site.objects.get(is_default_site=True).hostname == "localhost"

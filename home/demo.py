"""Demo content of the home app: one default site rooted at the home page (first of all)."""

from wagtail.models import Site

from pydotorg.core.demo import is_dev

from .pages import HomePage

DEMO_ORDER = 10
SITE_NAME = "Python.org"
DEV_HOSTNAME, DEV_PORT = "127.0.0.1", 8000


def load_demo(command):
    load_site(command)
    home = HomePage.objects.get(depth=2)
    if home.latest_revision_id is None:
        # The migration made the home page without a revision: give it its first one.
        home.save_revision(log_action="wagtail.create").publish()
        command.tally("pages", "created")
    else:
        command.tally("pages", "present")


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

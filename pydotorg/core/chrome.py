"""What every page shows around its content (the navigation, the footer, the banner) and the
site content a few pages share (boxes, code samples), built once per change and kept in the
cache, not read from the database on every request.

Every key carries a generation number that `invalidate()` bumps: saving or deleting the
navigation or a banner does it here (`connect()`, from CoreConfig.ready); a section whose
content is cached through `cached()` connects its own models the same way
(`chrome.invalidate_on(Model)`). A banner's window is checked on each request against the
cached list of live banners, so it opens and closes on time without a change."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .cache import Generation

_chrome = Generation("chrome", 60 * 60 * 24)
cached = _chrome.cached


def invalidate(*args, **kwargs):
    """Make every cached fragment stale now and again after the commit (a request that read
    the old rows in between would have cached them). Usable as a signal receiver."""

    _chrome.bump()
    transaction.on_commit(_chrome.bump)


def _invalidate_unless_created(sender, created=False, **kwargs):
    if not created:
        invalidate()


def invalidate_on(model, created=True):
    """Invalidate when a `model` row is saved or deleted; with created=False not when one is
    created (a site setting is created by its first read, which has nothing cached yet)."""
    uid = f"chrome-{model._meta.label_lower}"
    receiver = invalidate if created else _invalidate_unless_created
    post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-saved", weak=False)
    post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}-deleted", weak=False)


# --- The navigation ---------------------------------------------------------------------


def _link(value):
    link = {"title": value["title"], "url": value["url"], "hint": value.get("hint") or ""}
    if "footer_only" in value:
        link["footer_only"] = bool(value["footer_only"])
    return link


def navigation(site):
    """{top_bar, main_menu, footer_menu, footer_note} of `site`'s NavigationSettings, as plain
    data (the footer note rendered to HTML)."""
    from wagtail.rich_text import expand_db_html

    from .models import NavigationSettings

    def build():
        nav = NavigationSettings.for_site(site)
        sections = [
            {**_link(section), "children": [_link(link) for link in section.get("children") or []]}
            for section in nav.footer_menu
        ]
        return {
            "top_bar": [_link(item) for item in nav.top_bar],
            "footer_menu": sections,
            "main_menu": [section for section in sections if not section.get("footer_only")],
            "footer_note": expand_db_html(nav.footer_note) if nav.footer_note else "",
        }

    return cached("nav", build, site.pk if site else 0)


# --- The banner ---------------------------------------------------------------------------


def current_banner(now=None):
    """The banner whose window is open now (a dict: pk, latest_revision_id, title, message
    HTML, link_url, link_text), or None."""
    from wagtail.rich_text import expand_db_html

    from .models import Banner

    def build():
        return [
            {
                "pk": b.pk,
                "latest_revision_id": b.latest_revision_id,
                "title": b.title,
                "message": expand_db_html(b.message),
                "link_url": b.link_url,
                "link_text": b.link_text,
                "start": b.start,
                "end": b.end,
            }
            for b in Banner.objects.filter(live=True).order_by("-start", "-pk")
        ]

    now = now or timezone.now()
    for banner in cached("banners", build):
        if (banner["start"] is None or banner["start"] <= now) and (banner["end"] is None or banner["end"] > now):
            return banner
    return None


def connect():
    from .models import Banner, NavigationSettings

    invalidate_on(NavigationSettings, created=False)  # for_site() creates it on the first read
    invalidate_on(Banner)
    # restrictions.restricted_paths(): a restriction added or removed, a page (its path) moved
    from wagtail.models import PageViewRestriction
    from wagtail.signals import post_page_move

    invalidate_on(PageViewRestriction)
    post_page_move.connect(invalidate, dispatch_uid="chrome-page-moved", weak=False)

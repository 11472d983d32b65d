"""The full-page cache of anonymous visits, its HTTP headers, and its invalidation: the one
module that owns the cache keys and the purge (docs/performance.md).

- `PageCacheMiddleware` stores a whole anonymous GET/HEAD response of a page of the tree (its
  routes too: listings, feeds) or of a view that names its content with `tag(...)` in the `default` cache (Redis in production, local memory otherwise) for
  PAGE_CACHE_SECONDS, and serves it to the next anonymous visitor without touching the
  database. Never for a request with a session or messages cookie or an `Authorization`
  header, nor for a preview, a response that sets a cookie (a CSRF token: a form), shows a
  message, is not a 200, is `private`/`no-store`, varies on more than cookies, or is under
  PAGE_CACHE_EXCLUDE_PATHS (the admin, accounts, the API, search, health).
- Every cached response carries surrogate keys: `all`, `page-<id>` of the page served,
  `tree-<path>` of it and each ancestor (their titles are in its breadcrumbs), the page
  class's `cache_keys` (e.g. `("jobs",)`), and whatever `tag(...)` was called with while it
  was rendered (template tags showing other sections' content: `tag("events")`).
- `purge(urls=(), keys=(), everything=False)` invalidates: the origin at once (this process
  sees its own writes) and again after commit, then queues `pydotorg.core.tasks.purge_cdn`.
  A purge of a key records the purge generation on the key; an entry stored from a render
  that started before that generation is stale. A render that overlaps a commit therefore
  never outlives the purge.
- What calls it: Wagtail's page signals (published, unpublished, deleted, moved), and the
  save or deletion of any model that declares `cache_keys` (snippets, settings, section
  data); sections call `purge(...)` for writes that send no signal (bulk inserts).
"""

import contextvars
import hashlib
import logging

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import tasks
from .cache import counter
from .models import Banner

logger = logging.getLogger(__name__)

GENERATION = "pagecache:generation"
EVERYTHING = "all"
MAX_BYTES = 2_000_000  # larger responses are not stored
_rendering = contextvars.ContextVar("pagecache_keys", default=None)
# The keys each entry carried when this process last read it (an entry key → a sorted tuple):
# a hit then reads the entry and their purge generations at once.
_entry_keys = {}
MAX_REMEMBERED = 20_000


def tag(*keys):
    """Add surrogate keys to the response being rendered (a no-op outside a cacheable one)."""
    current = _rendering.get()
    if current is not None:
        current.update(keys)


def version(*keys):
    """A value that changes whenever one of `keys` is purged, for a fragment cached apart from
    the page (`{% purge_version "events" as version %}{% cache 60 name version %}`: the home
    page's boxes); tags the response being rendered with `keys` too, as the fragment's own
    tags would (they do not run on a hit). None when the cache cannot be reached."""
    tag(*keys)
    keys = {*keys, EVERYTHING}
    try:
        generations = _tag_generations(keys)
    except Exception:
        return None
    return "-".join(f"{key}.{generations[key]}" for key in sorted(keys))


def page_keys(page):
    """The keys a page's own change purges: the page, its subtree, its declared keys."""
    return {f"page-{page.pk}", f"tree-{page.path}", *getattr(page, "cache_keys", ())}


def purge(urls=(), keys=(), everything=False):
    """Invalidate the cached responses tagged with `keys` (all of them with `everything`) and
    those of the absolute `urls`: at once, and again when the transaction commits (a request
    may have cached the old rows meanwhile), when the CDN purge is also queued."""
    urls, keys = set(urls), set(keys) | ({EVERYTHING} if everything else set())
    if not urls and not keys:
        return
    _purge_origin(urls, keys)
    # One purge after the commit for all of a transaction's calls: added to the transaction's
    # pending purge while its callback is still registered (a rollback drops the callback,
    # and its keys with it).
    connection = transaction.get_connection()
    pending = getattr(connection, "pagecache_pending", None)
    if (
        connection.in_atomic_block
        and pending is not None
        and not pending.done
        and any(entry[1] is pending for entry in connection.run_on_commit)
    ):
        pending.urls |= urls
        pending.keys |= keys
        return
    connection.pagecache_pending = _Pending(urls, keys)
    transaction.on_commit(connection.pagecache_pending, robust=True)


class _Pending:
    """What a transaction purges once it commits: the origin again, then the CDN."""

    def __init__(self, urls, keys):
        self.urls, self.keys, self.done = urls, keys, False

    def __call__(self):
        self.done = True
        _purge_origin(self.urls, self.keys)
        if getattr(settings, "WAGTAILFRONTENDCACHE", None):
            tasks.purge_cdn(sorted(self.urls), sorted(self.keys))


def _purge_origin(urls, keys):
    try:
        if keys:
            generation = _next_generation()
            if generation is not None:
                cache.set_many({_tag_key(key): generation for key in keys}, timeout=None)
        if urls:
            cache.delete_many([_entry_key(url) for url in urls])
    except Exception:  # the cache down: entries expire with their timeout
        logger.warning("page cache purge failed", exc_info=True)


def _current_generation():
    """The purge counter (None when the cache is unreachable)."""
    return counter(GENERATION)


def _next_generation():
    if _current_generation() is None:
        return None
    try:
        return cache.incr(GENERATION)
    except ValueError:  # evicted between the two calls
        return _current_generation()


def _tag_key(key):
    return f"pagecache:key:{key}"


def _tag_generations(keys):
    """The purge generation of each key (one round trip). A key never purged, or evicted, is
    purged now, as far as entries stored before know."""
    found = cache.get_many([_tag_key(k) for k in keys])
    missing = [k for k in keys if _tag_key(k) not in found]
    if missing:
        current = _current_generation()
        for k in missing:
            cache.add(_tag_key(k), current, timeout=None)
        found |= cache.get_many([_tag_key(k) for k in missing])
    return {k: found.get(_tag_key(k)) for k in keys}


def _entry_key(url):
    return f"pagecache:url:{hashlib.sha256(url.encode()).hexdigest()}"


def _seconds_to_next_banner_change(now):
    """A banner shows and hides at its start and end with no write to purge on: cached pages
    expire then."""
    upcoming = Banner.objects.filter(live=True).filter(Q(start__gt=now) | Q(end__gt=now)).values_list("start", "end")
    moments = [moment for pair in upcoming for moment in pair if moment and moment > now]
    return int((min(moments) - now).total_seconds()) + 1 if moments else None


class PageCacheMiddleware:
    """See the module's docstring. Sits above the CSP middleware (a cached page keeps the CSP
    header that matches the nonce in its HTML) and below ConditionalGetMiddleware (which
    answers 304 to If-None-Match from the ETag stored with the page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies(request):
            return self.get_response(request)
        key = _entry_key(request.build_absolute_uri())
        cached = self.fetch(key)
        if cached is not None:
            return cached
        try:
            generation = _current_generation()
        except Exception:
            generation = None
        keys = {EVERYTHING}
        token = _rendering.set(keys)
        try:
            response = self.get_response(request)
        finally:
            _rendering.reset(token)
        if self.storable(request, response):
            keys |= self.page_tags(getattr(request, "pagecache_page", None))
            # Only what names its content: a page of the tree, or a view that called tag().
            # Anything else would have nothing to purge it when its data changes.
            if keys != {EVERYTHING}:
                self.store(key, response, keys, generation)
        return response

    @staticmethod
    def applies(request):
        return (
            settings.PAGE_CACHE_ENABLED
            and request.method in ("GET", "HEAD")
            and not getattr(request, "is_dummy", False)  # Wagtail's previews (make_preview_request)
            and not request.path_info.startswith(tuple(settings.PAGE_CACHE_EXCLUDE_PATHS))
            and "HTTP_AUTHORIZATION" not in request.META
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
        )

    @staticmethod
    def fetch(key):
        """The stored response, unless one of its keys was purged after it was rendered. The
        entry and the purge generations of the keys it carried last time this process saw it
        come in one round trip (a second one when its keys changed)."""
        try:
            guess = _entry_keys.get(key, ())
            found = cache.get_many([key, *(_tag_key(k) for k in guess)])
            entry = found.pop(key, None)
            if entry is None:
                return None
            generation, keys, status, headers, content = entry
            if tuple(keys) != guess:
                if len(_entry_keys) >= MAX_REMEMBERED:
                    _entry_keys.clear()
                _entry_keys[key] = tuple(keys)
                found = cache.get_many([_tag_key(k) for k in keys])
            if len(found) < len(keys) or any(value > generation for value in found.values()):
                return None
        except Exception:  # a miss, never an error
            return None
        response = HttpResponse(content, status=status, headers=headers)
        response["X-Page-Cache"] = "HIT"
        return response

    @staticmethod
    def storable(request, response):
        cache_control = response.get("Cache-Control", "").lower()
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        page = getattr(request, "pagecache_page", None)
        messages = getattr(request, "_messages", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies  # a session, a CSRF token (a form), messages
            and not getattr(request, "is_preview", False)
            and not (messages is not None and len(messages))
            and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
            and vary <= {"cookie", "accept-encoding"}
            and len(response.content) <= MAX_BYTES
            and not (page is not None and page.get_view_restrictions().exists())
        )

    @staticmethod
    def page_tags(page):
        if page is None:
            return set()
        path = page.path
        trees = {f"tree-{path[:end]}" for end in range(page.steplen, len(path) + 1, page.steplen)}
        return {f"page-{page.pk}", *trees, *getattr(page, "cache_keys", ())}

    @staticmethod
    def store(key, response, keys, generation):
        """Make the response public for browsers and the CDN (no Vary: Cookie: requests with
        a session never reach the cache), with its ETag and keys; keep it unless the cache
        is unreachable."""
        timeout = settings.PAGE_CACHE_SECONDS
        try:
            until_banner = _seconds_to_next_banner_change(timezone.now())
        except Exception:
            until_banner = None
        if until_banner is not None:
            timeout = min(timeout, until_banner)
        vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
        vary = [v for v in vary if v.lower() != "cookie"]
        if vary:
            response["Vary"] = ", ".join(vary)
        elif "Vary" in response:
            del response["Vary"]
        patch_cache_control(
            response,
            public=True,
            max_age=min(settings.PAGE_CACHE_MAX_AGE, timeout),
            s_maxage=min(settings.PAGE_CACHE_CDN_SECONDS, timeout),
        )
        if not response.has_header("ETag"):
            set_response_etag(response)
        response["Surrogate-Key"] = " ".join(sorted(keys))
        if generation is None or timeout <= 0:
            return
        headers = dict(response.items())
        entry = (generation, sorted(keys), response.status_code, headers, response.content)
        try:
            _tag_generations(keys)
            cache.set(key, entry, timeout)
        except Exception:
            logger.warning("page cache store failed", exc_info=True)
        response["X-Page-Cache"] = "MISS"


def note_page(page, request, args, kwargs):
    """Wagtail's before_serve_page hook: the middleware tags the response with the page."""
    request.pagecache_page = page


def on_page_changed(sender, instance, **kwargs):
    keys = page_keys(instance)
    parent_path = instance.path[: -instance.steplen]
    parent = Page.objects.filter(path=parent_path).only("pk").first() if parent_path else None
    if parent is not None:
        keys.add(f"page-{parent.pk}")  # its listing of children
    purge(keys=keys)


def on_page_moved(sender, instance, **kwargs):
    purge(everything=True)  # menus, breadcrumbs and every URL below it change


def on_model_changed(sender, instance, **kwargs):
    if isinstance(instance, PageViewRestriction):
        # A page made private (or public again) leaves or joins every listing, feed, box and
        # search result that shows it or its subtree: rare, and everything is purged.
        purge(everything=True)
        return
    if isinstance(instance, Page):
        # A live page saved whole (created live by code, edited without a revision) changes
        # what visitors see; a draft is saved with `update_fields` and changes nothing.
        deleted = kwargs.get("signal") is post_delete
        if deleted or (instance.live and kwargs.get("update_fields") is None):
            on_page_changed(sender, instance)
        return
    keys = getattr(sender, "cache_keys", None)
    if keys:
        purge(keys=keys)


def connect():
    """Called by CoreConfig.ready()."""
    page_published.connect(on_page_changed, dispatch_uid="pagecache-page-published")
    page_unpublished.connect(on_page_changed, dispatch_uid="pagecache-page-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="pagecache-page-moved")
    post_save.connect(on_model_changed, dispatch_uid="pagecache-model-saved")
    post_delete.connect(on_model_changed, dispatch_uid="pagecache-model-deleted")
    hooks.register("before_serve_page", note_page)

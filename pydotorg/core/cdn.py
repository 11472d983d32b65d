"""The CDN side of a purge: the frontend caches configured in WAGTAILFRONTENDCACHE (Wagtail's
backends, and ours), purged by URL and by surrogate key. `pydotorg.core.tasks.purge_cdn` calls
`purge` from Huey, which retries it when a backend fails; the origin cache is purged by
`pydotorg.core.pagecache` (docs/performance.md, "Invalidation"), which queues that task after
commit."""

import logging

from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger(__name__)


def purge(urls=(), keys=()):
    """Purge absolute `urls` and surrogate `keys` from every configured frontend cache; raise
    when a backend fails, so that the caller (a Huey task) retries."""
    urls, keys = list(urls), list(keys)
    for name, backend in get_backends().items():
        if urls:
            backend.purge_batch(urls)
        if keys and hasattr(backend, "purge_keys"):
            backend.purge_keys(keys)
        logger.info("cdn purge", extra={"backend": name, "urls": len(urls), "keys": len(keys)})

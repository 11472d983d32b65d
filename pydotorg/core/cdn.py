"""The CDN side of a purge: the frontend caches configured in WAGTAILFRONTENDCACHE (Wagtail's
backends, and ours), purged by URL and by surrogate key. `pydotorg.core.tasks.purge_cdn` calls
`purge` from Huey, which retries it when a backend fails; the origin cache is purged by
`pydotorg.core.pagecache` (docs/performance.md, "Invalidation"), which queues that task after
commit. docs/operations.md, "CDN purge"."""

import logging
from urllib.parse import quote, urlsplit

from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger(__name__)


def purge(urls=(), keys=()):
    """Purge absolute `urls` and surrogate `keys` from every configured frontend cache; raise
    when a backend fails, so that the caller (a Huey task) retries."""
    urls, keys = list(urls), list(keys)
    for name, backend in get_backends().items():
        mine = [url for url in urls if backend.invalidates_hostname(urlsplit(url).hostname or "")]
        try:
            if mine:
                backend.purge_batch(mine)
            if keys and hasattr(backend, "purge_keys"):
                backend.purge_keys(keys)
        except Exception as exc:
            logger.error(
                "cdn purge failed: backend %s, %d urls, %d keys",
                name,
                len(mine),
                len(keys),
                extra={"error": f"{type(exc).__name__}: {exc}"},
            )
            raise
        logger.info("cdn purge: backend %s, %d urls, %d keys", name, len(mine), len(keys))


class FastlyBackend(BaseBackend):
    """Fastly's purge API (https://www.fastly.com/documentation/reference/api/purging/): a URL
    is purged with `POST {API_URL}/purge/{host}{path}`, one surrogate key with
    `POST {API_URL}/service/{SERVICE_ID}/purge/{key}`, several with
    `POST {API_URL}/service/{SERVICE_ID}/purge` and `Surrogate-Key: k1 k2` (256 a request).
    Every request carries `Fastly-Key`, and `Fastly-Soft-Purge: 1` with SOFT_PURGE (the object
    is marked stale instead of removed). Any failure (no answer within TIMEOUT seconds, a
    non-2xx status) raises `requests.RequestException`."""

    KEYS_PER_REQUEST = 256

    def __init__(self, params):
        super().__init__(params)
        self.api_key = params["API_KEY"]
        self.service_id = params["SERVICE_ID"]
        self.api_url = params.get("API_URL", "https://api.fastly.com").rstrip("/")
        self.soft = bool(params.get("SOFT_PURGE", False))
        self.timeout = params.get("TIMEOUT", 5)
        import requests  # ~3 MB: only the purge task (a Huey worker) builds a backend

        self.session = requests.Session()

    def _post(self, path, headers=None):
        import requests

        headers = {"Fastly-Key": self.api_key, "Accept": "application/json", **(headers or {})}
        if self.soft:
            headers["Fastly-Soft-Purge"] = "1"
        response = self.session.post(self.api_url + path, headers=headers, timeout=self.timeout, allow_redirects=False)
        if not 200 <= response.status_code < 300:
            raise requests.HTTPError(f"{response.status_code} from {response.url}", response=response)

    def purge(self, url):
        self._post("/purge/" + url.split("://", 1)[-1])

    def purge_keys(self, keys):
        keys = list(dict.fromkeys(keys))
        if len(keys) == 1:
            self._post(f"/service/{quote(self.service_id)}/purge/{quote(keys[0], safe='')}")
            return
        for start in range(0, len(keys), self.KEYS_PER_REQUEST):
            chunk = keys[start : start + self.KEYS_PER_REQUEST]
            self._post(f"/service/{quote(self.service_id)}/purge", {"Surrogate-Key": " ".join(chunk)})

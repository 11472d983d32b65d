"""Every cache key of the downloads section is built here, from a generation number that
`invalidate()` bumps: one call makes every cached downloads fragment (the /downloads/
lists, the home page box, the API's cached lookups) stale at once."""

from pydotorg.core.cache import Generation

_downloads = Generation("downloads", 60 * 60)
TIMEOUT = _downloads.timeout
generation = _downloads.current
cache_key = _downloads.key
cached = _downloads.cached
invalidate = _downloads.bump

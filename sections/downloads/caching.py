"""Every cache key of the downloads section is built here, from a generation number that
`invalidate()` bumps: one call makes every cached downloads fragment (the /downloads/
lists, the home page box, the API's cached lookups) stale at once."""

from django.core.cache import cache

GENERATION_KEY = "downloads:generation"
TIMEOUT = 60 * 60


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(GENERATION_KEY, value, None)
    return value


def cache_key(name, *parts):
    suffix = ":".join(str(part) for part in parts)
    return f"downloads:{generation()}:{name}" + (f":{suffix}" if suffix else "")


def cached(name, build, *parts):
    """The cached value of `name` (and `parts`), built with `build()` when missing."""
    key = cache_key(name, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def invalidate():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)

"""The Redis cache backend (settings CACHES with REDIS_URL): django-redis, tolerant of Redis
being down (docs/security.md).

With IGNORE_EXCEPTIONS, a command Redis cannot answer is skipped: a read misses, a write is
dropped (not logged: a page makes dozens of cache calls, one traceback each would flood the
log during an outage; /health logs the cause). ``add`` would answer None, which callers take
for "the key is already there": allauth's rate limiter, whose lock is a ``cache.add``, then
answered 429 to every login, sign-up and password reset. Here ``add`` answers True instead,
so rate limits degrade open while Redis is unreachable, and accounts keep working.

Both backends here count their hits and misses (`get`, `get_many`, and `get_or_set`, whose
re-read after setting a missing key is a hit) for /metrics (pydotorg/core/metrics.py): one
in-memory increment per key read."""

import time

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache as _LocMemCache
from django_redis.cache import RedisCache as _RedisCache
from prometheus_client import Counter

HITS = Counter("pydotorg_cache_hits", "Cache reads that found the key.")
MISSES = Counter("pydotorg_cache_misses", "Cache reads that did not (or could not reach the cache).")
_MISSING = object()


class CountingCache:
    def get(self, key, default=None, version=None, **kwargs):
        value = super().get(key, _MISSING, version, **kwargs)
        if value is _MISSING:
            MISSES.inc()
            return default
        HITS.inc()
        return value


class LocMemCache(CountingCache, _LocMemCache):
    """Django's local-memory cache (no REDIS_URL), counted (its get_many calls get)."""


class RedisCache(CountingCache, _RedisCache):
    def get_many(self, keys, *args, **kwargs):
        keys = list(keys)
        found = super().get_many(keys, *args, **kwargs)
        HITS.inc(len(found))
        MISSES.inc(len(keys) - len(found))
        return found

    def add(self, *args, **kwargs):
        added = super().add(*args, **kwargs)
        return True if added is None else added


class Generation:
    """Cache entries that one call makes stale: every key carries a generation number that
    `bump()` increments (a stale entry is never read again and expires with its timeout).
    `pydotorg.core.chrome` (what every page shows around its content) and the downloads
    section's fragments use one each. The number starts (and starts again, should the cache
    lose it) from the clock in microseconds, so a key is never reused for other content:
    copies kept outside the cache under a key stay right (the downloads API's lists). While
    the cache is unreachable every call gets a number of its own: nothing is reused."""

    def __init__(self, prefix, timeout):
        self.prefix, self.timeout = prefix, timeout
        self.counter = f"{prefix}:generation"

    def current(self):
        value = counter(self.counter)
        return _clock() if value is None else value

    def key(self, name, *parts):
        return ":".join([self.prefix, str(self.current()), name, *map(str, parts)])

    def cached(self, name, build, *parts):
        """The cached value of `name` (and `parts`), built with `build()` when missing."""
        key = self.key(name, *parts)
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, self.timeout)
        return value

    def bump(self):
        try:
            cache.incr(self.counter)
        except ValueError:
            cache.set(self.counter, _clock(), None)


def counter(key):
    """The value of the counter `key`, started (or started again, should the cache lose it)
    from the clock in microseconds: above any value it had before. None when the cache cannot
    be reached. The page cache's purge counter and each `Generation` are one."""
    value = cache.get(key)
    if value is None:
        cache.add(key, _clock(), None)
        value = cache.get(key)  # another process's, if it added first
    return value


def _clock():
    return time.time_ns() // 1000

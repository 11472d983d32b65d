"""The Redis cache backend (settings CACHES with REDIS_URL): django-redis, tolerant of Redis
being down (docs/security.md).

With IGNORE_EXCEPTIONS, a command Redis cannot answer is skipped: a read misses, a write is
dropped (not logged: a page makes dozens of cache calls, one traceback each would flood the
log during an outage; /health logs the cause). ``add`` would answer None, which callers take
for "the key is already there": allauth's rate limiter, whose lock is a ``cache.add``, then
answered 429 to every login, sign-up and password reset. Here ``add`` answers True instead,
so rate limits degrade open while Redis is unreachable, and accounts keep working."""

from django_redis.cache import RedisCache as _RedisCache


class RedisCache(_RedisCache):
    def add(self, *args, **kwargs):
        added = super().add(*args, **kwargs)
        return True if added is None else added

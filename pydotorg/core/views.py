import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control, never_cache
from huey.contrib.djhuey import HUEY

logger = logging.getLogger(__name__)

HEALTH_TIMEOUT = 1  # seconds a dependency may take to answer /health


def _database():
    pool = connection.pool if connection.vendor == "postgresql" else None
    if pool is None:  # SQLite (a file), or PostgreSQL without a pool
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return
    # A connection from the requests' pool, waited for at most HEALTH_TIMEOUT: when the
    # server is down or silent, Django's cursor would wait the pool's whole timeout (10 s).
    pool.open()
    with pool.connection(timeout=HEALTH_TIMEOUT) as conn, conn.transaction():
        conn.execute(f"SET LOCAL statement_timeout = {HEALTH_TIMEOUT * 1000}")
        conn.execute("SELECT 1")


def _cache():
    # The cache swallows Redis errors (pydotorg.core.cache): what was written must read back.
    key, value = f"health:{uuid.uuid4().hex}", 1
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise ConnectionError("the cache did not keep a value")


def _queue():
    url = settings.HUEY.get("url")
    if not url:  # SQLite file
        HUEY.storage.queue_size()
        return
    options = {"socket_connect_timeout": HEALTH_TIMEOUT, "socket_timeout": HEALTH_TIMEOUT}
    with redis.Redis.from_url(url, **options) as client:
        client.ping()


def _passes(name, check):
    try:
        check()
    except Exception as exc:  # the detail goes to the log, never to the caller
        logger.warning("health check failed: %s: %s", name, exc)
        return False
    return True


@never_cache
def health(request):
    """Each dependency's state, for load balancers and probes: 503 only when the site cannot
    serve (the database is down); the cache or the queue down is "degraded" (the site serves
    without them, docs/security.md). The cache and the queue are asked while the
    database is, so the answer takes the slowest check's time (about 1 s at worst), not the sum."""
    with ThreadPoolExecutor(max_workers=2) as executor:
        cache_ok = executor.submit(_passes, "cache", _cache)
        queue_ok = executor.submit(_passes, "queue", _queue)
        state = {"database": _passes("database", _database)}
        state.update(cache=cache_ok.result(), queue=queue_ok.result())
    if not state["database"]:
        return JsonResponse({"status": "unhealthy", **state}, status=503)
    return JsonResponse({"status": "healthy" if all(state.values()) else "degraded", **state})


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /django-admin/
Disallow: /accounts/
Disallow: /search/
Sitemap: {sitemap}
"""

HUMANS = """/* TEAM */
Python Software Foundation and the python.org contributors
Site: https://www.python.org/
Source: built with Django and Wagtail

/* SITE */
Standards: HTML5, CSS3
Components: Django, Wagtail, Huey, PostgreSQL, Redis
"""

FUNDING = Path(__file__).resolve().parent / "fixtures" / "funding.json"


@cache_control(public=True, max_age=3600)
def robots_txt(request):
    return HttpResponse(ROBOTS.format(sitemap=request.build_absolute_uri("/sitemap.xml")), content_type="text/plain")


@cache_control(public=True, max_age=86400)
def humans_txt(request):
    return HttpResponse(HUMANS, content_type="text/plain; charset=utf-8")


@cache_control(public=True, max_age=3600)
def funding_json(request):
    """The PSF's funding manifest (floss.fund's funding.json)."""
    return HttpResponse(FUNDING.read_bytes(), content_type="application/json")

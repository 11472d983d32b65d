"""On the demo content (as `make run` loads it), every public page renders without the page
cache in at most 12 SQL queries once Wagtail's and the site's caches are warm, and in few more
on a cold start (the navigation, boxes and code samples built once). The factories-based
tests/test_query_counts.py pins the exact counts and their constancy; this checks the same
pages on the real content (docs/performance.md "Renders without the cache")."""

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

URLS = [
    "/",
    "/downloads/",
    "/downloads/release/",
    "/downloads/release/python-3140/",
    "/jobs/",
    "/events/",
    "/blogs/",
    "/success-stories/",
    "/community/",
    "/psf/",
    "/about/",
    "/sponsors/",
    "/search/?q=python",
]


def test_every_public_page_renders_in_at_most_12_queries_on_the_demo(demo_db, db, client):
    cold, warm = {}, {}
    with override_settings(PAGE_CACHE_ENABLED=False):
        for counted in (cold, warm):
            for url in URLS:
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                assert response.status_code == 200, url
                counted[url] = len(queries)
    assert {url: n for url, n in warm.items() if n > 12} == {}
    assert {url: n for url, n in cold.items() if n > 25} == {}, cold

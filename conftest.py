"""Fixtures shared by every test. Tests run on PostgreSQL and Redis when DATABASE_URL and
REDIS_URL are set (CI sets them), and on SQLite and local memory otherwise."""

from pathlib import Path

import pytest
from django.core.cache import cache

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache (only our key prefix, never the whole Redis DB)."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()
    yield


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    return HomePage.objects.get(depth=2)


@pytest.fixture
def site(db):
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)

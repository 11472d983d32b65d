"""The release lists of the API come from a cached serialisation (api.CachedList): served
without a query the second time, kept apart per visibility, query and host, and fresh after
any change of release data. The throttles count in one cache entry per caller and window."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pydotorg.api.auth import UserThrottle, V1Throttle
from pydotorg.core.tests.test_pagecache import closed_port
from sections.downloads import api, caching

from .conftest import v1_auth, v2_auth

V1 = "/api/v1/downloads/release/?format=json"
V2 = "/api/v2/downloads/release/"
GENERATION = caching._downloads.counter


def names(response):
    data = response.json()
    return sorted(item["name"] for item in (data["objects"] if isinstance(data, dict) else data))


def queries(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("url", [V1, V2])
def test_second_read_costs_no_query_and_says_the_same(client, release, draft_release, url):
    first, response = queries(client, url)
    again, cached = queries(client, url)
    assert again == 0 < first
    assert cached.content == response.content and cached["Content-Type"] == "application/json"
    assert names(cached) == ["Python 3.14.0"]


@pytest.mark.parametrize("url", [V1, V2])
def test_answered_with_its_etag_and_kept_by_the_process(client, release, url):
    cache.delete(GENERATION)  # a generation started afresh
    first = client.get(url)
    assert first["ETag"] and client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    for key in [k for k in api.CachedList._answers if k.startswith("downloads:")]:
        cache.delete(key)  # the shared copy gone: the process's copy answers, without a query
    again, kept = queries(client, url)
    assert again == 0 and kept.content == first.content and kept["ETag"] == first["ETag"]
    release.title = "Python 3.14.1"
    release.save_revision().publish()
    assert names(client.get(url)) == ["Python 3.14.1"]
    cache.delete(GENERATION)  # lost (Redis restarted): it never starts again at a used number
    assert names(client.get(url)) == ["Python 3.14.1"]


@pytest.mark.parametrize("url", [V1, V2])
def test_fresh_while_redis_is_down(client, release, settings, url):
    """Redis unreachable: each request gets a generation of its own, no kept answer is reused."""
    settings.CACHES = {
        "default": {
            "BACKEND": "pydotorg.core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    assert names(client.get(url)) == ["Python 3.14.0"]
    release.title = "Python 3.14.1"
    release.save_revision().publish()  # the generation's bump fails quietly
    assert names(client.get(url)) == ["Python 3.14.1"]


def test_keyed_by_visibility_query_and_host(client, users, release, draft_release):
    assert names(client.get(V2)) == ["Python 3.14.0"]
    assert names(client.get(V2, **v2_auth("release_manager"))) == ["Python 3.14.0", "Python 3.15.0a1"]
    assert names(client.get(V1, **v1_auth("release_manager"))) == ["Python 3.14.0", "Python 3.15.0a1"]
    assert names(client.get(V2)) == ["Python 3.14.0"]  # anonymous still sees no draft
    assert names(client.get(V2 + "?pre_release=true", **v2_auth("release_manager"))) == ["Python 3.15.0a1"]
    other = client.get(V2, HTTP_HOST="api.example.org")
    assert other.json()[0]["resource_uri"].startswith("http://api.example.org/api/v2/")
    assert client.get(V2).json()[0]["resource_uri"].startswith("http://testserver/")
    assert client.get(V2 + "?release_date__year=0").status_code in (200, 400)  # never a cached error


@pytest.mark.parametrize("url", [V1, V2])
def test_fresh_after_publish_unpublish_and_draft_save(client, users, release, draft_release, make_release, url):
    assert names(client.get(url)) == ["Python 3.14.0"]
    draft_release.save_revision().publish()
    assert names(client.get(url)) == ["Python 3.14.0", "Python 3.15.0a1"]
    release.unpublish()
    assert names(client.get(url)) == ["Python 3.15.0a1"]
    auth = v2_auth("release_manager") if "v2" in url else v1_auth("release_manager")
    assert "Python 3.16.0a1" not in names(client.get(url, **auth))
    make_release("Python 3.16.0a1", live=False)  # a draft: only release managers see it
    assert "Python 3.16.0a1" in names(client.get(url, **auth))


def test_throttle_is_one_counter_per_caller_and_window(client, release, monkeypatch):
    monkeypatch.setattr(V1Throttle, "THROTTLE_RATES", {"api_v1": "3/hour"})
    codes = [client.get(V1).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert 0 < int(client.get(V1)["Retry-After"]) <= 3600
    assert list(throttle_counters("throttle_api_v1_").values()) == [5]  # a number, not a history


def test_v2_throttles_count_too(client, users, release, monkeypatch):
    monkeypatch.setattr(UserThrottle, "THROTTLE_RATES", {"user": "2/day", "anon": None})
    codes = [client.get(V2, **v2_auth("user")).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def throttle_counters(prefix):
    if hasattr(cache, "keys"):  # django-redis
        keys = cache.keys(f"*{prefix}*")
    else:  # local memory keeps "<KEY_PREFIX>:<version>:<key>"
        keys = [key.rsplit(":", 2)[-2] + ":" + key.rsplit(":", 1)[-1] for key in cache._cache if prefix in key]
    return {key: cache.get(key) for key in keys}

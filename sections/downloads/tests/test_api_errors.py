"""No 500 for anything a client can send: bad filter values, a protected delete, a name that
makes no slug, a huge or too deeply nested body. Each is a 4xx with a reason; v2's errors
are JSON, never the HTML error page. Run on SQLite and PostgreSQL."""

import json

import pytest
from django.conf import settings

from sections.downloads.models import OperatingSystem
from sections.downloads.pages import ReleasePage

from .conftest import v1_auth, v2_auth

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/downloads/release/?release_date__year=0", "release_date__year"),
        ("/api/v1/downloads/release/?release_date__year=10000", "release_date__year"),
        ("/api/v1/downloads/release/?release_date__year=-1", "release_date__year"),
        ("/api/v1/downloads/release/?release_date__year=2020.5", "release_date__year"),
        ("/api/v1/downloads/release/?release_date__month=13", "release_date__month"),
        ("/api/v1/downloads/release/?release_date__day=0", "release_date__day"),
        ("/api/v1/downloads/release/?release_date__gt=0001-01-01T00:00:00%2B05:00", "release_date__gt"),
        ("/api/v2/downloads/release/?release_date=9999-12-31T23:00:00-05:00", "release_date"),
    ],
)
def test_impossible_dates_are_400(client, release, url, field):
    response = client.get(url)
    assert response.status_code == 400, response.content
    body = response.json()
    errors = body["downloads/release"] if "/v1/" in url else body
    assert field in errors


@pytest.mark.parametrize(
    ("url", "count"),
    [
        # Offsets Python reads but PostgreSQL refuses (past ±15:59): compared in UTC.
        ("/api/v1/downloads/release/?release_date=2020-01-01T00:00:00%2B19:27", 0),
        ("/api/v2/downloads/release/?release_date=2020-01-01T00:00:00%2B19:27", 0),
        ("/api/v1/downloads/release/?release_date__gt=2000-01-01T00:00:00-18:30", 1),
        ("/api/v1/downloads/release/?release_date__year=2025", 1),
        ("/api/v1/downloads/release/?release_date__lt=9999-12-31T23:59:59Z", 1),
    ],
)
def test_any_offset_python_reads_is_compared_in_utc(client, release, url, count):
    release.release_date = "2025-10-07T12:00:00Z"
    release.save()
    response = client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["meta"]["total_count"] if "/v1/" in url else len(body)) == count


def test_ids_past_what_sqlite_compares_are_refused(client, release):
    huge = 2**64
    response = client.get(f"/api/v1/downloads/release_file/?release={huge}")
    assert response.status_code == 400 and "downloads/release_file" in response.json()
    assert client.get(f"/api/v2/downloads/release/{huge}/").status_code in (400, 404)  # 404 on PostgreSQL


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_deleting_an_operating_system_in_use_is_409(client, users, release_file, version):
    auth = v1_auth("superuser") if version == "v1" else v2_auth("superuser")
    response = client.delete(f"/api/{version}/downloads/os/3/", **auth)
    assert response.status_code == 409
    message = response.json()["error_message" if version == "v1" else "detail"]
    assert "Still in use by 1 object(s)" in message and "release file XZ compressed source tarball" in message
    assert OperatingSystem.objects.filter(pk=3).exists()


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_a_name_that_makes_no_slug_is_400(client, users, release_index, version):
    auth = v1_auth("superuser") if version == "v1" else v2_auth("superuser")
    response = client.post(
        f"/api/{version}/downloads/release/", {"name": "!!!"}, content_type="application/json", **auth
    )
    assert response.status_code == 400
    errors = response.json()["downloads/release"] if version == "v1" else response.json()
    assert errors["slug"] == ["'!!!' makes no slug: give a name or slug with letters or digits."]
    assert not ReleasePage.objects.filter(title="!!!").exists()


def test_a_body_over_the_upload_limit_is_413(client, users, release_index):
    body = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE * 2)})  # 5 MB
    response = client.post("/api/v1/downloads/release/", body, content_type="application/json", **v1_auth("superuser"))
    assert response.status_code == 413
    assert response.json() == {"error_message": "The request body is larger than 2621440 bytes."}
    response = client.post("/api/v2/downloads/release/", body, content_type="application/json", **v2_auth("superuser"))
    assert response.status_code == 413 and "larger than" in response.json()["detail"]


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_json_nested_100000_deep_is_400(client, users, release_index, version):
    auth = v1_auth("superuser") if version == "v1" else v2_auth("superuser")
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(f"/api/{version}/downloads/release/", body, content_type="application/json", **auth)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    message = response.json()["error_message" if version == "v1" else "detail"]
    assert "nested too deeply" in message


def test_v2_server_failures_are_json(client, users, release, monkeypatch):
    from sections.downloads import api

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(api.services, "save_release", broken)
    response = client.patch(
        f"/api/v2/downloads/release/{release.pk}/", {"pre_release": True}, content_type="application/json",
        **v2_auth("superuser"),
    )  # fmt: skip
    assert response.status_code == 500
    assert response.json() == {"detail": "Sorry, this request could not be processed."}

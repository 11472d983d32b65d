"""API v1 (python.org's Tastypie shape): shapes, filters, pagination, auth, visibility and
every validation rule; a refused request writes nothing."""

import json

import pytest

from sections.downloads.pages import ReleaseFile, ReleasePage

from .conftest import v1_auth

pytestmark = pytest.mark.django_db
API = "/api/v1/"
URL = "https://www.python.org/ftp/python/3.14.0/"


def new_file(release_page, **fields):
    data = {
        "name": "Windows installer (64-bit)",
        "slug": "python-3140-windows-installer-64-bit",
        "os": "/api/v1/downloads/os/1/",
        "release": f"/api/v1/downloads/release/{release_page.pk}/",
        "description": "Recommended",
        "is_source": False,
        "url": URL + "python-3.14.0-amd64.exe",
        "sha256_sum": "f" * 64,
        "filesize": 3 * 2**31,
        "download_button": True,
        "sigstore_signature_file": URL + "python-3.14.0-amd64.exe.sig",
        "sbom_spdx2_file": URL + "python-3.14.0-amd64.exe.spdx.json",
    }
    data.update(fields)
    return data


def post(client, resource, data, role="release_manager"):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(f"{API}{resource}/", body, content_type="application/json", **v1_auth(role))


def test_os_list_shape_and_stable_keys(client):
    body = client.get(f"{API}downloads/os/").json()
    assert body["meta"] == {"limit": 20, "offset": 0, "total_count": 5, "next": None, "previous": None}
    assert [(o["slug"], o["resource_uri"]) for o in body["objects"][:3]] == [
        ("windows", "/api/v1/downloads/os/1/"),
        ("macos", "/api/v1/downloads/os/2/"),
        ("source", "/api/v1/downloads/os/3/"),
    ]
    assert set(body["objects"][0]) == {"name", "slug", "created", "updated", "resource_uri"}
    assert client.get(f"{API}downloads/os/?slug=ios&format=json").json()["objects"][0]["name"] == "iOS"
    assert client.get(f"{API}downloads/os/3/").json()["slug"] == "source"


def test_release_list_detail_and_filters(client, users, release, draft_release):
    body = client.get(f"{API}downloads/release/?name=Python+3.14.0").json()
    (obj,) = body["objects"]
    assert obj == {
        **obj,
        "name": "Python 3.14.0",
        "slug": "python-3140",
        "version": 3,
        "is_latest": True,
        "is_published": True,
        "pre_release": False,
        "release_page": None,
        "release_notes_url": "https://docs.python.org/3.14/",
        "resource_uri": f"/api/v1/downloads/release/{release.pk}/",
    }
    assert {"show_on_download_page", "release_date", "content", "created", "updated"} <= set(obj)
    assert client.get(f"{API}downloads/release/{release.pk}/").json()["name"] == "Python 3.14.0"
    for query, count in [("version=3", 1), ("version__startswith=3", 1), ("pre_release=false", 1),
                         ("is_published=true", 1), ("slug=python-3140", 1), ("release_date__year=1999", 0),
                         ("release_date__gte=2000-01-01", 1)]:  # fmt: skip
        assert client.get(f"{API}downloads/release/?{query}").json()["meta"]["total_count"] == count, query


def test_unpublished_releases_for_release_managers_only(client, users, release, draft_release):
    for role in ["anonymous", "user", "moderator", "editor", "staff"]:
        names = [o["name"] for o in client.get(f"{API}downloads/release/", **v1_auth(role)).json()["objects"]]
        assert names == ["Python 3.14.0"], role
        assert client.get(f"{API}downloads/release/{draft_release.pk}/", **v1_auth(role)).status_code == 404
    staff = client.get(f"{API}downloads/release/", **v1_auth("release_manager")).json()
    assert staff["meta"]["total_count"] == 2


def test_release_file_shape_and_filters(client, release, release_file):
    body = client.get(f"{API}downloads/release_file/?release__slug=python-3140").json()
    (obj,) = body["objects"]
    assert obj["os"] == "/api/v1/downloads/os/3/"
    assert obj["release"] == f"/api/v1/downloads/release/{release.pk}/"
    assert obj["resource_uri"] == f"/api/v1/downloads/release_file/{release_file.pk}/"
    assert obj["filesize"] == 3 * 2**30
    assert set(obj) == {
        "os", "release", "name", "slug", "description", "is_source", "url", "gpg_signature_file",
        "sigstore_signature_file", "sigstore_cert_file", "sigstore_bundle_file", "sbom_spdx2_file",
        "md5_sum", "sha256_sum", "filesize", "download_button", "created", "updated", "resource_uri",
    }  # fmt: skip
    for query, count in [("description__contains=source", 1), ("description__contains=nothing", 0),
                         ("os=3", 1), ("os=1", 0), (f"release={release.pk}", 1), ("release__slug=other", 0),
                         ("os__slug=source", 1), ("name=XZ+compressed+source+tarball", 1), ("slug=nope", 0)]:  # fmt: skip
        assert client.get(f"{API}downloads/release_file/?{query}").json()["meta"]["total_count"] == count, query
    assert client.get(f"{API}downloads/release_file/?release=abc").status_code == 400


def test_pagination_meta(client, make_release):
    for n in range(5):
        make_release(f"Python 3.10.{n}")
    body = client.get(f"{API}downloads/release/?limit=2&offset=2").json()
    assert body["meta"]["total_count"] == 5 and len(body["objects"]) == 2
    assert body["meta"]["next"] == "/api/v1/downloads/release/?limit=2&offset=4"
    assert body["meta"]["previous"] == "/api/v1/downloads/release/?limit=2&offset=0"


def test_pages_resource(client, users, home_page):
    from sections.pages.factories import SectionPageFactory

    SectionPageFactory(parent=home_page, title="About", slug="about", search_description="python, about")
    SectionPageFactory(parent=home_page, title="Secret", slug="secret", live=False)
    body = client.get(f"{API}pages/page/?path=about").json()
    (obj,) = body["objects"]
    assert obj["title"] == "About" and obj["path"] == "about" and obj["is_published"] is True
    assert obj["resource_uri"].startswith("/api/v1/pages/page/")
    assert client.get(f"{API}pages/page/?keywords__icontains=PYTHON").json()["meta"]["total_count"] == 1
    assert client.get(f"{API}pages/page/?title=Secret").json()["meta"]["total_count"] == 0
    assert client.get(f"{API}pages/page/?title=Secret", **v1_auth("staff")).json()["meta"]["total_count"] == 0
    # A draft is shown to who may edit it in Wagtail (Wagtail's Editors group: every page).
    assert client.get(f"{API}pages/page/?title=Secret", **v1_auth("editor")).json()["meta"]["total_count"] == 1


def test_post_creates_with_location_and_a_revision(client, users, release):
    response = post(client, "downloads/release_file", new_file(release))
    assert response.status_code == 201, response.content
    file = ReleaseFile.objects.get()
    assert response["Location"] == f"http://testserver/api/v1/downloads/release_file/{file.pk}/"
    assert file.filesize == 3 * 2**31 and file.os_id == 1
    release.refresh_from_db()
    assert release.latest_revision.content["files"][0]["url"] == file.url  # the editor sees it
    assert release.live_revision_id == release.latest_revision_id


def test_post_release_as_a_page(client, users, release_index):
    data = {"name": "Python 3.14.1", "version": 3, "is_published": True, "release_date": "2025-12-02T12:00:00Z"}
    response = post(client, "downloads/release", data, role="superuser")
    assert response.status_code == 201, response.content
    release = ReleasePage.objects.get(title="Python 3.14.1")
    assert release.slug == "python-3141" and release.live and release.get_parent().pk == release_index.pk
    assert client.get("/downloads/release/python-3141/").status_code == 200


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"url": "https://evil.example.org/python.exe", "sigstore_signature_file": "", "sbom_spdx2_file": ""},
         "url", "must start with https://www.python.org/"),
        ({"sigstore_signature_file": URL + "python-3.14.0-amd64.exe.asc"}, "sigstore_signature_file", "followed by .sig:"),
        ({"gpg_signature_file": URL + "other.exe.asc"}, "gpg_signature_file", "followed by .asc:"),
        ({"sbom_spdx2_file": URL + "python-3.14.0-amd64.exe.json"}, "sbom_spdx2_file", "followed by .spdx.json:"),
        ({"os": "/api/v1/downloads/os/99/"}, "os", "No object"),
        ({"release": "/api/v1/downloads/nothing/1/"}, "release", "Expected a URI"),
        ({"filesize": 2**63}, "filesize", ""),
        ({"slug": "python-3140-xz"}, "slug", "already exists"),
        ({"url": URL + "Python-3.14.0.tar.xz", "sigstore_signature_file": "", "sbom_spdx2_file": ""}, "url", "already exists"),
        ({"os": "/api/v1/downloads/os/3/", "url": URL + "Python-3.14.0.tgz", "sigstore_signature_file": "",
          "sbom_spdx2_file": ""}, "download_button", "already has a download button"),
    ],
)  # fmt: skip
def test_validation_rules_answer_400_and_write_nothing(client, users, release, release_file, fields, field, message):
    response = post(client, "downloads/release_file", new_file(release, **fields))
    assert response.status_code == 400, response.content
    errors = response.json()["downloads/release_file"]
    assert field in errors and message in " ".join(errors[field])
    assert ReleaseFile.objects.count() == 1


def test_malformed_json_is_400(client, users, release):
    response = post(client, "downloads/release_file", '{"name": "oops",')
    assert response.status_code == 400
    assert "error_message" in response.json() and "downloads/release_file" in response.json()
    assert not ReleaseFile.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch"])
def test_put_and_patch_are_405(client, users, release_file, method):
    response = getattr(client, method)(
        f"{API}downloads/release_file/{release_file.pk}/", "{}", content_type="application/json", **v1_auth("staff")
    )
    assert response.status_code == 405


@pytest.mark.parametrize(
    "header", ["ApiKey staff:wrong", "ApiKey nobody:nobody-key", "Token staff-token", "Basic eDp5"]
)
def test_bad_credentials_are_401(client, users, header):
    assert client.get(f"{API}downloads/os/", HTTP_AUTHORIZATION=header).status_code == 401


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("user", 403), ("moderator", 403), ("editor", 403), ("staff", 403)]
)
def test_writes_need_permissions(client, users, release, release_file, role, status):
    assert post(client, "downloads/release_file", new_file(release), role=role).status_code == status
    assert post(client, "downloads/os", {"name": "Plan 9", "slug": "plan9"}, role=role).status_code == status
    auth = v1_auth(role)
    assert client.delete(f"{API}downloads/release_file/{release_file.pk}/", **auth).status_code == status
    assert client.delete(f"{API}downloads/release_file/?release={release.pk}", **auth).status_code == status
    assert ReleaseFile.objects.count() == 1


def test_delete_by_release_needs_exactly_one_release(client, users, release, release_file):
    auth = v1_auth("release_manager")
    assert client.delete(f"{API}downloads/release_file/", **auth).status_code == 400
    assert client.delete(f"{API}downloads/release_file/?release=1&release=2", **auth).status_code == 400
    assert ReleaseFile.objects.count() == 1
    assert client.delete(f"{API}downloads/release_file/?release={release.pk}", **auth).status_code == 204
    assert not ReleaseFile.objects.exists()


def test_delete_one_file(client, users, release_file):
    response = client.delete(f"{API}downloads/release_file/{release_file.pk}/", **v1_auth("release_manager"))
    assert response.status_code == 204
    assert not ReleaseFile.objects.exists()


def test_throttle_rate_comes_from_settings(client, settings, monkeypatch):
    from pydotorg.api.auth import V1Throttle

    assert V1Throttle().get_rate() == settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_v1"] == "600/hour"
    monkeypatch.setattr(V1Throttle, "THROTTLE_RATES", {"api_v1": "2/hour"})
    codes = [client.get(f"{API}downloads/os/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert "error_message" in client.get(f"{API}downloads/os/").json()


def test_server_failure_carries_error_message(client, users, release, monkeypatch):
    from sections.downloads import api

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(api.services, "next_sort_order", broken)
    response = post(client, "downloads/release_file", new_file(release))
    assert response.status_code == 500
    assert "error_message" in response.json() and "disk full" not in response.content.decode()
    assert not ReleaseFile.objects.exists()

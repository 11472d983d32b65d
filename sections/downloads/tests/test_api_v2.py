"""API v2 (REST framework shape): plain lists, absolute URLs, exact filters, unknown
parameters refused, Token auth, writes by permission, visibility, delete_by_release."""

import pytest

from sections.downloads.models import OperatingSystem
from sections.downloads.pages import ReleaseFile

from .conftest import v2_auth
from .test_api_v1 import URL, new_file

pytestmark = pytest.mark.django_db
API = "/api/v2/"


def v2_file(release, **fields):
    data = new_file(release, **fields)
    data["os"] = "http://testserver/api/v2/downloads/os/1/"
    data["release"] = f"http://testserver/api/v2/downloads/release/{release.pk}/"
    return data


def test_lists_are_plain_with_absolute_urls(client, release, release_file):
    oses = client.get(f"{API}downloads/os/").json()
    assert isinstance(oses, list) and oses[0]["resource_uri"] == "http://testserver/api/v2/downloads/os/1/"
    (file,) = client.get(f"{API}downloads/release_file/").json()
    assert file["os"] == "http://testserver/api/v2/downloads/os/3/"
    assert file["release"] == f"http://testserver/api/v2/downloads/release/{release.pk}/"
    assert file["filesize"] == 3 * 2**30
    (rel,) = client.get(f"{API}downloads/release/").json()
    assert rel["name"] == "Python 3.14.0" and rel["resource_uri"].endswith(f"/api/v2/downloads/release/{release.pk}/")
    assert client.get(f"{API}downloads/release_file/{release_file.pk}/").json()["slug"] == "python-3140-xz"


def test_exact_filters_and_unknown_parameters(client, release, release_file):
    assert len(client.get(f"{API}downloads/release_file/?release__slug=python-3140").json()) == 1
    assert len(client.get(f"{API}downloads/release_file/?os=1").json()) == 0
    assert len(client.get(f"{API}downloads/release/?name=Python+3.14.0").json()) == 1
    assert len(client.get(f"{API}downloads/os/?slug=macos").json()) == 1
    response = client.get(f"{API}downloads/release_file/?description__contains=source")
    assert response.status_code == 400 and "description__contains" in response.json()
    assert client.get(f"{API}pages/page/?colour=blue").status_code == 400
    assert client.get(f"{API}pages/page/?title=Welcome").status_code == 200


def test_unpublished_for_release_managers_only(client, users, release, draft_release):
    from sections.downloads.factories import ReleaseFileFactory

    hidden = ReleaseFileFactory(release=draft_release)
    for role in ["anonymous", "user", "moderator", "editor", "staff"]:
        assert len(client.get(f"{API}downloads/release/", **v2_auth(role)).json()) == 1, role
        assert client.get(f"{API}downloads/release_file/", **v2_auth(role)).json() == [], role
        assert client.get(f"{API}downloads/release_file/{hidden.pk}/", **v2_auth(role)).status_code == 404
    assert len(client.get(f"{API}downloads/release/", **v2_auth("release_manager")).json()) == 2
    assert len(client.get(f"{API}downloads/release_file/", **v2_auth("release_manager")).json()) == 1


def test_full_crud_with_every_permission(client, users, release, release_file):
    auth = v2_auth("superuser")
    response = client.post(f"{API}downloads/release_file/", v2_file(release), content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    pk = ReleaseFile.objects.get(slug="python-3140-windows-installer-64-bit").pk
    detail = f"{API}downloads/release_file/{pk}/"
    response = client.patch(detail, {"description": "Changed"}, content_type="application/json", **auth)
    assert response.status_code == 200 and ReleaseFile.objects.get(pk=pk).description == "Changed"
    response = client.put(detail, v2_file(release, description="Put"), content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    response = client.patch(
        f"{API}downloads/release/{release.pk}/", {"pre_release": True}, content_type="application/json", **auth
    )
    assert response.status_code == 200 and response.json()["pre_release"] is True
    response = client.post(
        f"{API}downloads/os/", {"name": "Plan 9", "slug": "plan9"}, content_type="application/json", **auth
    )
    assert response.status_code == 201 and OperatingSystem.objects.get(slug="plan9").pk > 5
    assert client.delete(detail, **auth).status_code == 204
    assert client.delete(f"{API}downloads/release_file/delete_by_release/", **auth).status_code == 400
    response = client.delete(f"{API}downloads/release_file/delete_by_release/?release={release.pk}", **auth)
    assert response.status_code == 204 and not ReleaseFile.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"url": "http://example.com/x.exe"}, "url"), ({"sigstore_signature_file": URL + "x.sig"}, "sigstore_signature_file"),
     ({"os": "http://testserver/api/v2/downloads/os/99/"}, "os"), ({"os": 3, "url": URL + "Python-3.14.0.tgz",
      "sigstore_signature_file": "", "sbom_spdx2_file": ""}, "download_button")],
)  # fmt: skip
def test_validation_rules(client, users, release, release_file, fields, field):
    data = v2_file(release)
    if fields.get("os") == 3:
        fields["os"] = "http://testserver/api/v2/downloads/os/3/"
    data.update(fields)
    auth = v2_auth("release_manager")
    response = client.post(f"{API}downloads/release_file/", data, content_type="application/json", **auth)
    assert response.status_code == 400 and field in response.json()
    assert ReleaseFile.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("user", 403), ("moderator", 403), ("editor", 403), ("staff", 403)]
)
def test_writes_need_permissions(client, users, release, release_file, role, status):
    auth = v2_auth(role)
    detail = f"{API}downloads/release_file/{release_file.pk}/"
    assert (
        client.post(
            f"{API}downloads/release_file/", v2_file(release), content_type="application/json", **auth
        ).status_code
        == status
    )
    assert client.patch(detail, {"name": "x"}, content_type="application/json", **auth).status_code == status
    assert client.delete(detail, **auth).status_code == status
    assert (
        client.delete(f"{API}downloads/release_file/delete_by_release/?release={release.pk}", **auth).status_code
        == status
    )
    assert ReleaseFile.objects.get().name == "XZ compressed source tarball"


def test_bad_token_is_401(client):
    assert client.get(f"{API}downloads/os/", HTTP_AUTHORIZATION="Token nope").status_code == 401


def test_pages_are_read_only(client, users):
    assert client.post(f"{API}pages/page/", {}, content_type="application/json", **v2_auth("staff")).status_code == 405


def test_openapi_description(client):
    response = client.get("/api/docs?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/downloads/release_file/" in paths and "/api/v2/downloads/release/" in paths

"""Every write route of the API, v1 and v2, for every role. A write needs the model
permission of the resource and, for releases and their files, the page permission
Wagtail's admin asks for; `is_staff` grants nothing. "Release managers" hold exactly what
the upload script needs: its routes pass, the others are refused."""

import json

import pytest
from django.contrib.auth.models import Permission

from sections.downloads.factories import OperatingSystemFactory, ReleaseFileFactory, ReleasePageFactory
from sections.downloads.models import OperatingSystem
from sections.downloads.pages import ReleaseFile, ReleasePage

from .conftest import v1_auth, v2_auth
from .test_api_v1 import new_file

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "user", "moderator", "editor", "staff", "release_manager", "superuser"]
SCRIPT = {"release_manager", "superuser"}  # the upload script's routes
ALL = {"superuser"}  # the rest: only a holder of every permission (no group holds them)


class Objects:
    """Fresh objects for each request, so each route starts alike."""

    def __init__(self, release, release_index):
        self.live, self.index = release, release_index

    def file(self):
        return ReleaseFileFactory(release=self.live)

    def os(self):
        return OperatingSystemFactory()

    def release(self):
        return ReleasePageFactory(parent=self.index, live=False)


def send(client, method, url, data=None, **auth):
    body = json.dumps(data) if data is not None else None
    return getattr(client, method)(url, body, content_type="application/json", **auth)


def v2_file(release, **fields):
    data = new_file(release, **fields)
    data.update(
        os="http://testserver/api/v2/downloads/os/1/",
        release=f"http://testserver/api/v2/downloads/release/{release.pk}/",
    )
    return data


def release_data(n):
    return {"name": f"Python 3.99.{n}", "version": 3}


# (name, roles allowed, status when allowed, request(client, objects, auth, version))
ROUTES = [
    ("v1 POST os", ALL, 201, lambda c, o, a: send(c, "post", "/api/v1/downloads/os/", {"name": "Plan 9", "slug": "plan9"}, **a)),
    ("v1 DELETE os", ALL, 204, lambda c, o, a: send(c, "delete", f"/api/v1/downloads/os/{o.os().pk}/", **a)),
    ("v1 POST release", ALL, 201, lambda c, o, a: send(c, "post", "/api/v1/downloads/release/", release_data(1), **a)),
    ("v1 DELETE release", ALL, 204, lambda c, o, a: send(c, "delete", f"/api/v1/downloads/release/{o.release().pk}/", **a)),
    ("v1 POST release_file", SCRIPT, 201, lambda c, o, a: send(c, "post", "/api/v1/downloads/release_file/", new_file(o.live), **a)),
    ("v1 DELETE release_file", SCRIPT, 204, lambda c, o, a: send(c, "delete", f"/api/v1/downloads/release_file/{o.file().pk}/", **a)),
    ("v1 DELETE release_file ?release", SCRIPT, 204, lambda c, o, a: send(c, "delete", f"/api/v1/downloads/release_file/?release={o.file().release_id}", **a)),
    ("v2 POST os", ALL, 201, lambda c, o, a: send(c, "post", "/api/v2/downloads/os/", {"name": "Plan 8", "slug": "plan8"}, **a)),
    ("v2 PUT os", ALL, 200, lambda c, o, a: send(c, "put", f"/api/v2/downloads/os/{o.os().pk}/", {"name": "Plan 10", "slug": "plan10"}, **a)),
    ("v2 PATCH os", ALL, 200, lambda c, o, a: send(c, "patch", f"/api/v2/downloads/os/{o.os().pk}/", {"name": "Plan 11"}, **a)),
    ("v2 DELETE os", ALL, 204, lambda c, o, a: send(c, "delete", f"/api/v2/downloads/os/{o.os().pk}/", **a)),
    ("v2 POST release", ALL, 201, lambda c, o, a: send(c, "post", "/api/v2/downloads/release/", release_data(2), **a)),
    ("v2 PUT release", ALL, 200, lambda c, o, a: send(c, "put", f"/api/v2/downloads/release/{o.release().pk}/", release_data(3), **a)),
    ("v2 PATCH release", ALL, 200, lambda c, o, a: send(c, "patch", f"/api/v2/downloads/release/{o.live.pk}/", {"pre_release": True}, **a)),
    ("v2 DELETE release", ALL, 204, lambda c, o, a: send(c, "delete", f"/api/v2/downloads/release/{o.release().pk}/", **a)),
    ("v2 POST release_file", SCRIPT, 201, lambda c, o, a: send(c, "post", "/api/v2/downloads/release_file/", v2_file(o.live), **a)),
    ("v2 PUT release_file", ALL, 200, lambda c, o, a: send(c, "put", f"/api/v2/downloads/release_file/{o.file().pk}/", v2_file(o.live, slug="put", url=new_file(o.live)["url"] + ".x", sigstore_signature_file="", sbom_spdx2_file="", download_button=False), **a)),
    ("v2 PATCH release_file", ALL, 200, lambda c, o, a: send(c, "patch", f"/api/v2/downloads/release_file/{o.file().pk}/", {"description": "x"}, **a)),
    ("v2 DELETE release_file", SCRIPT, 204, lambda c, o, a: send(c, "delete", f"/api/v2/downloads/release_file/{o.file().pk}/", **a)),
    ("v2 DELETE delete_by_release", SCRIPT, 204, lambda c, o, a: send(c, "delete", f"/api/v2/downloads/release_file/delete_by_release/?release={o.file().release_id}", **a)),
]  # fmt: skip


def counts():
    return OperatingSystem.objects.count(), ReleasePage.objects.count(), ReleaseFile.objects.count()


@pytest.mark.parametrize("role", ROLES)
def test_every_write_route_for_every_role(client, users, release, release_index, role):
    objects = Objects(release, release_index)
    for name, allowed, status, request in ROUTES:
        auth = (v1_auth if name.startswith("v1") else v2_auth)(role)
        before = ReleasePage.objects.get(pk=release.pk).latest_revision_id
        response = request(client, objects, auth)
        if role in allowed:
            assert response.status_code == status, (name, response.content)
        else:
            assert response.status_code == (401 if role == "anonymous" else 403), (name, response.status_code)
            error = response.json()["error_message" if name.startswith("v1") else "detail"]
            assert "permission" in error or "credentials" in error, (name, error)
            assert ReleasePage.objects.get(pk=release.pk).latest_revision_id == before, name
        ReleaseFile.objects.all().delete()  # a clean slate (the slugs and URLs are unique)


def test_a_refusal_writes_nothing(client, users, release, release_file):
    before = counts()
    for role in ["user", "moderator", "editor", "staff"]:
        send(client, "post", "/api/v1/downloads/release_file/", new_file(release), **v1_auth(role))
        send(client, "delete", f"/api/v1/downloads/release_file/?release={release.pk}", **v1_auth(role))
        send(client, "delete", f"/api/v2/downloads/release_file/{release_file.pk}/", **v2_auth(role))
        send(client, "post", "/api/v2/downloads/os/", {"name": "Plan 9", "slug": "plan9"}, **v2_auth(role))
    assert counts() == before


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


def test_the_model_permission_alone_writes_operating_systems(client, users, make_user):
    keeper = make_user("keeper")
    grant(keeper, "add_operatingsystem", "delete_operatingsystem")
    from pydotorg.api.factories import ApiKeyFactory

    ApiKeyFactory(user=keeper, key="keeper-key")
    auth = {"HTTP_AUTHORIZATION": "ApiKey keeper:keeper-key"}
    assert send(client, "post", "/api/v1/downloads/os/", {"name": "Plan 9", "slug": "plan9"}, **auth).status_code == 201
    plan9 = OperatingSystem.objects.get(slug="plan9")
    assert send(client, "delete", f"/api/v1/downloads/os/{plan9.pk}/", **auth).status_code == 204
    response = send(client, "post", "/api/v1/downloads/release_file/", {}, **auth)
    assert response.status_code == 403
    assert response.json() == {"error_message": "This needs the permission downloads.add_releasefile, through a group."}


def test_file_writes_also_need_the_page_permissions(client, users, release, draft_release, make_user):
    """The model permission without Wagtail's on the release is refused; with edit only, a
    draft's files may change but a live release's (they go live at once) may not."""
    from pydotorg.api.factories import ApiKeyFactory

    clerk = make_user("clerk")
    grant(clerk, "add_releasefile", "delete_releasefile")
    ApiKeyFactory(user=clerk, key="clerk-key")
    auth = {"HTTP_AUTHORIZATION": "ApiKey clerk:clerk-key"}
    response = send(client, "post", "/api/v1/downloads/release_file/", new_file(draft_release), **auth)
    assert response.status_code == 403
    assert "needs Wagtail's edit permission" in response.json()["error_message"]

    from wagtail.models import GroupPagePermission

    clerk.groups.add(users["editor"].groups.get())  # Wagtail's Editors: add and change on every page
    assert GroupPagePermission.objects.filter(group__name="Editors", permission__codename="change_page").exists()
    assert send(client, "post", "/api/v1/downloads/release_file/", new_file(draft_release), **auth).status_code == 201
    response = send(client, "post", "/api/v1/downloads/release_file/", new_file(release, slug="other", url=new_file(release)["url"] + ".zip", sigstore_signature_file="", sbom_spdx2_file=""), **auth)  # fmt: skip
    assert response.status_code == 403 and "publish permission" in response.json()["error_message"]
    assert not release.files.exists()

"""The release managers' upload script (python/release-tools, add_to_pydotorg.py), steps
1-5 of REFERENCE.md, against a running server over HTTP."""

import pytest
import requests

from sections.downloads.demo import file_specs

# The migrations' rows (home page, operating systems) come back after this test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class UploadFailed(Exception):
    pass


class Uploader:
    """What add_to_pydotorg.py does, request for request."""

    def __init__(self, base, username, key):
        self.base = base.rstrip("/") + "/api/v1/"
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"ApiKey {username}:{key}", "Content-Type": "application/json"})

    def pk_of(self, resource, **query):
        response = self.session.get(self.base + resource + "/", params=query, timeout=10)
        assert response.status_code == 200, response.text
        return int(response.json()["objects"][0]["resource_uri"].rstrip("/").split("/")[-1])

    def upload(self, release_name, files):
        release_pk = self.pk_of("downloads/release", name=release_name)
        os_pks = {slug: self.pk_of("downloads/os", slug=slug) for slug in {f["os"] for f in files}}
        response = self.session.delete(
            self.base + "downloads/release_file/", params={"release": release_pk}, timeout=10
        )
        assert response.status_code == 204, response.text
        created = []
        try:
            for f in files:
                data = {
                    **f,
                    "os": f"/api/v1/downloads/os/{os_pks[f['os']]}/",
                    "release": f"/api/v1/downloads/release/{release_pk}/",
                    "is_source": os_pks[f["os"]] == 3,
                }
                response = self.session.post(self.base + "downloads/release_file/", json=data, timeout=10)
                if response.status_code != 201:
                    raise UploadFailed(response.text)
                created.append(int(response.headers["Location"].rstrip("/").split("/")[-1]))
        except UploadFailed:
            for pk in created:
                response = self.session.delete(f"{self.base}downloads/release_file/{pk}/", timeout=10)
                assert response.status_code == 204
            raise
        return created


def release_files(version, slug_prefix, count=None):
    files = []
    for os_id, filename, name, button, description, suffixes in file_specs(version, "bugfix"):
        url = f"https://www.python.org/ftp/python/3.14.0/{filename}"
        data = {
            "os": {1: "windows", 2: "macos", 3: "source", 4: "android", 5: "ios"}[os_id],
            "name": name,
            "slug": f"{slug_prefix}-{filename}".replace(".", "")[:50],
            "description": description,
            "url": url,
            "sha256_sum": "a" * 64,
            "filesize": 25_000_000,
            "download_button": button,
        }
        suffix_fields = {".sig": "sigstore_signature_file", ".crt": "sigstore_cert_file",
                         ".sigstore": "sigstore_bundle_file", ".spdx.json": "sbom_spdx2_file"}  # fmt: skip
        data.update({suffix_fields[s]: url + s for s in suffixes if s in suffix_fields})
        files.append(data)
    # The script uploads every file of the directory: add the free-threaded and test zips.
    for n in range(len(files), count or len(files)):
        url = f"https://www.python.org/ftp/python/3.14.0/python-{version}-extra-{n}.zip"
        files.append({"os": "windows", "name": f"Extra package {n}", "slug": f"{slug_prefix}-extra-{n}",
                      "description": "", "url": url, "sha256_sum": "b" * 64, "filesize": 2**33,
                      "download_button": False})  # fmt: skip
    return files


def test_release_managers_upload_flow(live_server, users, release, client):
    uploader = Uploader(live_server.url, "release_manager", "release_manager-key")
    files = release_files("3.14.0", release.slug, count=24)

    created = uploader.upload("Python 3.14.0", files)
    assert len(created) == 24

    # Running it again replaces the files (step 3 deletes the old ones).
    created = uploader.upload("Python 3.14.0", files)
    assert release.files.count() == 24

    page = requests.get(f"{live_server.url}/downloads/release/{release.slug}/", timeout=10).text
    assert "python-3.14.0-amd64.exe" in page and "8.0\xa0GB" in page
    listing = requests.get(
        f"{live_server.url}/api/v2/downloads/release_file/", params={"release": release.pk}, timeout=10
    ).json()
    assert sorted(int(f["resource_uri"].rstrip("/").split("/")[-1]) for f in listing) == sorted(created)

    # A post that fails midway (a second download button for Windows): the created files are deleted.
    broken = files[:5] + [{**files[2], "slug": "another-button", "url": files[2]["url"] + ".bak"}] + files[6:]
    with pytest.raises(UploadFailed, match="download button"):
        uploader.upload("Python 3.14.0", broken)
    assert release.files.count() == 0

"""The rules a release file must follow, in one place: the editor (model and form clean),
the API serializers and the demo loader all call these. The database backs the ones it can
express (unique slug and URL, one download button per OS per release)."""

from django.conf import settings

# Each signature/SBOM field must be the artifact URL plus this suffix.
SIGNATURE_SUFFIXES = {
    "gpg_signature_file": ".asc",
    "sigstore_signature_file": ".sig",
    "sigstore_cert_file": ".crt",
    "sigstore_bundle_file": ".sigstore",
    "sbom_spdx2_file": ".spdx.json",
}

MAX_FILESIZE = 2**63 - 1


def url_prefix():
    return settings.DOWNLOADS_URL_PREFIX


def file_errors(data):
    """Field errors (`{field: [message]}`) of one release file given as a dict of values."""
    errors = {}
    url = data.get("url") or ""
    prefix = url_prefix()
    if url and not url.startswith(prefix):
        errors["url"] = [f"The download URL must start with {prefix}"]
    for field, suffix in SIGNATURE_SUFFIXES.items():
        value = data.get(field) or ""
        if value and value != url + suffix:
            errors[field] = [f"Must be the download URL followed by {suffix}: {url}{suffix}"]
    filesize = data.get("filesize")
    if filesize is not None and not 0 <= filesize <= MAX_FILESIZE:
        errors["filesize"] = ["The size must be between 0 and 2**63 - 1 bytes."]
    return errors


def duplicate_button_errors(files):
    """Errors for a release's files (dicts with `os` and `download_button`): at most one
    download button per operating system."""
    seen = set()
    for data in files:
        if data.get("download_button") and data.get("os") is not None:
            key = getattr(data["os"], "pk", data["os"])
            if key in seen:
                return {"download_button": ["This release already has a download button for this operating system."]}
            seen.add(key)
    return {}

"""Demo content of the boxes: python.org's content boxes (fixtures/demo/boxes.json of the core)."""

import re

from pydotorg.core.demo import read_json

from .models import Box

DEMO_ORDER = 20  # before the pages that show them

# python.org's boxes name the release of the day they were saved (3.10.5, July 2022). A box is
# editors' HTML and cannot ask which release is the latest, so these lose the hard-coded
# version: the home page's download widget adds "Latest: …" from the downloads section
# (`{% latest_python3 %}`), and the source link goes through /downloads/latest/python3/,
# the redirect every "latest" button uses.
STALE_RELEASE = [
    (re.compile(r"\s*<p>Latest: <a [^>]*>Python [\d.]+</a></p>"), ""),
    (
        re.compile(r"https://www\.python\.org/ftp/python/3\.[\d.]+/Python-3\.[\d.]+\.tar\.xz"),
        "/downloads/latest/python3/",
    ),
]


# python.org writes this box from a template each time a release is published (its download
# drop-down); ours renders that drop-down from the downloads section, so the 2022 copy, which
# names 3.10.5 as the latest, is not loaded.
GENERATED = {"supernav-python-downloads"}


def without_stale_release(content):
    for pattern, replacement in STALE_RELEASE:
        content = pattern.sub(replacement, content)
    return content


def load_demo(command):
    records = [
        record
        for record in read_json("boxes.json")
        if record["model"] == "boxes.box" and record["fields"]["label"] not in GENERATED
    ]
    existing = set(Box.objects.values_list("label", flat=True))
    for record in command.progress(records, "boxes"):
        fields = record["fields"]
        if fields["label"] in existing:
            command.tally("boxes", "present")
            continue
        content = without_stale_release(fields["content"])
        new_box = Box(label=fields["label"], content=content, markup_type=fields["content_markup_type"])
        new_box.save()
        new_box.save_revision(log_action="wagtail.create")
        command.tally("boxes", "created")

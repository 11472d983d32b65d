"""Demo content of the code samples: the home page carousel's five samples."""

import html
import re

from pydotorg.core.demo import read_json

from .models import CodeSample

DEMO_ORDER = 20


def code_sample_title(copy_html):
    match = re.search(r"<h1>(.*?)</h1>", copy_html, re.DOTALL)
    return html.unescape(match.group(1)).strip() if match else "Code sample"


def load_demo(command):
    records = [record for record in read_json("codesamples.json") if record["model"] == "codesamples.codesample"]
    records.sort(key=lambda record: record["pk"])
    existing = set(CodeSample.objects.values_list("title", flat=True))
    for position, record in enumerate(records, start=1):
        fields = record["fields"]
        title = code_sample_title(fields["copy"])
        if title in existing:
            command.tally("code samples", "present")
            continue
        sample = CodeSample(title=title, code=fields["code"], copy=fields["copy"], sort_order=position, live=False)
        sample.save()
        revision = sample.save_revision(log_action="wagtail.create")
        if fields.get("is_published", True):
            revision.publish()
        command.tally("code samples", "created")

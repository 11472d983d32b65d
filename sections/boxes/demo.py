"""Demo content of the boxes: python.org's content boxes (fixtures/demo/boxes.json of the core)."""

from pydotorg.core.demo import read_json

from .models import Box

DEMO_ORDER = 20  # before the pages that show them


def load_demo(command):
    records = [record for record in read_json("boxes.json") if record["model"] == "boxes.box"]
    existing = set(Box.objects.values_list("label", flat=True))
    for record in command.progress(records, "boxes"):
        fields = record["fields"]
        if fields["label"] in existing:
            command.tally("boxes", "present")
            continue
        new_box = Box(label=fields["label"], content=fields["content"], markup_type=fields["content_markup_type"])
        new_box.save()
        new_box.save_revision(log_action="wagtail.create")
        command.tally("boxes", "created")

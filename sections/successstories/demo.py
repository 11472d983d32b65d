"""Demo content of the success stories (called by `manage.py load_demo_content`): the index
page at /success-stories/ (replacing the generic section page of an older run), python.org's
7 story categories and 3 stories (fixtures/successstories.json: HTML bodies) and the legacy
D-Link story (fixtures/dlink.rst: reStructuredText). Matched by slug: a second run changes
nothing. See fixtures/README.md for what is adapted on load."""

import json
import re
from datetime import datetime
from pathlib import Path

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from pydotorg.core.demo import ensure_index_page

from .models import StoryCategory
from .pages import StoryPage, SuccessStoryIndexPage
from .review import attach_review

DEMO_ORDER = 50
FIXTURES = Path(__file__).resolve().parent / "fixtures"
INTRO = "Python is part of the winning formula for productivity, software quality, and maintainability at many companies and institutions around the world."
FEATURED = "industrial-light-magic-runs-python"
PYTHON_ORG = "https://www.python.org"
# A python.org path (or http://python.org/ URL) in an href or src: on www.python.org.
SITE_PATH = re.compile(r"""(?P<attr>\b(?:href|src)\s*=\s*["'])(?:https?://(?:www\.)?python\.org)?(?=/(?!/))""")


def to_python_org(html):
    return SITE_PATH.sub(lambda m: m["attr"] + PYTHON_ORG, html)


def legacy_rst(text):
    """The D-Link story: its field list as a dict and its body without the title, the field
    list and the figures (their images are not in the data)."""
    text = text.replace("\r\n", "\n")
    fields = dict(re.findall(r"^:([\w ]+): (.*)$", text, re.MULTILINE))
    body = text[text.index("\n\n", text.index(":Logo:")) :].strip() + "\n"
    body = re.sub(r"^\.\. figure::.*\n(?:(?:[ \t]+.*)?\n)*?(?=\S)", "", body, flags=re.MULTILINE)
    body = re.sub(r"^__ .*\n", "", body, flags=re.MULTILINE)
    return fields, body


def story_records():
    records = json.loads((FIXTURES / "successstories.json").read_text(encoding="utf-8"))
    categories = {r["pk"]: r["fields"]["slug"] for r in records if r["model"] == "successstories.storycategory"}
    for record in records:
        if record["model"] != "successstories.story":
            continue
        f = record["fields"]
        yield {
            "title": f["name"],
            "slug": f["slug"],
            "category": categories[f["category"]],
            "company_name": f["company_name"],
            "company_url": f["company_url"],
            "author": f["author"],
            "pull_quote": " ".join(f["pull_quote"].split()),
            "body": [("html", to_python_org(f["content"]))],
            "date": parse_datetime(f["created"]),
            "is_featured": f["slug"] == FEATURED,
        }
    fields, body = legacy_rst((FIXTURES / "dlink.rst").read_text(encoding="utf-8"))
    yield {
        "title": fields["Title"],
        "slug": "d-link-australia-uses-python",
        "category": "business",
        "company_name": "D-Link Australia",
        "company_url": fields["Web site"],
        "author": fields["Author"],
        "pull_quote": fields["Summary"],
        "body": [("rst", body)],
        "date": timezone.make_aware(datetime.strptime(fields["Date"], "%Y/%m/%d %H:%M:%S")),
        "is_featured": False,
    }


def ensure_story(index, record, command):
    if index.get_children().filter(slug=record["slug"]).exists():
        command.tally("success stories", "present")
        return
    date = record.pop("date")
    story = StoryPage(
        **{**record, "category": StoryCategory.objects.get(slug=record["category"])},
        live=False,
        first_published_at=date,
    )
    index.add_child(instance=story)
    story.save_revision().publish()
    command.tally("success stories", "created")


def load_demo(command):
    index = SuccessStoryIndexPage.objects.first()
    if index is None:
        index = ensure_index_page(command, SuccessStoryIndexPage, "success-stories", "Success Stories", intro=INTRO)
        if index is None:
            return
    else:
        command.tally("pages", "present")
    attach_review(index)
    records = json.loads((FIXTURES / "successstories.json").read_text(encoding="utf-8"))
    for record in records:
        if record["model"] == "successstories.storycategory":
            fields = record["fields"]
            _category, created = StoryCategory.objects.get_or_create(
                slug=fields["slug"], defaults={"name": fields["name"]}
            )
            command.tally("story categories", "created" if created else "present")
    for record in command.progress(list(story_records()), "success stories"):
        ensure_story(index, record, command)

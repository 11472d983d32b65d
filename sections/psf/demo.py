"""Demo content of the PSF records (called by `manage.py load_demo_content`): under /psf/,
the records index (/psf/records/, /psf/records/board/), the board minutes index with a few
demo minutes, the work groups index with a few demo work groups, and the Fellows roster with
python.org's 481 real Fellows (fixtures/fellows.json). No real minutes or work groups are in
`../shared/data`: those records are written for the demo and labelled so on their pages.

/psf/ is the generic section page that sections/pages/demo.py makes (DEMO_ORDER 90, with its
boxes). This runs earlier (50), so that the pages demo's link check finds our pages and keeps
the navigation's links to them local: on a fresh load it makes an empty /psf/ section page,
which the pages demo then fills. Everything is matched by slug, date or (name, year): a second
run changes nothing."""

import json
from datetime import date
from pathlib import Path

from django.apps import apps
from wagtail.models import Page

from pydotorg.core.demo import ensure_index_page

from .forms import minutes_title
from .models import Fellow
from .pages import FellowsRosterPage, MinutesIndexPage, MinutesPage, RecordsPage, WorkGroupIndexPage, WorkGroupPage

DEMO_ORDER = 50  # before the pages demo (90): see above
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_NOTE = (
    "> **Demo record.** Written for this site's demo content, not a record of the Python Software "
    "Foundation: the PSF's real {what} are on [www.python.org]({url})."
)
MINUTES_NOTE = DEMO_NOTE.format(what="board minutes", url="https://www.python.org/psf/records/board/minutes/")
GROUP_NOTE = DEMO_NOTE.format(what="work groups", url="https://www.python.org/psf/workgroups/")

MINUTES_BODY = """{note}

## Attendees

Directors present: the chair, the vice chair, the treasurer, the secretary and {directors} other
directors. Staff present: the executive director.

## Agenda

1. Approval of the minutes of the previous meeting
2. {topic}
3. Reports of the work groups
4. Any other business

## Resolutions

- RESOLVED, that the minutes of the previous meeting be approved as presented.
- {resolution}

## Adjournment

The chair adjourned the meeting at {time} UTC.
"""
MINUTES = [
    (date(2023, 3, 8), "The budget of the year", "RESOLVED, that the budget of the year be adopted."),
    (date(2023, 9, 13), "The grants program", "RESOLVED, that the grants work group's report be accepted."),
    (date(2024, 1, 10), "The PyCon US venue", "RESOLVED, that the executive director sign the venue contract."),
    (date(2024, 6, 12), "New Fellows", "RESOLVED, that the nominated Fellows of the quarter be elected."),
    (date(2024, 11, 13), "The election of directors", "RESOLVED, that the election results be certified."),
    (date(2025, 2, 12), "The security developer in residence", "RESOLVED, that the role be funded."),
    (date(2025, 5, 14), "The code of conduct", "RESOLVED, that the updated code of conduct be adopted."),
]

WORK_GROUPS = [
    {
        "title": "Grants Work Group (demo)",
        "slug": "grants",
        "purpose": "Reviews grant requests for Python events, workshops and projects, and recommends "
        "them to the board.",
        "url": "https://www.python.org/psf/grants/",
        "members": ["Ada Example", "Ben Sample", "Chidi Placeholder", "Dana Demo"],
    },
    {
        "title": "Code of Conduct Work Group (demo)",
        "slug": "code-of-conduct",
        "purpose": "Keeps the Python community's code of conduct current and advises on its enforcement.",
        "url": "https://www.python.org/psf/conduct/",
        "members": ["Eva Example", "Farid Sample", "Grace Placeholder"],
    },
    {
        "title": "Education and Outreach Work Group (demo)",
        "slug": "education-outreach",
        "purpose": "Helps teachers and learners find Python resources, and supports outreach events.",
        "url": "",
        "members": ["Hana Example", "Ivo Sample"],
    },
    {
        "title": "Marketing Work Group (demo)",
        "slug": "marketing",
        "purpose": "Prepared brochures and press material about Python. No longer meets.",
        "url": "",
        "active": False,
        "members": ["Jun Example", "Kofi Sample"],
    },
]


def ensure_psf(command):
    """/psf/: whatever page is there; else an empty generic section page, for the pages demo to fill."""
    home = Page.objects.get(depth=2).specific
    existing = home.get_children().filter(slug="psf").first()
    if existing is not None:
        return existing.specific
    return ensure_index_page(command, apps.get_model("pages", "SectionPage"), "psf", "PSF", parent=home)


def publish_child(command, parent, page, kind):
    parent.add_child(instance=page)
    page.save_revision(log_action="wagtail.create").publish()
    command.tally(kind, "created")


def load_minutes(command, index):
    existing = set(MinutesPage.objects.child_of(index).values_list("date", flat=True))
    for day, topic, resolution in command.progress(MINUTES, "board minutes"):
        if day in existing:
            command.tally("board minutes", "present")
            continue
        content = MINUTES_BODY.format(
            note=MINUTES_NOTE, directors=4 + day.month % 3, topic=topic, resolution=resolution, time="18:30"
        )
        page = MinutesPage(title=f"{minutes_title(day)} (demo)", date=day, content=content, live=False)
        publish_child(command, index, page, "board minutes")


def load_work_groups(command, index):
    existing = set(index.get_children().values_list("slug", flat=True))
    for spec in command.progress(WORK_GROUPS, "work groups"):
        if spec["slug"] in existing:
            command.tally("work groups", "present")
            continue
        page = WorkGroupPage(
            title=spec["title"],
            slug=spec["slug"],
            purpose=spec["purpose"],
            active=spec.get("active", True),
            website=spec["url"],
            body=f"{GROUP_NOTE}\n\nThe members' names are made up.",
            live=False,
        )
        for name in spec["members"]:
            page.members.add(page.members.model(name=name))
        publish_child(command, index, page, "work groups")


def load_fellows(command):
    records = json.loads((FIXTURES / "fellows.json").read_text(encoding="utf-8"))
    existing = set(Fellow.objects.values_list("name", "year_elected"))
    missing = []
    for record in command.progress(records, "PSF Fellows"):
        fields = record["fields"]
        if (fields["name"], fields["year_elected"]) in existing:
            command.tally("PSF Fellows", "present")
            continue
        fellow = Fellow(
            name=fields["name"],
            year_elected=fields["year_elected"],
            status=fields["status"],
            emeritus_year=fields["emeritus_year"],
            notes=fields["notes"] or "",
        )
        fellow.full_clean()
        missing.append(fellow)
        command.tally("PSF Fellows", "created")
    Fellow.objects.bulk_create(missing)


def load_demo(command):
    psf = ensure_psf(command)
    if psf is None:
        return
    records = ensure_index_page(
        command,
        RecordsPage,
        "records",
        "Public records",
        parent=psf,
        intro="The Python Software Foundation's public records: the minutes of its board of directors.",
    )
    board = records and ensure_index_page(
        command,
        RecordsPage,
        "board",
        "Board of Directors",
        parent=records,
        intro="The PSF's board of directors meets monthly; its minutes are public.",
    )
    minutes = board and ensure_index_page(
        command,
        MinutesIndexPage,
        "minutes",
        "Board minutes",
        parent=board,
        intro="The minutes of the meetings of the PSF's board of directors, newest first.",
    )
    if minutes:
        load_minutes(command, minutes)
    groups = ensure_index_page(
        command,
        WorkGroupIndexPage,
        "workgroups",
        "PSF Work Groups",
        parent=psf,
        intro="PSF work groups are formed by the board to do the Foundation's work in one field.",
    )
    if groups:
        load_work_groups(command, groups)
    ensure_index_page(
        command,
        FellowsRosterPage,
        "fellows-roster",
        "PSF Fellows Roster",
        parent=psf,
        intro="PSF Fellows are members of the Python community recognised for their outstanding "
        "contributions, elected by the PSF's board each quarter.",
    )
    load_fellows(command)

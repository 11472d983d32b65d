"""Demo content of the events section: the /events/ index page, python.org's 2 calendars,
and their events imported through the real import path (sync_calendar on file:// URLs of
fixtures/). Idempotent: a second run finds everything unchanged."""

import json
from pathlib import Path

from pydotorg.core.demo import ensure_index_page

from .models import Calendar
from .pages import EventsIndexPage
from .sync import sync_calendar

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FEEDS = {"python-events-calendar": "python-events.ics", "python-user-group-calendar": "user-groups.ics"}
# The 2017 fixture's slugs, and the ones python.org (and its navigation) uses today.
SLUGS = {"python-events-calendar": "python-events", "python-user-group-calendar": "python-user-group"}
INTRO = "Python conferences, user group meetings and other events from around the world."


def ensure_index(command):
    """The /events/ page (replacing the childless generic section page of an older run)."""
    return ensure_index_page(command, EventsIndexPage, "events", "Events", intro=INTRO)


def load_demo(command):
    ensure_index(command)
    records = json.loads((FIXTURES / "calendars.json").read_text())
    for record in command.progress(records, "calendars"):
        fields = record["fields"]
        feed = f"file://{FIXTURES / FEEDS[fields['slug']]}"
        calendar, created = Calendar.objects.get_or_create(
            slug=SLUGS[fields["slug"]], defaults={"name": fields["name"], "description": fields["description"] or ""}
        )
        if (not calendar.feed_url or calendar.feed_url.startswith("file://")) and calendar.feed_url != feed:
            calendar.feed_url = feed  # the demo's copy (moves with the checkout); a real URL stays
            calendar.save(update_fields=["feed_url"])
        command.tally("calendars", "created" if created else "present")
        sync = sync_calendar(calendar, trigger="demo")
        if sync.status == sync.Status.FAILED:
            command.warn(sync.summary())
        for status, count in (("created", sync.created), ("updated", sync.updated), ("present", sync.unchanged)):
            for _ in range(count):
                command.tally("events", status)

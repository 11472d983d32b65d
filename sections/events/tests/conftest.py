import pytest

from sections.events.factories import CalendarFactory, EventsIndexPageFactory

FIXTURES = __import__("pathlib").Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def index(home_page):
    return EventsIndexPageFactory(parent=home_page)


@pytest.fixture
def feed_dir(tmp_path, settings):
    """A folder the importer may read file:// feeds from."""
    settings.EVENTS_FEED_FILE_ROOTS = [tmp_path, FIXTURES]
    return tmp_path


@pytest.fixture
def make_feed(feed_dir):
    """Write an iCalendar feed (VEVENT texts wrapped in a VCALENDAR) and return a calendar reading it."""

    def make(*vevents, calendar=None, name="feed.ics", raw=None):
        path = feed_dir / name
        body = raw if raw is not None else "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        if raw is None:
            body += "".join(vevents) + "END:VCALENDAR\r\n"
        path.write_bytes(body.encode() if isinstance(body, str) else body)
        if calendar is None:
            calendar = CalendarFactory(feed_url=f"file://{path}")
        else:
            calendar.feed_url = f"file://{path}"
            calendar.save()
        return calendar

    return make


def vevent(uid, summary="An event", start="20300101T100000Z", end="20300101T120000Z", extra=""):
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20250101T000000Z", f"SUMMARY:{summary}"]
    lines += [start if ":" in start else f"DTSTART:{start}", end if ":" in end else f"DTEND:{end}"]
    lines += [line for line in extra.strip().splitlines() if line.strip()]
    return "\r\n".join(lines + ["END:VEVENT"]) + "\r\n"


@pytest.fixture
def users(users, make_user):
    """The root conftest's users (anonymous None, user, owner, editor, staff, superuser) and
    the event moderator (group "Event moderators", from migration 0002)."""
    return {**users, "moderator": make_user("moderator", groups=["Event moderators"])}


@pytest.fixture(autouse=True)
def _wide_window(settings):
    """Tests use fixed dates up to 2030: materialise ten years ahead."""
    settings.EVENTS_OCCURRENCE_WINDOW_DAYS = 3650

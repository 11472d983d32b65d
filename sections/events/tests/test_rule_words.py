"""Recurrence rules in words (recurrence.rule_words) on the event pages, and the picker's
round trip (recurrence.picker_values / build_rule)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from sections.events.factories import CalendarFactory, EventFactory
from sections.events.models import Event
from sections.events.recurrence import build_rule, picker_values, rule_words

NEW_YORK = ZoneInfo("America/New_York")
START = datetime(2030, 1, 9, 18, tzinfo=NEW_YORK)  # a Wednesday, the second of the month


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=MONTHLY;BYDAY=2WE", "Every month on the second Wednesday"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "Every month on the last Friday"),
        ("FREQ=MONTHLY;BYDAY=1MO,-2FR", "Every month on the first Monday and the second to last Friday"),
        ("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU", "Every 3 months on the second Tuesday"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15,-1", "Every month on the 1st, 15th and last day"),
        ("FREQ=MONTHLY", "Every month on the 9th"),  # the start's day
        ("FREQ=MONTHLY;BYMONTHDAY=22;BYMONTH=1,4,7,10", "Every month on the 22nd, in January, April, July and October"),
        ("FREQ=WEEKLY", "Every week on Wednesday"),  # the start's weekday
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE", "Every 2 weeks on Monday and Wednesday"),
        ("FREQ=DAILY", "Every day"),
        ("FREQ=DAILY;INTERVAL=3;COUNT=10", "Every 3 days, 10 times"),
        ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "Every Monday, Tuesday, Wednesday, Thursday and Friday"),
        ("FREQ=WEEKLY;COUNT=1", "Every week on Wednesday, once"),
        ("FREQ=YEARLY", "Every year on 9 January"),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=14", "Every year on 14 March"),
        ("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "Every year on the fourth Thursday of November"),
        # UNTIL is a UTC moment: its last day is the one in the event's zone.
        ("FREQ=WEEKLY;BYDAY=WE;UNTIL=20310101T000000Z", "Every week on Wednesday, until 31 December 2030"),
        ("FREQ=WEEKLY;BYDAY=WE;UNTIL=20310101", "Every week on Wednesday, until 1 January 2031"),
        ("RRULE:freq=monthly;byday=2we;wkst=MO", "Every month on the second Wednesday"),
    ],
)
def test_rules_in_words(rule, words):
    assert rule_words(rule, START) == words


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=HOURLY;INTERVAL=2",
        "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR",
        "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
        "FREQ=WEEKLY;BYDAY=9XX",
        "FREQ=MONTHLY;BYMONTHDAY=40",
        "FREQ=YEARLY;BYMONTH=13",
        "FREQ=DAILY;COUNT=many",
        "NOT A RULE",
        "FREQ=DAILY;FREQ=WEEKLY",
    ],
)
def test_what_cannot_be_phrased_gets_a_plain_sentence(rule):
    words = rule_words(rule, START)
    assert words.startswith("Repeats ") and "=" not in words and ";" not in words


@pytest.mark.parametrize(
    "values",
    [
        {"repeat": "MONTHLY", "interval": 1, "weekdays": ["WE"], "week": "2", "until": None, "count": None},
        {"repeat": "MONTHLY", "interval": 2, "weekdays": ["FR"], "week": "-1", "until": None, "count": 6},
        {
            "repeat": "WEEKLY",
            "interval": 2,
            "weekdays": ["MO", "WE"],
            "week": "",
            "until": date(2030, 6, 30),
            "count": None,
        },
        {"repeat": "DAILY", "interval": 1, "weekdays": [], "week": "", "until": None, "count": 5},
        {"repeat": "YEARLY", "interval": 1, "weekdays": [], "week": "", "until": date(2040, 1, 9), "count": None},
        {"repeat": "", "interval": 1, "weekdays": [], "week": "", "until": None, "count": None},
    ],
)
def test_the_picker_round_trips(values):
    rule = build_rule(**values, zone=NEW_YORK)
    assert picker_values(rule, NEW_YORK) == values


def test_the_picker_writes_until_as_the_end_of_the_last_day():
    assert build_rule("WEEKLY", until=date(2030, 6, 30), zone=NEW_YORK) == "FREQ=WEEKLY;UNTIL=20300701T035959Z"
    assert build_rule("WEEKLY", until=date(2030, 6, 30), all_day=True) == "FREQ=WEEKLY;UNTIL=20300630"


@pytest.mark.parametrize(
    "rule", ["FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=MONTHLY;BYDAY=1MO,3MO,-1FR", "FREQ=HOURLY", "FREQ=WEEKLY;BYDAY=2MO"]
)
def test_rules_the_picker_cannot_show_are_left_as_text(rule):
    assert picker_values(rule, NEW_YORK) is None


@pytest.mark.django_db
def test_the_event_page_says_the_rule_in_words_in_both_times(client, index):
    calendar = CalendarFactory(slug="user-group-events")
    first = timezone.now().astimezone(NEW_YORK).replace(hour=18, minute=0, second=0, microsecond=0)
    event = EventFactory(
        calendar=calendar,
        title="NYC Python",
        time_zone="America/New_York",
        start=first.astimezone(UTC),
        end=(first + timedelta(hours=2)).astimezone(UTC),
        rrule="FREQ=MONTHLY;BYDAY=2WE",
    )
    event.refresh_occurrences()
    html = client.get(f"/events/{calendar.slug}/{event.pk}/").content.decode()
    assert "FREQ=" not in html and "BYDAY" not in html
    assert "Every month on the second Wednesday" in html
    # The event's time in its zone, marked for local-time.js to add the visitor's.
    following = event.occurrences.filter(end__gte=timezone.now()).first()
    assert (
        f'<time datetime="{following.start.isoformat()}" data-local-weekday>18:00–20:00 America/New_York</time>' in html
    )


def test_a_rule_it_cannot_phrase_is_a_sentence_on_the_page():
    event = Event(
        title="Last weekday",
        start=datetime(2030, 1, 31, tzinfo=UTC),
        all_day=True,
        rrule="FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR",
    )
    html = Template("{% load events_tags %}{% recurrence event %}").render(Context({"event": event}))
    assert "BYSETPOS" not in html and "Repeats every month" in html and "<time" not in html  # all day: no time

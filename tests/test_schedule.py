"""The schedule: docs/operations.md's table ("The schedule") is what the Huey registry runs,
minute by minute over a sample week, and every row of the deployment guide's "Periodic work"
(../shared/REFERENCE.md) has a task that runs as often as the guide says."""

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils.module_loading import autodiscover_modules
from huey import crontab
from huey.contrib.djhuey import HUEY

ROOT = Path(__file__).resolve().parent.parent
OPERATIONS = ROOT / "docs" / "operations.md"
REFERENCE = ROOT.parent / "shared" / "REFERENCE.md"
# Eight days of minutes from Saturday 31 January 2026: a whole week from Sunday 1 February (the
# 1st of a month and a Sunday), and the Monday after it.
START = datetime(2026, 1, 31)
MINUTES = [START + timedelta(minutes=n) for n in range(8 * 24 * 60)]
WEEK = [minute for minute in MINUTES if datetime(2026, 2, 1) <= minute < datetime(2026, 2, 8)]
GUIDE_PERIODS = {"min": 1, "hour": 60, "hours": 60}


def table_rows(text, heading):
    """The rows of the first table under `## heading`, as dicts keyed by its header."""
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")), strict=True)) for line in lines[2:]]


def documented_schedule():
    """{task: (huey crontab, [guide rows])} from docs/operations.md."""
    schedule = {}
    for row in table_rows(OPERATIONS.read_text(), "The schedule"):
        task = row["task"].strip("`")
        minute, hour, day, month, day_of_week = row["cron"].strip("`").split()
        guide = re.sub(r"\(.*?\)", "", row["deployment guide's row"])
        rows = [name.strip() for name in guide.split(";") if name.strip() not in ("", "—")]
        schedule[task] = (crontab(minute, hour, day, month, day_of_week), rows)
    return schedule


def guide_rows():
    """{row: minutes between runs} of REFERENCE.md's "Periodic work"."""
    periods = {}
    for row in table_rows(REFERENCE.read_text(), "Periodic work (from the deployment guide)"):
        words = row["schedule"]
        if words == "daily":
            periods[row["task"]] = 24 * 60
        elif words == "weekly":
            periods[row["task"]] = 7 * 24 * 60
        else:
            number, unit = re.fullmatch(r"every (\d+ )?(min|hours?)", words).groups()
            periods[row["task"]] = int(number or 1) * GUIDE_PERIODS[unit]
    return periods


def short_name(task):
    """`core.publish_scheduled` for pydotorg.core.tasks.publish_scheduled, `events.…` for
    sections.events.tasks.…: the app and the function, as the docs name them."""
    module = type(task).__module__.split(".")
    return f"{module[-2]}.{type(task).__name__}"


@pytest.fixture(scope="module")
def registry():
    autodiscover_modules("tasks")  # every app's tasks, as the consumer loads them
    return {short_name(task): task for task in HUEY._registry.periodic_tasks}


def test_the_documented_tasks_are_the_periodic_tasks(registry):
    assert sorted(documented_schedule()) == sorted(registry)


def test_each_task_runs_at_the_documented_minutes(registry):
    schedule = documented_schedule()
    for minute in MINUTES:
        runs = {short_name(task) for task in HUEY.read_periodic(minute)}
        documented = {task for task, (cron, _) in schedule.items() if cron(minute)}
        assert runs == documented, minute


def test_every_row_of_the_deployment_guide_runs_as_often_as_it_says(registry):
    schedule = documented_schedule()
    for row, period in guide_rows().items():
        tasks = [task for task, (_, rows) in schedule.items() if row in rows]
        assert tasks, f"no task does the deployment guide's {row!r}"
        for task in tasks:
            runs = sum(registry[task].validate_datetime(minute) for minute in WEEK)
            expected = len(WEEK) // period
            if period >= 24 * 60:  # daily, weekly: that often, not more
                assert runs == expected, (row, task, runs)
            else:
                assert runs >= expected, (row, task, runs)


def test_the_guide_table_is_read():
    periods = guide_rows()
    assert periods["warm home page cache"] == 5 and periods["sync news feeds"] == 60
    assert periods["rebuild search indexes"] == 7 * 24 * 60 and len(periods) == 7

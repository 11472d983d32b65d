"""The issue's "done means" on the demo as `make run` loads it: "3.13" finds the release pages
first; "django" finds jobs that mention it; a word of an event, a news entry and a success
story finds each."""

import re

import pytest
from django.db import transaction

from sections.events.models import Event
from sections.jobs.models import Job
from sections.news.models import Entry
from sections.successstories.pages import StoryPage


@pytest.fixture(scope="module")
def demo(demo_db, django_db_blocker):
    """The demo (`demo_db`); what a test adds is rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def results(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.context["results"], response.context["counts"]


def plain(html):
    return re.sub(r"</?mark>", "", str(html))


def test_a_version_finds_the_release_pages_first(demo, db, client):
    found, counts = results(client, q="3.13")
    assert counts["releases"] >= 10
    kinds = [result.type.key for result in found]
    assert kinds == ["releases"] * len(found), kinds  # the whole first page
    assert all("3.13" in plain(result.title) for result in found)


def test_django_finds_the_jobs_that_mention_it(demo, db, client):
    found, counts = results(client, q="django", type="jobs")
    mention = [j for j in Job.objects.visible() if "django" in f"{j.title} {j.description} {j.requirements}".lower()]
    assert mention and counts["jobs"] == len(mention)
    assert {result.object.pk for result in found} <= {job.pk for job in mention}
    assert all(result.url.startswith("/jobs/") for result in found)


@pytest.mark.parametrize(
    "key, visible",
    [
        ("events", lambda: Event.objects.filter(live=True).order_by("pk")),
        ("news", lambda: Entry.objects.order_by("-pub_date")),
        ("stories", lambda: StoryPage.objects.live().public().order_by("pk")),
    ],
)
def test_the_words_of_an_item_find_it(demo, db, client, key, visible):
    item = visible().first()
    assert item is not None, f"the demo has no {key}"
    found, counts = results(client, q=item.title)
    assert counts[key] >= 1
    assert item.pk in [r.object.pk for r in found if r.type.key == key], (item.title, [plain(r.title) for r in found])
    found, _counts = results(client, q=item.title, type=key)
    assert found[0].object.pk == item.pk

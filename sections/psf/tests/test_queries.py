"""The listings cost a constant number of SQL queries whatever their length: the minutes index
and the work groups list (with their members) from 10 to 250 pages (each made through the
tree, as the admin does: a thousand took half a minute a test), the Fellows roster (filtered or
not) from 10 to 1,000 rows."""

from datetime import date, timedelta

import pytest

from sections.psf.models import Fellow
from sections.psf.pages import MinutesPage, WorkGroupMember, WorkGroupPage

pytestmark = pytest.mark.django_db
SIZES = (10, 1000)
PAGES = (10, 250)


def grow(parent, model, count, make):
    """Children of `parent` up to `count` (add_child: the tree's paths, as the admin makes them)."""
    existing = model.objects.child_of(parent).count()
    for number in range(existing, count):
        parent.add_child(instance=make(number))


def test_minutes_index_has_constant_queries(client, minutes_index, count_queries, search_index_off):
    first = date(1990, 1, 1)
    counts = []
    for size in PAGES:
        grow(
            minutes_index,
            MinutesPage,
            size,
            lambda n: MinutesPage(date=first + timedelta(days=n * 7), content="Met.", live=True),
        )
        client.get("/psf/records/board/minutes/")  # warm the site and settings caches
        counts.append(count_queries("/psf/records/board/minutes/"))
    assert counts[0] == counts[1], counts
    html = client.get("/psf/records/board/minutes/").content.decode()
    assert html.count('<li><a href="/psf/records/board/minutes/') == 250


def test_work_groups_list_has_constant_queries(client, workgroups, count_queries, search_index_off):
    def make(number):
        page = WorkGroupPage(title=f"Group {number}", purpose="To help.", active=number % 3 > 0, live=True)
        page.members.add(WorkGroupMember(name=f"Member {number}a"))
        page.members.add(WorkGroupMember(name=f"Member {number}b"))
        return page

    counts = []
    for size in PAGES:
        grow(workgroups, WorkGroupPage, size, make)
        client.get("/psf/workgroups/")
        counts.append(count_queries("/psf/workgroups/"))
    assert counts[0] == counts[1], counts
    html = client.get("/psf/workgroups/").content.decode()
    assert html.count('class="psf-group"') == 250 and "Member 249a, Member 249b" in html


@pytest.mark.parametrize("query", ["", "?status=active&year=2010&q=fellow"])
def test_roster_has_constant_queries(client, roster, count_queries, query):
    statuses = ["active"] * 8 + ["emeritus", "deceased"]
    counts = []
    for size in SIZES:
        Fellow.objects.all().delete()
        Fellow.objects.bulk_create(
            Fellow(name=f"Fellow {n}", year_elected=2001 + n % 25, status=statuses[n % 10]) for n in range(size)
        )
        client.get("/psf/fellows-roster/" + query)
        counts.append(count_queries("/psf/fellows-roster/" + query))
    assert counts[0] == counts[1], counts
    if not query:
        assert client.get("/psf/fellows-roster/").content.decode().count("<li>Fellow ") == 1000

"""The views behind the PSF records' pages. Each takes the request and the page; listings
cost a constant number of queries whatever the number of items (tests/test_queries.py).
This module imports models, forms and feeds; the page types hand in their own querysets
(`MinutesIndexPage.minutes()`, `WorkGroupIndexPage.groups()`)."""

from itertools import groupby

from django.db.models import Count

from .feeds import MinutesFeed
from .forms import RosterFilterForm
from .models import Fellow


def by_year(items, year):
    """[(year, [items of that year]), ...] in the items' order."""
    return [(key, list(group)) for key, group in groupby(items, key=year)]


def minutes_index(request, page):
    minutes = list(page.minutes().only("title", "slug", "date"))
    for item in minutes:
        item.link = f"{page.url}{item.slug}/"
    years = by_year(minutes, lambda item: item.date.year)
    return page.render(request, template="psf/minutes_index_page.html", context_overrides={"years": years})


def minutes_feed(request, page):
    return MinutesFeed(page)(request)


def work_groups(request, page):
    groups = list(page.groups())
    return {
        "active_groups": [group for group in groups if group.active],
        "inactive_groups": [group for group in groups if not group.active],
    }


def fellows_roster(request, page):
    counts = dict(Fellow.objects.order_by().values_list("status").annotate(n=Count("pk")))
    years = list(Fellow.objects.order_by("-year_elected").values_list("year_elected", flat=True).distinct())
    form = RosterFilterForm(request.GET, Fellow.Status.choices, years)
    filters = form.filters()
    fellows = Fellow.objects.roster().only("name", "year_elected", "status", "emeritus_year")
    if "q" in filters:
        fellows = fellows.filter(name__icontains=filters["q"])
    if "status" in filters:
        fellows = fellows.filter(status=filters["status"])
    if "year" in filters:
        fellows = fellows.filter(year_elected=filters["year"])
    fellows = list(fellows)
    statuses = [(value, label, counts.get(value, 0)) for value, label in Fellow.Status.choices]
    return page.render(
        request,
        template="psf/fellows_roster_page.html",
        context_overrides={
            "form": form,
            "filters": filters,
            "fellows_count": len(fellows),
            "total": sum(counts.values()),
            "statuses": statuses,
            "years": by_year(fellows, lambda fellow: fellow.year_elected),
        },
    )

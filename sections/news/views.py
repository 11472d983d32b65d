"""The news section's views (thin routes of pages.py call these)."""

from django.core.paginator import Paginator

from .models import Entry, Feed

PER_PAGE = 20


def index(request, page):
    """/blogs/: the entries of the feeds whose page this is, newest first, 20 a page; the
    newest in full on the first page. Three queries whatever the number of entries."""
    feeds = list(Feed.objects.filter(page=page))
    entries = Entry.objects.filter(feed__in=feeds).latest_first()
    page_obj = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    listed = list(page_obj.object_list)
    latest = listed.pop(0) if listed and page_obj.number == 1 else None
    return page.render(
        request,
        template="news/news_index_page.html",
        context_overrides={"feeds": feeds, "page_obj": page_obj, "latest": latest, "entries": listed},
    )

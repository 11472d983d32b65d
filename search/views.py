from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page


def search(request):
    """Full-text search over the live pages (the search section comes later; this is the box in the header)."""
    query = request.GET.get("q", "").strip()[:200]
    # A plain-text search ignores punctuation, but SQLite's full-text index fails on a lone
    # double quote (a 500): leave quotes out of the terms. (A NUL never gets here: core's
    # RejectNulMiddleware answers 400.)
    terms = query.replace('"', " ").strip()
    results = Page.objects.live().public().search(terms) if terms else Page.objects.none()
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": page})

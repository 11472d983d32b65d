"""The search page (/search/?q=), its autocomplete (/search/autocomplete/?q=) and the
OpenSearch description (/opensearch.xml). What is searched and how: pydotorg/core/search.py
and docs/sections/search.md."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from rest_framework.throttling import SimpleRateThrottle
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from pydotorg.core import search as site_search
from pydotorg.core.links import absolute_url
from pydotorg.core.restrictions import public

logger = logging.getLogger(__name__)

AUTOCOMPLETE_CACHE_SECONDS = 60
POPULAR_DAYS = 30
POPULAR_COUNT = 8


def page_number(value, num_pages):
    """The page to show for `?page=value` and a note when it is not the one asked for."""
    if value in (None, ""):
        return 1, ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1, f"“{value[:20]}” is not a page number: here is the first page."
    if number < 1:
        return 1, f"There is no page {number}: here is the first page."
    if number > num_pages:
        if num_pages == 1:
            return 1, f"There is no page {number}: all the results are on this page."
        return num_pages, f"There is no page {number}: here is the last page, page {num_pages}."
    return number, ""


def promotions(query):
    """Editors' picks (Wagtail's search promotions) for the query's words, normalised as Wagtail
    stores them: live public pages, or links."""
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query)).select_related("page")
    )
    page_ids = [pick.page_id for pick in picks if pick.page_id]
    visible = set(public(Page.objects.live()).filter(pk__in=page_ids).values_list("pk", flat=True)) if page_ids else ()
    return [pick for pick in picks if (pick.page_id in visible if pick.page_id else pick.external_link_url)]


def popular_queries(exclude=""):
    since = timezone.localdate() - timedelta(days=POPULAR_DAYS)
    queries = Query.get_most_popular(date_since=since).exclude(query_string=normalise_query_string(exclude))
    return [q.query_string for q in queries[:POPULAR_COUNT]]


def log_query(query):
    """Count the search in Wagtail's query log (popular queries), never failing the search."""
    try:
        Query.get(query).add_hit()
    except Exception:  # a write that fails (read-only replica, lock) costs the visitor nothing
        logger.warning("search query not logged", exc_info=True)


def search(request):
    """/search/?q=&type=&page=: ranked results with type filters and counts, pagination, and
    suggestions when nothing matches; whatever is typed, a page that says what happened."""
    raw = request.GET.get("q", "")
    query = site_search.parse_query(raw)
    types = site_search.search_types()
    keys = {t.key: t for t in types}
    notes = list(query.notes)
    type_key = request.GET.get("type", "").strip()
    if type_key and type_key not in keys:
        notes.append(f"There is no “{type_key[:40]}” filter: here are the results of every kind.")
        type_key = ""
    context = {
        "search_query": query.text,
        "query": query,
        "types": types,
        "type_key": type_key,
        "notes": notes,
        "results": [],
        "counts": {},
        "total": 0,
        "any_words": False,
    }
    if query.text and not query.terms:
        notes.append("Your search has no letters or digits to look for: try words, such as “tutorial” or “3.13”.")
    if query.terms:
        selected = {type_key} if type_key else set(keys)
        wanted = request.GET.get("page")
        try:  # the hits to rank: enough for the page shown (at most MAX_PAGES, see page_number)
            limit = min(max(int(wanted), 1), site_search.MAX_PAGES) * site_search.PER_PAGE
        except (TypeError, ValueError):
            limit = site_search.PER_PAGE
        counts, hits = site_search.count_and_rank(query, types, selected=selected, limit=limit)
        if not sum(counts.values()) and len(query.terms) > 1:  # no result has every word: any of them
            counts, hits = site_search.count_and_rank(query, types, selected=selected, limit=limit, operator="or")
            context["any_words"] = bool(sum(counts.values()))
        total = sum(counts[key] for key in selected)
        num_pages = max(1, min(-(-total // site_search.PER_PAGE), site_search.MAX_PAGES))
        number, note = page_number(wanted, num_pages)
        if note:
            notes.append(note)
        if total > site_search.MAX_PAGES * site_search.PER_PAGE and number == num_pages:
            notes.append(
                f"Only the first {site_search.MAX_PAGES * site_search.PER_PAGE} results are listed: "
                "add words to your search to narrow it."
            )
        start = (number - 1) * site_search.PER_PAGE
        shown = site_search.load(hits[start : start + site_search.PER_PAGE])
        context.update(
            counts=counts,
            filters=[(t, counts[t.key]) for t in types],
            type_label=keys[type_key].label if type_key else "",
            total=total,
            all_count=sum(counts.values()),
            results=site_search.results(shown, query.terms, request),
            number=number,
            num_pages=num_pages,
            page_range=range(max(1, number - 4), min(num_pages, number + 4) + 1),
            start_index=start + 1,
        )
        if number == 1 and not type_key:
            context["promotions"] = promotions(query.searched)
            if total and not wanted:  # a new search, not a further page
                log_query(query.searched)
    if query.text and not context["total"]:
        context["popular"] = popular_queries(exclude=query.searched)
        context.setdefault("promotions", promotions(query.searched))
    elif not query.text:
        context["popular"] = popular_queries()
    return TemplateResponse(request, "search/search.html", context)


# --- Autocomplete ----------------------------------------------------------------------


class AutocompleteThrottle(SimpleRateThrottle):
    """Per client address (X-Forwarded-For trusted as far as NUM_PROXIES, like the API)."""

    scope = "search_autocomplete"

    def get_rate(self):
        return settings.SEARCH_AUTOCOMPLETE_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def suggestions(request):
    """The suggestions for `q`, cached a minute by normalised query."""
    query = site_search.parse_query(request.GET.get("q", ""))
    if not query.terms:
        return query, []
    key = "search:autocomplete:" + hashlib.sha256(query.searched.lower().encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = site_search.autocomplete(query.searched, request)
        cache.set(key, found, AUTOCOMPLETE_CACHE_SECONDS)
    return query, found


def throttled(request):
    throttle = AutocompleteThrottle()
    if throttle.allow_request(request, None):
        return None
    wait = int(throttle.wait() or 1)
    response = JsonResponse({"error": "Too many requests: try again in a moment."}, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_GET
def autocomplete(request):
    """JSON: [{"title", "url", "type"}] for what a visitor is typing in the search box."""
    refused = throttled(request)
    if refused:
        return refused
    _query, found = suggestions(request)
    response = JsonResponse(found, safe=False)
    response["Cache-Control"] = f"public, max-age={AUTOCOMPLETE_CACHE_SECONDS}"
    return response


@require_GET
def opensearch_suggestions(request):
    """The same suggestions in OpenSearch's format (application/x-suggestions+json):
    [query, [titles], [types], [URLs]], for the browser's address bar."""
    refused = throttled(request)
    if refused:
        return refused
    query, found = suggestions(request)
    data = [
        query.text,
        [s["title"] for s in found],
        [s["type"] for s in found],
        [absolute_url(s["url"], request) for s in found],
    ]
    response = JsonResponse(data, safe=False, content_type="application/x-suggestions+json")
    response["Cache-Control"] = f"public, max-age={AUTOCOMPLETE_CACHE_SECONDS}"
    return response


@require_GET
def opensearch(request):
    """/opensearch.xml: lets browsers offer the site's search."""
    context = {
        "search_url": absolute_url(reverse("search"), request),
        "suggest_url": absolute_url(reverse("search_suggestions"), request),
        "home_url": absolute_url("/", request),
        "self_url": absolute_url(reverse("opensearch"), request),
        "icon_url": absolute_url(settings.STATIC_URL + "img/favicon.svg", request),
    }
    return TemplateResponse(
        request, "search/opensearch.xml", context, content_type="application/opensearchdescription+xml"
    )

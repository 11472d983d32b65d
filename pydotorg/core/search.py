"""Site search: the registry of what is searched, and the queries the search page and the
autocomplete run (docs/sections/search.md).

A section declares each of its searchable types once, in its `wagtail_hooks.py`:

    from pydotorg.core.search import register_search_type

    register_search_type(
        "jobs", "Jobs", "Job", Job,
        visible=lambda: Job.objects.visible(),  # what a visitor may see: the only rows searched
        url=lambda job, board: f"{board}{job.pk}/",
        base=board_url,  # board_url(request), once per request: what `url` needs besides the row
        date=lambda job: job.approved_at,
    )

The model is `index.Indexed` with `search_fields` (a `SearchField("title", boost=…)`, the
text fields, an `AutocompleteField("title")` and a `FilterField` for every field `visible()`
filters on). Searches run on `visible()`, never on the index alone, so a draft, rejected,
expired or private item cannot appear even when the index is stale. A page type that has its
own key (releases, success stories) is left out of the catch-all "pages" type
(`catch_all=True`): each result is counted once.

Ranking: title matches first (every word at the start of a word of the title), then the
database backend's relevance (PostgreSQL `ts_rank`, SQLite FTS5 `bm25`: one index, one
formula for every type), so the per-type lists merge on one key. Editors' picks, query logging
and the rate limit are the view's (search/views.py)."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When, Window
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.backends import get_search_backend

MAX_QUERY_LENGTH = 200  # characters of a query searched; the rest is cut, with a note
MAX_TERMS = 12  # words of a query searched
PER_PAGE = 10
MAX_PAGES = 50  # results beyond MAX_PAGES * PER_PAGE are counted but not listed
AUTOCOMPLETE_LIMIT = 8
SNIPPET_LENGTH = 240

# A search term: letters, digits and underscores, with inner dots kept ("3.13", "os.path").
# Everything else (punctuation, full-text syntax, emoji) separates terms and is never passed on.
TERM = re.compile(r"\w+(?:\.\w+)*")


@dataclass(frozen=True)
class SearchType:
    """One kind of searchable content: `key` names its filter (`?type=`), `label` the filter
    (plural), `name` each result (singular)."""

    key: str
    label: str
    name: str
    model: type
    visible: Callable[[], QuerySet]  # a fresh queryset of what visitors may see
    url: Callable[[Any, Any], str]  # url(obj, base) → the result's link
    base: Callable[[Any], Any] = lambda request: request  # computed once per request for `url`
    date: Callable[[Any], Any] = lambda obj: None  # a date or datetime, or None
    text: Callable[[Any], str] | None = None  # the snippet's source; default: the SearchFields
    load: Callable[[QuerySet], QuerySet] = lambda queryset: queryset  # select_related, specific()
    catch_all: bool = False  # a page type that leaves out the page types other types claim
    order: int = 100  # position of the filter; ties in relevance follow it


REGISTRY: dict[str, SearchType] = {}


def register_search_type(key, label, name, model, *, visible, url, **options):
    """Declare a searchable type (from a section's wagtail_hooks.py); returns it."""
    REGISTRY[key] = search_type = SearchType(key, label, name, model, visible, url, **options)
    return search_type


def search_types():
    """Every registered type, in filter order (the sections' wagtail_hooks are loaded first)."""
    hooks.search_for_hooks()
    return sorted(REGISTRY.values(), key=lambda t: (t.order, t.key))


def searchable(search_type, types=None):
    """The queryset a type is searched on: its visible rows, less the page types that other
    types claim when it is the catch-all."""
    queryset = search_type.visible()
    if search_type.catch_all:
        claimed = [
            t.model
            for t in (types or search_types())
            if t is not search_type and issubclass(t.model, Page) and t.model is not Page
        ]
        if claimed:
            queryset = queryset.not_type(*claimed)
    return queryset


# --- The query ------------------------------------------------------------------------


@dataclass
class ParsedQuery:
    raw: str  # what the visitor typed (stripped)
    text: str  # the part searched (at most MAX_QUERY_LENGTH characters)
    terms: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def searched(self):
        return " ".join(self.terms)


def parse_query(raw):
    """The visitor's query as terms the backends take safely, with notes on what was left out."""
    raw = (raw or "").strip()
    text = raw[:MAX_QUERY_LENGTH]
    notes = []
    if len(raw) > MAX_QUERY_LENGTH:
        notes.append(f"Your search was {len(raw):,} characters long: only its first {MAX_QUERY_LENGTH} were searched.")
    terms = list(dict.fromkeys(TERM.findall(text)))  # in order, once each
    if len(terms) > MAX_TERMS:
        notes.append(f"Only the first {MAX_TERMS} words of your search were used.")
        terms = terms[:MAX_TERMS]
    return ParsedQuery(raw, text, terms, notes)


def _lower_is_better():
    return connection.vendor == "sqlite"  # SQLite FTS5's bm25 is negative: lower is better


def _relevance(score):
    """A score as "higher is better", comparable across types (one index, one formula)."""
    if score is None:
        return float("-inf")
    return -score if _lower_is_better() else score


def title_match(terms, operator="and"):
    """1 where the title has every term (any, for "or") at the start of a word, else 0: the
    first ranking key, so that title matches come first on SQLite too (whose bm25 weighs a
    row's columns alike) and for versions ("3.13" in "Python 3.13.0", one word to PostgreSQL)."""
    condition = Q()
    for term in terms:
        matches = Q(title__iregex=rf"(^|\W){re.escape(term)}")
        condition = (condition & matches) if operator == "and" else (condition | matches)
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


@dataclass
class Hit:
    search_type: SearchType
    pk: Any
    title_hit: int
    relevance: float
    position: int


def _ranked(hits):
    return sorted(hits, key=lambda h: (-h.title_hit, -h.relevance, h.search_type.order, h.position))


def count_and_rank(query, types, *, selected, limit, operator="and"):
    """Per type, the number of visible matches; for the `selected` types, their `limit` best
    hits (one query a type on the database backends, counted by a window over the ranked rows;
    two on another engine): title matches first, then by the backend's relevance.
    Returns ({key: count}, [Hit], best first)."""
    counts, hits = {}, []
    backend = get_search_backend()
    for search_type in types:
        queryset = searchable(search_type, types)
        results, ranked = None, []
        if search_type.key in selected and limit:
            results = backend.search(query.searched, queryset.only("pk"), operator=operator).annotate_score("_score")
        if hasattr(results, "get_queryset"):  # the database backends': ranked and counted in one query
            ranked = list(
                results.get_queryset()
                .annotate(_title_hit=title_match(query.terms, operator), _total=Window(Count("pk")))
                .order_by("-_title_hit", "_score" if _lower_is_better() else "-_score", "-pk")[:limit]
            )
            counts[search_type.key] = ranked[0]._total if ranked else 0
        else:
            counts[search_type.key] = backend.search(query.searched, queryset, operator=operator).count()
            if results is not None and counts[search_type.key]:  # another engine: its own order
                ranked = results[:limit]
        hits += [
            Hit(search_type, obj.pk, getattr(obj, "_title_hit", 0), _relevance(obj._score), n)
            for n, obj in enumerate(ranked)
        ]
    return counts, _ranked(hits)


def load(hits):
    """The objects of `hits`, one query per type (plus Wagtail's one per page type for
    `specific()`), in the hits' order; hits whose object went meanwhile are dropped."""
    by_type = {}
    for hit in hits:
        by_type.setdefault(hit.search_type, []).append(hit.pk)
    objects = {}
    for search_type, pks in by_type.items():
        for obj in search_type.load(search_type.model.objects.filter(pk__in=pks)):
            objects[(search_type.key, obj.pk)] = obj
    return [(hit, objects[(hit.search_type.key, hit.pk)]) for hit in hits if (hit.search_type.key, hit.pk) in objects]


# --- Results --------------------------------------------------------------------------


def _flatten(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = value.values()
    if isinstance(value, list | tuple | set) or hasattr(value, "__iter__"):
        return [text for item in value for text in _flatten(item)]
    return [str(value)]


def indexed_text(obj):
    """The text of an object's SearchFields other than its title, as the index has it."""
    parts = []
    for search_field in obj.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name != "title":
            parts += _flatten(search_field.get_value(obj))
    return " ".join(" ".join(strip_tags(part).split()) for part in parts if part)


def _pattern(terms):
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})", re.IGNORECASE)


def highlight(text, terms):
    """`text` escaped, with each occurrence of a term wrapped in <mark> (safe HTML)."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    out, position = [], 0
    for match in pattern.finditer(text):
        out += [escape(text[position : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece of text is escaped above)


def snippet(text, terms, length=SNIPPET_LENGTH):
    """About `length` characters of `text` around its first term, highlighted."""
    text = " ".join((text or "").split())
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > length // 3:
        start = text.rfind(" ", 0, match.start() - length // 3) + 1
    end = start + length
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    piece = text[start:end]
    prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
    return mark_safe(f"{prefix}{highlight(piece, terms)}{suffix}")  # noqa: S308 (highlight escapes)


@dataclass
class Result:
    type: SearchType
    title: str
    url: str
    date: Any
    snippet: str
    object: Any = None


def results(loaded, terms, request):
    """Result rows for the template: title and snippet highlighted, the type's URL and date."""
    bases, rows = {}, []
    for hit, obj in loaded:
        search_type = hit.search_type
        if search_type.key not in bases:
            bases[search_type.key] = search_type.base(request)
        text = search_type.text(obj) if search_type.text else indexed_text(obj)
        if not text and isinstance(obj, Page):
            text = obj.search_description
        rows.append(
            Result(
                type=search_type,
                title=highlight(str(obj.title), terms),
                url=search_type.url(obj, bases[search_type.key]),
                date=search_type.date(obj),
                snippet=snippet(text, terms),
                object=obj,
            )
        )
    return rows


def autocomplete(text, request, limit=AUTOCOMPLETE_LIMIT):
    """Up to `limit` suggestions [{title, url, type}] for what a visitor is typing: the visible
    items whose title starts with the words typed (the last one as a prefix)."""
    query = parse_query(text)
    if not query.terms:
        return []
    types = search_types()
    hits = []
    backend = get_search_backend()
    for search_type in types:
        queryset = searchable(search_type, types).only("pk")
        found = backend.autocomplete(query.searched, queryset, operator="and").annotate_score("_score")[:limit]
        hits += [Hit(search_type, obj.pk, 1, _relevance(obj._score), n) for n, obj in enumerate(found)]
    loaded = load(_ranked(hits)[:limit])
    bases = {}
    suggestions = []
    for hit, obj in loaded:
        search_type = hit.search_type
        if search_type.key not in bases:
            bases[search_type.key] = search_type.base(request)
        suggestions.append(
            {"title": str(obj.title), "url": search_type.url(obj, bases[search_type.key]), "type": search_type.name}
        )
    return suggestions

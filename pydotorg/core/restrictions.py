"""Which pages anonymous visitors may see, without a query of its own.

Wagtail's `PageQuerySet.public()` reads every view restriction first (one query per call,
several per page: a listing, the featured story, the search's page types). `public(qs)` says
the same in the listing's own query: no page at or under a restricted page."""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith


def public(queryset):
    """`queryset` (of pages, of any page type) less the pages in a private section, as
    Wagtail's `.public()` filters them, with no extra query."""
    from wagtail.models import PageViewRestriction

    restricted = PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    return queryset.exclude(Exists(restricted))


def restricted_paths():
    """The tree paths of the pages that carry a view restriction, cached until one is saved or
    deleted or a page moves (pydotorg/core/chrome.py)."""
    from wagtail.models import PageViewRestriction

    from . import chrome

    return chrome.cached(
        "restricted-paths",
        lambda: sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))),
    )


def public_by_path(queryset):
    """`public(queryset)` as plain `path` filters, for the search backends (which take only
    indexed fields' filters): no query when the restrictions are cached, none added when there
    are none."""
    paths = restricted_paths()
    if not paths:
        return queryset
    private = Q()
    for path in paths:
        private |= Q(path__startswith=path)
    return queryset.exclude(private)


def public_children(page):
    """`page`'s live public children in tree order, for listings that show a child's title,
    link and `intro`: plain `Page` objects with the `intro` of whatever type each is read from
    its own table in the same query (`.specific()` would cost one query more per page type)."""
    from django.db.models import Subquery, TextField, Value
    from django.db.models.functions import Coalesce
    from wagtail.models import get_page_models

    intros = [
        Subquery(model.objects.filter(pk=OuterRef("pk")).values("intro")[:1])
        for model in get_page_models()
        if not model._meta.abstract and "intro" in {f.name for f in model._meta.concrete_fields}
    ]
    children = public(page.get_children().live())
    return children.annotate(intro=Coalesce(*intros, Value(""), output_field=TextField())).order_by("path")

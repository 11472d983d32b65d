"""The cache of the logo placements (`{% sponsor_logos %}`, templatetags/sponsors_tags.py):
one entry per publisher and flight, dropped whenever a sponsorship, a logo placement or a
sponsor is saved or deleted (connected by `SponsorsConfig.ready()`), at once and again when
the transaction commits (so a request that read the old rows meanwhile cannot keep them).
Every page's footer shows the logos: the page cache is purged whole (pydotorg/core/pagecache.py)."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from pydotorg.core import pagecache

from .models import Flight, LogoPlacement, Publisher, Sponsor, Sponsorship

PLACEMENTS_TIMEOUT = 300  # seconds: a sponsorship's dates are checked at least this often


def placements_cache_key(publisher, flight):
    return f"sponsors:placements:{publisher}:{flight}"


def clear_placements_cache():
    cache.delete_many([placements_cache_key(p, f) for p in Publisher.values for f in Flight.values])


def placements_changed(sender, **kwargs):
    clear_placements_cache()
    transaction.on_commit(clear_placements_cache, robust=True)
    pagecache.purge(everything=True)


def connect():
    for model in (Sponsorship, LogoPlacement, Sponsor):
        post_save.connect(placements_changed, sender=model, dispatch_uid=f"sponsors-placements-save-{model.__name__}")
        post_delete.connect(
            placements_changed, sender=model, dispatch_uid=f"sponsors-placements-delete-{model.__name__}"
        )

"""`{% sponsor_logos "download" %}`: the logos of the current sponsorships (finalized, within
their dates) that hold a python.org logo placement for that flight, one per sponsor (its
highest level), linked to the sponsor's site (or to /psf/sponsors/ for placements that say
so). The list is cached per publisher and flight (signals.py drops it on every change, and it
is recomputed at least every five minutes and on a new day): a cached placement costs no
query."""

from django import template
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from sections.sponsors.models import LogoPlacement, Publisher, Sponsorship
from sections.sponsors.signals import PLACEMENTS_TIMEOUT, placements_cache_key

register = template.Library()


def level(sponsorship):
    """Sort key: the highest level first (the package's order, then its amount)."""
    package = sponsorship.package
    if package is None:
        return (1, 0, 0, sponsorship.pk)
    return (0, package.order, -package.sponsorship_amount, sponsorship.pk)


def current_placements(flight, publisher=Publisher.PSF, today=None):
    """[{name, logo_url, url, title, alt, width}] of the sponsors placed in `flight` today, the
    highest level first (computed: two queries)."""
    today = today or timezone.localdate()
    placements = (
        LogoPlacement.objects.filter(
            publisher=publisher,
            flight=flight,
            sponsor_benefit__sponsorship__in=Sponsorship.objects.current(today),
        )
        .select_related("sponsor_benefit__sponsorship__sponsor", "sponsor_benefit__sponsorship__package")
        .order_by("pk")
    )
    best = {}  # sponsor pk → (sponsorship, placement)
    for placement in placements:
        sponsorship = placement.sponsor_benefit.sponsorship
        known = best.get(sponsorship.sponsor_id)
        if known is None or level(sponsorship) < level(known[0]):
            best[sponsorship.sponsor_id] = (sponsorship, placement)
    sponsors_page = reverse("sponsors:psf_list")
    logos = []
    for sponsorship, placement in sorted(best.values(), key=lambda pair: (level(pair[0]), pair[0].sponsor.name)):
        sponsor = sponsorship.sponsor
        if not sponsor.web_logo:
            continue
        described = f"{sponsor.name} is a sponsor of the PSF" if placement.describe_as_sponsor else sponsor.name
        logos.append(
            {
                "name": sponsor.name,
                "logo_url": sponsor.web_logo.url,
                "url": sponsors_page if placement.link_to_sponsors_page else sponsor.landing_page_url or sponsors_page,
                "external": not placement.link_to_sponsors_page and bool(sponsor.landing_page_url),
                "title": described,
                "alt": described,
                "width": sponsorship.package.logo_dimension if sponsorship.package else None,
            }
        )
    return logos


def placements(flight, publisher=Publisher.PSF):
    """`current_placements`, cached (with the day it was computed for)."""
    today = timezone.localdate().isoformat()
    key = placements_cache_key(publisher, flight)
    cached = cache.get(key)
    if cached is not None and cached[0] == today:
        return cached[1]
    logos = current_placements(flight, publisher)
    cache.set(key, (today, logos), PLACEMENTS_TIMEOUT)
    return logos


@register.inclusion_tag("sponsors/includes/logos.html")
def sponsor_logos(flight, heading="Sponsors", width=140, publisher=Publisher.PSF):
    return {"logos": placements(flight, publisher), "flight": flight, "heading": heading, "width": width}

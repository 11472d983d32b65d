from django import template
from django.utils.html import format_html

from pydotorg.core import pagecache
from pydotorg.core.html import json_ld
from pydotorg.core.links import page_url
from sections.downloads import queries

register = template.Library()


@register.simple_tag
def latest_python3():
    """`{% latest_python3 as latest %}`: the latest Python 3 release (name, url,
    release_date) and its download buttons, from the one definition of "latest"
    (`queries.latest_release`; cached, see caching.py). None before the first release."""
    pagecache.tag("downloads")  # the page showing it is purged with the releases
    return queries.latest_python3()


@register.simple_tag(takes_context=True)
def release_json_ld(context, release):
    """schema.org SoftwareApplication of a release page."""
    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": "SoftwareApplication",
        "name": release.title,
        "softwareVersion": release.title.removeprefix("Python ").strip(),
        "applicationCategory": "DeveloperApplication",
        "operatingSystem": sorted({f.os.name for f in context.get("files", [])}) or ["Windows", "macOS", "Linux"],
        "url": page_url(release, request),
        "offers": {"@type": "Offer", "price": "0", "priceCurrency": "USD"},
        "publisher": {
            "@type": "Organization",
            "name": "Python Software Foundation",
            "url": "https://www.python.org/psf/",
        },
    }
    if release.release_date:
        data["datePublished"] = release.release_date.date().isoformat()
    if release.release_notes_url:
        data["releaseNotes"] = release.release_notes_url
    downloads = [f.url for f in context.get("files", []) if f.download_button]
    if downloads:
        data["downloadUrl"] = downloads
    nonce = getattr(context.get("request"), "csp_nonce", "")
    return format_html('<script type="application/ld+json" nonce="{}">{}</script>', nonce, json_ld(data))

"""Validators shared by the site's models and blocks."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

LINK_HELP = "A path on this site (/about/) or a full http, https or mailto URL."


def validate_site_link(value):
    """A link editors may put in the navigation or a banner: a path on this site (`/about/`,
    not `//host`), or an http, https or mailto URL. Anything else (`javascript:`, `data:`,
    a bare word) is refused, so no stored link can run script or point nowhere sensible."""
    value = (value or "").strip()
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return
    scheme = urlsplit(value).scheme.lower()
    if scheme in {"http", "https"}:
        URLValidator(schemes=["http", "https"], message=f"Not a valid URL. {LINK_HELP}")(value)
        return
    if scheme == "mailto":
        EmailValidator(message=f"Not a valid email address. {LINK_HELP}")(value[len("mailto:") :].split("?")[0])
        return
    raise ValidationError(f"Not an allowed link. {LINK_HELP}", code="invalid_link")

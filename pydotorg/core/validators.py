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


def validate_site_path_exists(value):
    """A site path (`/about/#team`) must lead somewhere: a live page of the default site's
    tree (routes of routable pages included), or a view of the site's own URLconf. Other
    links pass; `validate_site_link` judges their form. Checked when an editor saves a link,
    so the navigation never offers a 404."""
    from django.http import Http404, HttpRequest
    from django.urls import Resolver404, resolve
    from wagtail.models import Site
    from wagtail.views import serve

    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//"):
        return
    path = urlsplit(value).path or "/"
    for candidate in dict.fromkeys([path, path if path.endswith("/") else path + "/"]):  # APPEND_SLASH
        try:
            match = resolve(candidate)
        except Resolver404:
            continue
        if match.func is not serve:
            return
        site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
        if site is None:
            return
        try:
            site.root_page.specific.route(HttpRequest(), match.args[0].split("/")[:-1])
        except Http404:
            break
        return
    raise ValidationError(
        f"No page of this site answers {path}: link a live page, or give a full URL.", code="no_such_page"
    )

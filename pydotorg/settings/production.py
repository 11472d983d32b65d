"""Production and staging (APP_ENV=prod or staging): DEBUG forced off; a missing, default or
short secret stops the start in every environment but dev."""

from .base import *  # noqa: F403
from .base import APP_ENV, env

DEBUG = False
if APP_ENV != "dev":
    SECRET_KEY = env.require_secret("SECRET_KEY", APP_ENV)
    SESSION_SECRET_KEY = env.require_secret("SESSION_SECRET_KEY", APP_ENV)
    CSRF_SECRET = env.require_secret("CSRF_SECRET", APP_ENV)
    if not env.get("SITE_URL"):
        # Every mail and task builds its links from it: without it they would say 127.0.0.1.
        raise env.ImproperlyConfiguredSecret(
            f"Refusing to start with APP_ENV={APP_ENV}: SITE_URL is not set. "
            "Set SITE_URL to the site's public address (https://www.python.org)."
        )

if FEEDS_ALLOW_LOOPBACK:  # noqa: F405
    raise SystemExit(
        f"Refusing to start with APP_ENV={APP_ENV}: FEEDS_ALLOW_LOOPBACK lets feed URLs reach this machine; "
        "it is for the demo and tests only."
    )

# No SECURE_PROXY_SSL_HEADER: gunicorn passes X-Forwarded-Proto through from any client, but
# sets the request's scheme (wsgi.url_scheme) from it only for the proxies in
# FORWARDED_ALLOW_IPS (deploy/gunicorn.conf.py), and Django reads that scheme.
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^_health$"]
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# Wagtail's live preview shows the page in a same-origin frame, so frames stay SAMEORIGIN.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

"""Development: DEBUG on unless DEBUG=0, mail (through the outbox) printed to the console
unless SMTP_HOST is set."""

from .base import *  # noqa: F403
from .base import SMTP_HOST, env

DEBUG = env.get_bool("DEBUG", True)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["*"])
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
if not SMTP_HOST:
    OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"

"""Reading configuration from the environment, in one place.

Every variable the deployment guide names is read here (see docs/configuration.md).
"""

import os

DEFAULT_SECRET = "insecure-development-key-do-not-use-in-production"
MIN_SECRET_LENGTH = 32


class ImproperlyConfiguredSecret(SystemExit):
    """Raised at start-up when a production secret is unsafe; exits with a clear message."""


def get(name, default=""):
    return os.environ.get(name, default)


def get_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def get_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"Configuration error: {name} must be an integer, got {value!r}.") from None


def get_list(name, default=()):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default)


def require_secret(name):
    """Return the secret named `name`, or stop the start with a message naming it."""
    value = os.environ.get(name, "")
    if not value:
        problem = "is not set"
    elif value == DEFAULT_SECRET or value.startswith("insecure-") or value.lower() in {"changeme", "secret"}:
        problem = "is a default value"
    elif len(value) < MIN_SECRET_LENGTH:
        problem = f"is too short ({len(value)} characters, at least {MIN_SECRET_LENGTH} needed)"
    else:
        return value
    raise ImproperlyConfiguredSecret(
        f"Refusing to start with APP_ENV=prod: {name} {problem}. "
        f"Set {name} to a random string of at least {MIN_SECRET_LENGTH} characters."
    )

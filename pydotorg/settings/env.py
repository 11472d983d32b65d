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


TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def get_bool(name, default=False):
    """1/true/yes/on or 0/false/no/off (any case); anything else stops the start naming `name`."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in TRUE | FALSE:
        raise SystemExit(
            f"Configuration error: {name} must be a boolean (1/true/yes/on or 0/false/no/off), got {value!r}."
        )
    return value in TRUE


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


def require_secret(name, app_env):
    """Return the secret named `name`, or stop the start with a message naming it (every
    environment but dev: staging runs with real secrets too)."""
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
        f"Refusing to start with APP_ENV={app_env}: {name} {problem}. "
        f"Set {name} to a random string of at least {MIN_SECRET_LENGTH} characters."
    )

"""Which settings module APP_ENV selects (used by manage.py and wsgi.py; there is no ASGI entry point)."""

import os

MODULES = {
    "dev": "pydotorg.settings.dev",
    "staging": "pydotorg.settings.production",
    "prod": "pydotorg.settings.production",
}


def configure():
    app_env = os.environ.get("APP_ENV", "dev").strip().lower() or "dev"
    if app_env not in MODULES:
        raise SystemExit(f"Configuration error: APP_ENV must be one of {', '.join(MODULES)}, got {app_env!r}.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", MODULES[app_env])

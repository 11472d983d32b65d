"""Configuration from the environment: embedded defaults, PostgreSQL/Redis, and the
production refusal of unsafe secrets. Each case starts a real `manage.py` process."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRETS = ("SECRET_KEY", "SESSION_SECRET_KEY", "CSRF_SECRET")
CONFIG_VARS = SECRETS + (
    "SITE_URL",
    "APP_ENV",
    "DEBUG",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "ALLOWED_HOSTS",
)


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def good_secrets():
    """The secrets, and the site's address, that production requires."""
    return {"SITE_URL": "https://www.python.org", **{name: secrets.token_urlsafe(48) for name in SECRETS}}


def settings_value(expression, **env):
    """`expression` as a new process sees it: the settings module APP_ENV selects (as manage.py
    and wsgi.py pick it), read without loading the apps."""
    code = f"from pydotorg.settings.select import configure; configure(); from django.conf import settings; print({expression})"  # noqa: S608, E501
    base = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_prod_with_proper_values_passes_check_deploy():
    result = manage("check", "--deploy", APP_ENV="prod", ALLOWED_HOSTS="www.python.org", **good_secrets())
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_prod_forces_debug_off():
    assert settings_value("settings.DEBUG", APP_ENV="prod", DEBUG="1", **good_secrets()) == "False"


@pytest.mark.parametrize("name", SECRETS)
@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (None, "is not set"),
        ("", "is not set"),
        ("insecure-development-key-do-not-use-in-production", "is a default value"),
        ("too-short-secret", "is too short"),
        ("x" * 31, "is too short"),
    ],
)
def test_prod_refuses_unsafe_secret(name, value, reason):
    env = good_secrets()
    if value is None:
        del env[name]
    else:
        env[name] = value
    result = manage("check", APP_ENV="prod", **env)
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith(f"Refusing to start with APP_ENV=prod: {name} {reason}")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("app_env", ["staging", "prod"])
def test_every_environment_but_dev_refuses_the_public_development_secret(app_env):
    result = manage("check", APP_ENV=app_env, SECRET_KEY="insecure-development-key-do-not-use-in-production")
    assert result.returncode != 0
    assert f"Refusing to start with APP_ENV={app_env}: SECRET_KEY is a default value" in result.stderr
    assert "Traceback" not in result.stderr


def test_staging_with_proper_values_starts():
    assert settings_value("settings.DEBUG", APP_ENV="staging", **good_secrets()) == "False"


def test_dev_runs_without_secrets():
    assert settings_value("settings.SECRET_KEY.startswith('insecure-')", APP_ENV="dev") == "True"


@pytest.mark.parametrize("value", ["yes-please", "2", "enabled"])
def test_unknown_boolean_is_refused_naming_the_variable(value):
    result = manage("check", DEBUG=value)
    assert result.returncode != 0
    assert f"DEBUG must be a boolean (1/true/yes/on or 0/false/no/off), got {value!r}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("value", "expected"), [("off", "False"), ("No", "False"), ("ON", "True"), ("1", "True")])
def test_booleans_are_read_in_any_case(value, expected):
    assert settings_value("settings.DEBUG", DEBUG=value) == expected


@pytest.mark.parametrize("app_env", ["staging", "prod"])
def test_feeds_may_not_reach_loopback_outside_dev(app_env):
    result = manage("check", APP_ENV=app_env, FEEDS_ALLOW_LOOPBACK="1", **good_secrets())
    assert result.returncode != 0
    assert f"Refusing to start with APP_ENV={app_env}: FEEDS_ALLOW_LOOPBACK" in result.stderr


def test_secret_of_exactly_32_characters_is_accepted():
    env = good_secrets()
    env["CSRF_SECRET"] = "k" * 32
    assert manage("check", APP_ENV="prod", **env).returncode == 0


def test_unknown_app_env_is_refused_clearly():
    result = manage("check", APP_ENV="production-ish")
    assert result.returncode != 0
    assert "APP_ENV must be one of dev, staging, prod" in result.stderr


def test_embedded_defaults_without_environment():
    value = settings_value(
        "settings.DATABASES['default']['ENGINE'], settings.CACHES['default']['BACKEND'], "
        "settings.HUEY['huey_class'], settings.DEBUG"
    )
    assert value == ("django.db.backends.sqlite3 pydotorg.core.cache.LocMemCache huey.SqliteHuey True")


def test_database_and_redis_urls_configure_postgres_pool_redis_cache_sessions_and_huey():
    value = settings_value(
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['OPTIONS']['pool'], "
        "settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, settings.HUEY['huey_class'], "
        "settings.HUEY['url']",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/pydotorg",
        DATABASE_POOL_SIZE="7",
        DATABASE_MAX_OVERFLOW="3",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert value == (
        "django.db.backends.postgresql {'min_size': 7, 'max_size': 10, 'timeout': 10} "
        "pydotorg.core.cache.RedisCache pydotorg.core.sessions.cached_db huey.RedisHuey redis://127.0.0.1:6379/3"
    )


def test_bad_integer_is_refused_clearly():
    result = manage("check", DATABASE_URL="postgres://postgres@127.0.0.1/x", DATABASE_POOL_SIZE="many")
    assert result.returncode != 0
    assert "DATABASE_POOL_SIZE must be an integer" in result.stderr


def test_prod_refuses_to_start_without_site_url():
    """Mail and tasks link to SITE_URL: without it every notification would say 127.0.0.1."""
    env = good_secrets()
    del env["SITE_URL"]
    result = manage("check", APP_ENV="prod", **env)
    assert result.returncode != 0
    assert "Refusing to start with APP_ENV=prod: SITE_URL is not set" in result.stderr

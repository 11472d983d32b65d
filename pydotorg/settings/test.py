"""Tests: the embedded defaults, or PostgreSQL and Redis when DATABASE_URL / REDIS_URL are
set (CI sets them). Mail is delivered to Django's locmem outbox; Huey runs tasks immediately."""

import os
import tempfile
import uuid
from pathlib import Path

from .base import *  # noqa: F403
from .base import HUEY

DEBUG = False
SECRET_KEY = "test-secret-key-that-is-long-enough-for-hmac-1234567890"
SESSION_SECRET_KEY = "test-session-secret-key-long-enough-0123456789"
ALLOWED_HOSTS = ["*"]
# Mail goes through the outbox and is delivered to Django's locmem outbox (Django's test setup
# also sets EMAIL_BACKEND to locmem: tests of the mail path put the outbox back).
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
HUEY = {**HUEY, "immediate": True}
# A key prefix of this run (and of this xdist worker) alone: runs sharing a Redis never see
# each other's keys, and the per-test cleanup (delete_pattern under the prefix) touches no other run.
TEST_RUN_ID = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{uuid.uuid4().hex[:12]}"
CACHES["default"]["KEY_PREFIX"] = f"pydotorg-test-{TEST_RUN_ID}"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"pydotorg-test-media-{TEST_RUN_ID}"
# The tests' feed servers listen on 127.0.0.1 (the SSRF tests turn this off again).
FEEDS_ALLOW_LOOPBACK = True

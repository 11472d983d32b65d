"""Settings shared by every environment. Production-safe by default: DEBUG off,
secrets and hosts from the environment. dev.py relaxes; production.py enforces."""

import base64
import hashlib
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from . import env

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env.get("VAR_DIR", str(BASE_DIR / "var")))

APP_ENV = env.get("APP_ENV", "dev").strip().lower() or "dev"
DEBUG = env.get_bool("DEBUG", False)
SECRET_KEY = env.get("SECRET_KEY") or env.DEFAULT_SECRET
SESSION_SECRET_KEY = env.get("SESSION_SECRET_KEY") or SECRET_KEY
CSRF_SECRET = env.get("CSRF_SECRET") or SECRET_KEY
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "pydotorg.users",
    "pydotorg.core",
    "pydotorg.api",
    "home",
    "sections.pages",
    "sections.boxes",
    "sections.codesamples",
    "sections.downloads",
    "sections.events",
    "sections.jobs",
    "sections.successstories",
    "sections.nominations",
    "sections.membership",
    "sections.psf",
    "sections.news",
    "sections.community",
    "sections.sponsors",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.search_promotions",  # editors' picks and the query log of site search
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "huey.contrib.djhuey",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API docs UI's assets, served from our static files
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.google",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "pydotorg.core.middleware.RequestLogMiddleware",
    "pydotorg.core.metrics.MetricsMiddleware",  # request metrics; answers /metrics (before host checks)
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag; 304 to If-None-Match (cached pages too)
    "pydotorg.core.pagecache.PageCacheMiddleware",  # anonymous pages; above CSP: keeps the page's nonce header
    "pydotorg.core.middleware.ContentSecurityPolicyMiddleware",
    "pydotorg.core.middleware.RejectNulMiddleware",  # 400 for %00 in path, query or form
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pydotorg.core.middleware.PrivateResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "pydotorg.urls"
WSGI_APPLICATION = "pydotorg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env.get("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        pool_size = env.get_int("DATABASE_POOL_SIZE", 5)
        max_overflow = env.get_int("DATABASE_MAX_OVERFLOW", 10)
        # psycopg 3 connection pool: pool_size connections kept, up to
        # pool_size + max_overflow under load (the deployment guide's SQLAlchemy terms).
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": pool_size,
            "max_size": pool_size + max_overflow,
            "timeout": 10,
        }
        # A connection attempt to an unreachable server gives up after 5 s (libpq waits
        # two minutes by default); /health waits at most 1 s (pydotorg/core/views.py).
        DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, background work --------------------------------------------------
REDIS_URL = env.get("REDIS_URL")
CACHE_KEY_PREFIX = env.get("CACHE_KEY_PREFIX", "pydotorg")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis; with Redis down, reads miss, writes are dropped and add() answers
            # True, so allauth's rate limits degrade open (docs/security.md).
            "BACKEND": "pydotorg.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                # An unreachable Redis costs a request at most this (seconds), not redis-py's 5 s.
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    SESSION_ENGINE = "pydotorg.core.sessions.cached_db"
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": CACHE_KEY_PREFIX,
        "url": REDIS_URL,
        "immediate": env.get_bool("HUEY_IMMEDIATE", False),
        "consumer": {"workers": env.get_int("HUEY_WORKERS", 2), "worker_type": "thread"},
    }
else:
    CACHES = {"default": {"BACKEND": "pydotorg.core.cache.LocMemCache", "KEY_PREFIX": CACHE_KEY_PREFIX}}
    SESSION_ENGINE = "pydotorg.core.sessions.db"
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": CACHE_KEY_PREFIX,
        "filename": str(VAR_DIR / "huey.sqlite3"),
        # Without a worker running, tasks run in the request (set HUEY_IMMEDIATE=0 and
        # start `make worker` to run them in the background instead).
        "immediate": env.get_bool("HUEY_IMMEDIATE", True),
        "consumer": {"workers": env.get_int("HUEY_WORKERS", 2), "worker_type": "thread"},
    }

# Wagtail's own background work (reference index, image renditions, frontend cache)
# goes through Django's tasks framework; it runs immediately, inside the request or
# Huey task that triggered it (see docs/architecture.md, "Background work").
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Auth and accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Python.org] "
# Case-insensitive usernames, site name in mails (pydotorg/users/adapters.py).
ACCOUNT_ADAPTER = "pydotorg.users.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "pydotorg.users.forms.LoginForm", "signup": "pydotorg.users.forms.SignupForm"}
# Signing up with an address that already has an account creates nothing and mails the
# owner instead of saying so on the page (no enumeration of addresses).
ACCOUNT_PREVENT_ENUMERATION = True
# Login rate limits count by client address: trust X-Forwarded-For as far as the API does
# (NUM_PROXIES below), so clients behind our proxy are not all one address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.get_int("NUM_PROXIES", 0)
# Providers come only from the environment below; unconfigured ones answer 404.
SOCIALACCOUNT_ADAPTER = "pydotorg.users.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"
OAUTH_REDIRECT_BASE_URL = env.get("OAUTH_REDIRECT_BASE_URL")  # OAuth callback base (pydotorg/users/oauth.py)
SOCIALACCOUNT_PROVIDERS = {}
for _provider, _prefix in (("github", "GITHUB"), ("google", "GOOGLE")):
    _client_id, _secret = env.get(f"{_prefix}_CLIENT_ID"), env.get(f"{_prefix}_CLIENT_SECRET")
    if _client_id and _secret:
        SOCIALACCOUNT_PROVIDERS[_provider] = {"APPS": [{"client_id": _client_id, "secret": _secret, "key": ""}]}

# --- Email -----------------------------------------------------------------------------
SMTP_HOST = env.get("SMTP_HOST")
EMAIL_HOST = SMTP_HOST or "localhost"
EMAIL_PORT = env.get_int("SMTP_PORT", 25)
EMAIL_HOST_USER = env.get("SMTP_USER")
EMAIL_HOST_PASSWORD = env.get("SMTP_PASSWORD")
EMAIL_USE_TLS = env.get_bool("SMTP_USE_TLS", False)
EMAIL_TIMEOUT = 20
_from_email = env.get("SMTP_FROM_EMAIL", "noreply@python.org")
_from_name = env.get("SMTP_FROM_NAME", "Python.org")
DEFAULT_FROM_EMAIL = f"{_from_name} <{_from_email}>" if _from_name else _from_email
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every mail goes through the outbox (pydotorg/core/mail.py): stored as an OutgoingEmail in
# the sender's transaction, then sent by a Huey task, with retries, through this backend.
EMAIL_BACKEND = "pydotorg.core.mail.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

# --- Search ----------------------------------------------------------------------------
# Wagtail's database backend (PostgreSQL full-text search; SQLite FTS): no search server.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Days of search query hits kept (popular queries: the last 30 days; the weekly rebuild forgets older ones).
WAGTAILSEARCH_HITS_MAX_AGE = 30
# Autocomplete requests per client address (search/views.py), REST framework's rate syntax.
SEARCH_AUTOCOMPLETE_RATE = env.get("SEARCH_AUTOCOMPLETE_RATE", "120/minute")
# Read, not used: no Meilisearch server runs on these machines. Another engine would be a
# WAGTAILSEARCH_BACKENDS entry (docs/configuration.md, "Search").
MEILISEARCH_URL = env.get("MEILISEARCH_URL")
MEILISEARCH_API_KEY = env.get("MEILISEARCH_API_KEY")
MEILISEARCH_INDEX_PREFIX = env.get("MEILISEARCH_INDEX_PREFIX")

# --- The page cache (pydotorg/core/pagecache.py; docs/performance.md) --------------------
# Whole anonymous responses in the default cache; purged precisely on change. Seconds kept at
# the origin, browsers' max-age (0: revalidate each time with the ETag, so nobody signing in
# sees a page their browser kept from before) and the CDN's s-maxage.
PAGE_CACHE_ENABLED = env.get_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env.get_int("PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_MAX_AGE = env.get_int("PAGE_CACHE_MAX_AGE", 0)
PAGE_CACHE_CDN_SECONDS = env.get_int("PAGE_CACHE_CDN_SECONDS", 600)
PAGE_CACHE_EXCLUDE_PATHS = ["/admin/", "/django-admin/", "/accounts/", "/api/", "/search/", "/health", "/_health",
                            "/users/", "/static/", "/media/", "/documents/"]  # fmt: skip

# --- CDN -------------------------------------------------------------------------------
# Fastly purges after commit (pydotorg/core/cdn.py; docs/operations.md, "CDN purge"): only
# when both the API key and the service are set; otherwise no frontend cache is purged.
FASTLY_API_KEY = env.get("FASTLY_API_KEY")
FASTLY_SERVICE_ID = env.get("FASTLY_SERVICE_ID")
if FASTLY_API_KEY and FASTLY_SERVICE_ID:
    WAGTAILFRONTENDCACHE = {
        "fastly": {
            "BACKEND": "pydotorg.core.cdn.FastlyBackend",
            "API_KEY": FASTLY_API_KEY,
            "SERVICE_ID": FASTLY_SERVICE_ID,
            "API_URL": env.get("FASTLY_API_URL", "https://api.fastly.com"),
            "SOFT_PURGE": env.get_bool("FASTLY_SOFT_PURGE", False),
            "TIMEOUT": env.get_int("FASTLY_TIMEOUT", 5),
        }
    }

# --- Internationalisation, static, media ----------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.get("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env.get("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media (images, documents) on S3 or an S3-compatible store when a bucket is named
# (docs/operations.md, "Media storage"); django-storages takes AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY from the environment itself (or the machine's IAM role).
AWS_STORAGE_BUCKET_NAME = env.get("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.get("AWS_S3_ENDPOINT_URL") or None,  # none: AWS itself
            "region_name": env.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": env.get("AWS_S3_CUSTOM_DOMAIN") or None,  # media's public host (a CDN)
            "file_overwrite": False,  # a second upload of a name gets a name of its own
            "querystring_auth": False,  # public media: plain URLs, which cached pages may keep
        },
    }
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Python.org"
# SITE_URL: the site's address for links made outside a request (mail, tasks, printed URLs);
# inside one, feeds, the sitemap and JSON-LD use the request's own host (pydotorg/core/links.py).
# Default: 127.0.0.1 on $PORT, where `make run` serves (the Makefile passes SITE_URL itself).
WAGTAILADMIN_BASE_URL = (env.get("SITE_URL") or f"http://127.0.0.1:{env.get('PORT') or '8000'}").rstrip("/")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_I18N_ENABLED = False
# Autosave off: on a new page it saved a draft the editor never asked for, whose slug then
# clashed with the page they did save (docs/page-tree.md, "Saving").
WAGTAIL_AUTOSAVE_INTERVAL = 0

# --- Security --------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp, through pydotorg.core.middleware; docs/security.md):
# scripts and styles come from our static files; an inline one needs the request's nonce
# (`<script nonce="{{ request.csp_nonce }}">`). The self-contained 500 page (no template tag,
# so no nonce) has its one <style> block allowed by hash.
_500_STYLE = re.search(r"<style>(.*?)</style>", (BASE_DIR / "templates" / "500.html").read_text(), re.S)[1]
CSP_500_STYLE_HASH = f"'sha256-{base64.b64encode(hashlib.sha256(_500_STYLE.encode()).digest()).decode()}'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE, CSP_500_STYLE_HASH],
        "img-src": [SELF, "data:", "https:"],  # editors' content may show images from other sites
        "frame-src": [SELF, "https:"],  # embedded media (YouTube, Vimeo...)
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, "https://github.com", "https://accounts.google.com"],  # OAuth sign-in redirects
        "frame-ancestors": [SELF],
    }
}
# Wagtail's and Django's admins still use inline scripts and styles: their own, wider policy.
CONTENT_SECURITY_POLICY_ADMIN = {
    "PATH_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https:"],  # image uploads' previews, user avatars
        "connect-src": [SELF, "https://releases.wagtail.org"],  # the dashboard's upgrade notice
    },
}
# Wagtail's default avatar URL is protocol-relative (http:// on a plain-http dev server): https only.
WAGTAIL_GRAVATAR_PROVIDER_URL = "https://www.gravatar.com/avatar"
# Browser features no page of ours uses, denied to our pages and to the frames they embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Metrics (pydotorg/core/metrics.py, docs/operations.md "Metrics and logs") ---------
# /metrics answers only requests whose every hop (the client's address, X-Forwarded-For,
# X-Real-IP) is in these networks (default: loopback and private ranges), and, when a token
# is set, only with `Authorization: Bearer <METRICS_TOKEN>`.
METRICS_ALLOWED_IPS = env.get_list(
    "METRICS_ALLOWED_IPS", ["127.0.0.0/8", "::1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]
)
METRICS_TOKEN = env.get("METRICS_TOKEN")

# --- Logging ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "pydotorg.core.logging.JsonFormatter"}},
    # A 4xx (403 refusal, 400 bad request) is one line with the error, without a traceback.
    "filters": {"client_errors": {"()": "pydotorg.core.logging.ClientErrorWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["client_errors"]}},
    "loggers": {"django.request": {"filters": ["client_errors"]}},  # Django's own console handler too (dev)
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "INFO")},
}

# --- Downloads and the API (sections/downloads, pydotorg/api; docs/sections/downloads.md) ---
# Release file URLs must start with this prefix (python.org's download host).
DOWNLOADS_URL_PREFIX = env.get("DOWNLOADS_URL_PREFIX", "https://www.python.org/")
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_RATES": {
        "api_v1": env.get("API_V1_THROTTLE_RATE", "600/hour"),  # per user or address (Tastypie's)
        "anon": env.get("API_ANON_THROTTLE_RATE", "100/day"),
        "user": env.get("API_USER_THROTTLE_RATE", "3000/day"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Throttles identify anonymous callers by address: trust X-Forwarded-For only as far as
    # the proxies in front of us (0: REMOTE_ADDR; 1 behind one nginx/load balancer).
    "NUM_PROXIES": env.get_int("NUM_PROXIES", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Python.org API",
    "DESCRIPTION": "python.org's API v1 (Tastypie shape) and v2 (REST framework shape).",
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    # Describe our API only (not Wagtail's admin API, which also uses REST framework).
    "PREPROCESSING_HOOKS": ["pydotorg.api.schema.only_public_api"],
    # `check --deploy` must not need a database; the schema is checked by the API tests.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    # /api/docs/ui/ loads Swagger UI from our static files (drf-spectacular-sidecar), not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Job board (sections/jobs, docs/sections/jobs.md) ----------------------------------
JOBS_EXPIRY_DAYS = env.get_int("JOBS_EXPIRY_DAYS", 90)  # approval sets `expires` this far ahead
JOBS_ARCHIVE_AFTER_DAYS = env.get_int("JOBS_ARCHIVE_AFTER_DAYS", 30)  # expired this long: archived
JOBS_SUBMISSIONS_PER_DAY = env.get_int("JOBS_SUBMISSIONS_PER_DAY", 5)  # new jobs per user per 24 hours
JOBS_COMMENTS_PER_HOUR = env.get_int("JOBS_COMMENTS_PER_HOUR", 10)  # comments per user per hour (moderators: no limit)
JOBS_MODERATORS_EMAIL = env.get("JOBS_MODERATORS_EMAIL", "jobs@python.org")

# --- Sponsors (sections/sponsors, docs/sections/sponsors.md) ----------------------------
# Where the sponsorship team's mail goes (applications, contracts, overdue assets); empty:
# every holder of sponsors.manage_sponsorships (the "Sponsorship team" group).
SPONSORSHIP_NOTIFICATION_TO_EMAIL = env.get("SPONSORSHIP_NOTIFICATION_TO_EMAIL", "sponsors@python.org")
# Besides staff, holders of these permissions may be issued API credentials (read-only
# consumers such as PyPI's account, which reads the sponsors' logo placements).
API_CREDENTIALS_PERMISSIONS = ["sponsors.sponsor_publisher"]
SPONSOR_UPLOAD_MAX_MB = env.get_int("SPONSOR_UPLOAD_MAX_MB", 10)  # logos, assets and signed contracts

# --- Events (sections/events, docs/sections/events.md) ---------------------------------
# Import of external iCalendar feeds: timeout (seconds) and size limit of one fetch; the
# only local files a calendar may name (file:// URLs): the demo's fixtures.
EVENTS_FEED_TIMEOUT = env.get_int("EVENTS_FEED_TIMEOUT", 20)
EVENTS_FEED_MAX_BYTES = 10_000_000
EVENTS_FEED_FILE_ROOTS = [BASE_DIR / "sections" / "events" / "fixtures"]
# Feeds are fetched from public addresses only (pydotorg/core/fetch.py); this lets loopback
# (127.0.0.0/8, ::1) through for tests and a local feed server. Never in production.
FEEDS_ALLOW_LOOPBACK = env.get_bool("FEEDS_ALLOW_LOOPBACK", False)
EVENTS_SUBMISSIONS_PER_DAY = env.get_int("EVENTS_SUBMISSIONS_PER_DAY", 5)  # visitor submissions per user per 24 hours
# Occurrences of recurring events are stored for this many days back and ahead (refreshed
# daily), at most EVENTS_MAX_OCCURRENCES per event.
EVENTS_OCCURRENCE_WINDOW_DAYS = 730
EVENTS_MAX_OCCURRENCES = 1000

# --- News (sections/news, docs/sections/news.md) ---------------------------------------
# Import of the blogs' RSS/Atom feeds every 15 minutes: timeout (seconds, overall) and size
# limit of one fetch; the only local files a feed may name (file:// URLs): the demo's fixtures.
NEWS_FEED_TIMEOUT = env.get_int("NEWS_FEED_TIMEOUT", 20)
NEWS_FEED_MAX_BYTES = 10_000_000
NEWS_FEED_FILE_ROOTS = [BASE_DIR / "sections" / "news" / "fixtures"]

"""Prometheus metrics at /metrics (docs/operations.md, "Metrics and logs").

Two kinds:
- Counted as they happen, in the web process: requests by view and status, their latency and
  database queries (MetricsMiddleware), cache hits and misses (pydotorg/core/cache.py). Under
  gunicorn each worker writes them to prometheus_client's multiprocess files
  (PROMETHEUS_MULTIPROC_DIR, set by deploy/gunicorn.conf.py) and a scrape sums every worker's.
- Read when scraped, from the shared state (StateCollector): the Huey queue's length, task
  outcomes (counted by the worker in Huey's own storage, Redis or its SQLite file), pending and
  failed outgoing mail, the last successful import of each SyncRecord kind (calendars, feeds).

Access: only from METRICS_ALLOWED_IPS (every address the request went through: the client's
and those in X-Forwarded-For / X-Real-IP), else 404; with METRICS_TOKEN set, only with
`Authorization: Bearer <token>`, else 403."""

import hmac
import ipaddress
import logging
import os
import time
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Max, Min
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotFound
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import autodiscover_modules
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from .models import OutgoingEmail, SyncRecord

logger = logging.getLogger(__name__)

PATH = "/metrics"
MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")  # set by deploy/gunicorn.conf.py

REQUESTS = Counter("pydotorg_http_requests", "Requests by view (URL name) and status.", ["view", "method", "status"])
LATENCY = Histogram(
    "pydotorg_http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
QUERIES = Histogram(
    "pydotorg_db_queries_per_request",
    "SQL queries one request made, by view.",
    ["view"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200, 500),
)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def view_label(request):
    """The URL's name (`namespace:name`, else the view's dotted path): one label per route,
    never the raw path (ids, slugs). `unmatched` when no URL pattern matched."""
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else "unmatched"


class MetricsMiddleware:
    """Counts every request (view, method, status), its duration and its SQL queries; answers
    /metrics itself, before host validation and the https redirect, so Prometheus can scrape
    each instance by its address over plain http (access is checked by the view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            if request.path_info == PATH:
                response, view = metrics(request), "metrics"
            else:
                response = self.get_response(request)
                view = view_label(request)
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        LATENCY.labels(view).observe(time.perf_counter() - started)
        QUERIES.labels(view).observe(queries)
        return response


# --- Huey task outcomes (counted by the signal handler in pydotorg/core/tasks.py) -----------

TASK_OUTCOMES = ("complete", "failure")


def task_counter_key(task_name, outcome):
    return f"metrics:task:{outcome}:{task_name}"


def count_task(task_name, outcome):
    """Count a task's outcome in Huey's storage: shared by the worker and the web processes
    (Redis, or the SQLite file), atomic, and kept apart from the cache (which may be cleared)."""
    HUEY.storage.incr(task_counter_key(task_name, outcome))


def task_counts():
    """{(task name, outcome): count} of every task that has an outcome counted."""
    storage = HUEY.storage
    if isinstance(storage, RedisStorage):  # one HGETALL
        raw = {key.decode(): int(value) for key, value in storage.conn.hgetall(storage.counter_key).items()}
    else:  # SQLite or memory (immediate mode): adding 0 reads a counter
        autodiscover_modules("tasks")  # every task module loaded, as in the consumer
        keys = [task_counter_key(name, outcome) for name in HUEY._registry._registry for outcome in TASK_OUTCOMES]
        raw = {key: storage.incr(key, 0) for key in keys}
    counts = {}
    for key, value in raw.items():
        parts = key.split(":", 3)
        if len(parts) == 4 and parts[:2] == ["metrics", "task"] and value:
            counts[parts[3], parts[2]] = value
    return counts


# --- Read at scrape time ---------------------------------------------------------------------


class StateCollector:
    """Gauges and counters read from the database and the queue when /metrics is scraped;
    a part that fails (database down) is left out and logged, the rest still answers."""

    def collect(self):
        for part in (self.queue, self.tasks, self.emails, self.syncs):
            try:
                yield from part()
            except Exception as exc:
                logger.warning("metrics: %s failed: %s: %s", part.__name__, type(exc).__name__, exc)

    def queue(self):
        yield GaugeMetricFamily("pydotorg_huey_pending_tasks", "Tasks waiting in the Huey queue.", HUEY.pending_count())

    def tasks(self):
        counts = task_counts()
        done = CounterMetricFamily("pydotorg_huey_tasks_completed", "Huey task runs that finished.", labels=["task"])
        failed = CounterMetricFamily(
            "pydotorg_huey_task_failures",
            "Huey task runs that raised or timed out (each attempt: a retried task counts each failure).",
            labels=["task"],
        )
        for (task, outcome), value in sorted(counts.items()):
            (done if outcome == "complete" else failed).add_metric([task], value)
        yield done
        yield failed

    def emails(self):
        unsent = OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).order_by()
        rows = dict(unsent.values("status").annotate(n=Count("pk")).values_list("status", "n"))
        family = GaugeMetricFamily(
            "pydotorg_outgoing_emails", "Outgoing emails not sent, by status.", labels=["status"]
        )
        for status in (OutgoingEmail.Status.PENDING, OutgoingEmail.Status.FAILED):
            family.add_metric([status.value], rows.get(status.value, 0))
        yield family
        oldest = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).aggregate(t=Min("created_at"))["t"]
        yield GaugeMetricFamily(
            "pydotorg_outgoing_email_oldest_pending_age_seconds",
            "Age of the oldest pending outgoing email (0: none pending).",
            (timezone.now() - oldest).total_seconds() if oldest else 0,
        )

    def syncs(self):
        """Every SyncRecord model (the sections' import records: events.CalendarSync,
        news.FeedSync), found through the app registry: the project imports no section."""
        family = GaugeMetricFamily(
            "pydotorg_sync_last_success_timestamp_seconds",
            "When the last import that did not fail finished (Unix time; 0: never), by record model.",
            labels=["sync"],
        )
        for model in apps.get_models():
            if issubclass(model, SyncRecord):
                last = model.objects.exclude(status="failed").aggregate(t=Max("finished_at"))["t"]
                family.add_metric([model._meta.label_lower], last.timestamp() if last else 0)
        yield family


class ThisProcess:
    """The default registry of this process (no multiprocess mode: runserver, tests)."""

    def collect(self):
        yield from REGISTRY.collect()


# --- The view --------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def allowed_networks(entries):
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as exc:
        raise ImproperlyConfigured(f"METRICS_ALLOWED_IPS: {exc}") from None


def address_allowed(address, networks):
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:  # "host:port", "unknown", empty...: not an address we can vouch for
        return False
    ip = getattr(ip, "ipv4_mapped", None) or ip
    return any(ip in network for network in networks)


def refusal(request):
    """None when the request may read the metrics, else the answer: 404 from an address not
    allowed (whichever hop it came through), 403 without the token when one is set."""
    networks = allowed_networks(tuple(settings.METRICS_ALLOWED_IPS))
    hops = [request.META.get("REMOTE_ADDR", "")]
    for header in ("X-Forwarded-For", "X-Real-IP"):  # a proxy's: the client's address is among them
        if header in request.headers:
            hops += request.headers[header].split(",")
    if not all(address_allowed(hop, networks) for hop in hops):
        return HttpResponseNotFound("Not found", content_type="text/plain")
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return HttpResponseForbidden("Forbidden", content_type="text/plain")
    return None


def metrics(request):
    """GET /metrics: the Prometheus text format."""
    response = refusal(request)
    if response is None:
        registry = CollectorRegistry()
        if MULTIPROC_DIR:
            MultiProcessCollector(registry, path=MULTIPROC_DIR)
        else:
            registry.register(ThisProcess())
        registry.register(StateCollector())
        response = HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
    add_never_cache_headers(response)
    return response

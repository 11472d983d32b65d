"""gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py pydotorg.wsgi`.

Listens on 127.0.0.1:8000, behind the proxy on the same host: `GUNICORN_BIND` sets the whole
address (`0.0.0.0:8000`, `unix:/run/pydotorg.sock`), `PORT` only the port. `X-Forwarded-Proto`
makes a request https only when it comes from an address in `FORWARDED_ALLOW_IPS` (default
127.0.0.1; comma-separated addresses or networks): Django reads the scheme gunicorn sets and
does not trust the header itself (no SECURE_PROXY_SSL_HEADER). gunicorn's `Server` header
names no version; the proxy replaces it with its own (docs/security.md).

Requests are logged by the application (JSON lines with request ids), so gunicorn's own
access log stays off."""

import contextlib
import ctypes
import ctypes.util
import glob
import os
import shutil
import tempfile

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT') or '8000'}"
# Measured with bench/pages.py on 2 cores (docs/performance.md, "gunicorn"): a request is
# mostly Python (templates, serialisers) with short waits on PostgreSQL and Redis; one process
# per core plus one, two threads each to cover those waits and slow clients. 1, 2, 4 or 8
# threads made no difference beyond the noise; more processes cost ~145 MB RSS (~90 MB PSS)
# and up to 10 database connections each.
workers = int(os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1)
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
# Load Django once in the master and fork: the workers share its code pages (copy on write),
# which keeps each worker's own memory low and starts them fast. The master must not keep a
# database connection across the fork (pre_fork below); Redis clients reconnect by themselves.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") not in ("0", "false", "no")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (each a different count, so they never all
# restart at once): whatever a long-lived process accumulates (caches, fragmentation) is
# returned. Measured: a worker starts at ~140 MB RSS and is at 124-149 MB after a load run
# (with the malloc settings below).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"


def limit_malloc_arenas(count=2):
    """glibc gives each thread of a worker its own malloc arena (up to 8 per core), each
    holding on to the memory of the largest response it built; two arenas per process keep a
    worker's RSS flat under load (measured: docs/performance.md). Set in the master, so every
    forked worker inherits it (MALLOC_ARENA_MAX in the environment does the same)."""
    libc = ctypes.util.find_library("c")
    if libc and "MALLOC_ARENA_MAX" not in os.environ:
        with contextlib.suppress(OSError, AttributeError):  # not glibc
            ctypes.CDLL(libc).mallopt(-8, count)  # M_ARENA_MAX


limit_malloc_arenas(int(os.environ.get("GUNICORN_MALLOC_ARENAS", "2")))


def fix_mmap_threshold(size=131072):
    """glibc raises its mmap threshold each time a large block is freed, so after a few large
    responses (`/downloads/`, the API lists) every later one is built on the heap, which
    fragments and is never given back. A fixed threshold (glibc's initial 128 KB) keeps large
    blocks in their own mappings, returned when freed: workers 143-149 MB RSS after a load run
    instead of 154-158 (docs/performance.md, "gunicorn"). MALLOC_MMAP_THRESHOLD_ in the
    environment, glibc's own variable, does the same and wins."""
    libc = ctypes.util.find_library("c")
    if libc and size and "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        with contextlib.suppress(OSError, AttributeError):  # not glibc
            ctypes.CDLL(libc).mallopt(-3, size)  # M_MMAP_THRESHOLD


fix_mmap_threshold(int(os.environ.get("GUNICORN_MALLOC_MMAP_THRESHOLD", "131072")))


def when_ready(server):
    """Once the preloaded app is in the master, before the first fork: collect the import-time
    garbage, freeze what is left (the workers' collector then never walks or writes to the
    app's objects) and give the freed heap back to the system. Measured: workers 153-157 MB
    RSS after a load run instead of 165-171 MB (docs/performance.md, "gunicorn")."""
    import gc

    gc.collect()
    gc.freeze()
    libc = ctypes.util.find_library("c")
    if libc:
        with contextlib.suppress(OSError, AttributeError):  # not glibc
            ctypes.CDLL(libc).malloc_trim(0)


def pre_fork(server, worker):
    """A database connection (or psycopg pool) opened while the app loaded must not be
    shared by the forked workers: close it in the master before each fork."""
    from django.conf import settings

    if not settings.configured:  # without preload the master never loads Django
        return
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()


# Metrics (pydotorg/core/metrics.py, docs/operations.md "Metrics and logs"): each worker writes
# its counters to files in one folder (prometheus_client's multiprocess mode) and /metrics sums
# them, whichever worker answers. The variable must be set before the app (preloaded in the
# master) or a worker imports prometheus_client: here, when gunicorn reads this file.
METRICS_DIR_OWNED = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")  # ours to remove at exit
if METRICS_DIR_OWNED:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = os.path.join(tempfile.gettempdir(), f"pydotorg-metrics-{os.getpid()}")
os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)


def on_starting(server):
    """The master starts from zero: files left by an earlier run's workers are removed."""
    for stale in glob.glob(os.path.join(os.environ["PROMETHEUS_MULTIPROC_DIR"], "*.db")):
        os.remove(stale)


def child_exit(server, worker):
    """A dead worker's live gauges go; its counters stay in the sums."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if METRICS_DIR_OWNED:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)

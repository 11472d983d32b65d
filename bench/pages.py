"""Benchmark of the public pages and the API lists, as production serves them (prints
figures; not a test). `make bench-pages` or:

    .venv/bin/python bench/pages.py [--duration 5] [--scale] [--urls / /jobs/] [--workers 3 --threads 4]

1. A PostgreSQL database (BENCH_DATABASE_URL, default .../pydotorg_bench) migrated with the
   demo content loaded (once: later runs find it), and Redis (BENCH_REDIS_URL, default db 11, keys prefixed "bench").
2. gunicorn started as documented (`gunicorn -c deploy/gunicorn.conf.py pydotorg.wsgi`,
   APP_ENV=prod) on a free port, with the throttles on (rates raised so that wrk is counted,
   not refused), first with the page cache off (PAGE_CACHE_ENABLED=false: every request
   renders), then on (pydotorg/core/pagecache.py, when it exists). Each URL is warmed, then
   `wrk -t2 -c20 -d<N>s --latency -H 'Connection: close'`: req/s, p50, p99.
3. nginx (a throwaway config in a temporary directory, a free port) serving the bytes the
   site answered for each URL, under the same wrk: the ratio ours/nginx. Then the pages (not
   the API: its rate limit refuses wrk) through the project's own nginx config
   (deploy/nginx/pydotorg.conf, rendered as tests/test_deploy_proxies.py does: TLS with a
   self-signed certificate, its 5-second micro-cache) in front of the cached gunicorn, against
   the throwaway nginx serving the same bytes over the same TLS: the ratio proxy/nginx.
4. SQL queries per URL: Django's test client in-process, page cache off (a second request,
   so the site's own caches are warm), counted with a database execute wrapper.
5. With --scale: the same uncached figures on a copy of the database with the scaled data
   set (bench/seed_scale.py: thousands of releases, tens of thousands of files, 5,000 jobs,
   10,000 events), beside the demo's: both servers run together and each URL is measured on
   the demo, then on the scaled set; "/demo" is the ratio of those two figures.
6. The workers' RSS (ps) after the runs; `uptime` (the machine is shared: compare ratios).
"""

# It runs local tools (gunicorn, wrk, nginx, psql) with arguments it builds, on loopback URLs.
# ruff: noqa: S603, S607, S608, S310

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pydotorg_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/11"
URLS = [
    "/",
    "/downloads/",
    "/downloads/release/python-3147/",
    "/jobs/",
    "/events/",
    "/api/v1/downloads/release/?format=json",
    "/api/v2/downloads/release/",
]
NO_REFUSAL = {"API_V1_THROTTLE_RATE": "100000000/hour", "API_ANON_THROTTLE_RATE": "100000000/day",
              "API_USER_THROTTLE_RATE": "100000000/day"}  # fmt: skip


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(database_url, redis_url):
    keep = {"PATH", "HOME", "LANG", "TMPDIR"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    static = str(Path(tempfile.gettempdir()) / "pydotorg-bench-static")
    return env | {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "STATIC_ROOT": static,
        "CACHE_KEY_PREFIX": "bench-" + database_url.rsplit("/", 1)[1],
    }  # one per database


def manage(env, *args, timeout=1800):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env | {"APP_ENV": "dev"}, check=True,
                   capture_output=True, timeout=timeout)  # fmt: skip


def psql(database_url, sql, dbname="postgres"):
    url = re.sub(r"/[^/]*$", f"/{dbname}", database_url)
    return subprocess.run(["psql", url, "-tAc", sql], capture_output=True, text=True, check=False).stdout.strip()


def ensure_demo(database_url, redis_url):
    """Migrate and load the demo once (about 2 minutes); later runs reuse the database."""
    name = database_url.rsplit("/", 1)[1]
    if not psql(database_url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        psql(database_url, f'CREATE DATABASE "{name}"')
    env = base_env(database_url, redis_url)
    manage(env, "migrate", "--no-input")  # the project's newest migrations (indexes) on a reused database
    loaded = psql(database_url, "SELECT count(*) FROM downloads_releasepage", dbname=name)
    if not loaded.isdigit() or int(loaded) < 600:
        print(f"loading the demo into {name} (once)...", flush=True)
        manage(env, "load_demo_content")
    psql(database_url, "ANALYZE", dbname=name)


def ensure_scaled(database_url, redis_url):
    """A copy of the demo database (a PostgreSQL template copy) with the scaled data added."""
    name = database_url.rsplit("/", 1)[1]
    scaled = f"{name}_scale"
    url = database_url.rsplit("/", 1)[0] + f"/{scaled}"
    seeded = psql(url, "SELECT count(*) FROM jobs_job", dbname=scaled)
    if not (seeded.isdigit() and int(seeded) >= 5000):
        psql(database_url, f'DROP DATABASE IF EXISTS "{scaled}"')
        psql(database_url, f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        psql(database_url, f'CREATE DATABASE "{scaled}" TEMPLATE "{name}"')
        print(f"seeding the scaled data set into {scaled} (once)...", flush=True)
        env = base_env(url, redis_url) | {"APP_ENV": "dev"}
        subprocess.run([PYTHON, "bench/seed_scale.py"], cwd=ROOT, env=env, check=True, timeout=1800)
    manage(base_env(url, redis_url), "migrate", "--no-input")
    # The planner's statistics after the bulk load, as autovacuum would gather them in time
    # (without them /events/ walks every upcoming occurrence: docs/performance.md).
    psql(url, "ANALYZE", dbname=scaled)
    return url


def production(env, site_url):
    """The environment production settings require (pydotorg/settings/production.py), plain
    HTTP on loopback, the throttles on with rates wrk does not reach."""
    return env | NO_REFUSAL | {
        "APP_ENV": "prod", "SECRET_KEY": secrets.token_urlsafe(50), "SESSION_SECRET_KEY": secrets.token_urlsafe(50),
        "CSRF_SECRET": secrets.token_urlsafe(50), "SITE_URL": site_url, "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false", "LOG_LEVEL": "WARNING",
    }  # fmt: skip


class Server:
    """gunicorn as deployed: `gunicorn -c deploy/gunicorn.conf.py pydotorg.wsgi`."""

    def __init__(self, env, page_cache, workers=None, threads=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = production(env, self.url) | {"PORT": str(self.port), "PAGE_CACHE_ENABLED": str(page_cache).lower()}
        if workers:
            env["WEB_CONCURRENCY"] = str(workers)
        if threads:
            env["GUNICORN_THREADS"] = str(threads)
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (open while the server runs)
        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        self.process = subprocess.Popen(
            [gunicorn, "-c", "deploy/gunicorn.conf.py", "pydotorg.wsgi"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/health", timeout=2)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if self.process.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        self.log.seek(0)
        raise SystemExit("gunicorn did not start:\n" + self.log.read().decode()[-3000:])

    def worker_rss_mb(self):
        out = subprocess.run(["ps", "-o", "pid=,ppid=,rss="], capture_output=True, text=True).stdout
        rows = [line.split() for line in out.splitlines()]
        return [int(rss) // 1024 for pid, ppid, rss in rows if int(ppid) == self.process.pid]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the benchmark's self-signed certificate
    with urllib.request.urlopen(request, timeout=30, context=context) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def wrk(url, duration, headers=(), connections=20):
    args = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-H", "Connection: close"]
    for header in headers:
        args += ["-H", header]
    out = subprocess.run([*args, url], capture_output=True, text=True, timeout=duration + 60).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)

    def latency(pct):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\b", out, re.M)
        if not match:
            return float("nan")
        return float(match[1]) * {"us": 0.001, "ms": 1, "s": 1000}[match[2]]

    return {"rps": float(rps[1]) if rps else 0.0, "p50": latency(50), "p99": latency(99),
            "errors": int(non2xx[1]) if non2xx else 0,
            "socket_errors": sum(map(int, sockets.groups())) if sockets else 0}  # fmt: skip


class Nginx:
    """A throwaway nginx serving saved bytes, one file per URL (`/u<i>`); over TLS with `tls`
    (a directory holding cert.pem and key.pem)."""

    def __init__(self, bodies, tls=None):
        self.dir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.port = free_port()
        self.scheme = "https" if tls else "http"
        listen = f"listen 127.0.0.1:{self.port}"
        if tls:
            listen += (f" ssl; ssl_certificate {tls}/cert.pem; ssl_certificate_key {tls}/key.pem;"
                       " ssl_protocols TLSv1.2 TLSv1.3")  # fmt: skip
        locations = []
        for i, (content_type, body) in enumerate(bodies):
            (self.dir / f"u{i}").write_bytes(body)
            locations.append(
                f"location = /u{i} {{ default_type {content_type.split(';')[0]}; alias {self.dir}/u{i}; }}"
            )
        (self.dir / "nginx.conf").write_text(
            f"""user root;
worker_processes 2;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {self.dir}; proxy_temp_path {self.dir}; fastcgi_temp_path {self.dir};
  uwsgi_temp_path {self.dir}; scgi_temp_path {self.dir};
  server {{ {listen}; {" ".join(locations)} }}
}}
"""
        )
        self.process = subprocess.Popen(["nginx", "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"), "-g",
                                         "daemon off;"], stderr=subprocess.DEVNULL)  # fmt: skip
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("nginx did not start: " + (self.dir / "error.log").read_text()[-2000:])

    def url(self, i):
        return f"{self.scheme}://127.0.0.1:{self.port}/u{i}"

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


def through_proxy(server, urls, bodies, duration):
    """The pages through the project's nginx config in front of `server`, then the same bytes
    from the throwaway nginx over the same TLS (the same certificate, as many nginx workers)."""
    sys.path.insert(0, str(ROOT))
    from tests.test_deploy_proxies import nginx_command, render_nginx

    directory = Path(tempfile.mkdtemp(prefix="bench-proxy-"))
    port = free_port()
    wrapper = render_nginx(directory, upstream=f"127.0.0.1:{server.port}", http_port=free_port(), https_port=port,
                           static_root=directory, media_root=directory, workers=os.cpu_count() or 1)  # fmt: skip
    process = subprocess.Popen(nginx_command(wrapper, "-g", "daemon off;"), stderr=subprocess.DEVNULL)
    rows, plain = {}, {}
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        for url in urls:
            for _ in range(3):
                fetch(f"https://127.0.0.1:{port}{url}")  # warm the micro-cache
            log = directory / "access.log"
            start = log.stat().st_size
            rows[url] = wrk(f"https://127.0.0.1:{port}{url}", duration)
            with log.open() as lines:
                lines.seek(start)
                statuses = re.findall(r"cache=(\w+|-)", lines.read())
            rows[url]["hits"] = statuses.count("HIT") / len(statuses) if statuses else 0.0
            print(f"  proxy     {url:42} {rows[url]['rps']:8.0f} req/s  p50 {rows[url]['p50']:7.2f} ms"
                  f"  p99 {rows[url]['p99']:7.2f} ms  micro-cache hits {rows[url]['hits']:.1%}", flush=True)  # fmt: skip
    finally:
        process.terminate()
        process.wait(10)
    nginx = Nginx([bodies[url] for url in urls], tls=directory)
    try:
        for i, url in enumerate(urls):
            plain[url] = wrk(nginx.url(i), duration)
    finally:
        nginx.stop()
        shutil.rmtree(directory, ignore_errors=True)
    return rows, plain


def count_queries(env, urls):
    """SQL queries per URL, page cache off, the second request (the site's caches warm)."""
    out = subprocess.run(
        [PYTHON, __file__, "--_count", *urls],
        cwd=ROOT, env=env | NO_REFUSAL | {"APP_ENV": "dev", "PAGE_CACHE_ENABLED": "false", "LOG_LEVEL": "WARNING"},
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _count(urls):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pydotorg.settings.dev")
    import logging

    import django

    django.setup()
    logging.disable(logging.CRITICAL)
    from django.conf import settings
    from django.core import signals
    from django.db import close_old_connections, connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    signals.request_started.disconnect(close_old_connections)  # one connection for the count
    signals.request_finished.disconnect(close_old_connections)
    client, counts = Client(), {}
    for url in urls:
        client.get(url)
        executed = []

        def wrapper(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            status = client.get(url).status_code
        counts[url] = len(executed) if status == 200 else f"HTTP {status}"
    print(json.dumps(counts))


def measure(server, urls, duration, label):
    rows = {}
    for url in urls:
        for _ in range(3):
            fetch(server.url + url)  # warm the caches
        rows[url] = wrk(server.url + url, duration)
        print(f"  {label:9} {url:42} {rows[url]['rps']:8.0f} req/s  p50 {rows[url]['p50']:7.2f} ms"
              f"  p99 {rows[url]['p99']:7.2f} ms{'  non-2xx ' + str(rows[url]['errors']) if rows[url]['errors'] else ''}",
              flush=True)  # fmt: skip
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per URL and mode (default 5)")
    parser.add_argument("--urls", nargs="+", default=URLS)
    parser.add_argument("--scale", action="store_true", help="also the uncached figures on the scaled data set")
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (default: deploy/gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, help="GUNICORN_THREADS (default: deploy/gunicorn.conf.py's)")
    parser.add_argument("--no-nginx", action="store_true")
    parser.add_argument("--soak", type=int, default=0, help="then N seconds of 50 connections on the cached /")
    parser.add_argument("--_count", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._count:
        return _count(args._count)
    for tool in ("wrk", "psql") + (() if args.no_nginx else ("nginx",)):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed")
    started = time.monotonic()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    ensure_demo(database_url, redis_url)
    env = base_env(database_url, redis_url)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input"],
        cwd=ROOT,
        env=production(env, "http://127.0.0.1"),
        check=True,
        capture_output=True,
        timeout=600,
    )  # production serves the hashed, compressed files
    has_page_cache = (ROOT / "pydotorg" / "core" / "pagecache.py").exists()
    print(f"uptime before: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    print(f"wrk -t2 -c20 -d{args.duration}s -H 'Connection: close'; gunicorn -c deploy/gunicorn.conf.py"
          f" (workers {args.workers or 'default'}, threads {args.threads or 'default'})")  # fmt: skip

    results, bodies, rss = {}, {}, []
    pages = [url for url in args.urls if not url.startswith("/api/")]  # the proxy rate-limits /api/
    modes = [("uncached", False)] + ([("cached", True)] if has_page_cache else [])
    for label, page_cache in modes:
        server = Server(env, page_cache, args.workers, args.threads)
        try:
            results[label] = measure(server, args.urls, args.duration, label)
            if page_cache and args.soak:
                results["soak"] = wrk(server.url + "/", args.soak, connections=50)
            if page_cache or not has_page_cache:
                for url in args.urls:
                    status, content_type, body = fetch(server.url + url)
                    bodies[url] = (content_type, body)
            if page_cache and not args.no_nginx and pages:
                results["proxy"], results["nginx-tls"] = through_proxy(server, pages, bodies, args.duration)
            rss = server.worker_rss_mb()
        except urllib.error.HTTPError as error:
            server.log.seek(0)
            raise SystemExit(f"{error.url}: {error}\n" + server.log.read().decode()[-4000:]) from None
        finally:
            server.stop()
    if not args.no_nginx:
        nginx = Nginx([bodies[url] for url in args.urls])
        try:
            results["nginx"] = {}
            for i, url in enumerate(args.urls):
                results["nginx"][url] = wrk(nginx.url(i), args.duration)
        finally:
            nginx.stop()
    queries = count_queries(env, args.urls)
    scaled = beside = {}
    if args.scale:
        # Side by side: the demo's and the scaled set's servers run together and each URL is
        # measured on one, then the other: the ratio compares the same minute of a shared
        # machine, not the start of the run with its end.
        scale_url = ensure_scaled(database_url, redis_url)
        servers = {
            "demo": Server(env, False, args.workers, args.threads),
            "scaled": Server(base_env(scale_url, redis_url), False, args.workers, args.threads),
        }
        paired = {name: {} for name in servers}
        try:
            for url in args.urls:
                for name, server in servers.items():
                    paired[name] |= measure(server, [url], args.duration, name)
        finally:
            for server in servers.values():
                server.stop()
        scaled, beside = paired["scaled"], paired["demo"]
        scaled_queries = count_queries(base_env(scale_url, redis_url), args.urls)

    print()
    head = f"{'URL':42} {'uncached':>9} {'p50':>7} {'p99':>7}"
    if "cached" in results:
        head += f" {'cached':>9} {'p50':>7} {'p99':>7}"
    if "nginx" in results:
        head += f" {'nginx':>9} {'ours/nginx':>10}"
    head += f" {'SQL':>4}"
    if scaled:
        head += f" {'scaled':>9} {'/demo':>6} {'SQL':>4}"
    print(head + "   (req/s; latency ms)")
    for url in args.urls:
        u = results["uncached"][url]
        line = f"{url:42} {u['rps']:9.0f} {u['p50']:7.1f} {u['p99']:7.1f}"
        best = u
        if "cached" in results:
            c = results["cached"][url]
            best = c
            line += f" {c['rps']:9.0f} {c['p50']:7.1f} {c['p99']:7.1f}"
        if "nginx" in results:
            n = results["nginx"][url]
            line += f" {n['rps']:9.0f} {best['rps'] / n['rps'] if n['rps'] else 0:10.2f}"
        line += f" {queries.get(url, '?')!s:>4}"
        if scaled:
            s = scaled[url]
            d = beside[url]
            line += (
                f" {s['rps']:9.0f} {s['rps'] / d['rps'] if d['rps'] else 0:6.2f} {scaled_queries.get(url, '?')!s:>4}"
            )
        print(line)
    if "proxy" in results:
        print("\nthrough deploy/nginx/pydotorg.conf (TLS, micro-cache) vs nginx serving the same bytes over TLS")
        print(f"{'URL':42} {'proxy':>9} {'p50':>7} {'p99':>7} {'hits':>6} {'nginx':>9} {'proxy/nginx':>11}")
        for url in pages:
            r, n = results["proxy"][url], results["nginx-tls"][url]
            print(f"{url:42} {r['rps']:9.0f} {r['p50']:7.1f} {r['p99']:7.1f} {r['hits']:6.1%} {n['rps']:9.0f}"
                  f" {r['rps'] / n['rps'] if n['rps'] else 0:11.2f}")  # fmt: skip
    if "soak" in results:
        soak = results["soak"]
        print(
            f"\nsoak: / cached, wrk -c50 -d{args.soak}s: {soak['rps']:.0f} req/s, p50 {soak['p50']:.1f} ms,"
            f" p99 {soak['p99']:.1f} ms, non-2xx {soak['errors']}, socket errors {soak['socket_errors']}"
        )
    print(f"\nworker RSS after the runs (MB): {rss}")
    print(f"uptime after: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    print(f"took {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()

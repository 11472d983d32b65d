"""Load with Redis killed halfway (prints figures; not a test). docs/security.md.

    .venv/bin/python bench/redis_fault_load.py [--seconds 60] [--connections 50]
    DATABASE_URL=postgres://... .venv/bin/python bench/redis_fault_load.py   # an EMPTY database

The production settings (APP_ENV=prod, secrets generated for the run, SECURE_SSL_REDIRECT=0
since the run speaks plain HTTP on 127.0.0.1, static files collected to a temporary folder)
in gunicorn with deploy/gunicorn.conf.py on a free port, 2 workers; a temporary SQLite file
(or DATABASE_URL) with the demo content; a redis-server of its own for the cache, sessions
and the queue. wrk (Debian: `apt-get install -y wrk`) sends --connections connections for
--seconds on /, /jobs/, /events/ and /downloads/ in turn; Redis is killed halfway. The goal:
no non-2xx/3xx answer and no socket error (an answer slower than --timeout, 10 s, is a timeout).
It also prints, from the site's log, each phase's time in the app (before and after the kill)."""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["/", "/jobs/", "/events/", "/downloads/"]

# wrk: each request takes the next path; at the end, one JSON line of figures.
WRK_SCRIPT = """
local paths = {__PATHS__}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "p50_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, ' ..
    '"non_2xx_3xx": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, e.status, e.connect, e.read, e.write, e.timeout))
end
""".replace("__PATHS__", ", ".join(f'"{path}"' for path in PATHS))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (a local server)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return get(url)
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def print_phases(log_path, killed_at):
    """The site's own log (one JSON line per request): answers and time in the app, before
    and after the kill."""
    phases = {"before the kill": [], "after the kill": []}
    for line in log_path.read_text().splitlines():
        if line.startswith("{") and '"event": "request"' in line:
            record = json.loads(line)
            after = datetime.fromisoformat(record["timestamp"]) >= killed_at
            phases["after the kill" if after else "before the kill"].append(record)
    for name, records in phases.items():
        durations = sorted(record["duration_ms"] for record in records) or [0]
        bad = sum(1 for record in records if record["status_code"] >= 400)
        print(
            f"{name}: {len(records)} requests, in the app p50 {durations[len(durations) // 2]:.0f} ms, "
            f"p99 {durations[int(len(durations) * 0.99)]:.0f} ms, {bad} answers >= 400"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of the wrk run (default 60)")
    parser.add_argument("--connections", type=int, default=50, help="wrk connections (default 50)")
    # 50 connections on 2 workers of 2 threads queue: an answer waits connections / (requests/s).
    parser.add_argument("--timeout", type=int, default=10, help="seconds before wrk counts a timeout (default 10)")
    args = parser.parse_args()
    wrk, redis_server = shutil.which("wrk"), shutil.which("redis-server")
    if not wrk:
        raise SystemExit("wrk is missing: install it with `apt-get install -y wrk` (Debian).")
    if not redis_server:
        raise SystemExit("redis-server is missing: install it with `apt-get install -y redis-server` (Debian).")

    tmp = Path(tempfile.mkdtemp(prefix="redis-fault-load-"))
    redis_port, web_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        APP_ENV="prod",
        SITE_URL="http://127.0.0.1",
        SECRET_KEY=secrets.token_urlsafe(50),
        SESSION_SECRET_KEY=secrets.token_urlsafe(50),
        CSRF_SECRET=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="0",  # plain HTTP on 127.0.0.1: no redirect to https
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        VAR_DIR=str(tmp),
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        WEB_CONCURRENCY="2",
    )
    if not env.get("DATABASE_URL"):
        env["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    print(f"database: {env.get('DATABASE_URL') or env['SQLITE_PATH']}; work folder: {tmp}", flush=True)

    redis_cmd = [redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    redis = subprocess.Popen(redis_cmd, stdout=subprocess.DEVNULL)  # noqa: S603 (our own commands)
    web, errors = None, None
    log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 (closed at the end)
    try:
        for command in (["migrate", "--no-input"], ["load_demo_content"], ["collectstatic", "--no-input"]):
            print("manage.py", *command, flush=True)
            manage = [sys.executable, "manage.py", *command]
            subprocess.run(manage, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        gunicorn = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "pydotorg.wsgi"]
        gunicorn += ["--bind", f"127.0.0.1:{web_port}"]  # the config's workers (WEB_CONCURRENCY) and threads
        web = subprocess.Popen(gunicorn, cwd=ROOT, env=env, stderr=log)  # noqa: S603
        base = f"http://127.0.0.1:{web_port}"
        print("health before:", *wait_for(base + "/health"), flush=True)
        for path in PATHS:
            status, _ = get(base + path, timeout=30)  # warms each worker's first request a little
            assert status == 200, (path, status)

        script = tmp / "paths.lua"
        script.write_text(WRK_SCRIPT)

        killed_at = []

        def kill_redis():
            redis.kill()
            killed_at.append(datetime.now(UTC))
            print(f"redis-server killed after {args.seconds / 2:.0f} s", flush=True)

        timer = threading.Timer(args.seconds / 2, kill_redis)
        print(f"wrk: {args.connections} connections, {args.seconds} s, paths {' '.join(PATHS)}", flush=True)
        timer.start()
        load = [
            wrk,
            "-t2",
            f"-c{args.connections}",
            f"-d{args.seconds}s",
            f"--timeout={args.timeout}s",
            "-s",
            str(script),
            base,
        ]
        run = subprocess.run(load, capture_output=True, text=True, check=True)  # noqa: S603
        timer.join()
        figures = json.loads(run.stdout.strip().splitlines()[-1])
        print("health after:", *get(base + "/health", timeout=60))
        errors = figures["non_2xx_3xx"] + sum(figures[k] for k in ("connect", "read", "write", "timeout"))
        print(
            f"requests: {figures['requests']} in {figures['seconds']:.1f} s "
            f"({figures['requests'] / figures['seconds']:.0f} requests/s)\n"
            f"latency: p50 {figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms, max {figures['max_ms']:.1f} ms\n"
            f"non-2xx/3xx answers: {figures['non_2xx_3xx']}\n"
            f"socket errors: connect {figures['connect']}, read {figures['read']}, write {figures['write']}, "
            f"timeout {figures['timeout']}\n"
            f"{'OK: no errors' if errors == 0 else f'FAILED: {errors} errors'}"
        )
        log.flush()
        print_phases(tmp / "gunicorn.log", killed_at[0])
        return 0 if errors == 0 else 1
    finally:
        for process in (web, redis):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGINT)  # gunicorn: quick shutdown
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
        log.close()
        if errors == 0:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept for a look: {tmp} (gunicorn.log: the site's log)")


if __name__ == "__main__":
    sys.exit(main())

"""gunicorn with the project's configuration (deploy/gunicorn.conf.py), as a real process on a
free port running the production settings: it listens on 127.0.0.1 unless told otherwise,
`X-Forwarded-Proto: https` makes a request secure only from the proxies in
FORWARDED_ALLOW_IPS, and its `Server` header names no version."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import gunicorn
import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "gunicorn.conf.py"
DROPPED = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "GUNICORN_BIND", "PORT", "FORWARDED_ALLOW_IPS")

pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, **headers):
    """A GET that follows no redirect."""
    return requests.get(url, headers=headers, allow_redirects=False, timeout=10)


@pytest.fixture
def start_gunicorn(tmp_path):
    """start_gunicorn(**env) -> the address gunicorn listens at ("http://host:port"): gunicorn
    with APP_ENV=prod, PORT a free port and a database of its own, stopped at the end."""
    processes = []

    def start(**env):
        base = {k: v for k, v in os.environ.items() if k not in DROPPED}
        env = {
            **base,
            "APP_ENV": "prod",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
            "VAR_DIR": str(tmp_path),
            "WEB_CONCURRENCY": "1",
            **{name: secrets.token_urlsafe(48) for name in ("SECRET_KEY", "SESSION_SECRET_KEY", "CSRF_SECRET")},
            "PORT": str(free_port()),
            **env,
        }
        log = tmp_path / f"gunicorn-{len(processes)}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", str(CONF), "pydotorg.wsgi"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            output = log.read_text()
            assert process.poll() is None, output
            listening = re.search(r"Listening at: (http://\S+)", output)
            if listening and "Booting worker" in output:
                url = listening[1]
                host, port = url.removeprefix("http://").rsplit(":", 1)
                try:
                    socket.create_connection((host, int(port)), timeout=1).close()
                    return url
                except OSError:
                    pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start: {log.read_text()}")

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_listens_on_loopback_by_default_port_changes_only_the_port(start_gunicorn):
    port = free_port()
    assert start_gunicorn(PORT=str(port)) == f"http://127.0.0.1:{port}"


def test_gunicorn_bind_sets_the_whole_address(start_gunicorn):
    port = free_port()
    assert start_gunicorn(GUNICORN_BIND=f"127.0.0.2:{port}", PORT="1") == f"http://127.0.0.2:{port}"


def test_forwarded_proto_is_trusted_only_from_the_configured_proxies(start_gunicorn):
    # We connect from 127.0.0.1, which is not the configured proxy: the header changes nothing.
    url = start_gunicorn(FORWARDED_ALLOW_IPS="192.0.2.10")
    response = get(url + "/robots.txt", **{"X-Forwarded-Proto": "https"})
    assert response.status_code == 301 and response.headers["Location"].startswith("https://")


def test_forwarded_proto_from_the_proxy_makes_the_request_secure(start_gunicorn):
    url = start_gunicorn()  # FORWARDED_ALLOW_IPS defaults to 127.0.0.1: the proxy on this host
    assert get(url + "/robots.txt").status_code == 301, "plain http is redirected to https"
    response = get(url + "/robots.txt", **{"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert re.search(r"Sitemap: https://127\.0\.0\.1:\d+/sitemap\.xml", response.text)


def test_server_header_names_no_version(start_gunicorn):
    headers = get(start_gunicorn() + "/robots.txt", **{"X-Forwarded-Proto": "https"}).headers
    assert headers["Server"] == "gunicorn"
    assert gunicorn.__version__ not in str(headers)

"""The proxy configurations (deploy/nginx/pydotorg.conf, deploy/caddy/Caddyfile): both are valid
for Debian's nginx and Caddy, and nginx runs for real on loopback ports in front of gunicorn
(deploy/gunicorn.conf.py, production settings, a migrated SQLite file, collected static files).

The committed nginx file is used as it is, with only its addresses and paths replaced (each
replacement must match exactly once): the upstream, the listen ports, the certificate (a fresh
self-signed one), the cache, log, static and media directories. Clients connect from several
loopback addresses (127.0.0.2, 127.0.0.3...) so nginx and the app see different clients."""

import http.client
import json
import os
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "deploy" / "nginx" / "pydotorg.conf"
CADDYFILE = ROOT / "deploy" / "caddy" / "Caddyfile"
NGINX = Path("/usr/sbin/nginx")
CADDY = Path("/usr/bin/caddy")
OPENSSL = shutil.which("openssl")
DROPPED = (
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "GUNICORN_BIND",
    "PORT",
    "FORWARDED_ALLOW_IPS",
    "NUM_PROXIES",
    "SEARCH_AUTOCOMPLETE_RATE",
    "STATIC_ROOT",
    "MEDIA_ROOT",
)

needs_nginx = pytest.mark.skipif(
    not NGINX.exists() or not OPENSSL, reason="Debian's nginx (/usr/sbin/nginx) or openssl is not installed"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text() if log.exists() else "exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}: {log.read_text()}")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def replace_once(text, old, new):
    assert text.count(old) == 1, f"the committed nginx file should hold {old!r} exactly once"
    return text.replace(old, new)


def render_nginx(directory, *, upstream, http_port, https_port, static_root, media_root, workers=1):
    """A wrapper nginx.conf in `directory` (pid, logs and temp files there) including the
    committed file with the test's addresses and paths, and a self-signed certificate
    (cert.pem, key.pem); returns its path. bench/pages.py uses it too."""
    key, cert = directory / "key.pem", directory / "cert.pem"
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    text = NGINX_CONF.read_text()
    for old, new in [
        ("server 127.0.0.1:8000;", f"server {upstream};"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("    listen [::]:80;\n", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("    listen [::]:443 ssl http2;\n", ""),
        ("/etc/letsencrypt/live/www.python.org/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/www.python.org/privkey.pem", str(key)),
        ("/var/cache/nginx/pydotorg", str(directory / "cache")),
        ("/var/log/nginx/pydotorg.access.log", str(directory / "access.log")),
        ("/var/www/acme", str(directory / "acme")),
        ("/srv/pydotorg/staticfiles/", f"{static_root}/"),
        ("/srv/pydotorg/media/", f"{media_root}/"),
    ]:
        text = replace_once(text, old, new)
    (directory / "pydotorg.conf").write_text(text)
    temp = "\n".join(
        f"    {kind}_temp_path {directory / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    wrapper = directory / "nginx.conf"
    wrapper.write_text(
        # As root the workers would be "nobody", who cannot read pytest's private temp dirs.
        ("user root root;\n" if os.geteuid() == 0 else "")
        + f"""worker_processes {workers};
pid {directory / "nginx.pid"};
error_log {directory / "error.log"} info;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {directory / "default-access.log"};
{temp}
    include {directory / "pydotorg.conf"};
}}
"""
    )
    return wrapper


def nginx_command(wrapper, *args):
    directory = wrapper.parent
    return [str(NGINX), "-p", f"{directory}/", "-e", str(directory / "error.log"), "-c", str(wrapper), *args]


def connect(stack, source, tls=True):
    """A connection to nginx from `source`, over TLS verified against the test's certificate."""
    if not tls:
        return http.client.HTTPConnection("127.0.0.1", stack.http, source_address=(source, 0), timeout=20)
    context = ssl.create_default_context(cafile=stack.cert)
    return http.client.HTTPSConnection(
        "127.0.0.1", stack.https, context=context, source_address=(source, 0), timeout=20
    )


def fetch(stack, path, *, method="GET", headers=None, body=None, source="127.0.0.2", tls=True):
    """One request from `source` to nginx; follows no redirect, decodes nothing."""
    connection = connect(stack, source, tls)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return SimpleNamespace(status=response.status, headers=response.headers, body=response.read())
    finally:
        connection.close()


def size_in_bytes(text):
    """Bytes of an nginx size ("20m")."""
    number, unit = re.fullmatch(r"(\d+)([kKmM]?)", text).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit.lower()]


# --- The configurations are valid ------------------------------------------------------


@needs_nginx
def test_nginx_config_is_valid(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "media").mkdir()
    wrapper = render_nginx(
        tmp_path,
        upstream=f"127.0.0.1:{free_port()}",
        http_port=free_port(),
        https_port=free_port(),
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
    )
    result = subprocess.run(nginx_command(wrapper, "-t"), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.skipif(not CADDY.exists(), reason="Debian's caddy (/usr/bin/caddy) is not installed")
def test_caddyfile_is_valid(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    command = [str(CADDY), "validate", "--config", str(CADDYFILE), "--adapter", "caddyfile"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Valid configuration" in result.stdout + result.stderr
    formatted = subprocess.run([str(CADDY), "fmt", str(CADDYFILE)], capture_output=True, text=True, timeout=30)
    assert formatted.stdout == CADDYFILE.read_text(), "deploy/caddy/Caddyfile is not as `caddy fmt` writes it"


# --- nginx in front of the app ---------------------------------------------------------


@pytest.fixture(scope="module")
def stack(tmp_path_factory, migrated_sqlite):
    """gunicorn (APP_ENV=prod, NUM_PROXIES=1, search suggestions limited to 3 a minute per
    client) behind the committed nginx file: SimpleNamespace(http=port, https=port, static=dir, media=dir)."""
    if not NGINX.exists() or not OPENSSL:
        pytest.skip("Debian's nginx (/usr/sbin/nginx) or openssl is not installed")
    directory = tmp_path_factory.mktemp("proxy")
    static_root, media_root = directory / "staticfiles", directory / "media"
    shutil.copy(migrated_sqlite, directory / "db.sqlite3")
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in DROPPED} | {
        "APP_ENV": "prod",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://127.0.0.1",
        "SQLITE_PATH": str(directory / "db.sqlite3"),
        "VAR_DIR": str(directory),
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "NUM_PROXIES": "1",
        "SEARCH_AUTOCOMPLETE_RATE": "3/minute",
        **{name: secrets.token_urlsafe(48) for name in ("SECRET_KEY", "SESSION_SECRET_KEY", "CSRF_SECRET")},
    }
    # The production static storage (hashed names, .gz copies) needs its manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    media_root.mkdir()
    (media_root / "images").mkdir()
    (media_root / "images" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (media_root / "documents").mkdir()
    (media_root / "documents" / "private.pdf").write_bytes(b"%PDF-1.4 private")

    wrapper = render_nginx(
        directory,
        upstream=f"127.0.0.1:{app_port}",
        http_port=http_port,
        https_port=https_port,
        static_root=static_root,
        media_root=media_root,
    )
    app_log, nginx_log = directory / "gunicorn.log", directory / "error.log"
    with app_log.open("w") as out:
        app = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "pydotorg.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    proxy = subprocess.Popen(
        nginx_command(wrapper, "-g", "daemon off;"), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        wait_for_port(app_port, app, app_log)
        wait_for_port(https_port, proxy, nginx_log)
        yield SimpleNamespace(
            http=http_port, https=https_port, cert=str(directory / "cert.pem"), static=static_root, media=media_root
        )
    finally:
        stop(proxy)
        stop(app)


@pytest.mark.slow
def test_plain_http_is_redirected_to_https_by_nginx(stack):
    response = fetch(stack, "/robots.txt?x=1", tls=False)
    assert response.status == 301
    assert response.headers["Location"] == "https://127.0.0.1/robots.txt?x=1"
    assert response.headers["Server"] == "nginx", "answered by nginx, version hidden"


@pytest.mark.slow
def test_forwarded_proto_makes_the_request_secure(stack):
    # The production settings redirect plain http: a 200 means Django saw https (gunicorn set
    # the scheme from nginx's X-Forwarded-Proto, as 127.0.0.1 is in FORWARDED_ALLOW_IPS).
    response = fetch(stack, f"/robots.txt?{uuid.uuid4().hex}")
    assert response.status == 200, response.body
    assert b"Sitemap: https://127.0.0.1/sitemap.xml" in response.body
    assert response.headers["Server"] == "nginx"
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"]), "nginx's $request_id reached the app"


@pytest.mark.slow
def test_client_address_comes_from_forwarded_for_as_far_as_num_proxies(stack):
    """The search suggestions allow 3 requests a minute per client address, read as the API
    throttles read it (NUM_PROXIES=1: the last X-Forwarded-For entry, the one nginx adds).
    gunicorn sees every request come from nginx (127.0.0.1), so separate counts per client
    show the header reached Django and was honoured; a client's own entries change nothing."""

    def suggest(source, n, **headers):
        return fetch(stack, f"/search/autocomplete/?q=python&n={n}", source=source, headers=headers)

    spoofed = [suggest("127.0.0.3", n, **{"X-Forwarded-For": f"10.0.0.{n}"}).status for n in range(4)]
    assert spoofed == [200, 200, 200, 429], "one client, whatever X-Forwarded-For it sends"
    assert b"Too many requests" in suggest("127.0.0.3", 9).body, "the app's throttle answered"
    assert suggest("127.0.0.4", 10).status == 200, "another client has its own count"


@pytest.mark.slow
def test_static_and_media_are_served_by_nginx(stack):
    manifest = json.loads((stack.static / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert re.search(r"\.[0-9a-f]{12}\.css$", hashed)

    response = fetch(stack, f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Cache-Control"] == "public, max-age=315360000, immutable"
    assert response.headers["Content-Encoding"] == "gzip", "the .gz collectstatic wrote (gzip_static)"
    assert "X-Request-ID" not in response.headers, "from disk, not from the app"
    assert response.headers["X-Content-Type-Options"] == "nosniff"

    plain = fetch(stack, "/static/css/site.css")
    assert plain.status == 200 and plain.headers["Cache-Control"] == "public, max-age=60"
    assert plain.body == (stack.static / "css" / "site.css").read_bytes()
    assert fetch(stack, "/static/css/missing.css").status == 404

    media = fetch(stack, "/media/images/logo.svg")
    assert media.status == 200 and media.headers["Content-Type"] == "image/svg+xml"
    assert "sandbox" in media.headers["Content-Security-Policy"]
    assert media.headers["X-Content-Type-Options"] == "nosniff"
    assert fetch(stack, "/media/documents/private.pdf").status == 404, "documents only through Wagtail's view"


@pytest.mark.slow
def test_bodies_over_the_limit_are_refused_with_413(stack):
    text = NGINX_CONF.read_text()
    sizes = re.findall(r"client_max_body_size (\w+);", text)
    assert len(sizes) == 2  # the site's, then the API's
    for path, size in (("/accounts/signup/", sizes[0]), ("/api/v2/", sizes[1])):
        connection = connect(stack, "127.0.0.5")
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", "application/octet-stream")
        connection.putheader("Content-Length", str(size_in_bytes(size) + 1))
        connection.endheaders()  # nginx answers from the header alone
        response = connection.getresponse()
        assert response.status == 413, (path, response.status)
        connection.close()


@pytest.mark.slow
def test_bursts_to_login_and_the_api_are_limited(stack):
    login = [fetch(stack, "/accounts/login/", source="127.0.0.6").status for _ in range(16)]
    assert login[0] == 200 and 429 in login, login
    assert login.index(429) > 5, "a person's few requests pass"
    # 10 a second with bursts of 40: 100 requests at once, answered from the micro-cache but
    # counted before it.
    with ThreadPoolExecutor(max_workers=20) as pool:
        api = list(pool.map(lambda _: fetch(stack, "/api/v2/", source="127.0.0.7").status, range(100)))
    assert api.count(429) > 20 and api.count(429) < 100, api
    assert fetch(stack, "/robots.txt", source="127.0.0.6").status == 200, "other pages are not limited"


@pytest.mark.slow
def test_micro_cache_serves_anonymous_pages_and_never_signed_in_ones(stack):
    path = f"/robots.txt?{uuid.uuid4().hex}"
    first, second = fetch(stack, path), fetch(stack, path)
    assert (first.headers["X-Cache-Status"], second.headers["X-Cache-Status"]) == ("MISS", "HIT")
    assert second.body == first.body
    assert first.headers["X-Request-ID"] == second.headers["X-Request-ID"], "the app answered once"

    session = fetch(stack, path, headers={"Cookie": "sessionid=abc"})
    credentials = fetch(stack, path, headers={"Authorization": "Token abc"})
    assert session.headers["X-Cache-Status"] == credentials.headers["X-Cache-Status"] == "BYPASS"
    assert session.headers["X-Request-ID"] != first.headers["X-Request-ID"]

    # The app's private, no-store answers (here with a CSRF cookie too) are never stored.
    login = f"/accounts/login/?{uuid.uuid4().hex}"
    answers = [fetch(stack, login, source="127.0.0.8") for _ in range(2)]
    assert "no-store" in answers[0].headers["Cache-Control"]
    assert [a.headers["X-Cache-Status"] for a in answers] == ["MISS", "MISS"]

    time.sleep(6)  # proxy_cache_valid: 5 s
    assert fetch(stack, path).headers["X-Cache-Status"] in {"EXPIRED", "UPDATING", "STALE"}

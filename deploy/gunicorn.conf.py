"""gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py pydotorg.wsgi`.

Listens on 127.0.0.1:8000, behind the proxy on the same host: `GUNICORN_BIND` sets the whole
address (`0.0.0.0:8000`, `unix:/run/pydotorg.sock`), `PORT` only the port. `X-Forwarded-Proto`
makes a request https only when it comes from an address in `FORWARDED_ALLOW_IPS` (default
127.0.0.1; comma-separated addresses or networks): Django reads the scheme gunicorn sets and
does not trust the header itself (no SECURE_PROXY_SSL_HEADER). gunicorn's `Server` header
names no version; the proxy replaces it with its own (docs/security.md).

Requests are logged by the application (JSON lines with request ids), so gunicorn's own
access log stays off."""

import os

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT') or '8000'}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"

# python.org on Wagtail: one image for the web process and the Huey worker (docs/operations.md).
#
#   docker build -t pydotorg .
#   docker run --env-file prod.env -p 8000:8000 pydotorg                 # gunicorn on 0.0.0.0:8000 (default)
#   docker run --env-file prod.env pydotorg python manage.py run_huey    # the worker (background + periodic tasks)
#   docker run --env-file prod.env pydotorg python manage.py migrate --no-input   # once per release
#
# APP_ENV=prod is the image's default: without SECRET_KEY, SESSION_SECRET_KEY, CSRF_SECRET (each
# 32+ characters) and SITE_URL it refuses to start (docs/configuration.md, "Production rules").
# The health check asks /health with "Host: localhost": keep localhost in ALLOWED_HOSTS.

ARG PYTHON_IMAGE=python:3.13-slim-trixie

# --- builder: the locked dependencies in a venv, the static files, the bytecode ----------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# Only the runtime dependencies of pyproject.toml, each at the version requirements.lock pins
# (the lock as constraints: the dev group, test and lint tools, stays out of the image).
WORKDIR /src
COPY pyproject.toml requirements.lock README.md ./
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --constraint requirements.lock . \
    && /opt/venv/bin/pip uninstall --yes pip

WORKDIR /app
COPY . .
# Static files collected with the production storage (hashed names + manifest, compressed).
# The secrets below exist for this one command only (production settings refuse to load without
# them); they are not in any ENV, so the running image never sees them.
RUN APP_ENV=prod \
    SECRET_KEY=build-only-collectstatic-not-a-real-secret \
    SESSION_SECRET_KEY=build-only-collectstatic-not-a-real-secret \
    CSRF_SECRET=build-only-collectstatic-not-a-real-secret \
    SITE_URL=http://build.invalid \
    /opt/venv/bin/python manage.py collectstatic --no-input --verbosity 0 \
    && /opt/venv/bin/python -m compileall -q -j 0 --invalidation-mode unchecked-hash /opt/venv /app

# --- runtime -----------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="pydotorg" \
      org.opencontainers.image.description="python.org on Wagtail: gunicorn (default) or the Huey worker" \
      org.opencontainers.image.licenses="Apache-2.0"

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    APP_ENV=prod \
    GUNICORN_BIND=0.0.0.0:8000 \
    XDG_RUNTIME_DIR=/tmp

RUN groupadd --gid 1000 app \
    && useradd --uid 1000 --gid app --no-create-home --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app /app
# Code and static files stay root's (read-only to the app); uploads and local state are its own.
# The root filesystem may be read-only (compose.prod.yaml, deploy/k8s): /tmp is the one
# scratch place (uploads in progress, gunicorn's heartbeat and control socket: XDG_RUNTIME_DIR).
RUN mkdir -p /app/media /app/var && chown app:app /app/media /app/var

USER 1000:1000
EXPOSE 8000
VOLUME ["/app/media"]

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:8000/health', headers={'Host': 'localhost'}), timeout=4)"]

# The worker instead: `python manage.py run_huey` (add --no-periodic to all but one worker).
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "pydotorg.wsgi"]

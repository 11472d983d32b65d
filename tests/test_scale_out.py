"""Scale-out (docs/operations.md): two app servers, A and B (two real gunicorns with the
production settings), on one PostgreSQL database, one Redis (cache, sessions' cache, page
cache) and one S3 bucket (a moto server on loopback), with Fastly's API stood in for by a
recording server, and one Huey consumer on the Redis queue. A sign-in on A is valid on B; an
image uploaded through A's admin is stored in the bucket and shown by B; a publish through A
purges the page cache B serves from, and the consumer purges the CDN. Skipped when PostgreSQL or Redis is not reachable."""

import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import boto3
import psycopg
import pytest
import redis as redis_lib
import requests
from moto.server import ThreadedMotoServer

from pydotorg.core.tests.test_cdn import FastlyStandIn
from tests.test_storage_s3 import BUCKET, CREDENTIALS, free_port, keys, png

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "gunicorn.conf.py"
DATABASE = "pydotorg_cdn_scale"
REDIS_URL = "redis://127.0.0.1:6379/14"
PASSWORD = "correct-horse-battery-staple"
DROPPED = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "GUNICORN_BIND", "PORT", "FORWARDED_ALLOW_IPS")

pytestmark = pytest.mark.slow

SETUP = """
import sys
from pydotorg.settings.select import configure
configure()
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from home.pages import HomePage
from pydotorg.users.factories import UserFactory
from sections.pages.factories import StandardPageFactory
UserFactory(username="admin", password=sys.argv[1], verified=True, is_staff=True, is_superuser=True)
page = StandardPageFactory(parent=HomePage.objects.get(depth=2), title="Before the publish", slug="scale")
page.title = "After the publish"
page.save_revision()  # a draft: the publish through A makes it live
print(page.pk)
"""


def reachable(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def recreate_database():
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')


def drop_database():
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Start everything; yield a dict: a, b (the two base URLs), page (the draft page's id),
    s3 (boto3 client), fastly (the recording server), redis, prefix (the cache key prefix)."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("runs with the PostgreSQL suite (DATABASE_URL set): the embedded defaults need no server")
    if not reachable(5432):
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    if not reachable(6379):
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")

    tmp = tmp_path_factory.mktemp("scale")
    s3_port = free_port()
    s3_server = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
    s3_server.start()
    endpoint = f"http://127.0.0.1:{s3_port}"
    s3 = boto3.client("s3", endpoint_url=endpoint, **CREDENTIALS)
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_policy(
        Bucket=BUCKET,
        Policy=(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", '
            f'"Action": "s3:GetObject", "Resource": "arn:aws:s3:::{BUCKET}/*"}}]}}'
        ),
    )
    fastly = FastlyStandIn()
    threading.Thread(target=fastly.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    prefix = f"pydotorg-scale-{uuid.uuid4().hex[:8]}"
    base = {k: v for k, v in os.environ.items() if k not in DROPPED and not k.startswith(("AWS_", "FASTLY_"))}
    env = {
        **base,
        "APP_ENV": "prod",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://www.python.org",
        **{name: secrets.token_urlsafe(48) for name in ("SECRET_KEY", "SESSION_SECRET_KEY", "CSRF_SECRET")},
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "DATABASE_POOL_SIZE": "2",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "STATIC_ROOT": str(tmp / "static"),
        "VAR_DIR": str(tmp),
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "FASTLY_API_KEY": "scale-test-key",
        "FASTLY_SERVICE_ID": "scale-service",
        "FASTLY_API_URL": fastly.url,
        "WEB_CONCURRENCY": "1",
    }
    recreate_database()
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "timeout": 600}
    collected = subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], **run)
    assert collected.returncode == 0, collected.stderr
    setup = subprocess.run([sys.executable, "-c", SETUP, PASSWORD], **run)
    assert setup.returncode == 0, setup.stderr
    page = int(setup.stdout.split()[-1])

    processes, urls = [], []
    for name in ("a", "b"):
        log = tmp / f"gunicorn-{name}.log"
        with log.open("w") as out:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-c", str(CONF), "pydotorg.wsgi"],
                    cwd=ROOT,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{free_port()}"},
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        urls.append(wait_for_gunicorn(processes[-1], log))
    # One Huey consumer on the Redis queue (the queue is named after the key prefix): it runs
    # the CDN purges the servers queue. No periodic tasks (they would reach SITE_URL).
    with (tmp / "huey.log").open("w") as out:
        processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "run_huey", "--no-periodic"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        )
    redis = redis_lib.Redis.from_url(REDIS_URL)
    try:
        yield {"a": urls[0], "b": urls[1], "page": page, "s3": s3, "fastly": fastly, "redis": redis, "prefix": prefix}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        queue = re.sub("[^a-z0-9]", "", prefix)  # Huey's keys: huey.<kind>.<queue>
        for key in [*redis.scan_iter(f"{prefix}:*"), *redis.scan_iter(f"huey.*.{queue}")]:
            redis.delete(key)
        fastly.shutdown()
        s3_server.stop()
        drop_database()


def wait_for_gunicorn(process, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        output = log.read_text()
        assert process.poll() is None, output
        listening = re.search(r"Listening at: http://(\S+):(\d+)", output)
        if listening and "Booting worker" in output and reachable_at(listening[1], int(listening[2])):
            return f"http://{listening[1]}:{listening[2]}"
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not start: {log.read_text()}")


def reachable_at(host, port):
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


class Visitor:
    """A browser over https behind the proxy (X-Forwarded-Proto from 127.0.0.1, which
    gunicorn trusts): keeps its cookies itself, Secure ones included, across both servers."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, url, **kwargs):
        origin = re.match(r"http://[^/]+", url)[0].replace("http://", "https://")
        headers = {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + "/", **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(method, url, headers=headers, allow_redirects=False, timeout=30, **kwargs)
        self.cookies.update({k: v for k, v in response.cookies.items() if v})
        return response

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post_form(self, url, data=None, **kwargs):
        """GET the form at `url` for its CSRF token, then POST `data` to it."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(url).text)[1]
        return self.request("POST", url, data={"csrfmiddlewaretoken": token, **(data or {})}, **kwargs)

    def sign_in(self, server):
        response = self.post_form(f"{server}/admin/login/", {"username": "admin", "password": PASSWORD})
        assert response.status_code == 302, response.text[:2000]


def test_a_sign_in_on_a_is_valid_on_b_through_the_shared_session_store(cluster):
    editor = Visitor()
    editor.sign_in(cluster["a"])
    session = editor.cookies["sessionid"]
    assert list(cluster["redis"].scan_iter(f"{cluster['prefix']}:*{session}")), "the session is cached in Redis"
    response = editor.get(f"{cluster['b']}/admin/")
    assert response.status_code == 200 and "Dashboard" in response.text
    assert Visitor().get(f"{cluster['b']}/admin/").status_code == 302  # without it: the login page


def test_an_image_uploaded_through_a_is_in_the_bucket_and_shown_by_b(cluster):
    editor = Visitor()
    editor.sign_in(cluster["a"])
    picture = png()
    response = editor.post_form(
        f"{cluster['a']}/admin/images/add/",
        {"title": "Scale-out logo", "collection": "1", "tags": ""},
        files={"file": ("scale-logo.png", picture.read(), "image/png")},
    )
    assert response.status_code == 302, re.findall(r'class="error-message"[^<]*<[^>]*>([^<]*)', response.text)
    assert any(key.startswith("original_images/scale-logo") for key in keys(cluster["s3"]))

    listing = editor.get(f"{cluster['b']}/admin/images/").text
    assert "Scale-out logo" in listing
    # B made the listing's thumbnail from the original in the bucket, and stored it there.
    [thumbnail] = re.findall(rf'src="(http://127\.0\.0\.1:\d+/{BUCKET}/images/scale-logo[^"]+)"', listing)
    assert requests.get(thumbnail, timeout=10).headers["Content-Type"] == "image/png"


def test_a_publish_through_a_purges_the_page_cache_b_serves_and_the_cdn(cluster):
    page_url = f"{cluster['b']}/scale/"
    visitor = Visitor()
    # The site's first visit creates its settings rows (which purges); within three, B serves
    # the page from the shared cache.
    served = [visitor.get(page_url) for _ in range(3)]
    assert all(r.status_code == 200 and "Before the publish" in r.text for r in served)
    assert served[0].headers["X-Page-Cache"] == "MISS" and served[-1].headers["X-Page-Cache"] == "HIT"

    editor = Visitor()
    editor.sign_in(cluster["a"])
    cluster["fastly"].requests.clear()
    bulk_publish = f"{cluster['a']}/admin/bulk/wagtailcore/page/publish/?id={cluster['page']}"
    assert editor.post_form(bulk_publish).status_code == 302

    after = Visitor().get(page_url)
    assert "After the publish" in after.text and after.headers.get("X-Page-Cache") == "MISS"
    # The CDN purge went through the Redis queue to the consumer, which called Fastly.
    deadline = time.monotonic() + 30
    while not cluster["fastly"].requests and time.monotonic() < deadline:
        time.sleep(0.1)
    [purge] = cluster["fastly"].requests
    assert purge["path"] == "/service/scale-service/purge"
    assert purge["headers"]["Fastly-Key"] == "scale-test-key"
    assert f"page-{cluster['page']}" in purge["headers"]["Surrogate-Key"].split()

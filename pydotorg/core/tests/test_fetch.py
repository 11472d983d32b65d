"""The shared fetcher (pydotorg/core/fetch.py) against real HTTP servers on 127.0.0.1: no
internal address is reached (literal, after DNS, or on a redirect), the connection goes to
the address that was checked, failures read the same whatever the port, and the size and
time limits hold. settings.test allows loopback (the servers below); tests about loopback
turn it off."""

import contextlib
import datetime
import gzip
import http.server
import socket
import ssl
import threading
import time
from urllib.parse import quote, unquote

import pytest

from pydotorg.core import fetch as fetcher
from pydotorg.core.fetch import FetchError, fetch

REFUSED = "Could not fetch the feed: the address is not allowed."
NO_ANSWER = "Could not fetch the feed: the server did not answer."


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers by path: /feed, /redirect?to=<url>, /chain/<n>, /big, /big-chunked, /gzip-bomb,
    /trickle, /etag, anything else 404. Every request is recorded in server.seen."""

    def do_GET(self):
        self.server.seen.append((self.path, self.headers.get("Host")))
        path, _, query = self.path.partition("?")
        if path == "/feed":
            self.answer(200, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        elif path == "/redirect":
            self.answer(302, b"", Location=unquote(query.removeprefix("to=")))
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            self.answer(302, b"", Location=f"/chain/{left - 1}" if left else "/feed")
        elif path == "/big":
            self.answer(200, b"x" * 5000)
        elif path == "/big-chunked":  # no Content-Length: the limit counts what arrives
            self.send_response(200)
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"x" * 100)
            self.close_connection = True
        elif path == "/gzip-bomb":
            self.answer(200, gzip.compress(b"\0" * 20_000_000), **{"Content-Encoding": "gzip"})
        elif path == "/trickle":  # headers at once, then a byte every 0.1 s for a minute
            self.send_response(200)
            self.end_headers()
            with contextlib.suppress(OSError):
                for _ in range(600):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            self.close_connection = True
        elif path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.answer(304, b"", ETag='"v1"')
            else:
                self.answer(200, b"version 1", ETag='"v1"', **{"Last-Modified": "Mon, 01 Jan 2029 00:00:00 GMT"})
        else:
            self.answer(404, b"not here")

    def answer(self, status, body, **headers):
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A real HTTP server on 127.0.0.1 (a free port), in a thread; stopped after the test."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.seen = []
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def error_of(url, **limits):
    with pytest.raises(FetchError) as caught:
        fetch(url, **{"max_bytes": 1000, "timeout": 2, **limits})
    return str(caught.value)


def test_a_feed_is_fetched_from_an_allowed_server(server):
    result = fetch(f"{server.base}/feed", max_bytes=1000, timeout=2)
    assert (result.status, result.content) == (200, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert server.seen == [("/feed", server.base.removeprefix("http://"))]


def test_loopback_is_never_reached_unless_allowed(server, settings):
    settings.FEEDS_ALLOW_LOOPBACK = False
    port = server.server_address[1]
    for url in (
        f"{server.base}/feed",
        f"http://localhost:{port}/feed",  # a name: refused after DNS resolution
        f"http://2130706433:{port}/feed",  # 127.0.0.1 as one number, resolved by getaddrinfo
        f"http://127.1:{port}/feed",
        f"http://[::ffff:127.0.0.1]:{port}/feed",
    ):
        assert error_of(url) == REFUSED, url
    assert server.seen == []


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://[::]/",
    ],
)
def test_private_link_local_reserved_and_multicast_addresses_are_refused(url):
    assert fetcher.url_problem(url) == "the address is not allowed"
    assert error_of(url) == REFUSED


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed", "gopher://example.org/", "http:///x"])
def test_only_http_and_https_urls_are_fetched(url):
    assert error_of(url) == "Could not fetch the feed: only http:// and https:// URLs are fetched."


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("http://169.254.169.254/latest/meta-data/", REFUSED),
        ("http://10.0.0.1/", REFUSED),
        ("http://[fd00::1]/", REFUSED),
        ("file:///etc/passwd", "Could not fetch the feed: only http:// and https:// URLs are fetched."),
    ],
)
def test_every_redirect_is_checked_again(server, target, error):
    assert error_of(f"{server.base}/redirect?to={quote(target, safe='')}") == error
    assert [path for path, _host in server.seen] == [f"/redirect?to={quote(target, safe='')}"]


def test_relative_redirects_are_followed_up_to_five(server):
    assert fetch(f"{server.base}/chain/4", max_bytes=1000, timeout=2).url == f"{server.base}/feed"
    assert error_of(f"{server.base}/chain/5") == "Could not fetch the feed: more than 5 redirects."


def fake_dns(monkeypatch, answers):
    """Answer the names of `answers` (name → the addresses of each lookup in turn, the last
    one repeated) as a DNS server would; other names resolve as usual. Returns the names
    looked up."""
    real, looked_up = socket.getaddrinfo, []

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        looked_up.append(host)
        addresses = answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return looked_up


def test_a_name_with_any_internal_address_is_refused(monkeypatch):
    fake_dns(monkeypatch, {"mixed.example.org": [["93.184.215.14", "10.0.0.1"]]})
    assert error_of("http://mixed.example.org/feed") == REFUSED


def test_the_connection_goes_to_the_address_that_was_checked(server, monkeypatch):
    """DNS rebinding: the name answers 127.0.0.1 (allowed here) when checked, then 10.0.0.1.
    The fetcher resolves once and connects to what it checked, keeping the name as Host."""
    port = server.server_address[1]
    looked_up = fake_dns(monkeypatch, {"rebind.example.org": [["127.0.0.1"], ["10.0.0.1"]]})
    result = fetch(f"http://rebind.example.org:{port}/feed", max_bytes=1000, timeout=2)
    assert result.content.startswith(b"BEGIN:VCALENDAR")
    assert looked_up == ["rebind.example.org"]
    assert server.seen == [("/feed", f"rebind.example.org:{port}")]
    assert error_of(f"http://rebind.example.org:{port}/feed") == REFUSED  # the next lookup: 10.0.0.1


def make_certificate(tmp_path, name):
    """A CA of our own and a certificate for `name` it signed: (CA file, cert file, key file)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)

    def build(subject, issuer, key, signing_key, *, ca, san=None):
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            # Python 3.13 checks X.509 strictly: key identifiers on both, key usage on the CA.
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()), critical=False)
        )
        if ca:
            builder = builder.add_extension(
                x509.KeyUsage(
                    digital_signature=False,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
        if san:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False)
        return builder.sign(signing_key, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = build("Test CA", "Test CA", ca_key, ca_key, ca=True)
    cert = build(name, "Test CA", key, ca_key, ca=False, san=name)
    files = tmp_path / "ca.pem", tmp_path / "cert.pem", tmp_path / "key.pem"
    files[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files[2].write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return files


def test_https_connects_to_the_checked_address_and_verifies_the_name(tmp_path, monkeypatch):
    """TLS to the pinned address still sends the name (SNI) and checks the certificate
    against it: a certificate for feeds.example.org passes only under that name."""
    ca_file, cert_file, key_file = make_certificate(tmp_path, "feeds.example.org")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    httpd.seen = []
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    port = httpd.server_address[1]
    monkeypatch.setattr(fetcher, "ca_bundle", lambda: str(ca_file))
    fake_dns(monkeypatch, {"feeds.example.org": [["127.0.0.1"]], "other.example.org": [["127.0.0.1"]]})
    try:
        result = fetch(f"https://feeds.example.org:{port}/feed", max_bytes=1000, timeout=2)
        assert result.content.startswith(b"BEGIN:VCALENDAR")
        assert httpd.seen == [("/feed", f"feeds.example.org:{port}")]
        assert error_of(f"https://other.example.org:{port}/feed") == NO_ANSWER  # the certificate's name differs
        assert error_of(f"https://127.0.0.1:{port}/feed") == NO_ANSWER
        assert len(httpd.seen) == 1
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def non_http_server(answer):
    """A TCP server on a free port that sends `answer` (or nothing) to whoever connects."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                if answer:
                    connection.sendall(answer)
                else:
                    stop.wait(1.5)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        listener.close()


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_closed_open_and_silent_ports_read_the_same():
    errors = {"closed": error_of(f"http://127.0.0.1:{closed_port()}/", timeout=0.5)}
    with non_http_server(b"SSH-2.0-OpenSSH_9.6\r\n") as port:
        errors["ssh"] = error_of(f"http://127.0.0.1:{port}/", timeout=0.5)
    with non_http_server(b"") as port:
        errors["silent"] = error_of(f"http://127.0.0.1:{port}/", timeout=0.5)
    assert set(errors.values()) == {NO_ANSWER}, errors


def test_size_limit(server):
    assert error_of(f"{server.base}/big") == "Could not fetch the feed: larger than 1000 bytes."
    assert error_of(f"{server.base}/big-chunked") == "Could not fetch the feed: larger than 1000 bytes."
    assert len(fetch(f"{server.base}/big", max_bytes=5000, timeout=2).content) == 5000
    started = time.monotonic()
    assert error_of(f"{server.base}/gzip-bomb", max_bytes=100_000) == (
        "Could not fetch the feed: larger than 100000 bytes."
    )
    assert time.monotonic() - started < 2  # stopped early, not after inflating 20 MB


def test_time_limit_is_overall(server):
    """A server that keeps sending a byte at a time never hits the per-read timeout; the
    overall deadline stops it."""
    started = time.monotonic()
    assert error_of(f"{server.base}/trickle", timeout=0.5, max_bytes=10_000) == "Could not fetch the feed: timed out."
    assert time.monotonic() - started < 1.5


def test_http_errors_say_the_status(server):
    assert error_of(f"{server.base}/nothing") == "Could not fetch the feed: HTTP 404."


def test_conditional_get(server):
    first = fetch(f"{server.base}/etag", max_bytes=1000, timeout=2)
    assert (first.status, first.content, first.etag) == (200, b"version 1", '"v1"')
    assert first.last_modified == "Mon, 01 Jan 2029 00:00:00 GMT"
    again = fetch(f"{server.base}/etag", max_bytes=1000, timeout=2, etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and (again.content, again.etag) == (b"", '"v1"')
    assert again.last_modified == first.last_modified


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://www.python.org/events/python-events/ical/", ""),
        ("http://calendar.example.org:8080/feed.ics", ""),
        ("http://127.0.0.1:8399/feed.ics", "the address is not allowed"),
        ("http://localhost/feed.ics", "the address is not allowed"),
        ("http://[::1]/feed.ics", "the address is not allowed"),
        ("http://169.254.169.254/", "the address is not allowed"),
        ("javascript:alert(1)", "only http:// and https:// URLs are fetched"),
        ("http://example.org:99999/", "not a valid URL"),
    ],
)
def test_url_problem_without_dns(settings, url, problem):
    settings.FEEDS_ALLOW_LOOPBACK = False
    assert fetcher.url_problem(url) == problem

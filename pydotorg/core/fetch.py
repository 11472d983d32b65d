"""The one way the site fetches a URL someone typed in (calendar feeds, news feeds).

`fetch(url, max_bytes=..., timeout=...)` GETs an http(s) URL and refuses to reach inside our
network: the host name is resolved once, every address it resolves to must be public (no
private, loopback, link-local, shared, reserved, multicast or unspecified address), and the
connection goes to that vetted address (the Host header and TLS SNI/certificate check keep
the name), so a DNS answer that changes between check and connect gains nothing. Redirects
are followed by hand (at most MAX_REDIRECTS), each hop checked the same way. The body is
read up to `max_bytes` (decoded) within `timeout` seconds overall.

Every failure is a FetchError whose message is neutral: a closed port, a filtered one and an
open port that does not speak HTTP all read "the server did not answer", so the error shown
to moderators maps nothing of our network. The details go to the log. `url_problem(url)` is
the same check without DNS, for forms and models at save time.

`settings.FEEDS_ALLOW_LOOPBACK` (off by default) lets 127.0.0.0/8 and ::1 through, for the
tests' local servers and a developer's local feed; never in production.
"""

import ipaddress
import logging
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "python.org feed fetcher"
NO_ANSWER = "the server did not answer"


class FetchError(Exception):
    """The URL could not be fetched; `reason` says why in words that map nothing."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(f"Could not fetch the feed: {reason}.")


@dataclass(frozen=True)
class Fetched:
    url: str  # the last URL, after redirects
    status: int  # 200 (or another 2xx), or 304 when the etag / last_modified given still hold
    content: bytes
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""

    @property
    def not_modified(self):
        return self.status == 304


def loopback_allowed():
    return getattr(settings, "FEEDS_ALLOW_LOOPBACK", False)


def address_allowed(address):
    ip = ipaddress.ip_address(address.split("%")[0])  # an IPv6 scope ("fe80::1%eth0") is never public anyway
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return loopback_allowed()
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def url_problem(url):
    """Why `url` may not be fetched, judged without DNS (a literal address or a local name),
    or "" if it may be tried."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        return "not a valid URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "only http:// and https:// URLs are fetched"
    host = parts.hostname
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        local = host.rstrip(".") == "localhost" or host.rstrip(".").endswith(".localhost")
        return "the address is not allowed" if local and not loopback_allowed() else ""
    return "" if address_allowed(host) else "the address is not allowed"


def resolve(host, port):
    """The addresses `host` resolves to, all of them allowed, or FetchError."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError("the host name does not resolve") from None
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not addresses or not all(address_allowed(address) for address in addresses):
        raise FetchError("the address is not allowed")
    return addresses


def ca_bundle():
    from requests.certs import where

    return where()


def open_response(url, headers, deadline):
    """One GET of `url` (no redirect followed), connected to a vetted address. Returns the
    urllib3 response (body unread) and its pool, for the caller to close."""
    # requests/urllib3 (~3 MB) are imported where used: only the feed tasks fetch.
    from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, Timeout
    from urllib3.exceptions import ConnectTimeoutError, HTTPError

    if problem := url_problem(url):
        raise FetchError(problem)
    parts = urlsplit(url)
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError("not a valid URL") from None
    name = f"[{host}]" if ":" in host else host
    headers = {**headers, "Host": name if parts.port in (None, 443 if https else 80) else f"{name}:{port}"}
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    failure = None
    for address in resolve(host, port):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        if https:
            pool = HTTPSConnectionPool(
                address,
                port,
                server_hostname=host,
                assert_hostname=host,
                cert_reqs="CERT_REQUIRED",
                ca_certs=ca_bundle(),
            )
        else:
            pool = HTTPConnectionPool(address, port)
        try:
            response = pool.urlopen(
                "GET",
                path,
                headers=headers,
                retries=False,
                redirect=False,
                preload_content=False,
                assert_same_host=False,
                timeout=Timeout(connect=remaining, read=remaining),
            )
        except ConnectTimeoutError as exc:  # refused or unreachable: try the next address
            pool.close()
            failure = exc
            continue
        except (HTTPError, OSError, ValueError) as exc:
            pool.close()
            logger.info("fetch of %s via %s failed: %r", url, address, exc)
            raise FetchError(NO_ANSWER) from None
        return response, pool
    logger.info("fetch of %s failed: %r", url, failure)
    raise FetchError(NO_ANSWER)


def read_body(response, max_bytes, deadline):
    from urllib3.exceptions import HTTPError, ReadTimeoutError

    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"larger than {max_bytes} bytes")
    body = bytearray()
    try:
        while chunk := response.read1(65536):
            body += chunk
            if len(body) > max_bytes:
                raise FetchError(f"larger than {max_bytes} bytes")
            if time.monotonic() > deadline:
                raise FetchError("timed out")
    except ReadTimeoutError:
        raise FetchError("timed out") from None
    except (HTTPError, OSError) as exc:
        logger.info("reading %s failed: %r", response.geturl(), exc)
        raise FetchError("the answer was cut short") from None
    return bytes(body)


def quoted(url):
    from requests.utils import requote_uri

    try:
        return requote_uri(url)
    except ValueError:
        raise FetchError("not a valid URL") from None


def fetch(url, *, max_bytes, timeout, etag=None, last_modified=None):
    """GET `url` (http or https, public addresses only), following up to MAX_REDIRECTS
    redirects, within `timeout` seconds overall and `max_bytes` of body. With `etag` /
    `last_modified` (from an earlier Fetched) the GET is conditional: an unchanged resource
    answers Fetched(status=304, content=b""). Raises FetchError."""
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    url = quoted(url.strip())
    for _hop in range(MAX_REDIRECTS + 1):
        response, pool = open_response(url, headers, deadline)
        try:
            status, location = response.status, response.headers.get("Location", "")
            if status in REDIRECTS and location:
                url = quoted(urljoin(url, location.strip()))
                continue
            if status == 304 and (etag or last_modified):
                return Fetched(
                    url,
                    304,
                    b"",
                    response.headers.get("ETag", etag or ""),
                    response.headers.get("Last-Modified", last_modified or ""),
                )
            if not 200 <= status < 300:
                raise FetchError(f"HTTP {status}")
            content = read_body(response, max_bytes, deadline)
            return Fetched(
                url,
                status,
                content,
                response.headers.get("ETag", ""),
                response.headers.get("Last-Modified", ""),
                response.headers.get("Content-Type", ""),
            )
        finally:
            response.close()
            pool.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")

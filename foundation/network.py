"""Outbound calls to URLs a tenant chose (webhooks, its own moderation service): the one SSRF rule.

`check_public_url` resolves the host and refuses the URL unless every address it resolves to is public
(`is_global`, after unwrapping IPv4 carried inside IPv6: IPv4-mapped, -translated and -compatible,
6to4, NAT64, Teredo), or inside a network the operator allowed (ASSAY_WEBHOOK_ALLOWED_NETWORKS). `post`
then connects to the address that was checked, never resolving the name again (no DNS-rebinding
window); TLS still verifies the certificate against the host name. Redirects are not followed: one
could point anywhere.

Such a URL often is its receiver's credential (a Slack hook's path, an Azure function's `?code=`):
`redacted_url` is what is shown to someone who may not hold it, `url_fingerprint` what is recorded.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import ipaddress
import logging
import socket
import ssl
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as ResolveTimeout
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# NAT64 (RFC 6052 well-known prefix, and RFC 8215 local-use): the last 32 bits are an IPv4 address.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
# IPv4-compatible (::/96, deprecated) and IPv4-translated (::ffff:0:0:0/96, SIIT): the last 32 bits too.
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
# Addresses that are only a way of writing an IPv4 address: judged as that address, nothing else.
_AS_IPV4 = (ipaddress.ip_network("::ffff:0:0/96"), _IPV4_TRANSLATED, _NAT64[0], _IPV4_COMPATIBLE)
# Global unicast: every other IPv6 address that carries no IPv4 is outside what the internet routes.
_GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")
# IANA's special-purpose ranges that are not globally reachable, listed here as well as asked of
# `is_global`: Python's own table differs between patch releases (3.11.7 calls 192.0.0.8 global).
_NOT_GLOBAL = tuple(
    ipaddress.ip_network(cidr)
    for cidr in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/29", "192.0.0.8/32", "192.0.0.170/31", "192.0.2.0/24", "192.88.99.0/24",
        "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4",
        "::/128", "::1/128", "100::/64", "2001::/23", "2001:db8::/32", "3fff::/20", "5f00::/8",
        "fc00::/7", "fe80::/10", "fec0::/10",
    )
)  # fmt: skip


# getaddrinfo has no timeout of its own, and a request's thread waiting on a slow resolver holds up its
# caller (under ASGI, every synchronous view of the process shares one thread). Names are resolved on
# these threads and waited for at most RESOLVE_TIMEOUT_SECONDS; a lookup that outlives the wait finishes
# there unseen, keeping its thread until the system resolver gives up (tens of seconds).
#
# Those threads are shared by every tenant, so one tenant's names on a nameserver that never answers
# must not make everyone else's checks fail as if their hosts did not resolve. Hence: many threads
# (MAX_LOOKUPS), a lookup starts only on a free one (`_lookups` counts them, so none waits in a queue
# and its wait is measured from when it starts), and when all are busy the check fails at once saying
# so ("could not be checked now"), not blaming the host. Not a per-tenant quota: it bounds the damage
# to a clear, retryable error; the request throttles bound how fast anyone can fill it.
RESOLVE_TIMEOUT_SECONDS = 3.0
MAX_LOOKUPS = 32
_resolver = ThreadPoolExecutor(max_workers=MAX_LOOKUPS, thread_name_prefix="assay-resolve")
_lookups = threading.BoundedSemaphore(MAX_LOOKUPS)

# What `redacted_url` shows in place of a URL's path and query.
REDACTED = "\N{HORIZONTAL ELLIPSIS}"


class UnsafeUrl(ValueError):
    """The URL may not be called: wrong scheme, no host, unresolvable, or an internal address."""


@dataclass(frozen=True)
class CheckedUrl:
    """A URL whose host resolved to `address`, which was checked: call that address, nothing else."""

    url: str
    scheme: str
    host: str
    port: int
    target: str  # path and query, as sent in the request line
    address: str


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


def embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, translated, compatible, 6to4, NAT64, Teredo's
    client), if any."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _IPV4_TRANSLATED or address in _IPV4_COMPATIBLE:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in network for network in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: Address) -> bool:
    """Reachable on the public internet, and so is any IPv4 address it carries: loopback, private,
    shared (100.64.0.0/10, where cloud metadata services live), link-local, reserved, documentation and
    protocol-assignment ranges are not. An IPv6 address that only writes an IPv4 one (mapped,
    translated, compatible, NAT64's well-known prefix) is judged as that IPv4 address; any other IPv6
    address must be global unicast (2000::/3), outside the special ranges, and carry no internal IPv4."""
    inner = embedded_ipv4(address)
    if inner is not None and any(address in network for network in _AS_IPV4):
        return is_public(inner)
    if inner is not None and not is_public(inner):
        return False
    if isinstance(address, ipaddress.IPv6Address) and address not in _GLOBAL_UNICAST:
        return False
    listed = any(address in network for network in _NOT_GLOBAL if network.version == address.version)
    return address.is_global and not address.is_multicast and not listed


def _allowed(address: Address) -> bool:
    networks = [ipaddress.ip_network(cidr, strict=False) for cidr in settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS]
    return any(address in network for network in networks if network.version == address.version)


def check_public_url(url: str, *, what: str) -> CheckedUrl:
    """http(s) only, and every address the host resolves to public unless the operator listed its
    network in ASSAY_WEBHOOK_ALLOWED_NETWORKS. `what` names the URL in the messages."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrl(f"{what} must be an http:// or https:// URL with a host.")
    if parts.username or parts.password:
        raise UnsafeUrl(f"{what} must not carry a user name or password.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeUrl(f"{what} has an invalid port.") from exc
    places = _lookups  # the one this lookup holds a place in, given back by that lookup
    if not places.acquire(blocking=False):
        logger.warning(
            "%s: host %r not looked up: all %d resolver threads busy", what, parts.hostname, MAX_LOOKUPS
        )
        raise UnsafeUrl(
            f"{what}: the address could not be checked now (the server is busy): try again shortly."
        )
    try:
        lookup = _resolver.submit(_lookup, places, parts.hostname, port)
    except BaseException:
        places.release()
        raise
    try:
        infos = lookup.result(timeout=RESOLVE_TIMEOUT_SECONDS)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeUrl(f"{what} host {parts.hostname!r} does not resolve.") from exc
    except ResolveTimeout as exc:
        wait = f"{RESOLVE_TIMEOUT_SECONDS:g} s"
        raise UnsafeUrl(f"{what} host {parts.hostname!r} does not resolve: no answer within {wait}.") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses:
        raise UnsafeUrl(f"{what} host {parts.hostname!r} does not resolve.")
    # Every answer is checked: a name that also resolves inward could be connected there by anyone.
    for address in addresses:
        if not is_public(address) and not _allowed(address):
            # Which address stays here: told to the caller, it would map the operator's internal DNS.
            logger.warning(
                "%s: host %r resolves to %s, not public and not allowed", what, parts.hostname, address
            )
            raise UnsafeUrl(
                f"{what} host {parts.hostname!r} resolves to a non-public address (an internal address); "
                "only public addresses are called: use a host whose every address is public."
            )
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    return CheckedUrl(
        url=url, scheme=parts.scheme, host=parts.hostname, port=port, target=target, address=str(addresses[0])
    )


def _lookup(places: threading.BoundedSemaphore, host: str, port: int) -> list[Any]:
    """getaddrinfo on a resolver thread; frees its place in `places` when it ends, however late."""
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    finally:
        places.release()


def redacted_url(url: str | None) -> str:
    """What someone who may not hold the URL's credential sees of it: scheme and host (and port), then
    a marker that the rest was left out. "" for no URL."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return REDACTED
    if not parts.scheme or not host:
        return REDACTED
    shown = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{shown}{f':{port}' if port else ''}/{REDACTED}"


def url_fingerprint(url: str | None) -> dict[str, Any]:
    """What an immutable record keeps of a URL that may be a credential: whether it is set, its host,
    and a sha256 of the whole URL (to tell whether it changed, or matches one in hand)."""
    if not url:
        return {"set": False, "host": None, "sha256": None}
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    return {"set": True, "host": host, "sha256": hashlib.sha256(url.encode()).hexdigest()}


def refuse_internal_address(url: str, *, what: str) -> None:
    """When a URL is configured rather than called: refuse it if its host is `localhost` or an internal
    IP address written out (outside ASSAY_WEBHOOK_ALLOWED_NETWORKS), without resolving any name. A
    host name is checked when it is called (`check_public_url`), which stays the guard: a name's
    addresses may change, and this only turns the plain mistakes into an error at the field."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        address: Address = ipaddress.IPv4Address("127.0.0.1")
    else:
        try:
            address = ipaddress.ip_address(host.split("%", 1)[0])
        except ValueError:
            return  # a name: resolved and checked when called
    if not is_public(address) and not _allowed(address):
        raise UnsafeUrl(
            f"{what} points at {host}, an internal address; only public addresses are called (an operator "
            "may allow a network with ASSAY_WEBHOOK_ALLOWED_NETWORKS)."
        )


def tls_context() -> ssl.SSLContext:
    """The TLS settings for outbound calls: the system's trust store, certificate and name checked."""
    return ssl.create_default_context()


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed address, with SNI and certificate checks against the URL's host name."""

    def __init__(self, checked: CheckedUrl, timeout: float) -> None:
        super().__init__(checked.host, checked.port, timeout=timeout, context=tls_context())
        self._checked = checked

    def connect(self) -> None:
        sock = socket.create_connection((self._checked.address, self._checked.port), self.timeout)
        self.sock = sock  # a deadline that passes during the handshake shuts this one down
        self.sock = self._context.wrap_socket(sock, server_hostname=self._checked.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, checked: CheckedUrl, timeout: float) -> None:
        super().__init__(checked.host, checked.port, timeout=timeout)
        self._checked = checked

    def connect(self) -> None:
        self.sock = socket.create_connection((self._checked.address, self._checked.port), self.timeout)


def post(
    url: str, *, body: bytes, headers: dict[str, str], timeout: float, what: str, max_answer: int = 1_000_000
) -> Answer:
    """Check `url`, then POST `body` to the checked address. Raises UnsafeUrl (never called) or OSError
    (unreachable, timed out, TLS failure); any HTTP status is an Answer (3xx included: not followed).

    `timeout` bounds the whole exchange after the address is resolved, not only each socket read: a
    receiver that trickles its answer a byte at a time is cut off when it runs out (TimeoutError)."""
    checked = check_public_url(url, what=what)
    connection_class = _PinnedHTTPSConnection if checked.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(checked, timeout)
    deadline = _Deadline(connection, timeout)
    try:
        connection.connect()
        if deadline.passed:  # the deadline came during the handshake, whose socket it shut
            raise TimeoutError(f"timed out: no complete answer within {timeout:g} s")
        connection.request("POST", checked.target, body=body, headers=headers)
        response = connection.getresponse()
        answer = Answer(status=response.status, body=response.read(max_answer))
        if deadline.passed:  # a cut reads as the end of the headers or body: what came may be partial
            raise TimeoutError(f"timed out: no complete answer within {timeout:g} s")
        return answer
    except (http.client.HTTPException, OSError) as exc:
        if deadline.passed:
            raise TimeoutError(f"timed out: no complete answer within {timeout:g} s") from exc
        if isinstance(exc, http.client.HTTPException):
            raise OSError(f"bad HTTP answer: {exc}") from exc
        raise
    finally:
        deadline.cancel()
        connection.close()


class _Deadline:
    """Shuts the connection's socket down when `seconds` have passed, which ends any read or write
    blocked on it (a socket timeout alone restarts at every byte that arrives)."""

    def __init__(self, connection: http.client.HTTPConnection, seconds: float) -> None:
        self.passed = False
        self._connection = connection
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True
        self._timer.start()

    def _cut(self) -> None:
        self.passed = True
        sock = self._connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                # The plain socket's shutdown: an SSLSocket's own first drops its TLS state, and a
                # send racing it could go out unencrypted.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()

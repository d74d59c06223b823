"""Job webhooks: signed with the tenant's secret, refused for internal addresses unless allowed.

Signature header (Stripe's scheme): `Assay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
"<t>.<raw body>" with the tenant's webhook secret>`. Receivers recompute it and reject old timestamps.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

SIGNATURE_HEADER = "Assay-Signature"


class WebhookRefused(Exception):
    """The URL may not be called (scheme, or it resolves to an internal address)."""


class WebhookDeliveryError(Exception):
    """The receiver did not take it (network error or non-2xx): worth retrying."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could point at an internal address after the check: treat it as a failed delivery."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(cidr, strict=False) for cidr in settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS]


def check_url(url: str) -> None:
    """Refuse non-http(s) URLs and hosts resolving to loopback, private, link-local or reserved
    addresses (SSRF), unless the operator allowed that network (ASSAY_WEBHOOK_ALLOWED_NETWORKS)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookRefused("webhook_url must be an http:// or https:// URL with a host.")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise WebhookRefused(f"webhook_url host {parts.hostname!r} does not resolve.") from exc
    allowed = _allowed_networks()
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        internal = (
            address.is_loopback
            or address.is_private
            or address.is_link_local
            or address.is_reserved
            or address.is_multicast
            or address.is_unspecified
        )
        if internal and not any(address in network for network in allowed):
            raise WebhookRefused(
                f"webhook_url resolves to {address}, an internal address; Assay only calls public addresses."
            )


def deliver(*, url: str, secret: str, payload: dict[str, Any]) -> int:
    """POST the payload; returns the status. Raises WebhookRefused (final) or WebhookDeliveryError (retry).

    The URL is checked again at delivery: DNS may have changed since the job was admitted.
    """
    check_url(url)
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    request = urllib.request.Request(  # noqa: S310 - scheme checked above: http(s) only
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Assay-Webhooks/1",
            SIGNATURE_HEADER: sign(secret, int(time.time()), body),
        },
    )
    try:
        with _opener.open(request, timeout=settings.ASSAY_WEBHOOK_TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        raise WebhookDeliveryError(f"receiver answered {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise WebhookDeliveryError(f"receiver unreachable: {exc}") from exc

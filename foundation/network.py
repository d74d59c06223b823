"""Outbound calls to URLs a tenant chose (webhooks, its own moderation service): the one SSRF rule.

The host is resolved and checked just before each call; the separate connection that follows
can still meet a changed DNS answer (rebinding), which redirects are refused to not widen.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings


class UnsafeUrl(ValueError):
    """The URL may not be called: wrong scheme, no host, unresolvable, or an internal address."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could point at an internal address the check refused: treat it as a failed call."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


no_redirect_opener = urllib.request.build_opener(_NoRedirects)


def check_public_url(url: str, *, what: str) -> None:
    """http(s) only, and no loopback/private/link-local/reserved/multicast address unless the operator
    listed that network in ASSAY_WEBHOOK_ALLOWED_NETWORKS. `what` names the URL in the messages."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrl(f"{what} must be an http:// or https:// URL with a host.")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise UnsafeUrl(f"{what} host {parts.hostname!r} does not resolve.") from exc
    allowed = [ipaddress.ip_network(cidr, strict=False) for cidr in settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS]
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
            raise UnsafeUrl(
                f"{what} resolves to {address}, an internal address; only public addresses are called."
            )

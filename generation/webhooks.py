"""Job webhooks: signed with the tenant's secret, refused for internal addresses unless allowed.

Signature header (Stripe's scheme): `Assay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
"<t>.<raw body>" with the tenant's webhook secret>`. Receivers recompute it and reject old timestamps.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings

from foundation.network import UnsafeUrl, check_public_url, no_redirect_opener

SIGNATURE_HEADER = "Assay-Signature"


class WebhookRefused(Exception):
    """The URL may not be called (scheme, or it resolves to an internal address)."""


class WebhookDeliveryError(Exception):
    """The receiver did not take it (network error or non-2xx): worth retrying."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def check_url(url: str) -> None:
    """Refuse URLs a webhook may not call (SSRF): see foundation.network.check_public_url."""
    try:
        check_public_url(url, what="webhook_url")
    except UnsafeUrl as exc:
        raise WebhookRefused(str(exc)) from exc


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
        with no_redirect_opener.open(request, timeout=settings.ASSAY_WEBHOOK_TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        raise WebhookDeliveryError(f"receiver answered {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise WebhookDeliveryError(f"receiver unreachable: {exc}") from exc

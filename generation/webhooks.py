"""Job webhooks: signed with the tenant's secret, refused for internal addresses unless allowed.

Signature header (Stripe's scheme): `Assay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
"<t>.<raw body>" with the tenant's webhook secret>`. Receivers recompute it and reject old timestamps.

Every delivery (a job's, a review escalation's, a quota alert's) runs on the `webhooks` queue, whose
pool does nothing else (generation.queues.Queue.WEBHOOKS): a receiver that never answers holds a
webhook worker for up to ASSAY_WEBHOOK_TIMEOUT_SECONDS per attempt, never the control pool.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from django.conf import settings

from foundation import network

SIGNATURE_HEADER = "Assay-Signature"


class WebhookRefused(Exception):
    """The URL may not be called (scheme, or it resolves to an internal address)."""


class WebhookDeliveryError(Exception):
    """The receiver did not take it (network error or non-2xx): worth retrying."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def deliver(*, url: str, secret: str, payload: dict[str, Any]) -> int:
    """POST the payload; returns the status. Raises WebhookRefused (final) or WebhookDeliveryError (retry).

    The URL is checked again at delivery (DNS may have changed since the job was admitted), and the
    request goes to the address that was checked.
    """
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Assay-Webhooks/1",
        SIGNATURE_HEADER: sign(secret, int(time.time()), body),
    }
    try:
        answer = network.post(
            url,
            body=body,
            headers=headers,
            timeout=settings.ASSAY_WEBHOOK_TIMEOUT_SECONDS,
            what="webhook_url",
        )
    except network.UnsafeUrl as exc:
        raise WebhookRefused(str(exc)) from exc
    except OSError as exc:
        raise WebhookDeliveryError(f"receiver unreachable: {exc}") from exc
    if not 200 <= answer.status < 300:
        raise WebhookDeliveryError(f"receiver answered {answer.status}")
    return answer.status

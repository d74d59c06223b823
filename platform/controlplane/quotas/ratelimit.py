"""Requests per minute, per tenant and per API key (`QuotaLimit.requests_per_minute`).

With ASSAY_RATELIMIT_STORAGE_URL (e.g. `redis://redis:6379/2`, what production sets) a moving window
from the `limits` library, shared by every web process. Without it, a fixed one-minute window counted
in the database with a conditional UPDATE, exact across the embedded default's web processes (a burst
may straddle a minute's edge, at most twice the limit over those two minutes).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from limits import RateLimitItemPerMinute, storage, strategies

from controlplane.quotas.models import QuotaLimit, UsageCounter
from foundation.errors import ServiceError
from foundation.tenancy import Tenant


class RateLimited(ServiceError):
    code = "rate_limit_exceeded"
    status = 429

    def __init__(self, message: str, *, retry_after: int, headers: dict[str, str]) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.http_headers = headers | {"Retry-After": str(retry_after)}


@dataclass(frozen=True)
class Allowance:
    limit: int
    remaining: int
    reset_seconds: float

    def headers(self) -> dict[str, str]:
        """OpenAI's names: what the tightest limit allows, has left, and when it is whole again."""
        return {
            "x-ratelimit-limit-requests": str(self.limit),
            "x-ratelimit-remaining-requests": str(max(self.remaining, 0)),
            "x-ratelimit-reset-requests": f"{max(math.ceil(self.reset_seconds), 0)}s",
        }


@lru_cache(maxsize=4)
def _limiter(url: str) -> strategies.MovingWindowRateLimiter:
    return strategies.MovingWindowRateLimiter(storage.storage_from_string(url))


def _redis_hit(limit: int, tenant_id: str, who: str) -> Allowance | None:
    """One request in the moving window; None when the limit is spent (then nothing is counted)."""
    limiter, item = _limiter(settings.ASSAY_RATELIMIT_STORAGE_URL), RateLimitItemPerMinute(limit)
    allowed = limiter.hit(item, tenant_id, who)  # atomic on Redis
    reset, remaining = limiter.get_window_stats(item, tenant_id, who)
    return (
        Allowance(limit, remaining, reset - time.time())
        if allowed
        else Allowance(limit, -1, reset - time.time())
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _database_hit(limit: int, tenant: Tenant, who: str) -> Allowance:
    now = _now()
    window = f"minute:{now:%Y%m%d%H%M}"
    reset = 60 - now.second - now.microsecond / 1e6
    subject = f"rpm:{who}"
    try:
        with transaction.atomic():
            UsageCounter.objects.get_or_create(
                tenant=tenant, subject=subject, metric="requests", window=window
            )
    except IntegrityError:  # created by a concurrent request
        pass
    cell = UsageCounter.objects.filter(tenant=tenant, subject=subject, metric="requests", window=window)
    if not cell.filter(used__lt=limit).update(used=F("used") + 1):
        return Allowance(limit, -1, reset)
    return Allowance(limit, limit - cell.values_list("used", flat=True).get(), reset)


def hit(*, tenant: Tenant, api_key_id: int) -> Allowance | None:
    """Count one request against the key's and the tenant's per-minute limits; raises RateLimited when
    one is spent. Returns the tightest allowance left (for the x-ratelimit-* headers), None when no
    limit applies."""
    rows = QuotaLimit.objects.filter(tenant=tenant, end_user="", requests_per_minute__isnull=False)
    checks = [
        (row.requests_per_minute, f"key:{row.api_key_id}" if row.api_key_id else "tenant")
        for row in rows
        if row.api_key_id in (None, api_key_id)
    ]
    allowances = []
    for limit, who in sorted(checks, key=lambda check: check[1] == "tenant"):  # the key's first
        if settings.ASSAY_RATELIMIT_STORAGE_URL:
            allowance = _redis_hit(limit, str(tenant.public_id), who)
        else:
            allowance = _database_hit(limit, tenant, who)
        if allowance.remaining < 0:
            retry_after = max(1, math.ceil(allowance.reset_seconds))
            what = "this API key" if who.startswith("key:") else "the tenant"
            raise RateLimited(
                f"Rate limit of {limit} requests per minute for {what} reached; retry after {retry_after} s.",
                retry_after=retry_after,
                headers=allowance.headers(),
            )
        allowances.append(allowance)
    return min(allowances, key=lambda allowance: allowance.remaining) if allowances else None

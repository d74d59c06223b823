"""Requests per minute, per tenant and per API key (`QuotaLimit.requests_per_minute`).

With ASSAY_RATELIMIT_STORAGE_URL (e.g. `redis://redis:6379/2`, what production sets) a moving window
from the `limits` library, shared by every web process; on Redis every limit of a request is checked
and counted by one script, in one round trip. Without it, a fixed one-minute window counted in the
database with a conditional UPDATE, exact across the embedded default's web processes (a burst may
straddle a minute's edge, at most twice the limit over those two minutes).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from limits import RateLimitItemPerMinute, storage, strategies
from limits.storage import RedisClusterStorage, RedisStorage

from controlplane.quotas import in_force
from controlplane.quotas.models import UsageCounter
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


def _now() -> datetime:
    return datetime.now(UTC)


def _refusal(limit: int, who: str, allowance: Allowance, own: str) -> RateLimited:
    """`own`: the calling key's subject (`key:<id>`); `who`: the limit's, which may be a key it was made
    from."""
    retry_after = max(1, math.ceil(allowance.reset_seconds))
    what = "the tenant"
    if who.startswith("key:"):
        what = "this API key" if who == own else "the API key this one was made from"
    return RateLimited(
        f"Rate limit of {limit} requests per minute for {what} reached; retry after {retry_after} s.",
        retry_after=retry_after,
        headers=allowance.headers(),
    )


# Every limit's moving window read and, when each has room, hit, atomically: a request refused by one
# limit spends none of the others, and two racing requests never both take a window's last place. The
# windows are `limits`' own (at the key its MovingWindowRateLimiter uses, a list of the hits' times,
# newest first, kept to the limit's length), so its API reads what this writes and the reverse.
# KEYS: the windows; ARGV: the time now, the window's length in seconds, then each window's limit.
# Answers {0, count, oldest, count, oldest, ...} (each window after the hit: the hits in it and the time
# of its oldest), or {i, oldest} when window i is full (nothing was counted).
_HIT_EVERY_WINDOW = """
local now = tonumber(ARGV[1])
local expiry = tonumber(ARGV[2])
local windows = {}
for i, key in ipairs(KEYS) do
    local limit = tonumber(ARGV[i + 2])
    -- The hits inside the window: a binary search for the oldest (as limits' moving_window.lua).
    local low, high, last = 0, limit - 1, -1
    while low <= high do
        local mid = math.floor((low + high) / 2)
        local entry = tonumber(redis.call('lindex', key, mid))
        if entry and entry >= now - expiry then
            last = mid
            low = mid + 1
        else
            high = mid - 1
        end
    end
    local oldest = now
    if last >= 0 then
        oldest = tonumber(redis.call('lindex', key, last))
    end
    if last + 1 >= limit then
        return {i, tostring(oldest)}
    end
    windows[i] = {last + 1, oldest}
end
local answer = {0}
for i, key in ipairs(KEYS) do
    redis.call('lpush', key, now)
    redis.call('ltrim', key, 0, tonumber(ARGV[i + 2]) - 1)
    redis.call('expire', key, expiry)
    answer[#answer + 1] = windows[i][1] + 1
    answer[#answer + 1] = tostring(windows[i][2])
end
return answer
"""


@lru_cache(maxsize=4)
def _hit_every_window(url: str) -> Any:
    """The script on the limiter's own Redis client (redis-py's Script: EVALSHA, loaded when missing)."""
    return _limiter(url).storage.get_connection().register_script(_HIT_EVERY_WINDOW)


def _redis_hits(checks: list[tuple[int, str]], tenant_id: str, own: str) -> list[Allowance]:
    """One round trip on Redis (`_HIT_EVERY_WINDOW`); `_window_hits` on the other stores `limits` has
    (and on a Redis cluster, whose windows may live on different nodes: one script cannot reach them)."""
    url = settings.ASSAY_RATELIMIT_STORAGE_URL
    store = _limiter(url).storage
    if not isinstance(store, RedisStorage) or isinstance(store, RedisClusterStorage):
        return _window_hits(checks, tenant_id, own)
    items = [RateLimitItemPerMinute(limit) for limit, _who in checks]
    keys = [
        store.prefixed_key(item.key_for(tenant_id, who))
        for item, (_limit, who) in zip(items, checks, strict=True)
    ]
    expiry = items[0].get_expiry()
    answer = _hit_every_window(url)(keys=keys, args=[time.time(), expiry, *(limit for limit, _who in checks)])
    if answer[0]:
        limit, who = checks[int(answer[0]) - 1]
        raise _refusal(limit, who, Allowance(limit, 0, float(answer[1]) + expiry - time.time()), own)
    counts, oldest = answer[1::2], answer[2::2]
    return [
        Allowance(limit, limit - int(count), float(first) + expiry - time.time())
        for (limit, _who), count, first in zip(checks, counts, oldest, strict=True)
    ]


def _window_hits(checks: list[tuple[int, str]], tenant_id: str, own: str) -> list[Allowance]:
    """Through `limits`' API. Every limit is read before any is counted, so a refused request spends
    nothing (two requests racing between the read and the count may both be counted: the window is
    still never exceeded). Two round trips per limit: its window (what is left, when it is whole
    again), then the hit; what is left after the hit is one less than the read said (a racing request
    may have taken more: only the x-ratelimit-remaining header is the less exact for it)."""
    limiter = _limiter(settings.ASSAY_RATELIMIT_STORAGE_URL)
    items = [(RateLimitItemPerMinute(limit), limit, who) for limit, who in checks]
    windows = []
    for item, limit, who in items:
        reset, remaining = limiter.get_window_stats(item, tenant_id, who)
        if remaining < 1:
            raise _refusal(limit, who, Allowance(limit, 0, reset - time.time()), own)
        windows.append((reset, remaining))
    allowances = []
    for (item, limit, who), (reset, remaining) in zip(items, windows, strict=True):
        if not limiter.hit(item, tenant_id, who):  # spent by a request that raced this one
            reset, _remaining = limiter.get_window_stats(item, tenant_id, who)
            raise _refusal(limit, who, Allowance(limit, 0, reset - time.time()), own)
        allowances.append(Allowance(limit, remaining - 1, reset - time.time()))
    return allowances


def _database_hits(checks: list[tuple[int, str]], tenant: Tenant, own: str) -> list[Allowance]:
    """One conditional UPDATE per limit in one transaction: a refusal undoes the counts before it."""
    now = _now()
    window = f"minute:{now:%Y%m%d%H%M}"
    reset = 60 - now.second - now.microsecond / 1e6
    allowances = []
    with transaction.atomic():
        for limit, who in checks:
            subject = f"rpm:{who}"
            try:
                with transaction.atomic():
                    UsageCounter.objects.get_or_create(
                        tenant=tenant, subject=subject, metric="requests", window=window
                    )
            except IntegrityError:  # created by a concurrent request
                pass
            cell = UsageCounter.objects.filter(
                tenant=tenant, subject=subject, metric="requests", window=window
            )
            if not cell.filter(used__lt=limit).update(used=F("used") + 1):
                raise _refusal(limit, who, Allowance(limit, 0, reset), own)
            allowances.append(Allowance(limit, limit - cell.values_list("used", flat=True).get(), reset))
    return allowances


def hit(*, tenant: Tenant, api_key_id: int) -> Allowance | None:
    """Count one request against the per-minute limits of the tenant, the key and the keys it was made
    from; raises RateLimited when
    one is spent (counting nothing). Returns the tightest allowance left (for the x-ratelimit-*
    headers), None when no limit applies."""
    checks = sorted(
        (row.requests_per_minute, f"key:{row.api_key_id}" if row.api_key_id else "tenant")
        for row in in_force.rate_limits(tenant, api_key_id=api_key_id)
    )
    if not checks:
        return None
    if settings.ASSAY_RATELIMIT_STORAGE_URL:
        allowances = _redis_hits(checks, str(tenant.public_id), f"key:{api_key_id}")
    else:
        allowances = _database_hits(checks, tenant, f"key:{api_key_id}")
    return min(allowances, key=lambda allowance: allowance.remaining)

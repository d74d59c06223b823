"""The limits admission applies, remembered per web process for a few seconds.

Every submission needs its tenant's, its key's and its end user's limits twice (the rate limiter, then
the reservation). Reading them from the database each time cost two queries per request for rows that
change a few times a month, so each process keeps the rows of a tenant for LIMITS_CACHE_SECONDS, while
the access epoch stays where it was (`controlplane.tenants.freshness`). A limit set or removed by any
process raises the epoch (`forget`, called by `limit_set` and `limit_delete`), which the request's
authentication has just read: the change applies to every request that arrives after it commits, in
every process. What is used stays exact: the counters are never remembered, only the limits they are
held to.

A key's limits hold every key made from it too (`ApiKey.parent`, through the API): a key never
out-scopes its parent, and a limit its holder could escape by making another key would limit nothing.
So the rows that apply to a key are its own and its ancestors' (`key_lineage`), and what a key's
descendants use counts against the ancestors' limits (`services.subject_of`).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from controlplane.quotas.models import QuotaLimit
from controlplane.tenants import freshness
from controlplane.tenants.models import ApiKey
from foundation.tenancy import Tenant

LIMITS_CACHE_SECONDS = 5.0
DEFAULT_CURRENCY = "USD"
_CACHE_MAX = 10_000  # tenants remembered; past it the memory starts over


@dataclass(frozen=True)
class _TenantLimits:
    loaded_at: float  # time.monotonic()
    epoch: int  # the access epoch read before the rows were
    # The tenant-wide rows: the tenant's, each key's, and the `*` rows (each end user's), never changed
    # once read (shared by the requests of this process).
    rows: tuple[QuotaLimit, ...]
    # Whether some row names one end user: only then does a request with a `user` read its row.
    names_end_users: bool


# Keyed by the tenant's public id rather than its primary key: a primary key can come back after a
# rolled-back transaction (SQLite reuses them), a UUID4 does not.
_tenants: dict[uuid.UUID, _TenantLimits] = {}


# A key's parent never changes once it is made, so a key's lineage is remembered for the process's life;
# under its tenant's public id too, as `_tenants` is, since a key's primary key can come back (SQLite).
_lineages: dict[tuple[uuid.UUID, int], tuple[int, ...]] = {}


def key_lineage(tenant: Tenant, api_key_id: int | None) -> tuple[int, ...]:
    """The key and the keys it was made from, itself first: the keys whose limits hold it."""
    if api_key_id is None:
        return ()
    lineage = _lineages.get((tenant.public_id, api_key_id))
    if lineage is None:
        chain = [api_key_id]
        while True:
            parent_id = ApiKey.objects.filter(pk=chain[-1]).values_list("parent_id", flat=True).first()
            if parent_id is None or parent_id in chain:
                break
            chain.append(parent_id)
        if len(_lineages) >= _CACHE_MAX:
            _lineages.clear()
        lineage = _lineages[tenant.public_id, api_key_id] = tuple(chain)
    return lineage


def forget() -> None:
    """After a limit changes: forget now, and again once the change commits, so that a request that read
    the old rows in between does not keep them; and raise the access epoch, so that every other process
    forgets too."""
    _tenants.clear()
    freshness.bump()
    transaction.on_commit(_tenants.clear)


def _tenant_limits(tenant: Tenant) -> _TenantLimits:
    epoch = freshness.recent()
    cached = _tenants.get(tenant.public_id)
    if (
        cached is not None
        and cached.epoch == epoch
        and time.monotonic() - cached.loaded_at < LIMITS_CACHE_SECONDS
    ):
        return cached
    loaded_at = time.monotonic()
    rows = tuple(QuotaLimit.objects.filter(tenant=tenant, end_user__in=["", "*"]).order_by("pk"))
    names = QuotaLimit.objects.filter(tenant=tenant).exclude(end_user__in=["", "*"]).exists()
    if len(_tenants) >= _CACHE_MAX:
        _tenants.clear()
    cached = _tenants[tenant.public_id] = _TenantLimits(loaded_at, epoch, rows, names)
    return cached


def tenant_currency(tenant: Tenant) -> str:
    """The currency a tenant's spend is counted in: its tenant-level limits' (USD where none are set)."""
    for row in _tenant_limits(tenant).rows:
        if row.api_key_id is None and not row.end_user:
            return row.currency
    return DEFAULT_CURRENCY


def rate_limits(tenant: Tenant, *, api_key_id: int) -> list[QuotaLimit]:
    """The rows with a requests-per-minute limit that apply to a key: the tenant's, the key's own and
    those of the keys it was made from."""
    keys = (None, *key_lineage(tenant, api_key_id))
    return [
        row
        for row in _tenant_limits(tenant).rows
        if not row.end_user and row.api_key_id in keys and row.requests_per_minute is not None
    ]


def applicable_limits(tenant: Tenant, *, api_key_id: int | None, end_user: str) -> list[QuotaLimit]:
    """The tenant's row, the rows of the key and of the keys it was made from, and the end user's rows
    (a named end user's row replaces the `*` row of the same key or of the tenant)."""
    cached = _tenant_limits(tenant)
    lineage = key_lineage(tenant, api_key_id)
    keys = (None, *lineage)
    rows = [row for row in cached.rows if row.api_key_id in keys and (end_user or not row.end_user)]
    if end_user and cached.names_end_users:
        named = QuotaLimit.objects.filter(tenant=tenant, end_user=end_user)
        rows += named.filter(Q(api_key__isnull=True) | Q(api_key_id__in=lineage))
    chosen: dict[tuple[int | None, bool], QuotaLimit] = {}
    for row in rows:
        slot = (row.api_key_id, bool(row.end_user))
        if slot not in chosen or row.end_user == end_user:
            chosen[slot] = row
    return list(chosen.values())

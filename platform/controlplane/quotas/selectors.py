"""Reading usage: the ledger summed per day, key, end user or model; the limits and what they used."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum

from controlplane.quotas import services
from controlplane.quotas.models import EntryKind, QuotaLimit, UsageCounter, UsageEntry
from controlplane.tenants.models import ApiKey
from foundation.tenancy import Tenant

GROUPS = {"day": "day", "key": "api_key__public_id", "user": "end_user", "model": "model"}


def usage(tenant: Tenant, *, group_by: str, since: date | None, until: date | None) -> list[dict[str, Any]]:
    """Net usage (reservations, settlements and refunds together: what was used, and what running
    jobs hold) per group, with how many jobs were admitted."""
    entries = UsageEntry.objects.filter(tenant=tenant)
    if since is not None:
        entries = entries.filter(day__gte=since)
    if until is not None:
        entries = entries.filter(day__lt=until)
    field = GROUPS[group_by]
    rows = (
        entries.values(field)
        .annotate(
            images=Sum("images"),
            gpu_seconds=Sum("gpu_seconds"),
            spend_micros=Sum("spend_micros"),
            admitted=Count("pk", filter=Q(kind=EntryKind.RESERVE)),
            running=Sum("jobs"),
        )
        .order_by(field)
    )
    return [
        {
            group_by: str(row[field]) if row[field] not in (None, "") else None,
            "images": row["images"] or 0,
            "gpu_seconds": row["gpu_seconds"] or 0,
            "spend": (row["spend_micros"] or 0) / 1_000_000,
            "jobs": row["admitted"],
            "running": row["running"] or 0,
        }
        for row in rows
    ]


def limits_with_usage(tenant: Tenant) -> list[dict[str, Any]]:
    """Every limit of the tenant as `limit_to_dict` shows it, with the counters of all in one query (the
    tenant's own always come along: a handful of rows, and one query whatever the number of limits)."""
    limits = limits_for_tenant(tenant)
    subjects = {"tenant"} | {subject for limit in limits for subject in _subjects(limit)}
    by_subject: dict[str, list[UsageCounter]] = defaultdict(list)
    for counter in UsageCounter.objects.filter(tenant=tenant, subject__in=subjects):
        by_subject[counter.subject].append(counter)
    return [
        limit_to_dict(limit, counters=[c for subject in _subjects(limit) for c in by_subject[subject]])
        for limit in limits
    ]


def limit_to_dict(limit: QuotaLimit, *, counters: list[UsageCounter] | None = None) -> dict[str, Any]:
    """A limit and what its subject used; `counters` when the caller read them already."""
    if counters is None:
        counters = list(UsageCounter.objects.filter(tenant=limit.tenant, subject__in=_subjects(limit)))
    used = {
        counter.metric + ("@" + counter.window if counter.window != "now" else ""): counter.used
        for counter in counters
    }
    return {
        "object": "quota",
        "level": limit.level,
        "key": limit.api_key.display_prefix if limit.api_key else None,
        "key_id": str(limit.api_key.public_id) if limit.api_key else None,
        "end_user": limit.end_user or None,
        **{
            name: getattr(limit, name)
            for name in services.LIMIT_FIELDS
            if name not in ("spend_micros_per_month",)
        },
        "spend_per_month": limit.spend_micros_per_month / 1_000_000
        if limit.spend_micros_per_month is not None
        else None,
        "used": used,
        "updated": int(limit.updated_at.timestamp()),
    }


def _subjects(limit: QuotaLimit) -> list[str]:
    if limit.level == "tenant":
        return ["tenant"]
    if limit.level == "key":
        return [f"key:{limit.api_key_id}"]
    return []  # per end user: one counter per end user, listed by GET /v1/usage?group_by=user


def limits_for_tenant(tenant: Tenant) -> list[QuotaLimit]:
    return list(QuotaLimit.objects.select_related("api_key", "tenant").filter(tenant=tenant).order_by("pk"))


def api_key_by_reference(tenant: Tenant, reference: str) -> ApiKey | None:
    """A key of the tenant by its public id or its display prefix (`ask_xxxxxxxx`)."""
    keys = ApiKey.objects.filter(tenant=tenant)
    if reference.startswith("ask_"):
        return keys.filter(prefix=reference.removeprefix("ask_")[:16]).first()
    try:
        return keys.filter(public_id=uuid.UUID(reference)).first()
    except ValueError:
        return None

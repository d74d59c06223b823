"""Reading usage: the ledger summed per day, key, end user or model; the limits and what they used."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Greatest
from django.db.models.lookups import Exact, IsNull
from django.utils import timezone

from controlplane.quotas import services
from controlplane.quotas.models import EntryKind, QuotaLimit, UsageCounter, UsageEntry
from controlplane.tenants.models import ApiKey
from foundation.tenancy import Tenant

GROUPS = {"day": "day", "key": "api_key__public_id", "user": "end_user", "model": "model"}


def usage(tenant: Tenant, *, group_by: str, since: date | None, until: date | None) -> list[dict[str, Any]]:
    """Net usage (reservations, settlements and refunds together: what was used, and what running
    jobs hold) per group, with how many jobs were admitted. A job reinstated on appeal reserves again
    (its first reservation was refunded), so only a job's first reservation counts it as admitted."""
    entries = UsageEntry.objects.filter(tenant=tenant)
    if since is not None:
        entries = entries.filter(day__gte=since)
    if until is not None:
        entries = entries.filter(day__lt=until)
    field = GROUPS[group_by]
    again = UsageEntry.objects.filter(job=OuterRef("job"), kind=EntryKind.RESERVE, pk__lt=OuterRef("pk"))
    rows = (
        entries.values(field)
        .annotate(
            images=Sum("images"),
            gpu_seconds=Sum("gpu_seconds"),
            spend_micros=Sum("spend_micros"),
            admitted=Count("pk", filter=Q(kind=EntryKind.RESERVE) & ~Exists(again)),
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


def limits_with_usage(
    tenant: Tenant,
    *,
    api_key_public_id: uuid.UUID | None = None,
    api_key_prefix: str | None = None,
    end_user: str | None = None,
) -> list[dict[str, Any]]:
    """The tenant's limits (those of one key or end user when asked) as `limit_to_dict` shows them, read
    with what they used in one query whatever the number of limits."""
    today = timezone.now().date()
    limits = limits_for_tenant(
        tenant,
        api_key_public_id=api_key_public_id,
        api_key_prefix=api_key_prefix,
        end_user=end_user,
        used_on=today,
    )
    return [limit_to_dict(limit, today=today) for limit in limits]


def _used_annotations(today: date) -> dict[str, Any]:
    """Per limit row and limit set, what admission holds it to (as `services.cells_used`): the counter
    of its cell in today's windows or, where no admission created it yet, the ledger's sum it would start
    from. COALESCE evaluates the ledger's subquery only for a missing counter."""
    subject = Case(
        When(
            ~Q(end_user=""),
            then=Concat(
                Value("user:"), Coalesce(Cast("api_key_id", CharField()), Value("*")), Value(":"), "end_user"
            ),
        ),
        When(api_key__isnull=False, then=Concat(Value("key:"), Cast("api_key_id", CharField()))),
        default=Value("tenant"),
        output_field=CharField(),
    )
    # The entries the row's cell sums (services._entries_filter, with the row's key and end user).
    entries = UsageEntry.objects.filter(
        Q(IsNull(OuterRef("api_key_id"), True)) | Q(api_key_id=OuterRef("api_key_id")),
        Q(Exact(OuterRef("end_user"), Value(""))) | Q(end_user=OuterRef("end_user")),
        tenant_id=OuterRef("tenant_id"),
    )
    annotations: dict[str, Any] = {"used_subject": subject}
    for field, metric, kind in services.LIMITS:
        window = services.window_of(kind, today)
        cell = entries.filter(
            **({"day": today} if kind == "day" else {"month": f"{today:%Y-%m}"} if kind == "month" else {})
        )
        counter = UsageCounter.objects.filter(
            tenant_id=OuterRef("tenant_id"), subject=OuterRef("used_subject"), metric=metric, window=window
        ).values("used")[:1]
        ledger = cell.order_by().values("tenant_id").annotate(total=Sum(metric)).values("total")[:1]
        annotations[f"used_{field}"] = Case(
            When(
                **{f"{field}__isnull": False},
                then=Coalesce(Subquery(counter), Greatest(Coalesce(Subquery(ledger), Value(0)), Value(0))),
            ),
            default=None,
            output_field=BigIntegerField(),
        )
    return annotations


def limit_to_dict(limit: QuotaLimit, *, today: date | None = None) -> dict[str, Any]:
    """A limit and what its subject used in the current windows: for each limit set, the figure admission
    holds it to (`metric@window`, or `metric` for running jobs). A `*` row lists none: each end user has
    their own, in GET /v1/usage?group_by=user. Read with the row when `limits_for_tenant` was asked to."""
    cells = services.limit_cells(limit, today or timezone.now().date())
    if cells and not hasattr(limit, f"used_{cells[0].field}"):
        held = services.cells_used(limit.tenant, cells)
        for cell in cells:
            setattr(limit, f"used_{cell.field}", held[cell.subject, cell.metric, cell.window])
    used = {
        cell.metric + ("@" + cell.window if cell.window != "now" else ""): getattr(
            limit, f"used_{cell.field}"
        )
        for cell in cells
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


def limits_for_tenant(
    tenant: Tenant,
    *,
    api_key_public_id: uuid.UUID | None = None,
    api_key_prefix: str | None = None,
    end_user: str | None = None,
    used_on: date | None = None,
) -> list[QuotaLimit]:
    """The tenant's limits, oldest first; those of one key (its id or 8-character prefix) or end user.
    `used_on`: with what each used in that day's windows (`used_<limit field>`)."""
    limits = QuotaLimit.objects.select_related("api_key", "tenant").filter(tenant=tenant)
    if used_on is not None:
        limits = limits.annotate(**_used_annotations(used_on))
    if api_key_public_id is not None:
        limits = limits.filter(api_key__public_id=api_key_public_id)
    if api_key_prefix is not None:
        limits = limits.filter(api_key__prefix=api_key_prefix)
    if end_user is not None:
        limits = limits.filter(end_user=end_user)
    return list(limits.order_by("pk"))


def api_key_by_reference(tenant: Tenant, reference: str) -> ApiKey | None:
    """A key of the tenant by its public id or its display prefix (`ask_xxxxxxxx`)."""
    keys = ApiKey.objects.filter(tenant=tenant)
    if reference.startswith("ask_"):
        return keys.filter(prefix=reference.removeprefix("ask_")[:16]).first()
    try:
        return keys.filter(public_id=uuid.UUID(reference)).first()
    except ValueError:
        return None

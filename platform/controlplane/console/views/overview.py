"""The overview: what the tenant generated, blocked and held, the review queue, usage against quota."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from controlplane.console import charts, selectors
from controlplane.console.access import Member, console_page
from controlplane.quotas import selectors as quota_selectors
from controlplane.tenants.scopes import Scope

QUOTA_FIELDS = (
    ("images_per_day", "images", "day", "Images today"),
    ("images_per_month", "images", "month", "Images this month"),
    ("gpu_seconds_per_month", "gpu_seconds", "month", "GPU-seconds this month"),
)


@console_page()
def overview(request: HttpRequest, member: Member) -> HttpResponse:
    data = selectors.overview(member.tenant, with_usage=member.can(Scope.USAGE_READ))
    labels = [day.day.strftime("%d %b") for day in data.days]
    daily = charts.stacked_bars(
        title="Jobs per day by outcome",
        labels=labels,
        series=[
            charts.Series(name, [getattr(day, name) for day in data.days])
            for name in ("generated", "blocked", "held", "other")
        ],
    )
    categories = charts.horizontal_bars(title="Blocked jobs per category", rows=data.blocked_by_category)
    show_usage = member.can(Scope.USAGE_READ)
    return render(
        request,
        "console/overview.html",
        {
            "data": data,
            "daily_chart": daily,
            "category_chart": categories,
            "category_rows": [
                (name, count, data.block_rate(count)) for name, count in data.blocked_by_category
            ],
            "show_usage": show_usage,
            "quotas": _tenant_quotas(member) if show_usage else [],
            "series_colours": charts.SERIES_COLOURS,
        },
    )


def _tenant_quotas(member: Member) -> list[dict[str, object]]:
    """The tenant-wide limits with what they used, as the API's GET /v1/quotas reports them."""
    today = timezone.now().date()
    windows = {"day": f"day:{today.isoformat()}", "month": f"month:{today:%Y-%m}"}
    rows = []
    for limit in quota_selectors.limits_for_tenant(member.tenant):
        if limit.level != "tenant":
            continue
        report = quota_selectors.limit_to_dict(limit)
        for field, metric, window, label in QUOTA_FIELDS:
            allowed = report.get(field)
            if allowed is None:
                continue
            used = report["used"].get(f"{metric}@{windows[window]}", 0)
            rows.append({"label": label, "used": used, "limit": allowed, "percent": _percent(used, allowed)})
    return rows


def _percent(used: int, allowed: int) -> int:
    return 100 if allowed <= 0 else min(round(100 * used / allowed), 100)

"""Reads that only the console needs: the overview's aggregates and a job page's related rows.

Each is one or two grouped queries whatever the number of jobs (the overview's query count is asserted
in tests/console). Filters on jobs start from `generation.selectors.jobs_for_tenant`, reviews from
`controlplane.review.selectors.items_for_tenant`: the tenant scoping is theirs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from controlplane.quotas import selectors as quota_selectors
from controlplane.review import selectors as review_selectors
from controlplane.review.models import ReviewItem, ReviewKind
from controlplane.tenants.models import Membership
from foundation.tenancy import Tenant
from generation import selectors as generation_selectors
from generation.models import GeneratedImage, GenerationJob, JobStatus
from policy.decisions import job_policy
from policy.models import PolicyVersion

OVERVIEW_DAYS = 14
# What each job status counts as on the overview's daily chart.
OUTCOMES = {
    JobStatus.COMPLETED: "generated",
    JobStatus.REJECTED: "blocked",
    JobStatus.HELD_FOR_REVIEW: "held",
}


@dataclass
class DayCounts:
    day: date
    generated: int = 0
    blocked: int = 0
    held: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.generated + self.blocked + self.held + self.other


@dataclass
class Overview:
    days: list[DayCounts]
    jobs: int
    blocked_by_category: list[tuple[str, int]]
    queue_depth: int
    queue_by_kind: dict[str, int]
    oldest_open: datetime | None
    usage: list[dict[str, Any]] = field(default_factory=list)

    @property
    def oldest_age(self) -> timedelta | None:
        return timezone.now() - self.oldest_open if self.oldest_open else None

    @property
    def blocked_share(self) -> float:
        return self.block_rate(sum(day.blocked for day in self.days))

    def block_rate(self, count: int) -> float:
        return count / self.jobs if self.jobs else 0.0


def _start_of_window(days: int) -> datetime:
    """Midnight UTC, `days - 1` days ago: the window's first whole day."""
    today = timezone.now().astimezone(UTC).date()
    return datetime.combine(today - timedelta(days=days - 1), time.min, tzinfo=UTC)


def daily_outcomes(tenant: Tenant, *, days: int = OVERVIEW_DAYS) -> list[DayCounts]:
    """Jobs per UTC day of the last `days` days by outcome, oldest day first (one grouped query)."""
    start = _start_of_window(days)
    rows = (
        generation_selectors.jobs_for_tenant(tenant, created_after=start)
        .order_by()
        .annotate(day=TruncDate("created_at"))
        .values("day", "status")
        .annotate(n=Count("pk"))
    )
    first = start.date()
    by_day = {first + timedelta(days=n): DayCounts(first + timedelta(days=n)) for n in range(days)}
    for row in rows:
        counts = by_day.get(row["day"])
        if counts is not None:
            name = OUTCOMES.get(row["status"], "other")
            setattr(counts, name, getattr(counts, name) + row["n"])
    return list(by_day.values())


def blocked_categories(tenant: Tenant, *, days: int = OVERVIEW_DAYS) -> list[tuple[str, int]]:
    """How many jobs of the window each category blocked (a job counts once per category), most first.

    Reads the decisions of blocked jobs only (a minority) and of blocked images, two queries."""
    start = _start_of_window(days)
    counts: Counter[str] = Counter()
    blocked_jobs = generation_selectors.jobs_for_tenant(
        tenant, statuses=[JobStatus.REJECTED], created_after=start
    ).values_list("pk", "decisions")
    for _pk, decisions in blocked_jobs.iterator(chunk_size=2000):
        categories = {
            reason.get("category", "")
            for decision in decisions or []
            if decision.get("decision") == "block"
            for reason in decision.get("reasons", [])
        }
        counts.update(category for category in categories if category)
    images = GeneratedImage.objects.filter(
        tenant=tenant, decision="blocked", created_at__gte=start
    ).values_list("decision_reasons", flat=True)
    for reasons in images.iterator(chunk_size=2000):
        counts.update({reason.get("category", "") for reason in reasons or [] if reason.get("category")})
    return counts.most_common()


def overview(tenant: Tenant, *, with_usage: bool) -> Overview:
    days = daily_outcomes(tenant)
    queue = (
        review_selectors.items_for_tenant(tenant)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"), oldest=Min("created_at"))
    )
    by_kind = {row["kind"]: row["n"] for row in queue}
    oldest = min((row["oldest"] for row in queue), default=None)
    usage = []
    if with_usage:
        since = days[0].day
        usage = quota_selectors.usage(tenant, group_by="day", since=since, until=None)
    return Overview(
        days=days,
        jobs=sum(day.total for day in days),
        blocked_by_category=blocked_categories(tenant),
        queue_depth=sum(by_kind.values()),
        queue_by_kind=by_kind,
        oldest_open=oldest,
        usage=usage,
    )


def memberships_of_user(user: Any) -> list[Membership]:
    """The user's memberships of active tenants, by tenant name: where the console may take them."""
    return list(
        Membership.objects.filter(user=user, tenant__is_active=True)
        .select_related("tenant")
        .order_by("tenant__name")
    )


def search_jobs(tenant: Tenant, **filters: Any) -> QuerySet[GenerationJob]:
    """`jobs_for_tenant` with the filters of GET /v1/jobs (prompt text included), and the key and its
    member joined for the list's columns."""
    return generation_selectors.jobs_for_tenant(tenant, **filters).select_related("api_key__created_by")


def review_items_of_job(tenant: Tenant, job: GenerationJob) -> list[ReviewItem]:
    return list(
        review_selectors.items_for_tenant(tenant, state=None, job_id=job.public_id).prefetch_related("votes")
    )


def _past_escalation(items: QuerySet[ReviewItem], now: datetime) -> Q:
    """Items older than their policy version's escalation time: one condition per version in the queue
    (a handful), each with that version's `review.escalate_after_minutes`."""
    versions = PolicyVersion.objects.filter(pk__in=items.order_by().values("policy_version_id").distinct())
    condition = Q(pk__in=[])
    for version in versions:
        minutes = job_policy(version).document.review.escalate_after_minutes
        condition |= Q(policy_version=version, created_at__lte=now - timedelta(minutes=minutes))
    return condition


def open_review_items(
    tenant: Tenant,
    *,
    stage: str | None = None,
    kind: str | None = None,
    category: str | None = None,
    sla: str | None = None,
    four_eyes: bool | None = None,
    mine: str | None = None,
) -> QuerySet[ReviewItem]:
    """The open queue as GET /v1/reviews lists it (`items_for_tenant`), narrowed by the console's filters,
    with each item's votes in the same round trip.

    `stage`: prompt (no image) or output (an image); `kind`: appeal, or hold (prompt and output items);
    `sla`: in_time, overdue (past the escalation time of the item's policy version) or escalated;
    `four_eyes`: whether two approvals are needed; `mine`: the reviewer identity holding a live claim."""
    items = review_selectors.items_for_tenant(
        tenant,
        kind=ReviewKind.APPEAL if kind == "appeal" else None,
        category=category,
        escalated=True if sla == "escalated" else None,
    )
    now = timezone.now()
    if kind == "hold":
        items = items.exclude(kind=ReviewKind.APPEAL)
    if stage is not None:
        items = items.filter(image__isnull=stage == "prompt")
    if sla in ("in_time", "overdue"):
        late = _past_escalation(items, now)
        items = (
            items.filter(late) if sla == "overdue" else items.exclude(late).filter(escalated_at__isnull=True)
        )
    if four_eyes is not None:
        items = (
            items.filter(required_approvals__gt=1) if four_eyes else items.filter(required_approvals__lte=1)
        )
    if mine is not None:
        items = items.filter(claimed_by=mine, claim_expires_at__gt=now)
    return items.prefetch_related("votes")

"""Reading the review queue: items with filters, oldest first, and what appeals overturned."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from controlplane.review.models import ReviewItem, ReviewKind, ReviewState, ReviewVote
from controlplane.review.reveal import item_inputs
from foundation.cursors import decode_cursor, encode_cursor
from foundation.tenancy import Tenant
from generation.models import JobStatus


def items_for_tenant(
    tenant: Tenant,
    *,
    state: str | None = ReviewState.OPEN,
    kind: str | None = None,
    category: str | None = None,
    escalated: bool | None = None,
    job_id: str | None = None,
) -> QuerySet[ReviewItem]:
    """Oldest first (a queue). Open prompt and output items only while their job is still held."""
    related = ("job", "image", "tenant", "policy_version")
    items = ReviewItem.objects.select_related(*related).filter(tenant=tenant)
    if state is not None:
        items = items.filter(state=state)
        if state == ReviewState.OPEN:
            items = items.filter(Q(kind=ReviewKind.APPEAL) | Q(job__status=JobStatus.HELD_FOR_REVIEW))
    if kind is not None:
        items = items.filter(kind=kind)
    if category is not None:
        # JSON containment is not on SQLite; the category list is short, so match its JSON text.
        items = items.filter(categories__icontains=f'"{category}"')
    if escalated is not None:
        items = items.filter(escalated_at__isnull=not escalated)
    if job_id is not None:
        items = items.filter(job__public_id=job_id)
    return items.order_by("created_at", "public_id")


@dataclass(frozen=True)
class ItemPage:
    items: list[ReviewItem]
    has_more: bool
    next_cursor: str | None


def item_page(items: QuerySet[ReviewItem], *, tenant: Tenant, after: str | None, limit: int) -> ItemPage:
    """One page of `items` (an `items_for_tenant` query, oldest first) after the cursor `after` (keyset:
    an item opened meanwhile is newer than every cursor, so it never shifts a page), with the votes of
    every item in one more query. Raises foundation.cursors.InvalidCursor."""
    if after is not None:
        created_at, public_id = decode_cursor("reviews", tenant, after)
        items = items.filter(created_at__gte=created_at).exclude(
            created_at=created_at, public_id__lte=public_id
        )
    votes = Prefetch("votes", queryset=ReviewVote.objects.order_by("pk"))
    rows = list(items.prefetch_related(votes)[: limit + 1])
    page, has_more = rows[:limit], len(rows) > limit
    cursor = (
        encode_cursor("reviews", tenant, created_at=page[-1].created_at, public_id=page[-1].public_id)
        if has_more
        else None
    )
    return ItemPage(page, has_more, cursor)


def item_for_tenant(tenant: Tenant, public_id: str) -> ReviewItem | None:
    return (
        ReviewItem.objects.select_related("job", "image", "tenant", "job__api_key", "policy_version")
        .filter(tenant=tenant, public_id=public_id)
        .first()
    )


def item_to_dict(item: ReviewItem, *, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    claimed = bool(item.claimed_by) and item.claim_expires_at is not None and item.claim_expires_at > now
    votes = sorted(item.votes.all(), key=lambda vote: vote.pk)  # prefetched by `item_page`
    return {
        "id": item.public_id,
        "object": "review",
        "kind": item.kind,
        "state": item.state,
        "job_id": item.job.public_id,
        "image_id": item.image.public_id if item.image else None,
        # The image is shown blurred; `?reveal=true` on this URL shows it as it is (audited).
        "preview": f"/v1/quarantine/images/{item.image.public_id}/content" if item.image else None,
        # What the job was asked to edit (an input held by screening is what is decided), by name
        # (`image`, `mask`); {} for text-to-image. Blurred too; `?reveal=true` as above (audited).
        "inputs": {name: f"/v1/reviews/{item.public_id}/inputs/{name}" for name in item_inputs(item)},
        "prompt": item.job.prompt,
        "policy": item.policy_name,
        "policy_version": str(item.policy_version.public_id),
        "categories": item.categories,
        "reasons": item.reasons,
        "justification": item.justification or None,
        "created": int(item.created_at.timestamp()),
        "age_seconds": int((now - item.created_at).total_seconds()),
        "escalated": int(item.escalated_at.timestamp()) if item.escalated_at else None,
        "claim": {"by": item.claimed_label, "expires": int(item.claim_expires_at.timestamp())}
        if claimed and item.claim_expires_at
        else None,
        "required_approvals": item.required_approvals,
        "votes": [
            {
                "by": vote.reviewer_label,
                "decision": "approve" if vote.approve else "reject",
                "note": vote.note,
            }
            for vote in votes
        ],
        "decided": int(item.decided_at.timestamp()) if item.decided_at else None,
        "outcome_note": item.outcome_note or None,
    }


def overturned_blocks(tenant: Tenant, *, policy_name: str | None = None) -> list[dict[str, Any]]:
    """Per policy version and rule (category, moderator): how many appealed blocks were upheld (the
    block overturned) and denied (the block confirmed): the rules that over-block, for replay and the
    console."""
    appeals = ReviewItem.objects.filter(
        tenant=tenant, kind=ReviewKind.APPEAL, state__in=[ReviewState.APPROVED, ReviewState.REJECTED]
    )
    if policy_name is not None:
        appeals = appeals.filter(policy_name=policy_name)
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for item in appeals.only("policy_name", "reasons", "state"):
        rules = {(r.get("category", ""), r.get("source", "")) for r in item.reasons} or {("", "")}
        for category, source in rules:
            counts[(item.policy_name, category, source, item.state)] += 1
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for (policy, category, source, state), count in sorted(counts.items()):
        row = rows.setdefault(
            (policy, category, source),
            {"policy": policy, "category": category, "moderator": source, "overturned": 0, "confirmed": 0},
        )
        row["overturned" if state == ReviewState.APPROVED else "confirmed"] += count
    return sorted(rows.values(), key=lambda row: (-row["overturned"], row["policy"], row["category"]))

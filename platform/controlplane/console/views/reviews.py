"""The review queue: open items oldest first with their SLA clocks; claim, release, approve, reject.

Every rule (own requests, claims, four-eyes, the job moving on) is controlplane.review.services'; a
refusal comes back as its ServiceError, whose message the page shows as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from controlplane.console import selectors
from controlplane.console.access import Member, console_page
from controlplane.console.forms import ReviewDecisionForm, ReviewFilterForm
from controlplane.review import reveal as review_reveal
from controlplane.review import selectors as review_selectors
from controlplane.review import services as review_services
from controlplane.review.models import ReviewItem, ReviewKind
from controlplane.tenants.scopes import Scope
from foundation.errors import ServiceError
from policy import selectors as policy_selectors
from policy.decisions import job_policy
from policy.schema import ReviewRules

QUEUE_LIMIT = 200


@dataclass(frozen=True)
class QueueRow:
    item: ReviewItem
    age: timedelta
    escalate_at: datetime
    expire_at: datetime
    on_expiry: str
    approvals: int
    claimed_by: str | None
    mine: bool

    @property
    def overdue(self) -> bool:
        return timezone.now() >= self.escalate_at


def _on_expiry(item: ReviewItem, rule: ReviewRules) -> str:
    """What the SLA will do to the item, as the sweep decides it (never approves four-eyes or appeals)."""
    approve, _why = review_services.expiry_outcome(item, rule)
    if approve:
        return "approve"
    return "deny" if item.kind == ReviewKind.APPEAL else "reject"


def _rows(member: Member, items: list[ReviewItem]) -> list[QueueRow]:
    now = timezone.now()
    rules: dict[int, ReviewRules] = {}  # one policy document per version, not per item
    rows = []
    for item in items:
        if item.policy_version_id not in rules:
            rules[item.policy_version_id] = job_policy(item.policy_version).document.review
        rule = rules[item.policy_version_id]
        live_claim = (
            bool(item.claimed_by) and item.claim_expires_at is not None and item.claim_expires_at > now
        )
        rows.append(
            QueueRow(
                item=item,
                age=(item.decided_at or now) - item.created_at,  # a decided item's wait stopped
                escalate_at=item.created_at + timedelta(minutes=rule.escalate_after_minutes),
                expire_at=item.created_at + timedelta(minutes=rule.expire_after_minutes),
                on_expiry=_on_expiry(item, rule),
                approvals=sum(1 for vote in item.votes.all() if vote.approve),
                claimed_by=item.claimed_label if live_claim else None,
                mine=live_claim and item.claimed_by == member.reviewer.identity,
            )
        )
    return rows


def _categories(member: Member) -> list[str]:
    """The categories a filter offers: the active policy's, and what image classifiers hold for."""
    active = policy_selectors.active_policy_version(member.tenant)
    named = set(active.document.get("categories", {})) if active is not None else set()
    return sorted(named | {"real_person"})


@console_page(Scope.REVIEW_WRITE)
def review_queue(request: HttpRequest, member: Member) -> HttpResponse:
    form = ReviewFilterForm(request.GET or None, categories=_categories(member))
    rows, status = [], 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        filters = form.filters() if form.is_bound else {}
        if filters.pop("mine", False):
            filters["mine"] = member.reviewer.identity
        items = list(selectors.open_review_items(member.tenant, **filters)[:QUEUE_LIMIT])
        rows = _rows(member, items)
    context = {"rows": rows, "limit": QUEUE_LIMIT, "form": form, "filtered": bool(request.GET)}
    template = "console/partials/review_rows.html" if request.htmx else "console/reviews.html"
    return render(request, template, context, status=status)


def _item(member: Member, review_id: str) -> ReviewItem:
    item = review_selectors.item_for_tenant(member.tenant, review_id)
    if item is None:
        raise Http404("No such review item")
    return item


def _detail(
    request: HttpRequest, member: Member, item: ReviewItem, form: ReviewDecisionForm, status: int = 200
) -> HttpResponse:
    (row,) = _rows(member, [item])
    return render(
        request,
        "console/review_detail.html",
        {
            "row": row,
            "item": item,
            "votes": list(item.votes.order_by("pk")),
            "inputs": review_reveal.item_inputs(item),
            "form": form,
            "claim_minutes": settings.ASSAY_REVIEW_CLAIM_SECONDS // 60,
        },
        status=status,
    )


@console_page(Scope.REVIEW_WRITE)
def review_detail(request: HttpRequest, member: Member, review_id: str) -> HttpResponse:
    return _detail(request, member, _item(member, review_id), ReviewDecisionForm())


@require_http_methods(["GET", "HEAD", "POST"])
@console_page(Scope.REVIEW_WRITE)
def review_input(request: HttpRequest, member: Member, review_id: str, name: str) -> HttpResponse:
    """The item's input (`image` or `mask`: what its job was asked to edit) blurred, and as it is only on
    a POST with `reveal=1` and the CSRF token (audited), as a withheld output image (`jobs.image_content`):
    a GET never reveals, so no page can plant a reveal in a reviewer's name."""
    item = _item(member, review_id)
    reveal = request.method == "POST" and request.POST.get("reveal") == "1"
    try:
        data, mime_type = review_reveal.item_input_read(
            item=item, name=name, reviewer=member.reviewer, reveal=reveal
        )
    except ServiceError as error:
        if error.status == 403:
            raise PermissionDenied(str(error)) from error
        # The item is this tenant's: say why there is nothing (no such input, or its bytes are gone).
        response = HttpResponseNotFound(str(error), content_type="text/plain; charset=utf-8")
    else:
        response = HttpResponse(data, content_type=mime_type)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@console_page(Scope.REVIEW_WRITE)
def review_action(request: HttpRequest, member: Member, review_id: str, action: str) -> HttpResponse:
    item = _item(member, review_id)
    try:
        if action == "claim":
            review_services.item_claim(item=item, reviewer=member.reviewer)
            messages.success(request, f"You claimed {item.public_id}.")
        elif action == "release":
            review_services.item_release(item=item, reviewer=member.reviewer)
            messages.success(request, f"You released {item.public_id}.")
        elif action == "decide":
            form = ReviewDecisionForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Choose approve or reject.")
                return redirect("console:review", tenant=member.tenant.slug, review_id=item.public_id)
            decided = review_services.item_decide(
                item=item,
                reviewer=member.reviewer,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
            messages.success(request, _outcome(decided))
        else:
            raise Http404("No such action")
    except ServiceError as error:
        messages.error(request, str(error))
        if action == "decide":  # the page again, with the note the reviewer wrote (another may hold it)
            item.refresh_from_db()
            return _detail(request, member, item, ReviewDecisionForm(request.POST), status=error.status)
        return redirect("console:review", tenant=member.tenant.slug, review_id=item.public_id)
    return redirect("console:reviews", tenant=member.tenant.slug)


def _outcome(item: ReviewItem) -> str:
    if item.state == "open":
        return f"Your approval of {item.public_id} is recorded; a second reviewer must approve it too."
    return f"{item.public_id} is {item.state}; job {item.job.public_id} moves on."

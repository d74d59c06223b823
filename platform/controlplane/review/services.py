"""The review queue's rules: who may review what, claims, votes and four-eyes, appeals, the SLA.

Items open in the same transaction that holds a job (`receivers`), so held work is never invisible.
Deciding an item calls the one generation service that moves the job on (prompt approved -> queued,
image approved -> signed and released, upheld appeal of a prompt block -> queued, upheld appeal of an
image block -> signed and released); a rejection, or an appeal's denial, needs a reason. Every claim,
vote, decision, escalation, expiry and appeal writes an audit event.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.events import Actor, EventType
from audit.services import record_event
from controlplane.review.models import ReviewItem, ReviewKind, ReviewState, ReviewVote
from controlplane.tenants.models import ApiKey
from controlplane.tenants.services import Principal
from foundation.errors import ServiceError
from generation import quarantine
from generation import services as generation
from generation.models import GeneratedImage, GenerationJob, ImageDecision, JobStatus, Mode
from policy.decisions import job_policy
from policy.schema import MINORS, ReviewRules
from policy.types import CONDITION_CATEGORIES

logger = logging.getLogger(__name__)
SLA = Actor.system("review-sla")
# Image classifiers name faces and gallery matches; policies name that category `real_person`.
_IMAGE_CATEGORY = {"likeness": "real_person", "face": "real_person"}


class ReviewError(ServiceError):
    """A review action that cannot be taken now; the message says why."""

    def __init__(self, message: str, *, code: str, status: int = 409, param: str | None = None) -> None:
        super().__init__(message, code=code, status=status, param=param)


@dataclass(frozen=True)
class Reviewer:
    """Who reviews: the person behind the key (`person_of`), so that one person is one reviewer; `also`
    the member who issued that key for them (`issuer_of`), who knows its secret and so counts too."""

    identity: str
    label: str
    actor: Actor
    api_key: ApiKey | None = None
    user: AbstractBaseUser | None = None
    also: frozenset[str] = frozenset()

    @property
    def identities(self) -> frozenset[str]:
        return self.also | {self.identity}

    @classmethod
    def from_principal(cls, principal: Principal) -> Reviewer:
        user = principal.user
        label = user.get_username() if user is not None else principal.api_key.display_prefix
        return cls(
            identity=person_of(principal.api_key),
            label=label,
            actor=principal.actor,
            api_key=principal.api_key,
            user=user,
            also=issuer_of(principal.api_key),
        )


def person_of(api_key: ApiKey) -> str:
    """Who holds a key: the member who made it (all their keys are one person), else the operator key at
    the root of its lineage (a key an operator key minted is that operator's too)."""
    if api_key.created_by_id is not None:
        return f"user:{api_key.created_by_id}"
    root, seen = api_key, {api_key.pk}
    while root.parent_id is not None and root.parent_id not in seen:
        root = ApiKey.objects.only("pk", "parent_id", "created_by_id").get(pk=root.parent_id)
        if root.created_by_id is not None:  # minted by a member's key: that member's
            return f"user:{root.created_by_id}"
        seen.add(root.pk)
    return f"key:{root.pk}"


def same_holder(api_key: ApiKey, other: ApiKey | None) -> bool:
    """Whether the two keys are one person's (`person_of`): rights follow who holds a key, never who
    issued it (issuers only ever count to keep someone out of a review)."""
    return other is not None and person_of(api_key) == person_of(other)


def issuer_of(api_key: ApiKey) -> frozenset[str]:
    """Who else saw the key's secret: the member who made it for its owner (`ApiKey.issued_by`), and
    the holder of the key it was made with (`person_of` its parent; an operator key that made a key for
    a member records no member as issuer, but its holder saw the secret all the same)."""
    found = {f"user:{api_key.issued_by_id}"} if api_key.issued_by_id is not None else set()
    key, seen = api_key, {api_key.pk}
    while key.parent_id is not None and key.parent_id not in seen:
        key = ApiKey.objects.only("pk", "parent_id", "created_by_id", "issued_by_id").get(pk=key.parent_id)
        found.add(person_of(key))
        if key.issued_by_id is not None:
            found.add(f"user:{key.issued_by_id}")
        seen.add(key.pk)
    return frozenset(found)


def requester_identities(job: GenerationJob) -> set[str]:
    """Who asked for the job: its key's person (`person_of`), the key's issuer, and the key itself."""
    if job.api_key_id is None:
        return set()
    return {f"key:{job.api_key_id}", person_of(job.api_key), *issuer_of(job.api_key)}


def check_may_reveal(job: GenerationJob, reviewer: Reviewer) -> None:
    """A withheld image is revealed as it is to a reviewer who did not ask for it: to its requester, a
    reveal would hand over what the policy withheld, which deciding their own review may not
    (`_locked_open_item`). Raises ReviewError `own_job` (403); the blurred preview stays theirs."""
    if reviewer.identities & requester_identities(job):
        raise ReviewError(
            f"Job {job.public_id} was requested by you; another reviewer may see its withheld images as "
            "they are (the blurred preview is yours).",
            code="own_job",
            status=403,
        )


def _has_voted(item: ReviewItem, reviewer: Reviewer) -> bool:
    """Whether one of the reviewer's identities already voted, counting each vote's key's issuer as its
    voter too: an admin's console vote and one with a key they issued are one person's."""
    for vote in item.votes.select_related("api_key"):
        voters = {vote.reviewer} | (issuer_of(vote.api_key) if vote.api_key is not None else set())
        if voters & reviewer.identities:
            return True
    return False


def _subjects(item: ReviewItem) -> dict[str, str]:
    subjects = {"review": item.public_id, "job": item.job.public_id}
    if item.image is not None:
        subjects["image"] = item.image.public_id
    return subjects


def _rules(item_or_job: ReviewItem | GenerationJob) -> ReviewRules:
    return job_policy(item_or_job.policy_version).document.review


def _categories(reasons: list[dict[str, Any]]) -> list[str]:
    return sorted({_IMAGE_CATEGORY.get(r.get("category", ""), r.get("category", "")) for r in reasons})


def _item_open(
    *,
    job: GenerationJob,
    kind: str,
    reasons: list[dict[str, Any]],
    actor: Actor,
    image: GeneratedImage | None = None,
    justification: str = "",
) -> ReviewItem:
    categories = _categories(reasons)
    four_eyes = sorted(set(categories) & set(_rules(job).four_eyes))
    item = ReviewItem.objects.create(
        tenant=job.tenant,
        job=job,
        image=image,
        kind=kind,
        policy_version=job.policy_version,
        policy_name=job.policy_name,
        reasons=reasons,
        categories=categories,
        required_approvals=2 if four_eyes else 1,
        justification=justification,
    )
    record_event(
        tenant=job.tenant,
        event_type=EventType.APPEAL_FILED if kind == ReviewKind.APPEAL else EventType.REVIEW_OPENED,
        actor=actor,
        subjects=_subjects(item),
        payload={
            "kind": kind,
            "categories": categories,
            "reasons": reasons,
            "policy": job.policy_name,
            "required_approvals": item.required_approvals,
            "four_eyes": four_eyes,
            "justification": justification or None,
        },
    )
    return item


# Opening items --------------------------------------------------------------------------------------


def items_open_for_hold(
    *, job: GenerationJob, stage: str, decisions: list[dict[str, Any]], images: list[GeneratedImage]
) -> list[ReviewItem]:
    """Called inside the transaction that holds the job (generation.signals.job_held)."""
    actor = Actor.system("pipeline")
    if stage == "prompt":
        reasons = [reason | {"stage": d["stage"]} for d in decisions for reason in d.get("reasons", [])]
        return [_item_open(job=job, kind=ReviewKind.PROMPT, reasons=reasons, actor=actor)]
    return [
        _item_open(job=job, kind=ReviewKind.OUTPUT, reasons=image.decision_reasons, actor=actor, image=image)
        for image in images
    ]


def appeal_file(
    *,
    job: GenerationJob,
    principal: Principal | Reviewer,
    justification: str,
    image: GeneratedImage | None = None,
) -> ReviewItem:
    """The requester appeals a block; it becomes an item of the review queue.

    Two blocks can be appealed: a job blocked at the prompt stage (by the policy or in review; one
    appeal per job, `image` None), and an image of a completed job blocked at the output stage (by the
    output policy or in review; one appeal per image: `image`, or None when the job has exactly one
    blocked image). An appealed image's bytes are kept past its retention until the appeal is decided.
    `principal` is the API's caller, or a `Reviewer` for a console member (the same identities)."""
    justification = justification.strip()
    if not justification:
        raise ReviewError(
            "Say why the block is wrong in `justification`.",
            code="invalid_value",
            param="justification",
            status=400,
        )
    caller = principal if isinstance(principal, Reviewer) else Reviewer.from_principal(principal)
    # Who holds the caller's key, never who issued it: an issuer counts only to keep someone out of a
    # review (`same_holder`); the key of a member an admin issued is not the admin's requests.
    if caller.identity not in requester_identities(job):
        raise ReviewError(
            f"Only the requester of job {job.public_id} may appeal its block.",
            code="not_requester",
            status=403,
        )
    if image is None and _blocked_at_prompt_stage(job):
        reasons = [
            reason | {"stage": d["stage"]}
            for d in job.decisions
            if d.get("decision") in ("block", "review")
            for reason in d.get("reasons", [])
        ]
        return _appeal_open(
            job=job, image=None, reasons=reasons, actor=caller.actor, justification=justification
        )
    image = _appealed_image(job, image)
    reasons = [reason | {"stage": "output"} for reason in image.decision_reasons]
    return _appeal_open(
        job=job, image=image, reasons=reasons, actor=caller.actor, justification=justification
    )


def _blocked_at_prompt_stage(job: GenerationJob) -> bool:
    return (
        job.status == JobStatus.REJECTED
        and job.error_code == "content_policy_violation"
        and not job.images.exists()
    )


def _upload_kept(job: GenerationJob) -> bool:
    """Whether a job blocked at the prompt stage still has what it was to edit (the retention run,
    `quarantine.inputs_purge`, deletes an edit's uploads). The job row is locked, as that run locks it,
    so it has either finished or waits for this appeal's item, which keeps the uploads."""
    if job.mode == Mode.TEXT2IMG:
        return True
    path = (
        GenerationJob.objects.select_for_update().filter(pk=job.pk).values_list("input_image_path", flat=True)
    )
    return bool(path.first())


def _appealed_image(job: GenerationJob, image: GeneratedImage | None) -> GeneratedImage:
    """The blocked image of a completed job the appeal is about; refuses anything else."""
    blocked = list(job.images.filter(decision=ImageDecision.BLOCKED).order_by("index"))
    if not blocked:
        raise ReviewError(
            f"Job {job.public_id} ({job.status}) has no block to appeal: only a job blocked at the prompt "
            "stage, or an image blocked at the output stage, can be appealed.",
            code="not_appealable",
        )
    if job.status != JobStatus.COMPLETED:
        raise ReviewError(
            f"Job {job.public_id} is {job.status}: its blocked images can be appealed once it has completed.",
            code="not_appealable",
        )
    if image is None:
        if len(blocked) > 1:
            ids = ", ".join(b.public_id for b in blocked)
            raise ReviewError(
                f"Job {job.public_id} has {len(blocked)} blocked images ({ids}); name the one you appeal "
                "in `image_id`.",
                code="invalid_value",
                param="image_id",
                status=400,
            )
        return blocked[0]
    if image.job_id != job.pk:
        raise ReviewError(
            f"Image {image.public_id} is not an image of job {job.public_id}.",
            code="invalid_value",
            param="image_id",
            status=400,
        )
    if image.pk not in {b.pk for b in blocked}:
        raise ReviewError(
            f"Image {image.public_id} is {image.decision}, not blocked: only a blocked image can be "
            "appealed.",
            code="not_appealable",
        )
    return image


def _appeal_open(
    *,
    job: GenerationJob,
    image: GeneratedImage | None,
    reasons: list[dict[str, Any]],
    actor: Actor,
    justification: str,
) -> ReviewItem:
    what = f"Image {image.public_id}" if image is not None else f"Job {job.public_id}"
    if any(reason.get("category") == MINORS for reason in reasons) or (
        image is None
        and any(r.get("category") == MINORS for d in job.decisions for r in d.get("reasons", []))
    ):
        raise ReviewError(
            f"{what} was blocked for {MINORS}: that block is final in every policy and cannot be appealed.",
            code="not_appealable",
        )
    if ReviewItem.objects.filter(job=job, kind=ReviewKind.APPEAL, image=image).exists():
        raise ReviewError(f"{what} was already appealed.", code="already_appealed")
    try:
        with transaction.atomic():
            if image is not None and not quarantine.quarantine_keep_for_appeal(image=image):
                raise ReviewError(
                    f"{what} was deleted at the end of its retention; there is nothing left to release.",
                    code="not_appealable",
                )
            if image is None and not _upload_kept(job):
                raise ReviewError(
                    f"{what} edited an upload that was deleted at the end of its retention; an upheld "
                    "appeal would have nothing to edit.",
                    code="not_appealable",
                )
            return _item_open(
                job=job,
                kind=ReviewKind.APPEAL,
                reasons=reasons,
                actor=actor,
                image=image,
                justification=justification[:4000],
            )
    except IntegrityError as exc:  # two appeals raced
        raise ReviewError(f"{what} was already appealed.", code="already_appealed") from exc


# Claims --------------------------------------------------------------------------------------------


def _claim_is_live(item: ReviewItem, now: datetime) -> bool:
    return bool(item.claimed_by) and item.claim_expires_at is not None and item.claim_expires_at > now


_CLAIM_FIELDS = ["claimed_by", "claimed_label", "claim_expires_at"]


def _clear_claim(item: ReviewItem) -> None:
    """Drop the claim on the instance; the caller saves it (with `_CLAIM_FIELDS`)."""
    item.claimed_by, item.claimed_label, item.claim_expires_at = "", "", None


def _locked_open_item(item: ReviewItem, reviewer: Reviewer, now: datetime) -> ReviewItem:
    """The item, locked for this transaction, checked open, not the reviewer's own request, and not
    claimed by another reviewer."""
    item = (
        ReviewItem.objects.select_for_update(of=("self",))
        .select_related("job__api_key", "image", "tenant")
        .get(pk=item.pk)
    )
    if reviewer.identities & requester_identities(item.job):
        raise ReviewError(
            f"Job {item.job.public_id} was requested by you; another reviewer must decide it.",
            code="own_job",
            status=403,
        )
    if item.state != ReviewState.OPEN:
        raise ReviewError(f"Review {item.public_id} is already {item.state}.", code="review_closed")
    if item.kind == ReviewKind.APPEAL and _voted_before_on_job(item, reviewer):
        raise ReviewError(
            f"You decided an earlier review of job {item.job.public_id}; another reviewer decides its "
            "appeal.",
            code="own_decision",
            status=403,
        )
    if item.kind != ReviewKind.APPEAL and item.job.status != JobStatus.HELD_FOR_REVIEW:
        raise ReviewError(
            f"Job {item.job.public_id} is {item.job.status}, no longer held for review.", code="review_closed"
        )
    if _claim_is_live(item, now) and item.claimed_by != reviewer.identity:
        raise ReviewError(
            f"Review {item.public_id} is claimed by {item.claimed_label} until "
            f"{item.claim_expires_at:%H:%M:%S} UTC; wait for it to be released or to expire.",
            code="review_claimed",
        )
    return item


def _voted_before_on_job(item: ReviewItem, reviewer: Reviewer) -> bool:
    """Whether the reviewer voted on another review of the item's job: an appeal asks someone else to
    look again, so the reviewer whose rejection it appeals does not decide it."""
    earlier = ReviewVote.objects.filter(item__job_id=item.job_id).exclude(item=item).select_related("api_key")
    for vote in earlier:
        voters = {vote.reviewer} | (issuer_of(vote.api_key) if vote.api_key is not None else set())
        if voters & reviewer.identities:
            return True
    return False


def _close_if_job_moved_on(item: ReviewItem) -> None:
    """An open item whose job moved on without it (cancelled) is closed, so that no queue shows it again
    (in its own transaction: the refusal that follows must not undo it)."""
    job_status = GenerationJob.objects.filter(pk=item.job_id).values_list("status", flat=True).first()
    if (
        item.kind != ReviewKind.APPEAL
        and item.state == ReviewState.OPEN
        and job_status != JobStatus.HELD_FOR_REVIEW
    ):
        _close(item, f"the job is {job_status}")


def _close(item: ReviewItem, why: str) -> None:
    ReviewItem.objects.filter(pk=item.pk, state=ReviewState.OPEN).update(
        state=ReviewState.CLOSED,
        decided_at=timezone.now(),
        outcome_note=why[:2000],
        claimed_by="",
        claimed_label="",
        claim_expires_at=None,
    )


def _already_voted(item: ReviewItem) -> ReviewError:
    return ReviewError(
        f"You already approved review {item.public_id}; a second reviewer must decide it.",
        code="already_voted",
    )


def item_claim(*, item: ReviewItem, reviewer: Reviewer) -> ReviewItem:
    """Take the item for ASSAY_REVIEW_CLAIM_SECONDS; claiming again renews one's own claim."""
    now = timezone.now()
    _close_if_job_moved_on(item)
    with transaction.atomic():
        item = _locked_open_item(item, reviewer, now)
        if _has_voted(item, reviewer):
            raise _already_voted(item)
        item.claimed_by = reviewer.identity
        item.claimed_label = reviewer.label
        item.claim_expires_at = now + timedelta(seconds=settings.ASSAY_REVIEW_CLAIM_SECONDS)
        item.save(update_fields=_CLAIM_FIELDS)
        record_event(
            tenant=item.tenant,
            event_type=EventType.REVIEW_CLAIMED,
            actor=reviewer.actor,
            subjects=_subjects(item),
            payload={"reviewer": reviewer.label, "expires_at": item.claim_expires_at.isoformat()},
        )
    return item


def item_release(*, item: ReviewItem, reviewer: Reviewer) -> ReviewItem:
    """Give a claim back before it expires."""
    with transaction.atomic():
        item = (
            ReviewItem.objects.select_for_update(of=("self",))
            .select_related("job", "image", "tenant")
            .get(pk=item.pk)
        )
        if item.claimed_by != reviewer.identity or not _claim_is_live(item, timezone.now()):
            raise ReviewError(f"You hold no claim on review {item.public_id}.", code="not_claimed")
        _clear_claim(item)
        item.save(update_fields=_CLAIM_FIELDS)
        record_event(
            tenant=item.tenant,
            event_type=EventType.REVIEW_RELEASED,
            actor=reviewer.actor,
            subjects=_subjects(item),
            payload={"reviewer": reviewer.label},
        )
    return item


# Decisions -----------------------------------------------------------------------------------------


def rejection_reason(note: str, item: ReviewItem) -> str:
    """The reason a rejection (or an appeal's denial) must give: the requester, the audit trail and the
    policy's authors read it. Every caller (API, console, CLI) decides through `item_decide`, so this
    is the one place the rule is kept."""
    note = note.strip()
    if not note:
        what = "deny the appeal" if item.kind == ReviewKind.APPEAL else "reject"
        raise ReviewError(
            f"Give the reason you {what} review {item.public_id} in `note`; it is required to {what}.",
            code="invalid_value",
            param="note",
            status=400,
        )
    return note


def item_decide(*, item: ReviewItem, reviewer: Reviewer, approve: bool, note: str = "") -> ReviewItem:
    """Approve or reject. One rejection decides; approvals decide once `required_approvals` distinct
    reviewers gave theirs (four-eyes). An unclaimed item is claimed on the way; another's live claim
    refuses. A rejection needs a reason in `note` (`rejection_reason`), checked after who may decide."""
    now = timezone.now()
    _close_if_job_moved_on(item)
    with transaction.atomic():
        item = _locked_open_item(item, reviewer, now)
        if _has_voted(item, reviewer):
            raise _already_voted(item)
        if not approve:
            note = rejection_reason(note, item)
        try:
            with transaction.atomic():
                ReviewVote.objects.create(
                    item=item,
                    reviewer=reviewer.identity,
                    reviewer_label=reviewer.label,
                    api_key=reviewer.api_key,
                    user=reviewer.user,
                    approve=approve,
                    note=note[:2000],
                )
        except IntegrityError as exc:
            raise _already_voted(item) from exc
        approvals = item.votes.filter(approve=True).count()
        if approve and approvals < item.required_approvals:
            _clear_claim(item)  # free for the second reviewer
            item.save(update_fields=_CLAIM_FIELDS)
            record_event(
                tenant=item.tenant,
                event_type=EventType.REVIEW_VOTED,
                actor=reviewer.actor,
                subjects=_subjects(item),
                payload={
                    "decision": "approve",
                    "approvals": approvals,
                    "required_approvals": item.required_approvals,
                    "note": note[:2000],
                },
            )
            return item
        _settle(item, approve=approve, actor=reviewer.actor, note=note, state=None)
    item.refresh_from_db()
    return item


def _settle(item: ReviewItem, *, approve: bool, actor: Actor, note: str, state: str | None) -> None:
    """Record the item's outcome and move its job on (inside the caller's transaction)."""
    item.state = state or (ReviewState.APPROVED if approve else ReviewState.REJECTED)
    item.decided_at = timezone.now()
    item.outcome_note = note[:2000]
    _clear_claim(item)
    item.save(update_fields=["state", "decided_at", "outcome_note", *_CLAIM_FIELDS])
    reviewers = list(item.votes.order_by("pk").values_list("reviewer_label", flat=True))
    details = {
        "review": item.public_id,
        "kind": item.kind,
        "categories": item.categories,
        "reviewers": reviewers,
        "outcome": item.state,
        "policy": item.policy_name,
    }
    job = item.job
    if item.kind == ReviewKind.PROMPT:
        generation.job_review_prompt(
            job=job,
            approve=approve,
            actor=actor,
            note=note,
            details=details,
            expired=item.state == ReviewState.EXPIRED,
        )
    elif item.kind == ReviewKind.OUTPUT:
        assert item.image is not None
        generation.job_review_output(
            job=job,
            image_pk=item.image.pk,
            approve=approve,
            actor=actor,
            note=note,
            details=details,
            expired=item.state == ReviewState.EXPIRED,
        )
    else:
        # An appeal's outcome is recorded against the policy version that blocked (the overturned
        # rules' categories and moderators, and the stage), for replay and the console. Upheld, a
        # prompt-stage block's job runs, an image's block is lifted and the image signed and released;
        # denied, the block stands and the image's retention applies again.
        record_event(
            tenant=item.tenant,
            event_type=EventType.REVIEW_DECIDED,
            actor=actor,
            subjects=_subjects(item),
            payload=details
            | {
                "stage": "appeal",
                "blocked_at": "output" if item.image is not None else "prompt",
                "decision": "uphold" if approve else "deny",
                "note": note[:2000],
                "policy_version": str(item.policy_version.public_id),
                "sources": sorted({r.get("source", "") for r in item.reasons}),
            },
        )
        if item.image is not None and approve:
            generation.job_release_on_appeal(job=job, image_pk=item.image.pk, actor=actor, note=note)
        elif item.image is not None:
            quarantine.quarantine_end_appeal_hold(image=item.image)
        elif approve:
            generation.job_reinstate(job=job, actor=actor, note=note)


# SLA -----------------------------------------------------------------------------------------------


def sla_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Escalate items waiting past their policy's `escalate_after_minutes` and decide those past
    `expire_after_minutes` by `on_expiry`; close items whose job moved on. Returns the counts."""
    now = now or timezone.now()
    counts = {"escalated": 0, "expired": 0, "closed": 0, "failed": 0}
    items = ReviewItem.objects.select_related("job", "tenant", "policy_version").filter(
        state=ReviewState.OPEN
    )
    rules_by_version: dict[int, ReviewRules] = {}
    for item in items.order_by("created_at").iterator(chunk_size=200):
        if item.kind != ReviewKind.APPEAL and item.job.status != JobStatus.HELD_FOR_REVIEW:
            _close(item, f"the job is {item.job.status}")
            counts["closed"] += 1
            continue
        if item.policy_version_id not in rules_by_version:
            rules_by_version[item.policy_version_id] = _rules(item)
        rules = rules_by_version[item.policy_version_id]
        age = now - item.created_at
        try:
            if age >= timedelta(minutes=rules.expire_after_minutes):
                counts["expired"] += _expire(item, rules, now)
            elif age >= timedelta(minutes=rules.escalate_after_minutes) and item.escalated_at is None:
                counts["escalated"] += _escalate(item, rules, now)
        except Exception:
            # One item that cannot be settled (its job refused to move: a quota, a model no longer
            # allowed) stays open for people, and the sweep goes on with the rest.
            logger.exception("the review SLA could not settle %s", item.public_id)
            counts["failed"] += 1
    return counts


def _escalate(item: ReviewItem, rules: ReviewRules, now: datetime) -> int:
    from controlplane.review import tasks  # the task module imports these services

    with transaction.atomic():
        if not ReviewItem.objects.filter(
            pk=item.pk, state=ReviewState.OPEN, escalated_at__isnull=True
        ).update(escalated_at=now):
            return 0
        record_event(
            tenant=item.tenant,
            event_type=EventType.REVIEW_ESCALATED,
            actor=SLA,
            subjects=_subjects(item),
            payload={
                "waited_minutes": int((now - item.created_at).total_seconds() // 60),
                "escalate_after_minutes": rules.escalate_after_minutes,
                "webhook": rules.escalation_webhook_url is not None,
            },
        )
        if rules.escalation_webhook_url:
            # Only the item's id travels: Celery logs a task's arguments, and a webhook URL often holds
            # its receiver's credential (Slack's path, Azure's `?code=`). The task reads the URL.
            transaction.on_commit(lambda: tasks.deliver_escalation_task.delay(item.pk))
    return 1


def escalation_webhook_url(item: ReviewItem) -> str | None:
    """Where `review.escalated` goes for this item: its policy version's escalation webhook, if any."""
    return _rules(item).escalation_webhook_url


def expiry_outcome(item: ReviewItem, rules: ReviewRules) -> tuple[bool, str]:
    """(approve?, why) for an item the SLA expires. `on_expiry: approve` lets held work through when
    nobody looked, but never what needs people by the policy's own terms: a four-eyes item (two
    reviewers must approve, none did), an appeal (upholding it would overturn a block unseen), or work
    held because it could not be checked (a moderator or classifier failed, or the prompt's language is
    one the moderators cannot read): approving that unseen would release what no check passed."""
    waited = f"waited past the policy's {rules.expire_after_minutes} minutes"
    if rules.on_expiry != "approve":
        return False, f"{waited}: reject on expiry"
    if item.kind == ReviewKind.APPEAL:
        return False, f"{waited}: an appeal is never upheld on expiry, the block stands"
    if unchecked := sorted(set(item.categories) & set(CONDITION_CATEGORIES)):
        return False, f"{waited}: held unchecked ({', '.join(unchecked)}), never approved on expiry, rejected"
    if item.required_approvals > 1:
        return False, f"{waited}: a four-eyes item is never approved on expiry, rejected"
    return True, f"{waited}: approve on expiry"


def _expire(item: ReviewItem, rules: ReviewRules, now: datetime) -> int:
    with transaction.atomic():
        item = (
            ReviewItem.objects.select_for_update(of=("self",))
            .select_related("job", "image", "tenant")
            .get(pk=item.pk)
        )
        if item.state != ReviewState.OPEN:
            return 0
        # The job's row before the audit chain's head, in the order a decision and a cancel take them:
        # the other order deadlocked against either on PostgreSQL.
        GenerationJob.objects.select_for_update().filter(pk=item.job_id).values_list("pk", flat=True).first()
        approve, note = expiry_outcome(item, rules)
        record_event(
            tenant=item.tenant,
            event_type=EventType.REVIEW_EXPIRED,
            actor=SLA,
            subjects=_subjects(item),
            payload={
                "on_expiry": rules.on_expiry,
                "outcome": "approve" if approve else "reject",
                "note": note,
                "expire_after_minutes": rules.expire_after_minutes,
            },
        )
        _settle(item, approve=approve, actor=SLA, note=note, state=ReviewState.EXPIRED)
    return 1


def escalation_payload(item: ReviewItem) -> dict[str, Any]:
    return {
        "type": "review.escalated",
        "data": {
            "id": item.public_id,
            "kind": item.kind,
            "job_id": item.job.public_id,
            "image_id": item.image.public_id if item.image else None,
            "categories": item.categories,
            "policy": item.policy_name,
            "created": int(item.created_at.timestamp()),
            "escalated": int(item.escalated_at.timestamp()) if item.escalated_at else None,
        },
    }

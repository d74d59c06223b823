"""What other apps pass to `audit.services.record_event`: the event types and the actor.

Event type values are stored and hashed: never rename or reuse one; add new members instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# A subject kind names what an id refers to: "job", "image", "api_key", ...
SUBJECT_KIND = re.compile(r"\A[a-z][a-z0-9_]{0,39}\Z")


class EventType(StrEnum):
    TENANT_CREATED = "tenant.created"
    TENANT_UPDATED = "tenant.updated"
    MEMBERSHIP_CREATED = "membership.created"
    MEMBERSHIP_ROLE_CHANGED = "membership.role_changed"
    MEMBERSHIP_REMOVED = "membership.removed"
    KEY_CREATED = "key.created"
    KEY_REVOKED = "key.revoked"
    JOB_RECEIVED = "job.received"
    POLICY_PROMPT_DECIDED = "policy.prompt_decided"
    IMAGE_GENERATED = "image.generated"
    POLICY_OUTPUT_DECIDED = "policy.output_decided"
    PROVENANCE_SIGNED = "provenance.signed"
    JOB_COMPLETED = "job.completed"
    JOB_FAILED = "job.failed"
    JOB_CANCELLED = "job.cancelled"
    JOB_CANCEL_REQUESTED = "job.cancel_requested"  # asked while generating; the worker ends the job
    JOB_REJECTED = "job.rejected"
    REVIEW_DECIDED = "review.decided"
    POLICY_VERSION_CREATED = "policy.version_created"
    AUDIT_CHECKPOINT_CREATED = "audit.checkpoint_created"
    AUDIT_EXPORTED = "audit.exported"
    AUDIT_COSIGNATURE_ADDED = "audit.cosignature_added"
    AUDIT_COSIGNATURE_REFUSED = "audit.cosignature_refused"
    MODEL_REGISTERED = "model.registered"
    POLICY_ACTIVATED = "policy.activated"
    POLICY_REPLAYED = "policy.replayed"
    IMAGE_QUARANTINE_DELETED = "image.quarantine_deleted"
    IMAGE_QUARANTINE_VIEWED = "image.quarantine_viewed"
    POLICY_INPUT_DECIDED = "policy.input_decided"
    LIKENESS_PERSON_ADDED = "likeness.person_added"
    LIKENESS_PHOTO_ADDED = "likeness.photo_added"
    LIKENESS_PERSON_REMOVED = "likeness.person_removed"
    LIKENESS_CONSENT_CHANGED = "likeness.consent_changed"
    JOB_REQUEUED = "job.requeued"
    USER_CREATED = "user.created"
    USER_PRIVILEGES_CHANGED = "user.privileges_changed"
    USER_PASSWORD_SET = "user.password_set"  # noqa: S105 - an event type; the event never holds one
    # Human review (controlplane.review): items, claims, escalation, appeals, revealed images.
    REVIEW_OPENED = "review.opened"
    REVIEW_CLAIMED = "review.claimed"
    REVIEW_VOTED = "review.voted"  # one approval of a four-eyes item that needs another
    REVIEW_RELEASED = "review.released"
    REVIEW_ESCALATED = "review.escalated"
    REVIEW_EXPIRED = "review.expired"
    APPEAL_FILED = "appeal.filed"
    JOB_REINSTATED = "job.reinstated"
    IMAGE_REVEALED = "image.revealed"
    IMAGE_REPLAY_REQUESTED = "image.replay_requested"  # a replay was accepted and queued
    IMAGE_REPLAYED = "image.replayed"  # a replay finished: identical, different or failed
    JOB_INPUTS_DELETED = "job.inputs_deleted"  # an edit's uploads deleted at the end of their retention
    # Quotas (controlplane.quotas): alerts, limit and price changes (the ledger's entries are recorded in
    # the events of the job changes that make them: job.received, the terminal event, job.reinstated).
    QUOTA_ALERT = "quota.alert"
    QUOTA_LIMIT_CHANGED = "quota.limit_changed"
    QUOTA_PRICE_CHANGED = "quota.price_changed"  # on the platform chain: prices hold for every tenant


class ActorKind(StrEnum):
    USER = "user"
    API_KEY = "api_key"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """Who caused an event. `id` is a stable identifier (user id, API key public id, component name);
    `label` is what a person reads (email, key name) as it was at the time."""

    kind: str
    id: str
    label: str = ""

    @classmethod
    def system(cls, name: str) -> Actor:
        return cls(kind=ActorKind.SYSTEM, id=name, label=name)

    @classmethod
    def user(cls, user_id: int | str, label: str) -> Actor:
        return cls(kind=ActorKind.USER, id=str(user_id), label=label)

    @classmethod
    def api_key(cls, key_id: str, label: str) -> Actor:
        return cls(kind=ActorKind.API_KEY, id=str(key_id), label=label)

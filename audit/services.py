"""Writes to the audit log: append an event, sign a checkpoint, start an export.

Other apps call `record_event` inside the transaction of the change it records, so the change and its
event commit or roll back together, and a rolled-back event leaves no gap in its chain.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from audit.appending import append
from audit.canonical import canonical_json, format_timestamp, json_value
from audit.chain import GENESIS_HASH, chain_key
from audit.events import SUBJECT_KIND, Actor, ActorKind, EventType
from audit.keys import platform_signing_key
from audit.models import AuditChainHead, AuditEvent, Checkpoint
from audit.selectors import (
    chain_head,
    checkpoint_document,
    export_seq_range,
    iter_export_lines,
    tenant_public_id,
)
from audit.signing import ALGORITHM, public_key_fingerprint, public_key_pem, sign_body
from audit.verification import CHECKPOINT_FORMAT

_MAX_SUBJECT_ID = 200
_ACTOR_KINDS = frozenset(ActorKind)
_MAX_ACTOR_ID = AuditEvent._meta.get_field("actor_id").max_length
_MAX_ACTOR_LABEL = AuditEvent._meta.get_field("actor_label").max_length


def record_event(
    *,
    tenant: Model | None,
    event_type: EventType | str,
    actor: Actor,
    subjects: Mapping[str, str | uuid.UUID] | None = None,
    payload: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append an event to `tenant`'s chain (the platform chain when `tenant` is None).

    The chain's head row stays locked until the transaction ends (audit.appending has the statements):
    appends to one chain serialise, other tenants' appends do not wait. It joins the caller's
    transaction without a savepoint, so a failure here rolls back the caller's change too: a change
    without its audit event must not commit. Called on its own, it commits its own transaction.

    `payload` must be a JSON object of JSON values (`TypeError`/`ValueError` otherwise); `subjects` maps
    a kind (`job`, `image`, `api_key`, ...) to an id string or UUID.
    """
    event_type = EventType(event_type)
    _check_actor(actor)
    clean_subjects = _clean_subjects(subjects or {})
    clean_payload = json_value(payload if payload is not None else {}, where="payload")
    if not isinstance(clean_payload, dict):
        raise TypeError(f"payload must be a JSON object (a dict), not {type(payload).__name__}")
    if tenant is not None and tenant.pk is None:
        raise ValueError("record_event needs a saved tenant")
    event = AuditEvent(
        tenant=tenant,
        actor_kind=str(actor.kind),
        actor_id=actor.id,
        actor_label=actor.label,
        event_type=event_type.value,
        subjects=clean_subjects,
        payload=clean_payload,
    )
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        append(cursor, event)
    # The row exists now: saving this instance again must be refused like any stored event.
    event._state.adding = False
    event._state.db = connection.alias
    return event


def _check_actor(actor: Actor) -> None:
    if not isinstance(actor, Actor):
        raise TypeError(f"actor must be an audit.events.Actor, not {type(actor).__name__}")
    if actor.kind not in _ACTOR_KINDS:
        raise ValueError(f"actor kind {actor.kind!r} is not one of {', '.join(ActorKind)}")
    if not isinstance(actor.id, str) or not actor.id or len(actor.id) > _MAX_ACTOR_ID:
        raise ValueError(f"actor id must be a non-empty string of at most {_MAX_ACTOR_ID} characters")
    if not isinstance(actor.label, str) or len(actor.label) > _MAX_ACTOR_LABEL:
        raise ValueError(f"actor label must be a string of at most {_MAX_ACTOR_LABEL} characters")
    json_value([actor.id, actor.label], where="actor")


def _clean_subjects(subjects: Mapping[str, str | uuid.UUID]) -> dict[str, str]:
    if not isinstance(subjects, Mapping):
        raise TypeError(f"subjects must be a dict of kind -> id, not {type(subjects).__name__}")
    clean = {}
    for kind, subject_id in subjects.items():
        if not isinstance(kind, str) or not SUBJECT_KIND.match(kind):
            raise ValueError(f"subject kind {kind!r} must be lowercase letters, digits and underscores")
        if isinstance(subject_id, uuid.UUID):
            subject_id = str(subject_id)
        if not isinstance(subject_id, str) or not subject_id or len(subject_id) > _MAX_SUBJECT_ID:
            raise ValueError(
                f"subject {kind!r} must be a non-empty id string of at most {_MAX_SUBJECT_ID} characters"
            )
        clean[kind] = json_value(subject_id, where=f"subjects[{kind!r}]")
    return clean


def _chain_entry(head: AuditChainHead | None, tenant: Model | None) -> dict[str, Any]:
    return {
        "chain": chain_key(tenant_public_id(tenant)),
        "tenant": tenant_public_id(tenant),
        "tenant_slug": None if tenant is None else tenant.slug,
        "seq": head.last_seq if head else 0,
        "hash": head.last_hash if head else GENESIS_HASH,
    }


def _sign_checkpoint(
    *, chains: list[dict[str, Any]], tenant: Model | None = None, export: dict[str, Any] | None = None
) -> Checkpoint:
    key = platform_signing_key()
    public_key = key.private_key.public_key()
    now = timezone.now()
    public_id = uuid.uuid4()
    body: dict[str, Any] = {
        "format": CHECKPOINT_FORMAT,
        "id": str(public_id),
        "time": format_timestamp(now),
        "algorithm": ALGORITHM,
        "public_key_fingerprint": public_key_fingerprint(public_key),
        "development_key": key.development,
        "chains": chains,
    }
    if export is not None:
        body["export"] = export
    checkpoint = Checkpoint(
        public_id=public_id,
        created_at=now,
        tenant=tenant,
        body=canonical_json(body).decode("utf-8"),
        signature=sign_body(key.private_key, body),
        algorithm=ALGORITHM,
        public_key_fingerprint=body["public_key_fingerprint"],
        public_key_pem=public_key_pem(public_key).decode("ascii"),
    )
    checkpoint.save()
    return checkpoint


@transaction.atomic
def create_checkpoint(*, actor: Actor) -> Checkpoint:
    """Sign the current head of every chain with the platform key, and record it on the platform chain.

    The `audit.checkpoint_created` event comes after the heads it signs, so the platform chain's head
    in the checkpoint is the event before it. The next checkpoint covers it.
    """
    heads = list(AuditChainHead.objects.select_related("tenant").order_by("chain_key"))
    chains = [_chain_entry(head, head.tenant) for head in heads]
    checkpoint = _sign_checkpoint(chains=chains)
    record_event(
        tenant=None,
        event_type=EventType.AUDIT_CHECKPOINT_CREATED,
        actor=actor,
        subjects={"checkpoint": str(checkpoint.public_id)},
        payload={"chains": len(chains), "public_key_fingerprint": checkpoint.public_key_fingerprint},
    )
    return checkpoint


@dataclass(frozen=True)
class AuditExport:
    """An export ready to stream: checkpoint.json, public_key.pem and the lines of events.jsonl."""

    tenant: Model
    checkpoint: Checkpoint
    seq_range: tuple[int, int] | None

    @property
    def checkpoint_document(self) -> dict[str, Any]:
        return checkpoint_document(self.checkpoint)

    @property
    def public_key_pem(self) -> bytes:
        return self.checkpoint.public_key_pem.encode("ascii")

    def lines(self) -> Iterator[bytes]:
        if self.seq_range is None:
            return iter(())
        return iter_export_lines(self.tenant, seq_range=self.seq_range)


@transaction.atomic
def start_audit_export(
    *, tenant: Model, actor: Actor, since: datetime | None = None, until: datetime | None = None
) -> AuditExport:
    """Sign a checkpoint for an export of `tenant`'s events in [since, until) and record the export.

    The checkpoint signs the chain head at this moment and the exported range (first seq, its
    prev_hash as anchor, last seq and hash), so a cut range verifies offline on its own. The range
    stops at the signed head: events appended while the export streams are not in it, including this
    export's own `audit.exported` event, which is the next event of the chain.
    """
    head = chain_head(tenant)
    head_seq = head.last_seq if head else 0
    seq_range = export_seq_range(tenant, since=since, until=until, through_seq=head_seq)
    export: dict[str, Any] = {
        "tenant": tenant_public_id(tenant),
        "tenant_slug": tenant.slug,
        "since": format_timestamp(since) if since else None,
        "until": format_timestamp(until) if until else None,
        "first_seq": None,
        "last_seq": None,
        "count": 0,
        "anchor": None,
        "last_hash": None,
    }
    if seq_range is not None:
        first, last = seq_range
        ends = {
            row["seq"]: row
            for row in AuditEvent.objects.filter(tenant=tenant, seq__in=[first, last]).values(
                "seq", "prev_hash", "hash"
            )
        }
        export |= {
            "first_seq": first,
            "last_seq": last,
            "count": last - first + 1,
            "anchor": ends[first]["prev_hash"],
            "last_hash": ends[last]["hash"],
        }
    checkpoint = _sign_checkpoint(chains=[_chain_entry(head, tenant)], tenant=tenant, export=export)
    record_event(
        tenant=tenant,
        event_type=EventType.AUDIT_EXPORTED,
        actor=actor,
        subjects={"checkpoint": str(checkpoint.public_id)},
        payload={key: export[key] for key in ("since", "until", "first_seq", "last_seq", "count")},
    )
    return AuditExport(tenant=tenant, checkpoint=checkpoint, seq_range=seq_range)

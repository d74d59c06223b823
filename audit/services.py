"""Writes to the audit log: append an event, sign a checkpoint, start an export.

Other apps call `record_event` inside the transaction of the change it records, so the change and its
event commit or roll back together, and a rolled-back event leaves no gap in its chain.

Nothing is signed or exported that does not verify: a checkpoint re-verifies what changed since the
previous one and leaves out (withholds) a chain that is broken; an export verifies the tenant's chain
first. Both raise `AuditIntegrityError` when the checkpoints themselves do not hold up.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import connection, transaction
from django.db.models import F, Max, Model
from django.utils import timezone

from audit import signals
from audit.appending import append, hold_chain, lock_chain_head
from audit.canonical import canonical_json, format_timestamp, json_value
from audit.chain import GENESIS_HASH, PLATFORM_CHAIN, chain_key
from audit.checkpoints import (
    AuditIntegrityError,
    body_digest,
    checkpoint_every_events,
    checkpoint_interval,
    last_signed_points,
    overdue_after,
    quick_check,
    raise_for,
    signed_heads,
)
from audit.events import SUBJECT_KIND, Actor, ActorKind, EventType
from audit.integrity import verify_chain_range
from audit.keys import platform_signing_key
from audit.log import (
    LogResource,
    current_root,
    log_files,
    log_origin,
    log_problem,
    newest_log_checkpoint,
    same_note,
    sign_log_note,
    signs_log_now,
    verify_log_checkpoint,
)
from audit.merkle import MAX_ENTRY_SIZE
from audit.models import AuditChainHead, AuditEvent, Checkpoint, LogCheckpoint, LogCosignature
from audit.notes import (
    SIGNATURE_COSIGNATURE_V1,
    NoteError,
    b64encode,
    key_id,
    parse_checkpoint,
    parse_cosignature_verifier_key,
    parse_note,
    verify_cosignature,
)
from audit.selectors import (
    chain_head,
    checkpoint_document,
    export_seq_range,
    iter_export_lines,
    tenant_public_id,
)
from audit.signing import ALGORITHM, public_key_fingerprint, public_key_pem, sign_body
from audit.trust import TrustedKeys, trusted_public_keys
from audit.verification import CHECKPOINT_FORMAT, ChainBreak, Reason, SignedPoint

__all__ = [
    "MAX_AUDIT_PAYLOAD_BYTES",
    "AuditExport",
    "AuditIntegrityError",
    "CosignatureRefused",
    "audit_payload_size",
    "checkpoint_on_schedule",
    "create_checkpoint",
    "hold_chain",
    "log_cosignature_add",
    "record_event",
    "start_audit_export",
    "withheld_chains",
]

_MAX_SUBJECT_ID = 200
_ACTOR_KINDS = frozenset(ActorKind)
_MAX_ACTOR_ID = AuditEvent._meta.get_field("actor_id").max_length
_MAX_ACTOR_LABEL = AuditEvent._meta.get_field("actor_label").max_length
# What an event's payload may take of its log entry (MAX_ENTRY_SIZE, 65,535 bytes): the rest holds the
# actor, subjects, time and hashes, and what other apps add to the payload (a quota reservation).
MAX_AUDIT_PAYLOAD_BYTES = MAX_ENTRY_SIZE - 4096


def audit_payload_size(payload: Mapping[str, Any]) -> int:
    """The bytes `payload` takes in a log entry, for a caller to refuse input that would not fit
    before it starts work (`record_event` raises only once the event is placed)."""
    return len(canonical_json(json_value(payload)))


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
    without its audit event must not commit. Called on its own, it commits its own transaction (on
    PostgreSQL a single statement, committed as it runs).

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
    started = time.perf_counter()
    append(event)
    seconds = time.perf_counter() - started
    # The row exists now: saving this instance again must be refused like any stored event.
    event._state.adding = False
    event._state.db = connection.alias
    signals.event_recorded.send(sender=AuditEvent, event=event, seconds=seconds)
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


def _log_entry(head: AuditChainHead) -> dict[str, Any]:
    """The chain's Merkle log as the platform checkpoint lists it; the log checkpoint signs the same."""
    return {"origin": log_origin(head.tenant), "size": head.last_seq, "root": b64encode(current_root(head))}


def _withheld_entry(key: str, tenant: Model | None, broken: ChainBreak) -> dict[str, Any]:
    return {
        "chain": key,
        "tenant": key.removeprefix("tenant:") if key != PLATFORM_CHAIN else None,
        "tenant_slug": None if tenant is None else tenant.slug,
        "seq": broken.seq,
        "reason": str(broken.reason),
        "detail": broken.detail,
    }


def _sign_checkpoint(
    *,
    chains: list[dict[str, Any]],
    tenant: Model | None = None,
    number: int | None = None,
    extra: dict[str, Any] | None = None,
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
    if number is not None:
        body["number"] = number
    body |= extra or {}
    checkpoint = Checkpoint(
        public_id=public_id,
        created_at=now,
        tenant=tenant,
        number=number,
        body=canonical_json(body).decode("utf-8"),
        signature=sign_body(key.private_key, body),
        algorithm=ALGORITHM,
        public_key_fingerprint=body["public_key_fingerprint"],
        public_key_pem=public_key_pem(public_key).decode("ascii"),
    )
    checkpoint.save()
    return checkpoint


def _anchor(point: tuple[int, str, str] | None) -> dict[str, Any]:
    """A withheld entry's `anchor`: where the chain was last signed, which the next checkpoint checks it
    from (`audit.checkpoints.withheld_anchors`)."""
    if point is None or not point[0]:
        return {"anchor": None}  # never signed: checked from the genesis, and said so (no search back)
    return {"anchor": {"seq": point[0], "hash": point[1], "source": point[2]}}


def _lock_platform_chain() -> None:
    # Checkpoints serialise on the platform chain's head (they append to it anyway): one per number.
    with connection.cursor() as cursor:
        lock_chain_head(cursor, PLATFORM_CHAIN, None)


def create_checkpoint(*, actor: Actor) -> Checkpoint:
    """Sign, as the next numbered checkpoint, the head of every chain that verifies; record it on the
    platform chain.

    Under the platform chain's lock it runs audit.checkpoints' quick checks (no missing or untrusted
    checkpoint) and re-verifies each chain from the head the previous checkpoint signed (from seq 1 for a
    chain it did not sign), so that only what changed since is read. A broken tenant chain is withheld:
    listed in the signed body's `withheld` with its first broken seq, while the other tenants stay
    covered. Raises AuditIntegrityError, signing nothing, when the checkpoints or the platform chain do
    not verify.

    The `audit.checkpoint_created` event comes after the heads it signs, so the platform chain's head
    in the checkpoint is the event before it. The event carries the number and the SHA-256 of the
    signed body; the next checkpoint covers it.
    """
    return _create_checkpoint(actor=actor, trusted=trusted_public_keys())


@transaction.atomic
def _create_checkpoint(*, actor: Actor, trusted: TrustedKeys) -> Checkpoint:
    _lock_platform_chain()
    check = quick_check(trusted)
    raise_for(check.problems, refused="no checkpoint was signed")
    # A chain the newest checkpoint withheld is held to where it was last signed, never to the genesis.
    previous = last_signed_points(check, trusted)
    heads = list(AuditChainHead.objects.select_related("tenant").order_by("chain_key"))
    keys = list(trusted.keys.values())
    chains, withheld = [], []
    signed: list[tuple[AuditChainHead, LogCheckpoint | None]] = []
    for head in heads:
        point = previous.get(head.chain_key)
        broken = verify_chain_range(
            head.tenant,
            head=head,
            anchor=SignedPoint(hash=point[1], source=point[2]) if point else None,
            anchor_seq=point[0] if point else 0,
        )
        # From the newest log checkpoint that verifies: an inserted row must not withhold the chain.
        newest = newest_log_checkpoint(head, keys) if broken is None else None
        merkle = None if broken is not None else log_problem(head, newest)
        if merkle is not None:
            broken = ChainBreak(seq=head.last_seq, reason=Reason.MERKLE_LOG, detail=merkle)
        if broken is None:
            chains.append(_chain_entry(head, head.tenant) | {"log": _log_entry(head)})
            signed.append((head, newest))
        else:
            withheld.append(_withheld_entry(head.chain_key, head.tenant, broken) | _anchor(point))
    for key in sorted(previous.keys() - {head.chain_key for head in heads}):
        seq, _, source = previous[key]
        withheld.append(
            {
                "chain": key,
                "tenant": key.removeprefix("tenant:") if key != PLATFORM_CHAIN else None,
                "tenant_slug": None,
                "seq": seq,
                "reason": "head missing",
                "detail": f"{source} signed this chain at seq {seq}, but its head row is gone",
            }
            | _anchor(previous[key])
        )
    for entry in withheld:
        if entry["chain"] == PLATFORM_CHAIN:
            raise AuditIntegrityError(
                f"no checkpoint was signed: the platform chain does not verify: seq {entry['seq']}: "
                f"{entry['reason']}: {entry['detail']}"
            )
    number = (Checkpoint.objects.aggregate(top=Max("number"))["top"] or 0) + 1
    checkpoint = _sign_checkpoint(
        chains=chains, number=number, extra={"withheld": withheld} if withheld else None
    )
    private_key = platform_signing_key().private_key
    LogCheckpoint.objects.bulk_create(
        LogCheckpoint(
            head=head,
            created_at=checkpoint.created_at,
            size=head.last_seq,
            note=sign_log_note(head, private_key),
        )
        for head, newest in signed
        if not signs_log_now(newest, head, private_key.public_key())  # a log that has not moved keeps its row
    )
    record_event(
        tenant=None,
        event_type=EventType.AUDIT_CHECKPOINT_CREATED,
        actor=actor,
        subjects={"checkpoint": str(checkpoint.public_id)},
        payload={
            "number": number,
            "chains": len(chains),
            "withheld": [entry["chain"] for entry in withheld],
            "public_key_fingerprint": checkpoint.public_key_fingerprint,
            "body_sha256": body_digest(checkpoint.body),
        },
    )
    return checkpoint


def withheld_chains(checkpoint: Checkpoint) -> list[dict[str, Any]]:
    """The chains a checkpoint left out because they did not verify (chain, seq, reason, detail)."""
    return json.loads(checkpoint.body).get("withheld", [])


def checkpoint_on_schedule(*, actor: Actor, now: datetime | None = None) -> Checkpoint | None:
    """The scheduled checkpoint (Celery beat, every ASSAY_AUDIT_CHECKPOINT_POLL_SECONDS).

    Signed when it is due: ASSAY_AUDIT_CHECKPOINT_EVERY_EVENTS events were appended since the newest
    checkpoint (all chains together), or ASSAY_AUDIT_CHECKPOINT_INTERVAL_SECONDS passed since it and a
    chain moved. None when it is not due, or nothing moved. It never takes the *first* checkpoint of a
    log whose events are older than the overdue window: such a log lost every checkpoint, or predates
    them, and a person tells which (`assay audit verify`, then `assay audit checkpoint`). Raises
    AuditIntegrityError like create_checkpoint.
    """
    trusted = trusted_public_keys()
    now = now or timezone.now()
    with transaction.atomic():
        _lock_platform_chain()
        newest = (
            Checkpoint.objects.filter(tenant__isnull=True)
            .order_by(F("number").desc(nulls_last=True), "-created_at", "-pk")
            .first()
        )
        if newest is None:
            oldest = AuditEvent.objects.order_by("time").values_list("time", flat=True).first()
            if oldest is not None and oldest < now - overdue_after():
                raise AuditIntegrityError(
                    "no scheduled checkpoint was signed: the log holds events since "
                    f"{format_timestamp(oldest)} but no checkpoint at all, so every checkpoint was deleted, "
                    "or this installation predates them. Check the log with `assay audit verify`, then take "
                    "the first checkpoint with `assay audit checkpoint`"
                )
        else:
            pending = _events_since(newest)
            if pending == 0:
                return None
            if pending < checkpoint_every_events() and now < newest.created_at + checkpoint_interval():
                return None
        return _create_checkpoint(actor=actor, trusted=trusted)


def _events_since(checkpoint: Checkpoint) -> int:
    """Events appended since `checkpoint`, but for the platform chain's one event that recorded it."""
    signed = signed_heads(json.loads(checkpoint.body))
    pending = 0
    for head in AuditChainHead.objects.only("chain_key", "last_seq"):
        seq = signed.get(head.chain_key, (0, GENESIS_HASH))[0]
        pending += head.last_seq - (seq + 1 if head.chain_key == PLATFORM_CHAIN else seq)
    return pending


@dataclass(frozen=True)
class AuditExport:
    """An export ready to stream: checkpoint.json, public_key.pem, the lines of events.jsonl and the
    files of the tenant's log at `log_checkpoint` (the one the export's checkpoint names), if any."""

    tenant: Model
    checkpoint: Checkpoint
    seq_range: tuple[int, int] | None
    log_checkpoint: LogCheckpoint | None = None

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

    def log_files(self) -> Iterator[LogResource]:
        """The tenant's transparency log (checkpoint, tiles, entry bundles) at the log checkpoint the
        export's signed checkpoint names (`log`), for the export's `log/` folder (audit.verification
        checks it, C2SP tools read it); nothing for a tenant that had no log checkpoint."""
        if self.log_checkpoint is None:
            return iter(())
        return log_files(self.tenant, self.log_checkpoint)


@transaction.atomic
def start_audit_export(
    *, tenant: Model, actor: Actor, since: datetime | None = None, until: datetime | None = None
) -> AuditExport:
    """Verify `tenant`'s chain, take a platform checkpoint, then sign an export of the tenant's events in
    [since, until) and record the export.

    An export is signed with the platform key, so it must never vouch for a log that does not verify:
    the checkpoints are checked (audit.checkpoints' quick checks) and the tenant's whole chain is
    recomputed from seq 1 to its head against the newest trusted checkpoint. Otherwise
    AuditIntegrityError names the first broken seq, and nothing is signed or recorded.

    The export's checkpoint signs the chain head at this moment and the exported range (first seq, its
    prev_hash as anchor, last seq and hash), so a cut range verifies offline on its own; it names the
    platform checkpoint taken just before (`platform_checkpoint`). The range stops at the signed head:
    events appended while the export streams are not in it, including this export's own
    `audit.exported` event, which is the next event of the chain.
    """
    trusted = trusted_public_keys()
    refused = f"tenant {tenant.slug}'s audit log was not exported"
    check = quick_check(trusted)
    raise_for(check.problems, refused=refused)
    key = chain_key(tenant_public_id(tenant))
    head = chain_head(tenant)
    point = last_signed_points(check, trusted, only=key).get(key)
    signed = {point[0]: SignedPoint(hash=point[1], source=point[2])} if point and point[0] else None
    broken = verify_chain_range(tenant, head=head, signed=signed)
    if broken is not None:
        raise AuditIntegrityError(f"{refused}: its chain does not verify: {broken}")
    platform_checkpoint = _create_checkpoint(actor=actor, trusted=trusted)
    for entry in withheld_chains(platform_checkpoint):
        if entry["chain"] == key:  # broken between the two checks: only a concurrent tamper does that
            raise AuditIntegrityError(
                f"{refused}: its chain does not verify: seq {entry['seq']}: {entry['detail']}"
            )
    # The log the export carries is pinned here and named in its signed checkpoint, so that a verifier
    # can tell an export whose `log/` was removed from one made without a log.
    log_checkpoint = newest_log_checkpoint(head, list(trusted.keys.values())) if head else None
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
    extra: dict[str, Any] = {"export": export, "platform_checkpoint": platform_checkpoint.number}
    if log_checkpoint is not None:
        carried = parse_checkpoint(parse_note(log_checkpoint.note).text)
        extra["log"] = {"origin": carried.origin, "size": carried.size, "root": b64encode(carried.root)}
    checkpoint = _sign_checkpoint(chains=[_chain_entry(head, tenant)], tenant=tenant, extra=extra)
    record_event(
        tenant=tenant,
        event_type=EventType.AUDIT_EXPORTED,
        actor=actor,
        subjects={"checkpoint": str(checkpoint.public_id)},
        payload={key: export[key] for key in ("since", "until", "first_seq", "last_seq", "count")},
    )
    return AuditExport(
        tenant=tenant, checkpoint=checkpoint, seq_range=seq_range, log_checkpoint=log_checkpoint
    )


class CosignatureRefused(ValueError):
    """A witness's cosignature that is not attached; the message says what to fix."""


def log_cosignature_add(
    *, tenant: Model | None, cosigned_note: str, witness_key: str, actor: Actor
) -> LogCosignature:
    """Attach a witness's cosignature to the log checkpoint it cosigned (the platform log for None).

    `cosigned_note` is what `assay witness` writes: the log's checkpoint note with the witness's line;
    `witness_key` its cosignature verifier key (`<name>+<id>+<base64 0x04 || key>`). The checkpoint must
    be one this installation signed for the tenant's log, and the cosignature must verify under the
    key. The served checkpoint and every later proof carry the line. Recorded on the platform chain as
    `audit.cosignature_added`; a refusal (CosignatureRefused) as `audit.cosignature_refused`.
    """
    origin = log_origin(tenant)
    try:
        return _add_cosignature(tenant, origin, cosigned_note, witness_key, actor)
    except (CosignatureRefused, NoteError) as exc:
        reason = str(exc)
        record_event(
            tenant=None,
            event_type=EventType.AUDIT_COSIGNATURE_REFUSED,
            actor=actor,
            payload={"origin": origin, "reason": reason},
        )
        raise CosignatureRefused(f"the cosignature was not attached: {reason}") from exc


def _signed_text(row: LogCheckpoint, origin: str, keys: list[Ed25519PublicKey]) -> str | None:
    """The text of a log checkpoint row's note when the note verifies under the trusted `keys`; None for
    any other row (inserted by hand, or signed by a key no longer trusted), which is never served."""
    try:
        verify_log_checkpoint(origin, row.size, row.note, keys)
        return parse_note(row.note).text
    except NoteError:
        return None


@transaction.atomic
def _add_cosignature(
    tenant: Model | None, origin: str, cosigned_note: str, witness_key: str, actor: Actor
) -> LogCosignature:
    name, public_key = parse_cosignature_verifier_key(witness_key)
    note = parse_note(cosigned_note)
    checkpoint = parse_checkpoint(note.text)
    if checkpoint.origin != origin:
        raise CosignatureRefused(f"the cosigned checkpoint is for log {checkpoint.origin!r}, not {origin!r}")
    head = chain_head(tenant)
    keys = list(trusted_public_keys().keys.values())
    # Newest first: the row that newest_log_checkpoint serves when the log is still at this size.
    rows = LogCheckpoint.objects.filter(head=head, size=checkpoint.size).order_by("-pk") if head else []
    row = next((row for row in rows if _signed_text(row, origin, keys) == note.text), None)
    if row is None:
        raise CosignatureRefused(
            f"this installation signed no checkpoint of {origin} at size {checkpoint.size} with root "
            f"{b64encode(checkpoint.root)}: the witness cosigned another log's view"
        )
    timestamp = verify_cosignature(note, name, public_key)
    identifier = key_id(name, SIGNATURE_COSIGNATURE_V1, public_key)
    signature = next(found for found in note.signatures if (found.name, found.key_id) == (name, identifier))
    # Rows with the same note are served with each other's cosignatures (audit.log.served_note), so a
    # witness that cosigned any of them has cosigned this one.
    cosignature = LogCosignature.objects.filter(
        **same_note(row, "checkpoint__"), witness=name, key_id=identifier.hex()
    ).first()
    created = False
    if cosignature is None:
        cosignature, created = LogCosignature.objects.get_or_create(
            checkpoint=row,
            witness=name,
            key_id=identifier.hex(),
            defaults={"created_at": timezone.now(), "line": signature.line()},
        )
    if created:
        record_event(
            tenant=None,
            event_type=EventType.AUDIT_COSIGNATURE_ADDED,
            actor=actor,
            payload={
                "origin": origin,
                "size": checkpoint.size,
                "root": b64encode(checkpoint.root),
                "witness": name,
                "key_id": identifier.hex(),
                "cosigned_at": timestamp,
            },
        )
    return cosignature

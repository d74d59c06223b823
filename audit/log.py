"""Reads of a chain's Merkle log: roots, proofs, tlog-tiles tiles and entry bundles.

A chain's log has one leaf per event (leaf index = seq - 1, audit.merkle says what is hashed); the
hashes stored at levels 0, 8, 16, ... are exactly the rows of tlog-tiles tiles at levels 0, 1, 2, ...,
so a tile is one range read. Every function takes the chain's head row (audit.selectors.chain_head).
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db.models import Model

from audit.chain import chain_key
from audit.merkle import (
    TILE_HEIGHT,
    TILE_WIDTH,
    Edge,
    ProofError,
    SubtreeHashes,
    entry_bytes,
    leaf_hash,
    parse_tile_path,
    tile_path,
    tiles_for_size,
    verify_consistency,
    verify_inclusion,
)
from audit.models import AuditChainHead, AuditEvent, AuditLogHash, LogCheckpoint
from audit.notes import Checkpoint as NoteCheckpoint
from audit.notes import (
    NoteError,
    Proof,
    parse_checkpoint,
    parse_note,
    sign_note,
    verify_checkpoint,
)
from audit.selectors import event_to_dict, iter_chain_events, tenant_public_id

DEFAULT_LOG_NAME = "assay.localhost"


def log_origin(tenant: Model | None) -> str:
    """The C2SP origin of a chain's log: `<installation>/<tenant public id>`, `<installation>/platform`."""
    name = getattr(settings, "ASSAY_AUDIT_LOG_NAME", DEFAULT_LOG_NAME)
    return f"{name}/{tenant_public_id(tenant) or 'platform'}"


def _stored(head: AuditChainHead, level: int, first: int, count: int) -> list[bytes]:
    rows = (
        AuditLogHash.objects.filter(head=head, level=level, index__gte=first, index__lt=first + count)
        .order_by("index")
        .values_list("hash", flat=True)
    )
    return [bytes(value) for value in rows]


def log_hashes(head: AuditChainHead) -> SubtreeHashes:
    """The Merkle log of `head`'s chain, for roots and proofs at any size up to its own."""
    return SubtreeHashes(lambda level, first, count: _stored(head, level, first, count))


def current_root(head: AuditChainHead) -> bytes:
    """The root of the whole log, from the head's right edge (no other read)."""
    return Edge.from_bytes(head.last_seq, bytes(head.merkle_edge)).root()


@dataclass(frozen=True)
class LogPosition:
    """Where an event sits in its chain's Merkle log."""

    index: int
    leaf_hash: bytes


def log_position(event: AuditEvent) -> LogPosition:
    """The leaf of a stored event: index seq - 1, hash of its entry (computed, as the verifier does)."""
    return LogPosition(index=event.seq - 1, leaf_hash=leaf_hash(entry_bytes(event_to_dict(event))))


def tile_level_hashes(head: AuditChainHead, tile_level: int, index: int, width: int) -> bytes:
    """The bytes of tlog-tiles tile `tile/<tile_level>/<index>[.p/<width>]`; ProofError when the log has
    no such tile (yet)."""
    stored = _stored(head, tile_level * TILE_HEIGHT, index * TILE_WIDTH, width)
    if len(stored) != width:
        raise ProofError(f"tile {tile_level}/{index} has {len(stored)} hashes, not {width}")
    return b"".join(stored)


def entry_bundle(tenant: Model | None, index: int, width: int) -> bytes:
    """The bytes of `tile/entries/<index>[.p/<width>]`: each entry as a big-endian uint16 length and the
    entry; ProofError when the chain has fewer events."""
    first = index * TILE_WIDTH + 1
    entries = [
        entry_bytes(event) for event in iter_chain_events(tenant, seq_range=(first, first + width - 1))
    ]
    if len(entries) != width:
        raise ProofError(f"entry bundle {index} has {len(entries)} entries, not {width}")
    return b"".join(len(entry).to_bytes(2, "big") + entry for entry in entries)


def newest_log_checkpoint(head: AuditChainHead) -> LogCheckpoint | None:
    return LogCheckpoint.objects.filter(head=head).order_by("-size", "-pk").first()


def sign_log_note(head: AuditChainHead, private_key: Ed25519PrivateKey) -> str:
    """The head's log, at its current size, as a checkpoint in a note signed under its origin."""
    origin = log_origin(head.tenant)
    checkpoint = NoteCheckpoint(origin=origin, size=head.last_seq, root=current_root(head))
    return str(sign_note(checkpoint.text(), origin, private_key))


def log_problem(head: AuditChainHead, previous: LogCheckpoint | None) -> str | None:
    """Why the head's Merkle log must not be signed, or None.

    The stored hashes must give the edge's root; the leaves added since the previous log checkpoint
    must be the hashes of the events as they are now; and the log must extend the previous checkpoint
    (a consistency proof from the stored hashes, checked against both roots).
    """
    hashes = log_hashes(head)
    root = current_root(head)
    old_size = previous.size if previous else 0
    try:
        if head.last_seq and hashes.root(head.last_seq) != root:
            return "the stored Merkle hashes do not give the root of the head's right edge"
        stored = _stored(head, 0, old_size, head.last_seq - old_size)
        events = iter_chain_events(head.tenant, seq_range=(old_size + 1, head.last_seq))
        for index, (event, leaf) in enumerate(zip(events, stored, strict=False), start=old_size):
            if leaf_hash(entry_bytes(event)) != leaf:
                return f"the Merkle leaf {index} is not the hash of event seq {index + 1}"
        if len(stored) != head.last_seq - old_size:
            return f"the Merkle log has {old_size + len(stored)} leaves, the chain {head.last_seq} events"
        if previous is not None:
            old = parse_checkpoint(parse_note(previous.note).text)
            verify_consistency(
                old.size, head.last_seq, old.root, root, hashes.consistency_proof(old.size, head.last_seq)
            )
    except (ProofError, NoteError) as exc:
        return str(exc)
    return None


def prove_event(event: AuditEvent, public_keys: list[Ed25519PublicKey]) -> Proof:
    """A tlog-proof of `event` against its chain's newest log checkpoint (which must verify and cover it)."""
    head = AuditChainHead.objects.select_related("tenant").get(
        chain_key=chain_key(tenant_public_id(event.tenant))
    )
    newest = newest_log_checkpoint(head)
    if newest is None or newest.size < event.seq:
        raise ProofError(
            f"event seq {event.seq} is not covered by a log checkpoint yet (the newest covers "
            f"{newest.size if newest else 0} events); it will be after the next checkpoint"
        )
    checkpoint = verify_checkpoint(newest.note, log_origin(head.tenant), public_keys)
    position = log_position(event)
    hashes = log_hashes(head).inclusion_proof(position.index, checkpoint.size)
    verify_inclusion(position.leaf_hash, position.index, checkpoint.size, hashes, checkpoint.root)
    return Proof(index=position.index, hashes=tuple(hashes), checkpoint_note=newest.note)


@dataclass(frozen=True)
class LogResource:
    """One file of a log as tlog-tiles serves it; `immutable` ones never change at their path."""

    path: str
    body: bytes
    content_type: str
    immutable: bool


def log_resource(tenant: Model | None, path: str) -> LogResource:
    """`checkpoint`, `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]` of a chain's log; LookupError
    when there is no such file (yet)."""
    head = AuditChainHead.objects.filter(chain_key=chain_key(tenant_public_id(tenant))).first()
    newest = newest_log_checkpoint(head) if head is not None else None
    if newest is None:
        raise LookupError("the log has no checkpoint yet")
    if path == "checkpoint":
        return LogResource(path, newest.note.encode(), "text/plain; charset=utf-8", immutable=False)
    try:
        level, index, width = parse_tile_path(path)
        body = (
            entry_bundle(tenant, index, width)
            if level is None
            else tile_level_hashes(head, level, index, width)
        )
    except (ValueError, ProofError) as exc:
        raise LookupError(str(exc)) from exc
    return LogResource(path, body, "application/octet-stream", immutable=True)


def log_files(tenant: Model | None) -> list[LogResource]:
    """Every file of the chain's log at its newest checkpoint: the checkpoint, tiles and entry bundles."""
    checkpoint = log_resource(tenant, "checkpoint")
    size = parse_checkpoint(parse_note(checkpoint.body.decode()).text).size
    paths = [tile_path(level, index, width) for level, index, width in tiles_for_size(size)]
    paths += [tile_path(None, index, width) for level, index, width in tiles_for_size(size) if level == 0]
    return [checkpoint, *(log_resource(tenant, path) for path in paths)]

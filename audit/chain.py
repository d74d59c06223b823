"""The hash chain: which fields an event's hash covers and how it is computed.

An event, as exported and as served by the API, is a JSON object with the fields in `HASHED_FIELDS`
plus `hash`:

    tenant      the tenant's public id (a UUID string), or null on the platform chain
    seq         1, 2, 3, ... per chain, without gaps
    time        "2026-11-26T14:51:07.123456Z" (see audit.canonical)
    actor       {"kind": "user" | "api_key" | "system", "id": "...", "label": "..."}
    event_type  a stable dotted name from audit.events.EventType, e.g. "job.completed"
    subjects    {"job": "...", "image": "..."}: what the event is about, kind -> id
    payload     a JSON object
    prev_hash   the previous event's `hash`; 64 zeros (GENESIS_HASH) for seq 1
    hash        SHA-256, hex, of canonical_json({every field above except hash})

`prev_hash` sits inside the hashed object, so each hash commits to the whole chain before it.
Pure Python with no Django import (the offline verifier uses it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from audit.canonical import canonical_json

GENESIS_HASH = "0" * 64
HASHED_FIELDS = ("tenant", "seq", "time", "actor", "event_type", "subjects", "payload", "prev_hash")
EVENT_FIELDS = (*HASHED_FIELDS, "hash")
PLATFORM_CHAIN = "platform"


def event_hash(event: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of the hashed fields of `event`; a `hash` key is ignored."""
    return hashlib.sha256(canonical_json({name: event[name] for name in HASHED_FIELDS})).hexdigest()


# The exported fields in canonical (sorted) order: `hash` falls between these two groups.
_BEFORE_HASH = ("actor", "event_type")
_AFTER_HASH = ("payload", "prev_hash", "seq", "subjects", "tenant", "time")
if sorted(EVENT_FIELDS) != [*_BEFORE_HASH, "hash", *_AFTER_HASH]:  # pragma: no cover (a guard for edits)
    raise RuntimeError("audit.chain: EVENT_FIELDS changed; update _BEFORE_HASH and _AFTER_HASH")


def hash_and_entry(event: Mapping[str, Any]) -> tuple[str, bytes]:
    """`event_hash(event)` and the event's log entry (`canonical_json` of it with that hash), from one
    encoding of its fields: an append needs both, and the JSON encoding is most of its CPU.

    canonical_json sorts keys and adds no whitespace, so the hashed object is `{<fields before hash>,
    <fields after hash>}` and the entry the same with `"hash":"<hex>"` between the two groups.
    """
    before = canonical_json({name: event[name] for name in _BEFORE_HASH})[:-1]
    after = canonical_json({name: event[name] for name in _AFTER_HASH})[1:]
    digest = hashlib.sha256(before + b"," + after).hexdigest()
    return digest, before + b',"hash":"' + digest.encode("ascii") + b'",' + after


def chain_key(tenant_public_id: str | None) -> str:
    """The name of a chain: `tenant:<public id>` for a tenant's chain, `platform` for tenant-less events."""
    return PLATFORM_CHAIN if tenant_public_id is None else f"tenant:{tenant_public_id}"

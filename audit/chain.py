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


def chain_key(tenant_public_id: str | None) -> str:
    """The name of a chain: `tenant:<public id>` for a tenant's chain, `platform` for tenant-less events."""
    return PLATFORM_CHAIN if tenant_public_id is None else f"tenant:{tenant_public_id}"

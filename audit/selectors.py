"""Reads of the audit log: search, export lines, and the JSON form of an event.

Every function takes the tenant first; `None` means the platform chain (tenant-less events), which
only platform-level callers should ask for.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Model, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from audit.canonical import canonical_json, format_timestamp
from audit.chain import chain_key
from audit.events import SUBJECT_KIND, EventType
from audit.models import AuditChainHead, AuditEvent, Checkpoint

MAX_PAGE_SIZE = 1000
EXPORT_CHUNK_SIZE = 2000
# The stored columns of an event, in the order its dict lists them (the hashed fields plus `hash`).
EVENT_COLUMNS = (
    "seq",
    "time",
    "actor_kind",
    "actor_id",
    "actor_label",
    "event_type",
    "subjects",
    "payload",
    "prev_hash",
    "hash",
)


def tenant_public_id(tenant: Model | None) -> str | None:
    return None if tenant is None else str(tenant.public_id)


def event_dict_from_row(tenant_id: str | None, row: Mapping[str, Any]) -> dict[str, Any]:
    """An event from its stored columns (`EVENT_COLUMNS`) and its tenant's public id."""
    # The one place that shapes an event: hashing at append, export, API, verification and the Merkle
    # log use it.
    return {
        "tenant": tenant_id,
        "seq": row["seq"],
        "time": format_timestamp(row["time"]),
        "actor": {"kind": row["actor_kind"], "id": row["actor_id"], "label": row["actor_label"]},
        "event_type": row["event_type"],
        "subjects": row["subjects"],
        "payload": row["payload"],
        "prev_hash": row["prev_hash"],
        "hash": row["hash"],
    }


def event_to_dict(event: AuditEvent) -> dict[str, Any]:
    """An event as exported and served by the API; its fields are the hashed ones plus `hash`.

    Reads `event.tenant`: select_related("tenant") when converting many.
    """
    tenant_id = tenant_public_id(event.tenant) if event.tenant_id is not None else None
    return event_dict_from_row(tenant_id, {name: getattr(event, name) for name in EVENT_COLUMNS})


def _chain_events(tenant: Model | None) -> QuerySet[AuditEvent]:
    if tenant is None:
        return AuditEvent.objects.filter(tenant__isnull=True)
    return AuditEvent.objects.filter(tenant=tenant)


def _subject_filter(queryset: QuerySet[AuditEvent], subject: str) -> QuerySet[AuditEvent]:
    """`kind:id` matches that subject kind; a bare id matches any subject value."""
    kind, separator, value = subject.partition(":")
    if separator:
        if not SUBJECT_KIND.match(kind):
            raise ValueError(f"subject kind {kind!r} must be lowercase letters, digits and underscores")
        # Not `subjects__<kind>=`: a kind named like a lookup ("contains") must stay a key. The cast makes
        # it a plain text comparison (a bare key transform compares JSON, which SQLite cannot parse here).
        key_text = Cast(KeyTextTransform(kind, "subjects"), output_field=TextField())
        return queryset.alias(_subject=key_text).filter(_subject=value)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    each = "jsonb_each_text" if connection.vendor == "postgresql" else "json_each"
    # Only our own table name and a fixed function name are interpolated; the id is a parameter.
    sql = f"EXISTS (SELECT 1 FROM {each}({table}.subjects) AS subject WHERE subject.value = %s)"  # noqa: S608
    return queryset.filter(RawSQL(sql, (subject,), output_field=BooleanField()))  # noqa: S611


def audit_events_for_tenant(
    tenant: Model | None,
    *,
    event_type: str | None = None,
    subject: str | None = None,
    actor_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    after_seq: int | None = None,
    limit: int = 100,
) -> list[AuditEvent]:
    """One page of a tenant's events in seq order; pass the last seq seen as `after_seq` for the next.

    `since` is inclusive and `until` exclusive. `limit` is capped at MAX_PAGE_SIZE. An unknown
    `event_type` or a malformed `subject` is a `ValueError` (a 400 for the API).
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    queryset = _chain_events(tenant)
    if event_type is not None:
        queryset = queryset.filter(event_type=EventType(event_type).value)
    if subject:
        queryset = _subject_filter(queryset, subject)
    if actor_id is not None:
        queryset = queryset.filter(actor_id=actor_id)
    if since is not None:
        queryset = queryset.filter(time__gte=since)
    if until is not None:
        queryset = queryset.filter(time__lt=until)
    if after_seq is not None:
        queryset = queryset.filter(seq__gt=after_seq)
    return list(queryset.select_related("tenant").order_by("seq")[: min(limit, MAX_PAGE_SIZE)])


def chain_head(tenant: Model | None) -> AuditChainHead | None:
    """The head row of a chain; None until its first event."""
    return AuditChainHead.objects.filter(chain_key=chain_key(tenant_public_id(tenant))).first()


def event_hash_at(tenant: Model | None, seq: int) -> str | None:
    """The stored hash of one event of a chain, or None when there is no event at that seq."""
    return _chain_events(tenant).filter(seq=seq).values_list("hash", flat=True).first()


def export_seq_range(
    tenant: Model | None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    through_seq: int | None = None,
) -> tuple[int, int] | None:
    """The contiguous seq range an export of [since, until) covers, or None when it is empty.

    From the first event at or after `since` to the last event before `until` (and at most
    `through_seq`), every event in between included: a range without holes verifies on its own even
    if the clock stepped back between two appends.
    """
    events = _chain_events(tenant)
    if through_seq is not None:
        events = events.filter(seq__lte=through_seq)
    first_events = events.filter(time__gte=since) if since is not None else events
    last_events = events.filter(time__lt=until) if until is not None else events
    first = first_events.order_by("seq").values_list("seq", flat=True).first()
    last = last_events.order_by("-seq").values_list("seq", flat=True).first()
    if first is None or last is None or first > last:
        return None
    return first, last


def iter_chain_events(
    tenant: Model | None, *, seq_range: tuple[int, int] | None = None
) -> Iterator[dict[str, Any]]:
    """Event dicts of one chain in seq order, streamed from the database in chunks."""
    events = _chain_events(tenant)
    if seq_range is not None:
        events = events.filter(seq__gte=seq_range[0], seq__lte=seq_range[1])
    tenant_id = tenant_public_id(tenant)
    for row in events.order_by("seq").values(*EVENT_COLUMNS).iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield event_dict_from_row(tenant_id, row)


def iter_export_lines(
    tenant: Model | None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    seq_range: tuple[int, int] | None = None,
) -> Iterator[bytes]:
    """The lines of events.jsonl: canonical JSON of each event, newline-terminated, streamed.

    Pass the `seq_range` signed in the export's checkpoint; otherwise it is computed from since/until.
    """
    if seq_range is None:
        seq_range = export_seq_range(tenant, since=since, until=until)
        if seq_range is None:
            return
    for event in iter_chain_events(tenant, seq_range=seq_range):
        yield canonical_json(event) + b"\n"


def checkpoint_document(checkpoint: Checkpoint) -> dict[str, Any]:
    """checkpoint.json: the signed body and its signature (see audit.signing)."""
    return {"body": json.loads(checkpoint.body), "signature": checkpoint.signature}


def latest_events_of_type(tenant: Model, event_type: str, *, limit: int) -> list[AuditEvent]:
    """The tenant's last `limit` events of one type, newest first."""
    queryset = _chain_events(tenant).filter(event_type=EventType(event_type).value)
    return list(queryset.order_by("-seq")[: min(limit, MAX_PAGE_SIZE)])


def events_of_type_from(tenant: Model, event_type: str, *, from_seq: int) -> QuerySet[AuditEvent]:
    """The tenant's events of one type at or after `from_seq`, in seq order."""
    return (
        _chain_events(tenant)
        .filter(event_type=EventType(event_type).value, seq__gte=from_seq)
        .order_by("seq")
    )

"""The hot path of `record_event`: give an event its place in its chain and insert it.

Appends are the platform's most frequent write, and the ORM spent longer compiling their statements
than PostgreSQL spent running them (bench/audit_append.py), so they are plain SQL built once per
database vendor:

- PostgreSQL: lock the chain's head row (SELECT ... FOR UPDATE), then one statement inserts the event
  and moves the head (an UPDATE in a WITH clause). The lock is held until the caller's transaction
  ends, so appends to one chain serialise and other chains never wait.
- SQLite, which runs one write transaction at a time: read the head, insert, update the head.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Model
from django.utils import timezone

from audit.canonical import canonical_json
from audit.chain import GENESIS_HASH, chain_key, event_hash
from audit.models import AuditChainHead, AuditEvent
from audit.selectors import EVENT_COLUMNS, event_to_dict, tenant_public_id

# The order of the values that `_row_values` gives.
_COLUMNS = ("tenant", *EVENT_COLUMNS)


@dataclass(frozen=True)
class _Head:
    pk: int
    seq: int
    hash: str


def append(cursor: CursorWrapper, event: AuditEvent) -> None:
    """Set seq, time, prev_hash and hash of the unsaved `event` and insert it, in the open transaction."""
    statements = _statements(connection.vendor)
    head = lock_chain_head(cursor, chain_key(tenant_public_id(event.tenant)), event.tenant)
    _place(event, head)
    if statements.insert_at_head is not None:
        cursor.execute(statements.insert_at_head, [event.seq, event.hash, head.pk, *_row_values(event)])
        event.pk = cursor.fetchone()[0]
        return
    cursor.execute(statements.insert, _row_values(event))
    event.pk = cursor.fetchone()[0] if statements.returning else cursor.lastrowid
    cursor.execute(statements.move_head, [event.seq, event.hash, head.pk])


def _place(event: AuditEvent, head: _Head) -> None:
    event.seq = head.seq + 1
    event.prev_hash = head.hash
    event.time = timezone.now()
    # Hashed in exactly the shape it is exported and verified in (the still empty `hash` is not hashed).
    event.hash = event_hash(event_to_dict(event))


def _row_values(event: AuditEvent) -> list[object]:
    return [
        event.tenant_id,
        event.seq,
        connection.ops.adapt_datetimefield_value(event.time),
        event.actor_kind,
        event.actor_id,
        event.actor_label,
        event.event_type,
        # JSON goes in as text, which jsonb and SQLite's JSON (a text column) both take as it is.
        canonical_json(event.subjects).decode(),
        canonical_json(event.payload).decode(),
        event.prev_hash,
        event.hash,
    ]


def lock_chain_head(cursor: CursorWrapper, key: str, tenant: Model | None) -> _Head:
    """The chain's head row, locked until the transaction ends (on PostgreSQL), created if missing.

    Checkpoints take the platform chain's lock first, so that two of them never get the same number.
    """
    lock = _statements(connection.vendor).lock_head
    cursor.execute(lock, [key])
    row = cursor.fetchone()
    if row is None:
        # First event of a chain. ON CONFLICT DO NOTHING (INSERT OR IGNORE on SQLite) lets racing first
        # appends all succeed: the losers' inserts wait for the winner, do nothing, then lock its row.
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(chain_key=key, tenant=tenant, last_seq=0, last_hash=GENESIS_HASH)],
            ignore_conflicts=True,
        )
        cursor.execute(lock, [key])
        row = cursor.fetchone()
    return _Head(pk=row[0], seq=row[1], hash=row[2])


@dataclass(frozen=True)
class _Statements:
    lock_head: str
    # PostgreSQL: insert the event and move the head at once; parameters (seq, hash, head id, *row).
    insert_at_head: str | None
    # Elsewhere: insert, then move_head with parameters (seq, hash, head id).
    insert: str
    move_head: str
    returning: bool


@functools.cache
def _statements(vendor: str) -> _Statements:
    """The SQL for the default database, whose vendor keys the cache (the SQL depends on nothing else)."""
    quote = connection.ops.quote_name
    heads = quote(AuditChainHead._meta.db_table)
    events = quote(AuditEvent._meta.db_table)
    columns = ", ".join(quote(AuditEvent._meta.get_field(name).column) for name in _COLUMNS)
    placeholders = ", ".join(["%s"] * len(_COLUMNS))
    # S608: only quoted names from the models' metadata are interpolated; every value is a parameter.
    insert = f"INSERT INTO {events} ({columns}) VALUES ({placeholders})"  # noqa: S608
    move_head = f"UPDATE {heads} SET last_seq = %s, last_hash = %s WHERE id = %s"  # noqa: S608
    lock_head = f"SELECT id, last_seq, last_hash FROM {heads} WHERE chain_key = %s"  # noqa: S608
    if vendor == "postgresql":
        return _Statements(
            lock_head=f"{lock_head} FOR UPDATE",
            insert_at_head=f"WITH head AS ({move_head}) {insert} RETURNING id",
            insert=insert,
            move_head=move_head,
            returning=True,
        )
    # SQLite has no row locks and needs none: its writers hold the database lock (IMMEDIATE mode).
    returning = connection.features.can_return_columns_from_insert
    return _Statements(
        lock_head=lock_head,
        insert_at_head=None,
        insert=f"{insert} RETURNING id" if returning else insert,
        move_head=move_head,
        returning=returning,
    )

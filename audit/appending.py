"""The hot path of `record_event`: give an event its place in its chain and insert it.

Appends are the platform's most frequent write, and the ORM spent longer compiling their statements
than PostgreSQL spent running them (bench/audit_append.py), so they are plain SQL built once per
database vendor.

PostgreSQL, where writers run in parallel:
- A thread that appended a chain's previous event knows its head (row id, seq, hash). One statement
  then moves the head only if it is still exactly there, and inserts the event only if it moved. The
  conditional UPDATE takes the row lock and re-checks the row after any wait, so the hint is never
  trusted: a stale one (another writer got in, or the caller's transaction rolled back) inserts
  nothing and costs one retry.
- Otherwise: lock the head (SELECT ... FOR UPDATE), then one statement moves it and inserts.
SQLite, which runs one write transaction at a time: read the head, insert, update the head.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from audit.canonical import canonical_json
from audit.chain import GENESIS_HASH, chain_key, event_hash
from audit.models import AuditChainHead, AuditEvent
from audit.selectors import event_to_dict, tenant_public_id

# The order of the values that `_row_values` gives.
_COLUMNS = (
    "tenant",
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
# In INSERT ... SELECT the values are not typed by their target columns, as in VALUES.
_POSTGRESQL_CASTS = {"time": "::timestamptz", "subjects": "::jsonb", "payload": "::jsonb"}


@dataclass(frozen=True)
class _Head:
    pk: int
    seq: int
    hash: str


# Chain key -> the head as this thread last left it. A hint only: see the module docstring.
_hints = threading.local()
_USE_HINTS = True


def append(cursor: CursorWrapper, event: AuditEvent) -> None:
    """Set seq, time, prev_hash and hash of the unsaved `event` and insert it, in the open transaction."""
    key = chain_key(tenant_public_id(event.tenant))
    if connection.vendor != "postgresql":
        head = _head(cursor, event, key)
        _place(event, head)
        statements = _statements(connection.vendor)
        cursor.execute(statements.insert, _row_values(event))
        event.pk = cursor.fetchone()[0] if statements.returning else cursor.lastrowid
        cursor.execute(statements.move_head, [event.seq, event.hash, head.pk])
        return
    statements = _statements(connection.vendor)
    hints = _hints.__dict__
    hint = hints.get(key) if _USE_HINTS else None
    if hint is not None:
        _place(event, hint)
        cursor.execute(
            statements.insert_if_head_is,
            [event.seq, event.hash, hint.pk, hint.seq, hint.hash, *_row_values(event)],
        )
        row = cursor.fetchone()
        if row is not None:
            event.pk = row[0]
            hints[key] = _Head(pk=hint.pk, seq=event.seq, hash=event.hash)
            return
    head = _head(cursor, event, key)
    _place(event, head)
    cursor.execute(statements.insert_at_head, [event.seq, event.hash, head.pk, *_row_values(event)])
    event.pk = cursor.fetchone()[0]
    hints[key] = _Head(pk=head.pk, seq=event.seq, hash=event.hash)


def _place(event: AuditEvent, head: _Head) -> None:
    event.seq = head.seq + 1
    event.prev_hash = head.hash
    event.time = timezone.now()
    # Hashed in exactly the shape it is exported and verified in; the empty `hash` is not hashed.
    event.hash = ""
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


def _head(cursor: CursorWrapper, event: AuditEvent, key: str) -> _Head:
    """The chain's head row, locked until the transaction ends (on PostgreSQL), created if missing."""
    lock = _statements(connection.vendor).lock_head
    cursor.execute(lock, [key])
    row = cursor.fetchone()
    if row is None:
        # First event of a chain. ON CONFLICT DO NOTHING (INSERT OR IGNORE on SQLite) lets racing first
        # appends all succeed: the losers' inserts wait for the winner, do nothing, then lock its row.
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(chain_key=key, tenant=event.tenant, last_seq=0, last_hash=GENESIS_HASH)],
            ignore_conflicts=True,
        )
        cursor.execute(lock, [key])
        row = cursor.fetchone()
    return _Head(pk=row[0], seq=row[1], hash=row[2])


@dataclass(frozen=True)
class _Statements:
    lock_head: str
    # SQLite: insert, then move_head (parameters: seq, hash, head id).
    insert: str
    move_head: str
    returning: bool
    # PostgreSQL, parameters (seq, hash, head id, [expected seq, expected hash,] *row values).
    insert_at_head: str
    insert_if_head_is: str


@functools.cache
def _statements(vendor: str) -> _Statements:
    """The SQL for the default database, whose vendor keys the cache (the SQL depends on nothing else)."""
    quote = connection.ops.quote_name
    heads = quote(AuditChainHead._meta.db_table)
    events = quote(AuditEvent._meta.db_table)
    columns = ", ".join(quote(AuditEvent._meta.get_field(name).column) for name in _COLUMNS)
    placeholders = ", ".join(["%s"] * len(_COLUMNS))
    typed = ", ".join(f"%s{_POSTGRESQL_CASTS.get(name, '')}" for name in _COLUMNS)
    # S608: only quoted names from the models' metadata are interpolated; every value is a parameter.
    move_head = f"UPDATE {heads} SET last_seq = %s, last_hash = %s WHERE id = %s"  # noqa: S608
    lock_head = f"SELECT id, last_seq, last_hash FROM {heads} WHERE chain_key = %s"  # noqa: S608
    returning = connection.features.can_return_columns_from_insert
    return _Statements(
        # SQLite has no row locks and needs none: its writers hold the database lock (IMMEDIATE mode).
        lock_head=f"{lock_head} FOR UPDATE" if connection.features.has_select_for_update else lock_head,
        insert=f"INSERT INTO {events} ({columns}) VALUES ({placeholders})"  # noqa: S608
        + (" RETURNING id" if returning else ""),
        move_head=move_head,
        returning=returning,
        insert_at_head=f"WITH head AS ({move_head}) "  # noqa: S608
        f"INSERT INTO {events} ({columns}) VALUES ({placeholders}) RETURNING id",
        insert_if_head_is=f"WITH head AS ({move_head} AND last_seq = %s AND last_hash = %s RETURNING id) "  # noqa: S608
        f"INSERT INTO {events} ({columns}) SELECT {typed} FROM head RETURNING id",
    )

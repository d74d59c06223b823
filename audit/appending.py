"""The hot path of `record_event`: give an event its place in its chain and insert it.

Appends are the platform's most frequent write, and the ORM spent longer compiling their statements
than PostgreSQL spent running them (bench/audit_append.py), so they are plain SQL built once per
database vendor:

- PostgreSQL: lock the chain's head row (SELECT ... FOR UPDATE), then one statement inserts the event
  and moves the head (an UPDATE in a WITH clause). The lock is held until the caller's transaction
  ends, so appends to one chain serialise and other chains never wait.
- SQLite, which runs one write transaction at a time: read the head, insert, update the head.

The same statements extend the chain's Merkle log (audit.merkle): the head row carries the tree's right
edge, and the hashes that become complete at tile levels (the leaf's, plus one more every 256 events)
are inserted with the event, in the WITH clause on PostgreSQL.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Model
from django.utils import timezone

from audit.canonical import canonical_json
from audit.chain import GENESIS_HASH, chain_key, hash_and_entry
from audit.merkle import MAX_ENTRY_SIZE, Edge, leaf_hash
from audit.models import AuditChainHead, AuditEvent, AuditLogHash
from audit.selectors import EVENT_COLUMNS, event_to_dict, tenant_public_id

# The order of the values that `_row_values` gives.
_COLUMNS = ("tenant", *EVENT_COLUMNS)


@dataclass(frozen=True)
class _Head:
    pk: int
    seq: int
    hash: str
    edge: bytes


def append(cursor: CursorWrapper, event: AuditEvent) -> None:
    """Set seq, time, prev_hash and hash of the unsaved `event` and insert it, in the open transaction."""
    statements = _statements(connection.vendor)
    head = lock_chain_head(cursor, chain_key(tenant_public_id(event.tenant)), event.tenant)
    entry = _place(event, head)
    if len(entry) > MAX_ENTRY_SIZE:
        raise ValueError(
            f"the event is {len(entry):,} bytes as JSON; a log entry holds at most {MAX_ENTRY_SIZE:,} "
            "(store large data elsewhere and record its id or digest)"
        )
    edge = Edge.from_bytes(head.seq, head.edge)
    hashes = [value for stored in edge.append(leaf_hash(entry)) for value in (head.pk, *stored)]
    moved = [event.seq, event.hash, edge.to_bytes(), head.pk]
    if statements.vendor == "postgresql":
        cursor.execute(_insert_at_head(len(hashes) // 4), [*moved, *hashes, *_row_values(event)])
        event.pk = cursor.fetchone()[0]
    else:
        cursor.execute(statements.insert, _row_values(event))
        event.pk = cursor.fetchone()[0] if statements.returning else cursor.lastrowid
        cursor.execute(_insert_hashes(len(hashes) // 4), hashes)
        cursor.execute(statements.move_head, moved)


def _place(event: AuditEvent, head: _Head) -> bytes:
    """Give the event its seq, prev_hash, time and hash; its log entry, encoded with the hash once."""
    event.seq = head.seq + 1
    event.prev_hash = head.hash
    event.time = timezone.now()
    # Hashed in exactly the shape it is exported and verified in (the still empty `hash` is not hashed).
    event.hash, entry = hash_and_entry(event_to_dict(event))
    return entry


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
    return _Head(pk=row[0], seq=row[1], hash=row[2], edge=bytes(row[3]))


@dataclass(frozen=True)
class _Statements:
    vendor: str
    lock_head: str
    # The event's insert; PostgreSQL runs it with the head's move and the hashes' insert (_insert_at_head).
    insert: str
    # Parameters (seq, hash, merkle edge, head id).
    move_head: str
    returning: bool


@functools.cache
def _insert_hashes(count: int) -> str:
    """INSERT of `count` Merkle hashes; parameters (head id, level, index, hash) for each."""
    quote = connection.ops.quote_name
    table = quote(AuditLogHash._meta.db_table)
    columns = ", ".join(quote(name) for name in ("head_id", "level", "index", "hash"))
    values = ", ".join(["(%s, %s, %s, %s)"] * count)
    return f"INSERT INTO {table} ({columns}) VALUES {values}"  # noqa: S608 (quoted names only)


@functools.cache
def _insert_at_head(hash_count: int) -> str:
    """PostgreSQL: move the head, insert the Merkle hashes and the event in one statement; parameters
    (seq, hash, merkle edge, head id, *hashes, *row)."""
    statements = _statements("postgresql")
    return (
        f"WITH head AS ({statements.move_head}), hashes AS ({_insert_hashes(hash_count)}) "
        f"{statements.insert} RETURNING id"
    )


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
    move_head = f"UPDATE {heads} SET last_seq = %s, last_hash = %s, merkle_edge = %s WHERE id = %s"  # noqa: S608
    lock_head = f"SELECT id, last_seq, last_hash, merkle_edge FROM {heads} WHERE chain_key = %s"  # noqa: S608
    if vendor == "postgresql":
        return _Statements(
            vendor=vendor,
            lock_head=f"{lock_head} FOR UPDATE",
            insert=insert,
            move_head=move_head,
            returning=True,
        )
    # SQLite has no row locks and needs none: its writers hold the database lock (IMMEDIATE mode).
    returning = connection.features.can_return_columns_from_insert
    return _Statements(
        vendor=vendor,
        lock_head=lock_head,
        insert=f"{insert} RETURNING id" if returning else insert,
        move_head=move_head,
        returning=returning,
    )

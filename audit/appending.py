"""The hot path of `record_event`: give an event its place in its chain and insert it.

Appends are the platform's most frequent write, and the ORM spent longer compiling their statements
than PostgreSQL spent running them (bench/audit_append.py), so they are plain SQL built once per
database vendor.

PostgreSQL, two statements and two round trips:

1. Read the chain's head (a plain SELECT, no lock).
2. One statement moves the head *if it is still the one read* (UPDATE ... WHERE last_seq and last_hash
   are the values read), and, only when that UPDATE changed the row, inserts the event and the Merkle
   hashes that became complete (INSERT ... SELECT ... FROM the UPDATE's RETURNING, in a WITH clause).

The UPDATE takes the head's row lock, which is held until the transaction ends, so appends to one chain
still serialise on that row and other chains never wait; a concurrent append that moved the head first
makes the condition false (PostgreSQL re-checks it on the newest row version after the lock wait), and
nothing is written. Then the append falls back to locking the head first (SELECT ... FOR UPDATE) and
running the same statement, which cannot miss under the lock (and, for a while, so do this process's
next appends to that chain: see CONTENDED_APPENDS). Called on its own (no transaction open),
statement 2 is the whole transaction: no BEGIN and COMMIT round trips, and the row lock is held only
while PostgreSQL runs it and flushes its commit, not across a round trip to Python. Inside a caller's
transaction nothing changes for the caller: the append joins it and commits or rolls back with it.

The statements go through a cursor with server-side parameter binding, so that the connection's
`prepare_threshold` (a DATABASE_URL option) can make them prepared statements: PostgreSQL then skips
parsing and planning them, about a third of its CPU time per append. Django's own cursors bind on the
client, which psycopg never prepares, so the option changes nothing else. Without it they are sent
unprepared (the default: prepared statements do not pass a transaction-pooling PgBouncer before 1.21).

SQLite, which runs one write transaction at a time (IMMEDIATE mode holds the database's write lock):
read the head, insert the event, insert the hashes, move the head, in one transaction.

The head row carries the Merkle log's right edge (audit.merkle.Edge), so an append extends the tree
from the head alone; the hashes that become complete at tile levels (the leaf's, plus one more every
256 events) are stored with the event.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import CharField, Field, Model
from django.utils import timezone

from audit.canonical import canonical_json
from audit.chain import GENESIS_HASH, chain_key, hash_and_entry
from audit.merkle import MAX_ENTRY_SIZE, Edge, leaf_hash
from audit.models import AuditChainHead, AuditEvent, AuditLogHash
from audit.selectors import EVENT_COLUMNS, event_to_dict, tenant_public_id

# The order of the values that `_row_values` gives.
_COLUMNS = ("tenant", *EVENT_COLUMNS)
_HASH_COLUMNS = ("head_id", "level", "index", "hash")


@dataclass(frozen=True)
class _Head:
    pk: int
    seq: int
    hash: str
    edge: bytes


def append(event: AuditEvent) -> None:
    """Set seq, time, prev_hash and hash of the unsaved `event` and insert it: in the caller's
    transaction if one is open, else in a transaction of its own."""
    if connection.vendor == "postgresql":
        _append_postgresql(event)
        return
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        _append_sqlite(cursor, event)


# When several processes append to one chain at the same moment, the head read is mostly stale by the
# time the write runs (8 writers on one tenant: 98 % of those writes missed, each a wasted statement and
# lock wait before the locked path). So after a miss on a chain, this process takes the head's lock
# first for its next CONTENDED_APPENDS appends to that chain: the cost then is the locked path's alone
# (4 round trips, as before the one-statement write), and one write in that many tries the head unlocked
# again. Per process and per chain; a chain with a single writer never misses.
CONTENDED_APPENDS = 100
_contended: dict[str, int] = {}


def _append_postgresql(event: AuditEvent) -> None:
    key = chain_key(tenant_public_id(event.tenant))
    locked_appends_left = _contended.pop(key, 0)
    if locked_appends_left > 1:
        _contended[key] = locked_appends_left - 1
    if not locked_appends_left:
        with _server_binding_cursor() as cursor:
            head = _read_head(cursor, _statements("postgresql").read_head, key)
            if head is not None and _write_if_head_is(cursor, event, head):
                return
            if head is not None:
                _contended[key] = CONTENDED_APPENDS
    # The chain's first event (no head row yet), a chain other processes append to now, or another
    # append moved the head since it was read.
    with transaction.atomic(savepoint=False), _server_binding_cursor() as cursor:
        head = lock_chain_head(cursor, key, event.tenant)
        if not _write_if_head_is(cursor, event, head):
            # Under the lock only this transaction moves the head: this is not a race but a broken rule.
            raise RuntimeError(f"the head of chain {key} changed while this append held its lock")


def _write_if_head_is(cursor: CursorWrapper, event: AuditEvent, head: _Head) -> bool:
    """Place the event after `head` and write it, the hashes and the moved head, if `head` is still the
    chain's head; False (nothing written) if another append moved it first."""
    entry = _place(event, head)
    edge = Edge.from_bytes(head.seq, head.edge)
    hashes = [value for stored in edge.append(leaf_hash(entry)) for value in stored]
    cursor.execute(
        _write_at_head(len(hashes) // 3),
        [event.seq, event.hash, edge.to_bytes(), head.pk, head.seq, head.hash, *hashes, *_row_values(event)],
    )
    row = cursor.fetchone()
    if row is None:
        return False
    event.pk = row[0]
    return True


def _append_sqlite(cursor: CursorWrapper, event: AuditEvent) -> None:
    statements = _statements(connection.vendor)
    head = lock_chain_head(cursor, chain_key(tenant_public_id(event.tenant)), event.tenant)
    entry = _place(event, head)
    edge = Edge.from_bytes(head.seq, head.edge)
    hashes = [value for stored in edge.append(leaf_hash(entry)) for value in (head.pk, *stored)]
    cursor.execute(statements.insert, _row_values(event))
    event.pk = cursor.fetchone()[0] if statements.returning else cursor.lastrowid
    cursor.execute(_insert_hashes(len(hashes) // 4), hashes)
    cursor.execute(statements.move_head, [event.seq, event.hash, edge.to_bytes(), head.pk])


def _place(event: AuditEvent, head: _Head) -> bytes:
    """Give the event its seq, prev_hash, time and hash; its log entry, encoded with the hash once."""
    event.seq = head.seq + 1
    event.prev_hash = head.hash
    event.time = timezone.now()
    # Hashed in exactly the shape it is exported and verified in (the still empty `hash` is not hashed).
    event.hash, entry = hash_and_entry(event_to_dict(event))
    if len(entry) > MAX_ENTRY_SIZE:
        raise ValueError(
            f"the event is {len(entry):,} bytes as JSON; a log entry holds at most {MAX_ENTRY_SIZE:,} "
            "(store large data elsewhere and record its id or digest)"
        )
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


def _server_binding_cursor() -> CursorWrapper:
    """A cursor of the default (PostgreSQL) connection that binds parameters on the server, wrapped as
    `connection.cursor()` wraps its own (health check, thread check, query logging for tests and
    DEBUG). Only the append's statements use it; they read no timestamps, so the time zone loader
    that Django registers on its own cursors is not needed."""
    import psycopg  # only on PostgreSQL: an SQLite installation need not have it

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    cursor = psycopg.Cursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


def _read_head(cursor: CursorWrapper, sql: str, key: str) -> _Head | None:
    cursor.execute(sql, [key])
    row = cursor.fetchone()
    return None if row is None else _Head(pk=row[0], seq=row[1], hash=row[2], edge=bytes(row[3]))


def lock_chain_head(cursor: CursorWrapper, key: str, tenant: Model | None) -> _Head:
    """The chain's head row, locked until the transaction ends (on PostgreSQL), created if missing.

    Checkpoints take the platform chain's lock first, so that two of them never get the same number.
    """
    lock = _statements(connection.vendor).lock_head
    head = _read_head(cursor, lock, key)
    if head is None:
        # First event of a chain. ON CONFLICT DO NOTHING (INSERT OR IGNORE on SQLite) lets racing first
        # appends all succeed: the losers' inserts wait for the winner, do nothing, then lock its row.
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(chain_key=key, tenant=tenant, last_seq=0, last_hash=GENESIS_HASH)],
            ignore_conflicts=True,
        )
        head = _read_head(cursor, lock, key)
    return head


def hold_chain(tenant: Model | None) -> None:
    """Lock `tenant`'s chain head until the caller's transaction ends, as its first append would.

    For a transaction that locks rows of its own and appends an event too: taking the head first, as
    every transaction that appends before it locks does, keeps two of them from each holding what the
    other waits for. PostgreSQL only (SQLite runs one write transaction at a time)."""
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("hold_chain needs a transaction: the lock would end with the statement")
    with _server_binding_cursor() as cursor:
        lock_chain_head(cursor, chain_key(tenant_public_id(tenant)), tenant)


@dataclass(frozen=True)
class _Statements:
    vendor: str
    read_head: str
    lock_head: str
    # SQLite's three writes of an append (PostgreSQL runs `_write_at_head` instead).
    insert: str
    # Parameters (seq, hash, merkle edge, head id).
    move_head: str
    returning: bool


@functools.cache
def _insert_hashes(count: int) -> str:
    """SQLite: INSERT of `count` Merkle hashes; parameters (head id, level, index, hash) for each."""
    quote = connection.ops.quote_name
    table = quote(AuditLogHash._meta.db_table)
    columns = ", ".join(quote(name) for name in _HASH_COLUMNS)
    values = ", ".join(["(%s, %s, %s, %s)"] * count)
    return f"INSERT INTO {table} ({columns}) VALUES {values}"  # noqa: S608 (quoted names only)


@functools.cache
def _write_at_head(hash_count: int) -> str:
    """PostgreSQL: move the head from the state read, and only then insert the Merkle hashes and the
    event, in one statement that returns the event's id (no row: the head had moved).

    Parameters: new seq, new hash, new merkle edge, head id, the seq and hash read; (level, index,
    hash) of each Merkle hash; the event's row (`_row_values`). Each value of the SELECT lists is cast
    to its column's type (`_cast_type`): in a SELECT list PostgreSQL would otherwise take an untyped
    parameter (a string) as text, which it does not convert to jsonb.
    """
    quote = connection.ops.quote_name
    heads = quote(AuditChainHead._meta.db_table)
    events = quote(AuditEvent._meta.db_table)
    hash_table = quote(AuditLogHash._meta.db_table)
    fields = [AuditEvent._meta.get_field(name) for name in _COLUMNS]
    columns = ", ".join(quote(field.column) for field in fields)
    values = ", ".join(f"%s::{_cast_type(field)}" for field in fields)
    hash_columns = ", ".join(quote(name) for name in _HASH_COLUMNS)
    hash_values = ", ".join(["(%s::smallint, %s::bigint, %s::bytea)"] * hash_count)
    # S608: only quoted names from the models' metadata and column types are interpolated.
    return (
        f"WITH head AS (UPDATE {heads} SET last_seq = %s, last_hash = %s, merkle_edge = %s "  # noqa: S608
        "WHERE id = %s AND last_seq = %s AND last_hash = %s RETURNING id), "
        f"hashes AS (INSERT INTO {hash_table} ({hash_columns}) SELECT head.id, stored.* FROM head, "
        f"(VALUES {hash_values}) AS stored) "
        f"INSERT INTO {events} ({columns}) SELECT {values} FROM head RETURNING id"
    )


def _cast_type(field: Field) -> str:
    # Character columns take text, never `varchar(n)`: an explicit cast to varchar(n) silently cuts a
    # longer string, while storing text in the column refuses it ("value too long"), as an INSERT ...
    # VALUES does. A cut value would no longer match the hash computed over the whole one.
    return "text" if isinstance(field, CharField) else field.cast_db_type(connection)


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
    read_head = f"SELECT id, last_seq, last_hash, merkle_edge FROM {heads} WHERE chain_key = %s"  # noqa: S608
    if vendor == "postgresql":
        return _Statements(
            vendor=vendor,
            read_head=read_head,
            lock_head=f"{read_head} FOR UPDATE",
            insert=insert,
            move_head=move_head,
            returning=True,
        )
    # SQLite has no row locks and needs none: its writers hold the database lock (IMMEDIATE mode).
    returning = connection.features.can_return_columns_from_insert
    return _Statements(
        vendor=vendor,
        read_head=read_head,
        lock_head=read_head,
        insert=f"{insert} RETURNING id" if returning else insert,
        move_head=move_head,
        returning=returning,
    )

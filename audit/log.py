"""Reads of a chain's Merkle log: roots, proofs, tlog-tiles tiles and entry bundles.

A chain's log has one leaf per event (leaf index = seq - 1, audit.merkle says what is hashed); the
hashes stored at levels 0, 8, 16, ... are exactly the rows of tlog-tiles tiles at levels 0, 1, 2, ...,
so a tile is one range read. Every function takes the chain's head row (audit.selectors.chain_head).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import connection
from django.db.models import Model

from audit.canonical import format_timestamp
from audit.chain import chain_key
from audit.merkle import (
    EMPTY_ROOT,
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
from audit.models import AuditChainHead, AuditEvent, AuditLogHash, LogCheckpoint, LogCosignature
from audit.notes import Checkpoint as NoteCheckpoint
from audit.notes import (
    NoteError,
    Proof,
    b64encode,
    parse_checkpoint,
    parse_note,
    sign_note,
    verify_checkpoint,
)
from audit.selectors import event_to_dict, iter_chain_events, tenant_public_id
from audit.trust import trusted_public_keys

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


def log_hashes(head: AuditChainHead, prefetch: Iterable[tuple[int, int]] = ()) -> SubtreeHashes:
    """The Merkle log of `head`'s chain, for roots and proofs at any size up to its own.

    `prefetch` names tiles (stored level, tile index) read at once, in one statement; any other tile is
    read when it is needed.
    """
    return _log_hashes(head.pk, prefetch)


def _log_hashes(head_id: int, prefetch: Iterable[tuple[int, int]] = ()) -> SubtreeHashes:
    fetched = _read_tiles(head_id, prefetch)

    def read(level: int, first: int, count: int) -> list[bytes]:
        # SubtreeHashes reads whole tiles: `first` is a tile's first index and `count` its width.
        tile = (level, first // TILE_WIDTH)
        if tile not in fetched:
            fetched.update(_read_tiles(head_id, [tile]))
        return fetched[tile]

    return SubtreeHashes(read)


def _read_tiles(head_id: int, tiles: Iterable[tuple[int, int]]) -> dict[tuple[int, int], list[bytes]]:
    """The stored hashes of whole tiles (stored level, tile index) of a head's log, in one statement.

    One index range scan per tile, joined with UNION ALL. The same ranges ORed in one WHERE made
    PostgreSQL read them through a bitmap, visiting the heap page of every row, and the rows above level
    0 lie one per page (each is written 256 appends after the one before): about 420 pages for a proof
    at 100,000 events. Apart, the ranges above level 0 are index-only scans of `audit_log_hash_upper`,
    and a proof reads about 35 pages. Plain SQL: the ORM spent more CPU compiling the query than the
    database spent running it (bench/audit_proofs.py).
    """
    wanted = sorted(set(tiles))
    fetched: dict[tuple[int, int], list[bytes]] = {tile: [] for tile in wanted}
    if not wanted:
        return fetched
    params = []
    for level, index in wanted:
        params += [head_id, level, index * TILE_WIDTH, (index + 1) * TILE_WIDTH]
    with connection.cursor() as cursor:
        cursor.execute(_tiles_sql(connection.vendor, len(wanted)), params)
        for level, index, value in cursor.fetchall():
            fetched[(level, index // TILE_WIDTH)].append(bytes(value))
    return fetched


@functools.cache
def _tiles_sql(vendor: str, count: int) -> str:
    """The rows of `count` tiles in (level, index) order; parameters (head id, level, first index, end
    index) for each tile. The default database's vendor keys the cache, as in audit.appending."""
    quote = connection.ops.quote_name
    table = quote(AuditLogHash._meta.db_table)
    head, level, index, hash_ = (
        quote(AuditLogHash._meta.get_field(name).column) for name in ("head", "level", "index", "hash")
    )
    # S608: only quoted names from the model's metadata are interpolated; every value is a parameter.
    one = (
        f"SELECT {level}, {index}, {hash_} FROM {table} "  # noqa: S608
        f"WHERE {head} = %s AND {level} = %s AND {index} >= %s AND {index} < %s"
    )
    return " UNION ALL ".join([one] * count) + " ORDER BY 1, 2"


def proof_tiles(index: int, size: int) -> list[tuple[int, int]]:
    """The tiles an inclusion proof of leaf `index` in a tree of `size` reads: at each stored level, the
    one holding the leaf's ancestor and the one on the tree's right edge (audit.merkle.SubtreeHashes)."""
    tiles = []
    level = 0
    while size >> level:
        tiles += [(level, (index >> level) // TILE_WIDTH), (level, ((size - 1) >> level) // TILE_WIDTH)]
        level += TILE_HEIGHT
    return tiles


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


class LogUnavailable(Exception):
    """The log cannot vouch for anything now: no log checkpoint of it verifies, or its stored hashes do
    not prove an event against the one that does. The message names the problem; `assay audit verify`
    shows the whole picture."""


def verify_log_checkpoint(origin: str, size: int, note: str, keys: list[Ed25519PublicKey]) -> NoteCheckpoint:
    """The checkpoint of a log checkpoint row (its `size` column and `note`), once its note is shown to
    be signed for `origin` under a trusted key and to sign the size the row says; NoteError otherwise.

    The size column is what rows are ordered and filtered by, so a row whose column differs from its
    signed note (an old note replayed under a larger size) must never count."""
    checkpoint = verify_checkpoint(note, origin, keys)
    if checkpoint.size != size:
        raise NoteError(f"the row says size {size}, but its signed note signs size {checkpoint.size}")
    return checkpoint


def newest_log_checkpoint(
    head: AuditChainHead, keys: list[Ed25519PublicKey] | None = None
) -> LogCheckpoint | None:
    """The newest log checkpoint of the head's log that holds up under the trusted `keys` (default:
    audit.trust's): its note is signed for the log's origin and signs the size its row says.

    A row that does not (an INSERT of garbage, or an old note replayed under another size) is passed
    over, so that it neither stands in for the log's newest checkpoint nor hides it; `audit verify`
    names it.
    """
    if keys is None:
        keys = list(trusted_public_keys().keys.values())
    origin = log_origin(head.tenant)
    rows = LogCheckpoint.objects.filter(head=head).order_by("-size", "-pk")
    # The newest row normally holds: the others are read only after one that does not.
    for row in itertools.chain(rows[:1], rows[1:].iterator(chunk_size=100)):
        try:
            verify_log_checkpoint(origin, row.size, row.note, keys)
        except NoteError:
            continue
        return row
    return None


def same_note(checkpoint: LogCheckpoint, prefix: str = "") -> dict[str, object]:
    """ORM filter arguments for the log checkpoint rows of `checkpoint`'s log with its exact note
    (`prefix`: the path to LogCheckpoint, e.g. "checkpoint__"). Rows written before a log that has not
    moved kept its row hold copies of one note, one per platform checkpoint, and a witness's
    cosignature may sit on any copy: the copies are one checkpoint, served with all their cosignatures."""
    return {
        f"{prefix}head_id": checkpoint.head_id,
        f"{prefix}size": checkpoint.size,
        f"{prefix}note": checkpoint.note,
    }


def served_note(checkpoint: LogCheckpoint) -> str:
    """The log checkpoint as served and proved against: its signed note, then the witnesses'
    cosignature lines collected for it or for a copy of it (same_note), oldest first, one per witness
    key (`assay audit add-cosignature`)."""
    rows = (
        LogCosignature.objects.filter(**same_note(checkpoint, "checkpoint__"))
        .order_by("pk")
        .values_list("witness", "key_id", "line")
    )
    return checkpoint.note + "".join(_one_per_witness(rows))


def _one_per_witness(rows: Iterable[tuple[str, str, str]]) -> list[str]:
    """The lines of (witness, key id, line) rows, oldest first, the first of each witness key only: two
    copies of a checkpoint may each hold a line of the same witness."""
    seen: set[tuple[str, str]] = set()
    lines = []
    for witness, key, line in rows:
        if (witness, key) not in seen:
            seen.add((witness, key))
            lines.append(line)
    return lines


def sign_log_note(head: AuditChainHead, private_key: Ed25519PrivateKey) -> str:
    """The head's log, at its current size, as a checkpoint in a note signed under its origin."""
    origin = log_origin(head.tenant)
    checkpoint = NoteCheckpoint(origin=origin, size=head.last_seq, root=current_root(head))
    return str(sign_note(checkpoint.text(), origin, private_key))


def signs_log_now(row: LogCheckpoint | None, head: AuditChainHead, public_key: Ed25519PublicKey) -> bool:
    """Whether log checkpoint `row` signs the head's log as it is now (its size and root) under
    `public_key`; then the next platform checkpoint keeps the row and signs no other. A log that has
    not moved would otherwise get a copy of its checkpoint with every platform checkpoint, and a
    witness's cosignature on one copy would be missing from the next one served."""
    if row is None:
        return False
    origin = log_origin(head.tenant)
    try:
        signed = verify_checkpoint(row.note, origin, [public_key])
    except NoteError:
        return False
    return signed == NoteCheckpoint(origin=origin, size=head.last_seq, root=current_root(head))


def log_problem(head: AuditChainHead, previous: LogCheckpoint | None) -> str | None:
    """Why the head's Merkle log must not be signed, or None.

    The stored hashes must give the edge's root; the leaves added since the previous log checkpoint
    must be the hashes of the events as they are now; and the log must extend the previous checkpoint
    (a consistency proof from the stored hashes, checked against both roots).
    """
    hashes = log_hashes(head)
    old_size = previous.size if previous else 0
    try:
        # Inside the try: a head whose edge does not fit its size (moved forward without its edge, as
        # the head's trigger allows) withholds this chain, not every chain's checkpoint.
        root = current_root(head)
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
    """A tlog-proof of `event` against its chain's newest log checkpoint that verifies under
    `public_keys`; ProofError when that checkpoint does not cover the event yet, LogUnavailable when no
    checkpoint verifies or the stored hashes do not prove the event against it.

    Two statements whatever the log's size: the newest log checkpoint with its cosignatures, then the
    proof's tiles (_read_tiles). Plain SQL and plain values: a proof is a hot read (every image's
    `/proof`), and the ORM spent more CPU building these queries than the database spent running them.
    When the newest row does not verify (an inserted or replayed row), the newest one that does is
    looked up instead (newest_log_checkpoint), at a few queries more.
    """
    origin = log_origin(event.tenant)
    with connection.cursor() as cursor:
        cursor.execute(_newest_checkpoint_sql(connection.vendor), [chain_key(tenant_public_id(event.tenant))])
        rows = cursor.fetchall()
    if not rows:
        raise ProofError(_not_covered(event, 0))
    head_id, size, note = rows[0][0], rows[0][1], rows[0][2]
    try:
        checkpoint = verify_log_checkpoint(origin, size, note, public_keys)
        served = note + "".join(_one_per_witness(row[3:] for row in rows if row[3] is not None))
    except NoteError as exc:
        row = newest_log_checkpoint(AuditChainHead.objects.get(pk=head_id), public_keys)
        if row is None:
            raise LogUnavailable(
                f"no log checkpoint of {origin} verifies under the trusted keys (the newest row, of size "
                f"{size}: {exc}): the checkpoint table was tampered with, or the signing key changed "
                "without its public key being trusted"
            ) from exc
        checkpoint = verify_log_checkpoint(origin, row.size, row.note, public_keys)
        served = served_note(row)
    if checkpoint.size < event.seq:
        raise ProofError(_not_covered(event, checkpoint.size))
    position = log_position(event)
    tiles = proof_tiles(position.index, checkpoint.size)
    try:
        hashes = _log_hashes(head_id, tiles).inclusion_proof(position.index, checkpoint.size)
        verify_inclusion(position.leaf_hash, position.index, checkpoint.size, hashes, checkpoint.root)
    except ProofError as exc:
        raise LogUnavailable(
            f"the stored Merkle hashes of {origin} do not prove event seq {event.seq} against its signed "
            f"checkpoint of size {checkpoint.size}: {exc}"
        ) from exc
    return Proof(index=position.index, hashes=tuple(hashes), checkpoint_note=served)


def _not_covered(event: AuditEvent, size: int) -> str:
    return (
        f"event seq {event.seq} is not covered by a log checkpoint yet (the newest covers {size} "
        "events); it will be after the next checkpoint"
    )


@functools.cache
def _newest_checkpoint_sql(vendor: str) -> str:
    """A chain's newest log checkpoint (head id, size, note) with each cosignature (witness, key id,
    line) of it or of a copy of it (same_note), oldest first (one row with null cosignature columns
    when there is none); parameter: the chain key. What served_note reads, in one statement."""
    quote = connection.ops.quote_name
    checkpoints = quote(LogCheckpoint._meta.db_table)
    heads = quote(AuditChainHead._meta.db_table)
    cosignatures = quote(LogCosignature._meta.db_table)
    # S608: only quoted names from the models' metadata are interpolated; the chain key is a parameter.
    return (
        f"WITH newest AS (SELECT c.id, c.head_id, c.size, c.note FROM {checkpoints} c "  # noqa: S608
        f"JOIN {heads} h ON h.id = c.head_id WHERE h.chain_key = %s ORDER BY c.size DESC, c.id DESC LIMIT 1) "
        f"SELECT newest.head_id, newest.size, newest.note, s.witness, s.key_id, s.line FROM newest "
        f"LEFT JOIN {checkpoints} twin ON twin.head_id = newest.head_id AND twin.size = newest.size "
        f"AND twin.note = newest.note "
        f"LEFT JOIN {cosignatures} s ON s.checkpoint_id = twin.id ORDER BY s.id"
    )


@dataclass(frozen=True)
class LogResource:
    """One file of a log as tlog-tiles serves it; `immutable` ones never change at their path."""

    path: str
    body: bytes
    content_type: str
    immutable: bool


def log_resource(tenant: Model | None, path: str) -> LogResource:
    """`checkpoint`, `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]` of a chain's log; LookupError
    when there is no such file (yet). The checkpoint is the newest one that verifies
    (newest_log_checkpoint); tiles are served once the log has any checkpoint (a client checks them
    against a signed root, so they need none here)."""
    head = AuditChainHead.objects.filter(chain_key=chain_key(tenant_public_id(tenant))).first()
    if path == "checkpoint":
        newest = newest_log_checkpoint(head) if head is not None else None
        if newest is None:
            raise LookupError(_no_checkpoint(head))
        return _checkpoint_resource(newest)
    if head is None or not LogCheckpoint.objects.filter(head=head).exists():
        raise LookupError("the log has no checkpoint yet")
    return _tile_resource(tenant, head, path)


def _no_checkpoint(head: AuditChainHead | None) -> str:
    if head is not None and LogCheckpoint.objects.filter(head=head).exists():
        return "no checkpoint of the log verifies under the trusted keys (`assay audit verify` says why)"
    return "the log has no checkpoint yet"


def _checkpoint_resource(checkpoint: LogCheckpoint) -> LogResource:
    body = served_note(checkpoint).encode()
    return LogResource("checkpoint", body, "text/plain; charset=utf-8", immutable=False)


def _tile_resource(tenant: Model | None, head: AuditChainHead, path: str) -> LogResource:
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


def log_files(tenant: Model | None, checkpoint: LogCheckpoint | None = None) -> Iterator[LogResource]:
    """Every file of the chain's log at `checkpoint` (default: its newest that verifies): the
    checkpoint, tiles and entry bundles, one at a time (a large log's bundles do not fit in memory
    together). LookupError, at the first file, when the log has no checkpoint that verifies."""
    head = AuditChainHead.objects.filter(chain_key=chain_key(tenant_public_id(tenant))).first()
    if checkpoint is None:
        checkpoint = newest_log_checkpoint(head) if head is not None else None
    if checkpoint is None or head is None:
        raise LookupError(_no_checkpoint(head))
    yield _checkpoint_resource(checkpoint)
    tiles = tiles_for_size(checkpoint.size)
    for level, index, width in tiles:
        yield _tile_resource(tenant, head, tile_path(level, index, width))
    for level, index, width in tiles:
        if level == 0:
            yield _tile_resource(tenant, head, tile_path(None, index, width))


def write_log_files(tenant: Model | None, directory: Path) -> NoteCheckpoint:
    """Write the log's files under `directory` in the tlog-tiles layout (any static file server or bucket
    can serve them); LookupError when the log has no checkpoint yet. The checkpoint is written last, so
    a reader that finds it finds every tile it names."""
    files = log_files(tenant)
    checkpoint = next(files)
    for resource in files:
        path = directory / resource.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(resource.body)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / checkpoint.path).write_bytes(checkpoint.body)
    return parse_checkpoint(parse_note(checkpoint.body.decode()).text)


_RECHECK_CHUNK = 2000


class LogRecheck:
    """`audit verify`'s check of a chain's Merkle log: the tree recomputed from the events themselves,
    fed one by one in seq order, against every stored hash, the head's right edge and the roots its
    log checkpoints sign under the trusted `keys`. `problem` is (seq at fault, what differs) from the
    first difference on.

    Every log checkpoint row is checked too, and `checkpoint_problems` names each that fails (row id,
    date, why): its note must verify under the trusted keys and sign the size its row says, and in the
    order the rows were written (id) neither their size nor their date may go back. `listed` maps the
    (size, base64 root) of each log checkpoint that a trusted platform checkpoint lists for this chain
    to that checkpoint's name: each must still have its row.
    """

    def __init__(
        self,
        head: AuditChainHead | None,
        keys: list[Ed25519PublicKey],
        listed: Mapping[tuple[int, str], str] | None = None,
    ) -> None:
        self._head = head
        self._edge = Edge()
        self._leaves: dict[int, bytes] = {}
        self._upper: dict[tuple[int, int], bytes] = {}
        self._signed: dict[int, list[bytes]] = {}
        self.problem: tuple[int, str] | None = None
        self.checkpoint_problems: list[str] = []
        if head is None:
            return
        upper = AuditLogHash.objects.filter(head=head, level__gt=0).values_list("level", "index", "hash")
        self._upper = {(level, index): bytes(value) for level, index, value in upper}
        self._check_checkpoints(head, keys, listed or {})
        if any(root != EMPTY_ROOT for root in self._signed.pop(0, [])):
            self.problem = (0, "a log checkpoint of the empty log signs a root other than the empty tree's")

    def _check_checkpoints(
        self, head: AuditChainHead, keys: list[Ed25519PublicKey], listed: Mapping[tuple[int, str], str]
    ) -> None:
        origin = log_origin(head.tenant)
        rows = (
            LogCheckpoint.objects.filter(head=head)
            .order_by("pk")
            .values_list("pk", "created_at", "size", "note")
        )
        held: set[tuple[int, str]] = set()
        last: tuple[int, str, int] | None = None  # (id, date, size) of the last row that verified
        for pk, created_at, size, note in rows.iterator(chunk_size=500):
            date = format_timestamp(created_at)
            name = f"log checkpoint row {pk} of {date} ({origin})"
            try:
                checkpoint = verify_log_checkpoint(origin, size, note, keys)
            except NoteError as exc:
                self.checkpoint_problems.append(
                    f"{name} does not verify under the trusted keys: {exc}. It is never served; it was "
                    "inserted or changed by hand, or signed by a key that is no longer trusted"
                )
                continue
            held.add((size, b64encode(checkpoint.root)))
            self._signed.setdefault(size, []).append(checkpoint.root)
            # A flagged row is left out of `last`, so the rows after it are compared with the real one.
            if last is not None and size < last[2]:
                self.checkpoint_problems.append(
                    f"{name} signs size {size}, less than row {last[0]} written before it (size {last[2]}): "
                    "a log only grows, so an older note was inserted again"
                )
            elif last is not None and date < last[1]:
                self.checkpoint_problems.append(
                    f"{name} is dated before row {last[0]} written before it ({last[1]}): the row was "
                    "inserted later"
                )
            else:
                last = (pk, date, size)
        for (size, root), source in listed.items():
            if (size, root) not in held:
                self.checkpoint_problems.append(
                    f"{source} lists log {origin} at size {size} (root {root}), but no log checkpoint row "
                    "that verifies signs it: the row was deleted"
                )

    def feed(self, event: dict) -> None:
        if self.problem is not None or self._head is None:
            return
        index = self._edge.size
        if index % _RECHECK_CHUNK == 0:
            rows = AuditLogHash.objects.filter(
                head=self._head, level=0, index__gte=index, index__lt=index + _RECHECK_CHUNK
            ).values_list("index", "hash")
            self._leaves = {position: bytes(value) for position, value in rows}
        for level, position, value in self._edge.append(leaf_hash(entry_bytes(event))):
            stored = self._leaves.get(position) if level == 0 else self._upper.pop((level, position), None)
            what = (
                f"leaf {position} (event seq {position + 1})"
                if level == 0
                else f"node {position} at level {level}"
            )
            if stored is None:
                self.problem = (index + 1, f"the Merkle log has no stored hash for {what}")
                return
            if stored != value:
                self.problem = (
                    index + 1,
                    f"the stored hash of {what} is {stored.hex()}, but the events give {value.hex()}",
                )
                return
        for root in self._signed.pop(self._edge.size, []):
            if root != self._edge.root():
                self.problem = (
                    index + 1,
                    f"a log checkpoint signs root {root.hex()} at size {self._edge.size}, but the events "
                    f"give {self._edge.root().hex()}",
                )
                return

    def finish(self) -> tuple[int, str] | None:
        if self.problem is not None or self._head is None:
            return self.problem
        size = self._edge.size
        if bytes(self._head.merkle_edge) != self._edge.to_bytes():
            return (size, f"the head's Merkle edge is not the right edge of the {size} events' tree")
        if self._signed:
            beyond = max(self._signed)
            return (size, f"a log checkpoint signs size {beyond}, but the chain has {size} events")
        stored_leaves = AuditLogHash.objects.filter(head=self._head, level=0, index__gte=size).count()
        if stored_leaves or self._upper:
            return (size, f"the Merkle log stores hashes beyond the {size} events of the chain")
        return None

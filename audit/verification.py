"""Chain and export verification: pure functions over event dicts, with no database.

`audit verify` feeds it events read from the database; `audit verify-export` feeds it the lines of
an export, so both report breaks in the same words. Each check stops at the FIRST broken sequence number
and says why, distinguishing what the evidence can tell apart:

- event missing     a sequence number is absent (seq jumps), or the chain ends before the seq that
                    the chain head or a signed checkpoint says it reaches;
- order changed     an event sits where it does not belong: its seq runs backwards, a missing seq turns
                    up later in the stream, or its prev_hash is not the hash of the event before it
                    (events swapped, or an event replaced or removed and the rest renumbered);
- content changed   the event links correctly but its stored hash is not the hash of its fields: its
                    payload (or another field) was edited after it was written;
- checkpoint mismatch  the event is self-consistent but differs from what a signed checkpoint recorded
                    for that seq: the chain was rewritten, hashes and all;
- checkpoint overdue  the event is intact but was written long after the newest trusted checkpoint,
                    while checkpoints are taken on a schedule: newer checkpoints were removed (or the
                    schedule stopped), see audit.checkpoints;
- head mismatch / wrong chain / malformed event  for a head row, an event from another tenant, and
                    records that are not events at all.

Export layout (a folder): `events.jsonl` (one event per line, see audit.chain), `checkpoint.json`
(`{"body": {...}, "signature": "<base64>"}`, see audit.signing), `public_key.pem`, and `log/`: the
tenant's transparency log in the C2SP tlog-tiles layout (audit.log), which C2SP tools read as they are.
The checkpoint body's `export` section signs the exported range: its first seq, the first event's
prev_hash (the anchor), its last seq and last hash. A range cut by --since/--until therefore verifies
on its own; it is tied to the chain head signed in the same checkpoint only when it reaches that head.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audit.canonical import parse_timestamp
from audit.chain import EVENT_FIELDS, GENESIS_HASH, event_hash
from audit.merkle import TILE_WIDTH, ProofError, SubtreeHashes, leaf_hash, tile_path
from audit.notes import NoteError, b64encode, parse_checkpoint, parse_note, verify_checkpoint
from audit.signing import ALGORITHM, load_public_keys, public_key_fingerprint, signature_is_valid
from audit.tilesource import DirectoryTiles, read_entry_bundle, tree_hashes

EVENTS_FILE = "events.jsonl"
# The tenant's transparency log in the tlog-tiles layout (checkpoint, tile/...), when the export has it.
LOG_FOLDER = "log"
CHECKPOINT_FILE = "checkpoint.json"
PUBLIC_KEY_FILE = "public_key.pem"
CHECKPOINT_FORMAT = "assay.audit.checkpoint/1"

_HASH_RE = re.compile(r"\A[0-9a-f]{64}\Z")
_ANY_TENANT = object()


class Reason(StrEnum):
    CONTENT_CHANGED = "content changed"
    EVENT_MISSING = "event missing"
    ORDER_CHANGED = "order changed"
    CHECKPOINT_MISMATCH = "checkpoint mismatch"
    CHECKPOINT_OVERDUE = "checkpoint overdue"
    HEAD_MISMATCH = "head mismatch"
    WRONG_CHAIN = "wrong chain"
    MALFORMED = "malformed event"
    MERKLE_LOG = "merkle log broken"


@dataclass(frozen=True)
class ChainBreak:
    seq: int | None
    reason: Reason
    detail: str

    def __str__(self) -> str:
        return f"seq {self.seq}: {self.reason}: {self.detail}"


@dataclass(frozen=True)
class ChainReport:
    count: int
    first_seq: int | None
    last_seq: int | None
    head_hash: str | None
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


@dataclass(frozen=True)
class SignedPoint:
    """A (seq, hash) pair that a verified checkpoint vouches for; `source` names the checkpoint."""

    hash: str
    source: str


def signature_problem(
    body: Mapping[str, Any], signature: Any, trusted_keys: Mapping[str, Ed25519PublicKey]
) -> str | None:
    """Why a checkpoint's signature does not count under the trusted keys (by fingerprint), or None.

    Only the trusted keys are used: a public key stored next to the checkpoint proves nothing.
    """
    fingerprint = body.get("public_key_fingerprint")
    key = trusted_keys.get(fingerprint) if isinstance(fingerprint, str) else None
    if key is None:
        return (
            f"signed by key {fingerprint}, which is not a trusted key ({', '.join(trusted_keys) or 'none'}): "
            "someone else signed it, or the platform key was rotated and the old public key is not listed"
        )
    if not isinstance(signature, str) or not signature_is_valid(key, body, signature):
        return "the signature does not match its body"
    return None


def _missing(first: int, last: int) -> str:
    return f"event {first} is missing" if first == last else f"events {first}..{last} are missing"


def _short(digest: object) -> str:
    return f"{digest[:12]}…" if isinstance(digest, str) else repr(digest)


class ChainVerifier:
    """Checks one chain fed event by event, so that exports of any size stream through in constant memory.

    `first_seq` is the seq the stream must start at (None: whatever the first event says) and `anchor`
    the prev_hash the first event must carry (None: trust the first event's). A whole chain starts at
    seq 1 with GENESIS_HASH. `tenant`, when given, is the public id (or None) every event must carry.
    """

    def __init__(
        self,
        *,
        first_seq: int | None = 1,
        anchor: str | None = GENESIS_HASH,
        tenant: Any = _ANY_TENANT,
        signed_points: Mapping[int, SignedPoint] | None = None,
    ) -> None:
        self._expected_seq = first_seq
        self._prev_hash = anchor
        self._tenant = tenant
        self._signed_points = signed_points or {}
        self.count = 0
        self.first_seq: int | None = None
        self.last_seq: int | None = None
        self.broken: ChainBreak | None = None
        # After a gap the stream is read on, to tell "missing" from "moved later" (order changed).
        self._gap_seq: int | None = None
        self._gap_after: int | None = None

    def feed(self, event: Any) -> None:
        if self.broken is not None:
            self._watch_gap(event)
            return
        problem = _malformation(event)
        if problem is not None:
            seq = event.get("seq") if isinstance(event, Mapping) else None
            self._break(seq if _is_seq(seq) else self._expected_seq, Reason.MALFORMED, problem)
            return
        seq = event["seq"]
        if self._tenant is not _ANY_TENANT and event["tenant"] != self._tenant:
            self._break(
                seq,
                Reason.WRONG_CHAIN,
                f"the event names tenant {event['tenant']!r}, but this chain is tenant {self._tenant!r}",
            )
            return
        expected = seq if self._expected_seq is None else self._expected_seq
        if seq > expected:
            missing = f"event {expected} is" if seq == expected + 1 else f"events {expected}..{seq - 1} are"
            self._break(
                expected, Reason.EVENT_MISSING, f"{missing} missing (the next event present is {seq})"
            )
            self._gap_seq, self._gap_after = expected, seq
            return
        if seq < expected:
            self._break(
                seq,
                Reason.ORDER_CHANGED,
                f"event {seq} appears after event {expected - 1} (events out of order or duplicated)",
            )
            return
        prev_hash = event["prev_hash"] if self._prev_hash is None else self._prev_hash
        if event["prev_hash"] != prev_hash:
            before = "the chain's anchor" if self.count == 0 else f"the hash of event {seq - 1}"
            self._break(
                seq,
                Reason.ORDER_CHANGED,
                f"prev_hash {_short(event['prev_hash'])} is not {before} ({_short(prev_hash)}): events were "
                "reordered, or an event was replaced, or one was removed and the rest renumbered",
            )
            return
        recomputed = event_hash(event)
        if recomputed != event["hash"]:
            self._break(
                seq,
                Reason.CONTENT_CHANGED,
                f"stored hash {_short(event['hash'])} does not match the hash of the event's fields "
                f"({_short(recomputed)}): its payload or another field was changed after it was written",
            )
            return
        point = self._signed_points.get(seq)
        if point is not None and point.hash != event["hash"]:
            self._break(
                seq,
                Reason.CHECKPOINT_MISMATCH,
                f"hash {_short(event['hash'])} differs from {_short(point.hash)} signed in {point.source}: "
                "the chain was rewritten at or before this seq",
            )
            return
        if self.first_seq is None:
            self.first_seq = seq
        self.count += 1
        self.last_seq = seq
        self._expected_seq = seq + 1
        self._prev_hash = event["hash"]

    def reject(self, detail: str) -> None:
        """Mark the stream broken at the current position for a record that is not an event at all."""
        if self.broken is None:
            self._break(self._expected_seq, Reason.MALFORMED, detail)

    def finish(
        self,
        *,
        expected_last_seq: int | None = None,
        expected_last_hash: str | None = None,
        expected_by: str = "the chain head",
    ) -> ChainReport:
        """The report; `expected_last_*` is where the chain must end according to `expected_by`."""
        if self.broken is None and expected_last_seq is not None:
            self._check_end(expected_last_seq, expected_last_hash, expected_by)
        if self.broken is None:
            beyond = [seq for seq in self._signed_points if self.last_seq is None or seq > self.last_seq]
            if beyond:
                end = self.last_seq or 0
                self._break(
                    end + 1,
                    Reason.EVENT_MISSING,
                    f"{self._signed_points[max(beyond)].source} signed seq {max(beyond)}, but the chain ends "
                    f"at seq {end}: events {end + 1}..{max(beyond)} were removed",
                )
        return ChainReport(
            count=self.count,
            first_seq=self.first_seq,
            last_seq=self.last_seq,
            head_hash=self._prev_hash,
            broken=self.broken,
        )

    def _check_end(self, expected_last_seq: int, expected_last_hash: str | None, expected_by: str) -> None:
        end = self.last_seq if self.last_seq is not None else (self._expected_seq or 1) - 1
        if end < expected_last_seq:
            self._break(
                end + 1,
                Reason.EVENT_MISSING,
                f"the chain ends at seq {end}, but {expected_by} says it reaches seq {expected_last_seq}: "
                f"{_missing(end + 1, expected_last_seq)}",
            )
        elif end > expected_last_seq:
            self._break(
                expected_last_seq + 1,
                Reason.HEAD_MISMATCH,
                f"the chain goes on to seq {end}, past seq {expected_last_seq} recorded by {expected_by}: "
                "events were added that it does not account for",
            )
        elif expected_last_hash is not None and self._prev_hash != expected_last_hash:
            self._break(
                end,
                Reason.HEAD_MISMATCH,
                f"the last event's hash {_short(self._prev_hash)} differs from {_short(expected_last_hash)} "
                f"recorded by {expected_by}",
            )

    def _break(self, seq: int | None, reason: Reason, detail: str) -> None:
        self.broken = ChainBreak(seq=seq, reason=reason, detail=detail)

    def _watch_gap(self, event: Any) -> None:
        if self._gap_seq is None or not isinstance(event, Mapping) or event.get("seq") != self._gap_seq:
            return
        self._break(
            self._gap_seq,
            Reason.ORDER_CHANGED,
            f"event {self._gap_seq} appears later in the stream, after event {self._gap_after}: "
            "events were reordered",
        )
        self._gap_seq = None


def verify_chain(events: Iterable[Any], **options: Any) -> ChainReport:
    """Verify a whole chain (or a range, see ChainVerifier's options) given as an iterable of event dicts."""
    verifier = ChainVerifier(**options)
    for event in events:
        verifier.feed(event)
    return verifier.finish()


def _is_seq(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _malformation(event: Any) -> str | None:
    """Why `event` is not a well-formed event dict, or None."""
    if not isinstance(event, Mapping):
        return f"expected a JSON object, got {type(event).__name__}"
    missing = [name for name in EVENT_FIELDS if name not in event]
    if missing:
        return f"fields missing: {', '.join(missing)}"
    extra = sorted(set(event) - set(EVENT_FIELDS))
    if extra:
        return f"fields not covered by the hash: {', '.join(extra)}"
    if not _is_seq(event["seq"]):
        return f"seq {event['seq']!r} is not a positive integer"
    for name in ("hash", "prev_hash"):
        if not isinstance(event[name], str) or not _HASH_RE.match(event[name]):
            return f"{name} {event[name]!r} is not 64 lowercase hex digits"
    if event["tenant"] is not None and not isinstance(event["tenant"], str):
        return "tenant is neither a string nor null"
    try:
        parse_timestamp(event["time"])
    except ValueError as exc:
        return str(exc)
    actor = event["actor"]
    if not isinstance(actor, Mapping) or sorted(actor) != ["id", "kind", "label"]:
        return "actor is not an object with exactly kind, id and label"
    if not all(isinstance(actor[name], str) for name in actor):
        return "actor fields are not all strings"
    if not isinstance(event["event_type"], str):
        return "event_type is not a string"
    if not isinstance(event["subjects"], Mapping) or not isinstance(event["payload"], Mapping):
        return "subjects and payload must be JSON objects"
    return None


@dataclass
class ExportReport:
    """The outcome of `verify_export`: problems make it fail; notes are what a reader should know."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chain: ChainReport | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_export(directory: Path, *, public_key_pem: bytes | None = None) -> ExportReport:
    """Verify an export folder offline: the checkpoint's signature, then the events against it.

    `public_key_pem` is the platform's published key (a PEM file may hold several, e.g. across a key
    rotation); without it the export's own public_key.pem is used, which proves the files are
    consistent with each other but not who signed them.
    """
    report = ExportReport()
    body = _verified_checkpoint_body(Path(directory), public_key_pem, report)
    export = _export_section(body, report) if body is not None else None
    if export is None:
        verifier = ChainVerifier(first_seq=None, anchor=None)
    else:
        verifier = ChainVerifier(
            first_seq=export["first_seq"], anchor=export["anchor"], tenant=export["tenant"]
        )
    _feed_events_file(Path(directory) / EVENTS_FILE, verifier, report)
    if export is None:
        report.chain = verifier.finish()
    else:
        report.chain = verifier.finish(
            expected_last_seq=export["last_seq"] if export["count"] else None,
            expected_last_hash=export["last_hash"],
            expected_by="the export range signed in checkpoint.json",
        )
        if export["count"] == 0 and verifier.count:
            report.problems.append(
                f"{EVENTS_FILE} holds {verifier.count} events, but the signed export range is empty"
            )
    if report.chain.broken is not None:
        report.problems.append(f"{EVENTS_FILE}: {report.chain.broken}")
    elif body is not None and export is not None:
        _relate_to_head(body, export, report)
        _check_log(Path(directory), body, export, public_key_pem, report)
    return report


def _check_log(
    directory: Path,
    body: Mapping[str, Any],
    export: Mapping[str, Any],
    public_key_pem: bytes | None,
    report: ExportReport,
) -> None:
    """The export's `log/` folder: the tenant's transparency log as tlog-tiles. Its checkpoint must be
    signed under the tenant's origin (and be the log checkpoint the export's signed checkpoint names in
    `log`, when it names one), its tiles must give the signed root, every entry in its entry bundles
    must hash to its leaf, and every exported event must be the leaf at index seq - 1 and the very bytes
    of its entry (so the events are the ones the signed log holds).

    An export whose signed checkpoint names a log must carry it; one that names none (made before
    exports named their log, or of a tenant that had no log checkpoint) may lack `log/`, which is noted.
    """
    folder = directory / LOG_FOLDER
    signed = body.get("log")
    if not (folder / "checkpoint").exists():
        if isinstance(signed, Mapping):
            report.problems.append(
                f"{LOG_FOLDER}/checkpoint is missing, but {CHECKPOINT_FILE} signs that the export carries "
                f"the log at size {signed.get('size')}: its log was removed"
            )
        elif folder.exists():
            report.problems.append(
                f"{LOG_FOLDER}/ holds no checkpoint: its tiles and entries cannot be checked"
            )
        else:
            report.notes.append(
                f"the export has no {LOG_FOLDER}/ folder, and {CHECKPOINT_FILE} does not say it carried one "
                "(an export made before exports named their log, or of a tenant without a log checkpoint): "
                "the events were checked against the signed range only, not against the transparency log"
            )
        return
    try:
        note = (folder / "checkpoint").read_text(encoding="utf-8")
        keys = load_public_keys(public_key_pem or (directory / PUBLIC_KEY_FILE).read_bytes())
        origin = parse_checkpoint(parse_note(note).text).origin
        if not origin.endswith(f"/{export['tenant']}"):
            raise NoteError(f"it is the checkpoint of log {origin!r}, not of tenant {export['tenant']}")
        checkpoint = verify_checkpoint(note, origin, keys)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        report.problems.append(f"{LOG_FOLDER}/checkpoint does not verify: {exc}")
        return
    carried = {"origin": checkpoint.origin, "size": checkpoint.size, "root": b64encode(checkpoint.root)}
    if isinstance(signed, Mapping) and dict(signed) != carried:
        report.problems.append(
            f"{LOG_FOLDER}/checkpoint (size {checkpoint.size}) is not the log checkpoint that "
            f"{CHECKPOINT_FILE} signs (size {signed.get('size')}, root {signed.get('root')}): the log was "
            "replaced"
        )
        return
    last_seq = export["last_seq"] if export["count"] else 0
    if last_seq > checkpoint.size:
        report.problems.append(
            f"the log checkpoint covers {checkpoint.size} entries, but the export reaches seq {last_seq}"
        )
        return
    source = DirectoryTiles(folder)
    hashes = tree_hashes(source, checkpoint.size)
    try:
        if hashes.root(checkpoint.size) != checkpoint.root:
            report.problems.append(
                f"the tiles in {LOG_FOLDER}/ do not give the root of its signed checkpoint"
            )
            return
        with (directory / EVENTS_FILE).open("rb") as lines:
            problem = _check_entries(source, hashes, checkpoint.size, export, lines)
    except (OSError, ProofError) as exc:
        report.problems.append(f"the tiles in {LOG_FOLDER}/ cannot be read: {exc}")
        return
    if problem is not None:
        report.problems.append(problem)
        return
    report.notes.append(
        f"{LOG_FOLDER}/: the checkpoint of {checkpoint.origin} is signed (size {checkpoint.size}), its tiles "
        f"give its root, each of its entries hashes to its leaf, and every exported event is its leaf and "
        "entry"
    )


def _check_entries(
    source: DirectoryTiles, hashes: SubtreeHashes, size: int, export: Mapping[str, Any], lines: BinaryIO
) -> str | None:
    """Walk the entry bundles of a tree of `size` leaves (verified against its signed root) and the lines
    of events.jsonl (the export's range, already verified as a chain) together: each entry must hash to
    its leaf, each line must be its leaf, and where they overlap the line must be the entry's bytes.
    What is wrong, or None. One bundle at a time: a large log's entries do not fit in memory."""
    first, last = (export["first_seq"], export["last_seq"]) if export["count"] else (0, -1)
    for bundle in range(-(-size // TILE_WIDTH)):
        start = bundle * TILE_WIDTH
        width = min(TILE_WIDTH, size - start)
        entries = read_entry_bundle(source, bundle, width)
        path = f"{LOG_FOLDER}/{tile_path(None, bundle, None if width == TILE_WIDTH else width)}"
        for index, entry in enumerate(entries, start=start):
            leaf = hashes.node(0, index)
            if first <= index + 1 <= last:
                line = lines.readline().rstrip(b"\n")
                if leaf_hash(line) != leaf:
                    return (
                        f"event seq {index + 1} of {EVENTS_FILE} is not leaf {index} of the signed log in "
                        f"{LOG_FOLDER}/"
                    )
                if line != entry:
                    return (
                        f"entry {index} in {path} is not the bytes of event seq {index + 1} in {EVENTS_FILE}"
                    )
            if leaf_hash(entry) != leaf:
                return (
                    f"entry {index} in {path} does not hash to leaf {index} of the signed log: the entry "
                    "bundle was changed"
                )
    return None


def _verified_checkpoint_body(
    directory: Path, public_key_pem: bytes | None, report: ExportReport
) -> Mapping[str, Any] | None:
    try:
        document = json.loads((directory / CHECKPOINT_FILE).read_bytes())
    except OSError as exc:
        report.problems.append(f"{CHECKPOINT_FILE} cannot be read: {exc.strerror or exc}")
        return None
    except ValueError as exc:
        report.problems.append(f"{CHECKPOINT_FILE} is not valid JSON: {exc}")
        return None
    if not isinstance(document, Mapping) or not isinstance(document.get("body"), Mapping):
        report.problems.append(f"{CHECKPOINT_FILE} has no body object")
        return None
    body = document["body"]
    signature = document.get("signature")
    if public_key_pem is None:
        try:
            public_key_pem = (directory / PUBLIC_KEY_FILE).read_bytes()
        except OSError as exc:
            report.problems.append(f"{PUBLIC_KEY_FILE} cannot be read: {exc.strerror or exc}")
            return None
        report.notes.append(
            f"the signature was checked against the export's own {PUBLIC_KEY_FILE}; pass --public-key "
            "with the platform's published key to establish who signed it"
        )
    try:
        public_keys = {public_key_fingerprint(key): key for key in load_public_keys(public_key_pem)}
    except ValueError as exc:
        report.problems.append(f"the public key cannot be used: {exc}")
        return None
    # The key the checkpoint names, if it is one of those given; otherwise the first, which fails below.
    fingerprint = body.get("public_key_fingerprint")
    if fingerprint not in public_keys:
        fingerprint = next(iter(public_keys))
    public_key = public_keys[fingerprint]
    if body.get("format") != CHECKPOINT_FORMAT:
        report.problems.append(f"checkpoint format {body.get('format')!r} is not {CHECKPOINT_FORMAT!r}")
    if body.get("algorithm") != ALGORITHM:
        report.problems.append(f"checkpoint algorithm {body.get('algorithm')!r} is not {ALGORITHM!r}")
    if body.get("public_key_fingerprint") != fingerprint:
        report.problems.append(
            f"checkpoint signed by key {body.get('public_key_fingerprint')!r}, but the public key given is "
            f"{', '.join(public_keys)}: signed by a different key"
        )
    if not isinstance(signature, str) or not signature_is_valid(public_key, body, signature):
        report.problems.append(
            f"the checkpoint signature is invalid: {CHECKPOINT_FILE} was edited, or signed with another key"
        )
        return None
    report.notes.append(f"checkpoint signature valid ({ALGORITHM}, key {fingerprint})")
    if body.get("development_key"):
        report.notes.append("the checkpoint was signed with a development key generated on first run")
    return body


def _export_section(body: Mapping[str, Any], report: ExportReport) -> Mapping[str, Any] | None:
    export = body.get("export")
    if not isinstance(export, Mapping):
        report.problems.append(f"{CHECKPOINT_FILE} has no export section: it is not an export's checkpoint")
        return None
    count = export.get("count")
    valid = isinstance(count, int) and count >= 0 and isinstance(export.get("tenant"), str)
    if valid and count:
        valid = (
            _is_seq(export.get("first_seq"))
            and _is_seq(export.get("last_seq"))
            and export["last_seq"] - export["first_seq"] + 1 == count
            and all(isinstance(export.get(name), str) for name in ("anchor", "last_hash"))
        )
    if not valid:
        report.problems.append(f"the export section of {CHECKPOINT_FILE} is inconsistent")
        return None
    return export


def _feed_events_file(path: Path, verifier: ChainVerifier, report: ExportReport) -> None:
    try:
        handle = path.open("rb")
    except OSError as exc:
        report.problems.append(f"{EVENTS_FILE} cannot be read: {exc.strerror or exc}")
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            try:
                event = json.loads(line)
            except ValueError as exc:
                verifier.reject(f"line {number} of {EVENTS_FILE} is not JSON: {exc}")
                continue
            verifier.feed(event)


def _relate_to_head(body: Mapping[str, Any], export: Mapping[str, Any], report: ExportReport) -> None:
    chains = body.get("chains") if isinstance(body.get("chains"), list) else []
    head = next((c for c in chains if isinstance(c, Mapping) and c.get("tenant") == export["tenant"]), None)
    if head is None:
        report.problems.append(f"{CHECKPOINT_FILE} signs no chain head for tenant {export['tenant']}")
        return
    if export["count"] and export["first_seq"] > 1:
        report.notes.append(
            f"the export starts at seq {export['first_seq']}: its first prev_hash is the anchor signed in "
            "the checkpoint, and earlier events are not included"
        )
    last_seq = export["last_seq"] if export["count"] else 0
    if last_seq == head.get("seq"):
        if export["count"] and export["last_hash"] != head.get("hash"):
            report.problems.append(
                "the export's last hash differs from the chain head signed in the checkpoint"
            )
            return
        report.notes.append(f"the export reaches the chain head signed in the checkpoint (seq {last_seq})")
    else:
        report.notes.append(
            f"the export ends at seq {last_seq}, before the chain head signed in the checkpoint "
            f"(seq {head.get('seq')}): the range is cut by --until, so it is tied to the signed range, "
            "not to the head"
        )

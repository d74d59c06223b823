"""A transparency-log monitor: does each new checkpoint of a log extend the last one it trusted?

`assay audit monitor` runs `monitor_log` for each log it watches. The first checkpoint it sees of a log
is trusted as it is (trust on first use: pin it by hand, or start from an export you checked); every
later one must

- verify under the log's key (audit.notes.verify_checkpoint), and then
- extend the trusted one: a tree never shrinks (else a **truncation**), two trees of one size have one
  root (else a **fork**: two signed views of one log), and a consistency proof from the trusted size
  to the new size rebuilds both roots (else a **rewrite**: entries before the trusted size changed).

The proof is computed from the source's tiles (audit.tilesource), which are first checked against the
new signed root, so a source serving wrong tiles is reported as that and never mistaken for a rewrite,
nor lets one pass. The entries added since the trusted checkpoint (all of them the first time) are
then read from the entry bundles, and each must hash to the leaf at its index in those verified tiles:
what the log serves as its entries is what it signed. On an alert the trusted checkpoint stays, and
the contradicting one is kept as evidence (audit.logstate). Pure Python: it runs on an auditor's
laptop without Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audit.logstate import LogState
from audit.merkle import TILE_WIDTH, ProofError, SubtreeHashes, leaf_hash, verify_consistency
from audit.notes import Checkpoint, NoteError, b64encode, parse_checkpoint, parse_note, verify_checkpoint
from audit.tilesource import SourceError, TileSource, read_checkpoint, read_entry_bundle, tree_hashes


class Misbehaviour(StrEnum):
    FORK = "fork"
    REWRITE = "rewrite"
    TRUNCATION = "truncation"


class LogAlert(Exception):
    """The log's new checkpoint does not extend the trusted one; `kind` says how."""

    def __init__(self, kind: Misbehaviour, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class UncheckableError(Exception):
    """The new checkpoint could not be checked (unreadable source, bad signature, tiles that do not
    match their own checkpoint): not evidence against the log, but nothing was trusted."""


def describe(checkpoint: Checkpoint) -> str:
    return f"size {checkpoint.size}, root {checkpoint.root.hex()} ({b64encode(checkpoint.root)})"


def check_extends(old: Checkpoint, new: Checkpoint, proof: Callable[[], list[bytes]]) -> None:
    """LogAlert unless `new` extends `old`; `proof()` gives the consistency proof from old to new."""
    log = f"log {new.origin}"
    if new.size < old.size:
        raise LogAlert(
            Misbehaviour.TRUNCATION,
            f"TRUNCATION of {log}: the trusted checkpoint has {describe(old)}; the new one has "
            f"{describe(new)}: the log lost {old.size - new.size} entries",
        )
    if new.size == old.size:
        if new.root != old.root:
            raise LogAlert(
                Misbehaviour.FORK,
                f"FORK of {log}: the trusted checkpoint and the new one have the same size with different "
                f"roots: trusted {describe(old)}; new {describe(new)}",
            )
        return
    try:
        verify_consistency(old.size, new.size, old.root, new.root, proof())
    except ProofError as exc:
        raise LogAlert(
            Misbehaviour.REWRITE,
            f"REWRITE of {log}: the new checkpoint ({describe(new)}) does not extend the trusted one "
            f"({describe(old)}): {exc}",
        ) from exc


class SourceTree:
    """The source's tiles of the new checkpoint's tree, read at first use and shown to give its signed
    root before anything is computed from them (UncheckableError otherwise: the source's fault)."""

    def __init__(self, source: TileSource, new: Checkpoint) -> None:
        self.source = source
        self.new = new
        self._hashes: SubtreeHashes | None = None

    def hashes(self) -> SubtreeHashes:
        if self._hashes is None:
            try:
                hashes = tree_hashes(self.source, self.new.size)
                root = hashes.root(self.new.size)
            except (SourceError, ProofError) as exc:
                raise UncheckableError(self._unreadable(exc)) from exc
            if root != self.new.root:
                raise UncheckableError(
                    f"the tiles of {self.source.description} do not give the root of its own checkpoint "
                    f"({describe(self.new)}): the source is broken or serves another log's tiles"
                )
            self._hashes = hashes
        return self._hashes

    def consistency_proof(self, old_size: int) -> list[bytes]:
        try:
            return self.hashes().consistency_proof(old_size, self.new.size)
        except (SourceError, ProofError) as exc:
            raise UncheckableError(self._unreadable(exc)) from exc

    def _unreadable(self, exc: Exception) -> str:
        return f"the tiles of {self.source.description} cannot be read: {exc}"

    def check_entries(self, first: int) -> int:
        """Each entry from index `first` on, in the entry bundles that hold them, must hash to its leaf;
        how many entries were checked (whole bundles: a few before `first` too)."""
        hashes = self.hashes()
        size = self.new.size
        checked = 0
        for bundle in range(first // TILE_WIDTH, -(-size // TILE_WIDTH)):
            start = bundle * TILE_WIDTH
            try:
                entries = read_entry_bundle(self.source, bundle, min(TILE_WIDTH, size - start))
                leaves = [hashes.node(0, start + offset) for offset in range(len(entries))]
            except (SourceError, ProofError) as exc:
                raise UncheckableError(
                    f"the entries of {self.source.description} cannot be read: {exc}"
                ) from exc
            for offset, (entry, leaf) in enumerate(zip(entries, leaves, strict=True)):
                if leaf_hash(entry) != leaf:
                    raise UncheckableError(
                        f"entry {start + offset} in the entry bundles of {self.source.description} does "
                        f"not hash to leaf {start + offset} of the signed tree ({describe(self.new)}): "
                        "the source serves entries that are not the log's"
                    )
            checked += len(entries)
        return checked


def proof_from_source(source: TileSource, new: Checkpoint, old_size: int) -> Callable[[], list[bytes]]:
    """The consistency proof from the source's tiles, once they are shown to give the new signed root."""
    return lambda: SourceTree(source, new).consistency_proof(old_size)


@dataclass(frozen=True)
class MonitorResult:
    origin: str
    old: Checkpoint | None
    new: Checkpoint
    # Entries read from the entry bundles and found to hash to their leaves.
    entries_checked: int = 0

    def __str__(self) -> str:
        entries = f"; {self.entries_checked} entries match their leaves" if self.entries_checked else ""
        if self.old is None:
            return f"log {self.origin}: first checkpoint trusted ({describe(self.new)}){entries}"
        if self.old.size == self.new.size:
            return f"log {self.origin}: unchanged ({describe(self.new)})"
        return (
            f"log {self.origin}: consistent, grew from {self.old.size} to {self.new.size} entries "
            f"({describe(self.new)}){entries}"
        )


def verify_any_origin(note: str, keys: Iterable[Ed25519PublicKey], origin: str | None = None) -> Checkpoint:
    """The checkpoint of `note`, signed under its own origin (or `origin`) by one of `keys`."""
    claimed = parse_checkpoint(parse_note(note).text).origin
    if origin is not None and claimed != origin:
        raise NoteError(f"the checkpoint is for log {claimed!r}, not {origin!r}")
    return verify_checkpoint(note, claimed, list(keys))


def monitor_log(
    source: TileSource,
    state: LogState,
    keys: Iterable[Ed25519PublicKey],
    *,
    origin: str | None = None,
) -> MonitorResult:
    """Fetch the source's checkpoint, check it against the trusted one, and trust it if it extends it.

    Raises LogAlert (the log misbehaved: evidence kept in the state folder) or UncheckableError.
    """
    try:
        note = read_checkpoint(source)
        new = verify_any_origin(note, keys, origin)
    except SourceError as exc:
        raise UncheckableError(str(exc)) from exc
    except NoteError as exc:
        raise UncheckableError(f"the checkpoint of {source.description} does not verify: {exc}") from exc
    trusted = state.load(new.origin)
    old = parse_checkpoint(parse_note(trusted).text) if trusted is not None else None
    tree = SourceTree(source, new)
    if old is not None:
        try:
            check_extends(old, new, lambda: tree.consistency_proof(old.size))
        except LogAlert as alert:
            evidence = state.keep_evidence(new.origin, note)
            raise LogAlert(alert.kind, f"{alert} (the new checkpoint is kept in {evidence})") from alert
    checked = 0
    if old is None or new.size > old.size:
        # Before the new checkpoint is trusted: entries that fail are checked again on the next run.
        checked = tree.check_entries(old.size if old is not None else 0)
        state.save(new.origin, note)
    return MonitorResult(origin=new.origin, old=old, new=new, entries_checked=checked)

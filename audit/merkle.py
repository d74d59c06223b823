"""RFC 6962 / RFC 9162 Merkle trees over an audit chain's events, and their proofs.

Each chain (a tenant's, or the platform's) is also a Merkle log: entry i (0-based) is the canonical
JSON of the event with seq i + 1, every field including `hash` (`entry_bytes`), and

    leaf hash   H(0x00 || entry)
    node hash   H(0x01 || left || right)
    empty tree  H("")

with H = SHA-256 (RFC 6962 section 2.1). A log is kept incrementally: the right edge (`Edge`, the roots
of the complete subtrees the tree of size n splits into, largest first) is all an append needs, and the
hashes at levels 0, 8, 16, ... (the rows of C2SP tlog-tiles tiles) are stored once, when their subtree
becomes complete. Every other node of any tree size is computed from those (`SubtreeHashes`).

Proofs follow RFC 9162 section 2.1.3 (inclusion) and 2.1.4 (consistency); the verifiers raise
`ProofError` with the reason a proof does not hold. Pure Python with no Django import: the offline
verifier uses it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from audit.canonical import canonical_json

HASH_SIZE = 32
TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
EMPTY_ROOT = hashlib.sha256(b"").digest()
# tlog-tiles entry bundles prefix each entry with a big-endian uint16 length.
MAX_ENTRY_SIZE = 0xFFFF


class ProofError(ValueError):
    """A proof does not hold; the message says which check failed."""


def entry_bytes(event: Mapping[str, Any]) -> bytes:
    """The log entry of an event: its canonical JSON, every exported field including `hash`."""
    return canonical_json(dict(event))


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(size: int) -> int:
    """The largest power of two smaller than `size` (size >= 2)."""
    return 1 << ((size - 1).bit_length() - 1)


@dataclass
class Edge:
    """The right edge of a tree of `size` leaves: the roots of its complete subtrees, largest first.

    Appending merges the new leaf with the trailing subtrees of equal size; each merge completes one
    node, and the nodes at tile levels (0, 8, 16, ...) are the ones `append` reports for storage.
    """

    size: int = 0
    hashes: list[bytes] = field(default_factory=list)

    @classmethod
    def from_bytes(cls, size: int, data: bytes) -> Edge:
        hashes = [bytes(data[offset : offset + HASH_SIZE]) for offset in range(0, len(data), HASH_SIZE)]
        if len(hashes) != size.bit_count() or len(data) % HASH_SIZE:
            raise ProofError(
                f"a tree of {size} leaves has {size.bit_count()} edge hashes, the stored edge holds "
                f"{len(data) / HASH_SIZE:g}"
            )
        return cls(size=size, hashes=hashes)

    def to_bytes(self) -> bytes:
        return b"".join(self.hashes)

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add a leaf hash; the (level, index, hash) of the completed nodes at tile levels."""
        node, level, index = leaf, 0, self.size
        stored = [(0, index, node)]
        while (self.size >> level) & 1:
            node = node_hash(self.hashes.pop(), node)
            level += 1
            index >>= 1
            if level % TILE_HEIGHT == 0:
                stored.append((level, index, node))
        self.hashes.append(node)
        self.size += 1
        return stored

    def root(self) -> bytes:
        if not self.hashes:
            return EMPTY_ROOT
        root = self.hashes[-1]
        for left in reversed(self.hashes[:-1]):
            root = node_hash(left, root)
        return root


# Reads the stored hashes at a tile level: (level, first index, count) -> that many hashes.
HashReader = Callable[[int, int, int], Sequence[bytes]]


class SubtreeHashes:
    """The hash of any range of leaves, from the hashes stored at tile levels.

    A complete node at level k is folded from the 2^(k mod 8) stored hashes below it, which lie in one
    tile; each tile is read once (`read` gets the whole stored part of it) and kept for this object's
    life, so one proof costs one read per tile level.
    """

    def __init__(self, read: HashReader) -> None:
        self._read = read
        self._tiles: dict[tuple[int, int], Sequence[bytes]] = {}

    def node(self, level: int, index: int) -> bytes:
        """The root of the complete subtree of leaves [index * 2^level, (index + 1) * 2^level)."""
        stored_level = level - level % TILE_HEIGHT
        span = 1 << (level - stored_level)
        first = index * span
        tile = (stored_level, first // TILE_WIDTH)
        if tile not in self._tiles:
            self._tiles[tile] = self._read(stored_level, tile[1] * TILE_WIDTH, TILE_WIDTH)
        hashes = self._tiles[tile]
        offset = first % TILE_WIDTH
        if offset + span > len(hashes):
            raise ProofError(f"the log has no complete subtree at level {level}, index {index}")
        layer = list(hashes[offset : offset + span])
        while len(layer) > 1:
            layer = [node_hash(layer[i], layer[i + 1]) for i in range(0, len(layer), 2)]
        return layer[0]

    def range_root(self, start: int, size: int) -> bytes:
        """MTH of the `size` leaves from `start` (RFC 9162 section 2.1.1)."""
        if size == 0:
            return EMPTY_ROOT
        if size & (size - 1) == 0 and start % size == 0:
            return self.node(size.bit_length() - 1, start // size)
        half = _split(size)
        return node_hash(self.range_root(start, half), self.range_root(start + half, size - half))

    def root(self, size: int) -> bytes:
        return self.range_root(0, size)

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """PATH(index, D[0:size]), RFC 9162 section 2.1.3.1: from the leaf's sibling up."""
        if not 0 <= index < size:
            raise ProofError(f"index {index} is not in a tree of {size} leaves")
        proof: list[bytes] = []
        start = 0
        while size > 1:
            half = _split(size)
            if index < half:
                proof.append(self.range_root(start + half, size - half))
                size = half
            else:
                proof.append(self.range_root(start, half))
                start, index, size = start + half, index - half, size - half
        proof.reverse()
        return proof

    def consistency_proof(self, old_size: int, new_size: int) -> list[bytes]:
        """PROOF(old_size, D[0:new_size]), RFC 9162 section 2.1.4.1."""
        if not 0 <= old_size <= new_size:
            raise ProofError(f"no consistency proof from size {old_size} to size {new_size}")
        if old_size in (0, new_size):
            return []
        proof: list[bytes] = []
        start, m, n, whole = 0, old_size, new_size, True
        while m != n:
            half = _split(n)
            if m <= half:
                proof.append(self.range_root(start + half, n - half))
                n = half
            else:
                proof.append(self.range_root(start, half))
                start, m, n, whole = start + half, m - half, n - half, False
        if not whole:
            proof.append(self.range_root(start, n))
        proof.reverse()
        return proof


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> None:
    """RFC 9162 section 2.1.3.2; raises ProofError saying why the leaf is not at `index` under `root`."""
    if not 0 <= index < size:
        raise ProofError(f"index {index} is outside a tree of {size} leaves")
    _check_hashes(proof, "inclusion proof")
    fn, sn = index, size - 1
    computed = leaf
    for sibling in proof:
        if sn == 0:
            raise ProofError(f"the inclusion proof has {len(proof)} hashes, more than a tree of {size} needs")
        if fn & 1 or fn == sn:
            computed = node_hash(sibling, computed)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            computed = node_hash(computed, sibling)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError(f"the inclusion proof has {len(proof)} hashes, fewer than a tree of {size} needs")
    if computed != root:
        raise ProofError(
            f"the inclusion proof does not lead to the root: it gives {computed.hex()}, the tree of {size} "
            f"leaves has {root.hex()} (the leaf, the index or a proof hash differs)"
        )


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """RFC 9162 section 2.1.4.2; raises ProofError when the new tree does not extend the old one."""
    _check_hashes(proof, "consistency proof")
    if not 0 <= old_size <= new_size:
        raise ProofError(f"the tree shrank from {old_size} to {new_size} leaves: the log was truncated")
    if old_size == new_size or old_size == 0:
        if proof:
            raise ProofError(f"a consistency proof from {old_size} to {new_size} leaves must be empty")
        if old_size == new_size and old_root != new_root:
            raise ProofError(
                f"two trees of {new_size} leaves with different roots ({old_root.hex()} and "
                f"{new_root.hex()}): the log was rewritten (a fork)"
            )
        return
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    if not path:
        raise ProofError("the consistency proof is empty")
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for hash_ in path[1:]:
        if sn == 0:
            raise ProofError("the consistency proof has more hashes than the two sizes need")
        if fn & 1 or fn == sn:
            fr = node_hash(hash_, fr)
            sr = node_hash(hash_, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, hash_)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the consistency proof has fewer hashes than the two sizes need")
    if fr != old_root:
        raise ProofError(
            f"the consistency proof does not rebuild the old root of {old_size} leaves ({fr.hex()} != "
            f"{old_root.hex()}): the log was rewritten before size {old_size}"
        )
    if sr != new_root:
        raise ProofError(
            f"the consistency proof does not rebuild the new root of {new_size} leaves ({sr.hex()} != "
            f"{new_root.hex()}): the new tree does not extend the old one"
        )


def _check_hashes(proof: Sequence[bytes], what: str) -> None:
    for position, hash_ in enumerate(proof):
        if not isinstance(hash_, bytes) or len(hash_) != HASH_SIZE:
            raise ProofError(f"{what} hash {position} is not a {HASH_SIZE}-byte SHA-256 hash")


def tile_path(level: int | None, index: int, width: int | None = None) -> str:
    """`tile/<L>/<N>[.p/<W>]`, or `tile/entries/<N>[.p/<W>]` for level None (C2SP tlog-tiles)."""
    digits = f"{index:03d}"
    groups = [digits[max(0, end - 3) : end] for end in range(len(digits), 0, -3)][::-1]
    groups = [group.rjust(3, "0") for group in groups]
    encoded = "/".join([*(f"x{group}" for group in groups[:-1]), groups[-1]])
    suffix = f".p/{width}" if width is not None else ""
    return f"tile/{'entries' if level is None else level}/{encoded}{suffix}"


_TILE_PATH = re.compile(
    r"\Atile/(?P<level>entries|0|[1-9][0-9]?)/(?P<index>(?:x[0-9]{3}/)*[0-9]{3})(?:\.p/(?P<width>[1-9][0-9]{0,2}))?\Z"
)


def parse_tile_path(path: str) -> tuple[int | None, int, int]:
    """(level, or None for entries; index; width) of a tile path; ValueError for anything else."""
    match = _TILE_PATH.match(path)
    if match is None:
        raise ValueError(f"{path!r} is not a tlog-tiles path")
    width = int(match["width"]) if match["width"] else TILE_WIDTH
    level = None if match["level"] == "entries" else int(match["level"])
    if (match["width"] and width >= TILE_WIDTH) or (level is not None and level > 63):
        raise ValueError(f"{path!r} is not a tlog-tiles path")
    index_text = match["index"].replace("x", "").replace("/", "")
    if path != tile_path(level, int(index_text), width if match["width"] else None):
        raise ValueError(f"{path!r} is not the canonical spelling of its tile")
    return level, int(index_text), width


def tiles_for_size(size: int) -> list[tuple[int, int, int | None]]:
    """Every tile (level, index, width or None when full) of a tree of `size` leaves."""
    tiles = []
    level = 0
    while size >> (TILE_HEIGHT * level):
        hashes = size >> (TILE_HEIGHT * level)
        tiles += [(level, index, None) for index in range(hashes // TILE_WIDTH)]
        if hashes % TILE_WIDTH:
            tiles.append((level, hashes // TILE_WIDTH, hashes % TILE_WIDTH))
        level += 1
    return tiles

"""The Merkle log's hashing and proofs, pure Python: every tree size up to 300, checked both ways.

Our proofs are verified by our verifier and by aics-tlog (an independent implementation of RFC 9162
verification), and aics-tlog's proofs and roots are compared with ours; flipped bits fail with a reason.
"""

from __future__ import annotations

import random

import pytest

from audit.merkle import (
    EMPTY_ROOT,
    TILE_HEIGHT,
    Edge,
    ProofError,
    SubtreeHashes,
    leaf_hash,
    node_hash,
    verify_consistency,
    verify_inclusion,
)

aics_tlog = pytest.importorskip(
    "aics_tlog", reason="aics-tlog is installed apart: pip install --ignore-requires-python aics-tlog"
)

MAX_SIZE = 300


def _entries(count: int) -> list[bytes]:
    return [f'{{"seq":{number}}}'.encode() for number in range(1, count + 1)]


class MemoryLog:
    """What the database keeps, in memory: the edge and the hashes at tile levels."""

    def __init__(self) -> None:
        self.edge = Edge()
        self.stored: dict[tuple[int, int], bytes] = {}
        self.roots = [EMPTY_ROOT]

    def append(self, entry: bytes) -> None:
        for level, index, hash_ in self.edge.append(leaf_hash(entry)):
            assert level % TILE_HEIGHT == 0
            self.stored[(level, index)] = hash_
        self.roots.append(self.edge.root())

    def read(self, level: int, first: int, count: int) -> list[bytes]:
        hashes = []
        for index in range(first, first + count):
            if (level, index) not in self.stored:
                break
            hashes.append(self.stored[(level, index)])
        return hashes

    def hashes(self) -> SubtreeHashes:
        return SubtreeHashes(self.read)


@pytest.fixture(scope="module")
def log() -> MemoryLog:
    memory = MemoryLog()
    for entry in _entries(MAX_SIZE):
        memory.append(entry)
    return memory


def test_hashing_is_rfc6962() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert leaf_hash(b"x") == aics_tlog.leaf_hash(b"x")
    assert node_hash(b"a" * 32, b"b" * 32) == aics_tlog.node_hash(b"a" * 32, b"b" * 32)
    # The domain separation is what stops a node passing for a leaf (the second-preimage attack).
    assert leaf_hash(b"\x01" + b"a" * 64) != node_hash(b"a" * 32, b"a" * 32)


def test_incremental_roots_match_an_independent_tree_at_every_size(log: MemoryLog) -> None:
    entries = _entries(MAX_SIZE)
    for size in range(MAX_SIZE + 1):
        expected = aics_tlog.MerkleTree(entries[:size]).root() if size else EMPTY_ROOT
        assert log.roots[size] == expected, size
        if size:
            assert log.hashes().root(size) == expected, size


def test_only_tile_levels_are_stored(log: MemoryLog) -> None:
    assert {level for level, _ in log.stored} == {0, 8}
    assert sum(1 for level, _ in log.stored if level == 8) == MAX_SIZE // 256


def test_inclusion_proofs_for_every_leaf_of_every_size(log: MemoryLog) -> None:
    entries = _entries(MAX_SIZE)
    hashes = log.hashes()
    for size in range(1, MAX_SIZE + 1):
        independent = aics_tlog.MerkleTree(entries[:size])
        for index in range(size):
            proof = hashes.inclusion_proof(index, size)
            assert proof == independent.inclusion_proof(index), (index, size)
            verify_inclusion(leaf_hash(entries[index]), index, size, proof, log.roots[size])
            assert aics_tlog.verify_leaf_inclusion(entries[index], index, size, proof, log.roots[size])


def test_consistency_proofs_for_every_pair_up_to_300(log: MemoryLog) -> None:
    hashes = log.hashes()
    independent = aics_tlog.MerkleTree(_entries(MAX_SIZE))
    for new in range(MAX_SIZE + 1):
        for old in range(new + 1):
            proof = hashes.consistency_proof(old, new)
            verify_consistency(old, new, log.roots[old], log.roots[new], proof)
            if old > 0:
                assert proof == independent.consistency_proof(old, new), (old, new)
                assert aics_tlog.verify_consistency(old, new, log.roots[old], log.roots[new], proof)


def test_random_pairs_in_a_larger_tree() -> None:
    memory = MemoryLog()
    entries = [f"entry {number}".encode() for number in range(5000)]
    for entry in entries:
        memory.append(entry)
    hashes = memory.hashes()
    rng = random.Random(22)
    for _ in range(200):
        new = rng.randint(1, len(entries))
        old = rng.randint(1, new)
        index = rng.randrange(new)
        proof = hashes.consistency_proof(old, new)
        verify_consistency(old, new, memory.roots[old], memory.roots[new], proof)
        assert aics_tlog.verify_consistency(old, new, memory.roots[old], memory.roots[new], proof)
        inclusion = hashes.inclusion_proof(index, new)
        verify_inclusion(leaf_hash(entries[index]), index, new, inclusion, memory.roots[new])
        assert aics_tlog.verify_leaf_inclusion(entries[index], index, new, inclusion, memory.roots[new])


def _flip(data: bytes, bit: int) -> bytes:
    flipped = bytearray(data)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


@pytest.mark.parametrize(("index", "size"), [(0, 1), (5, 6), (130, 300), (299, 300), (255, 257)])
def test_a_flipped_bit_anywhere_fails_inclusion_with_the_reason(
    log: MemoryLog, index: int, size: int
) -> None:
    entry = _entries(MAX_SIZE)[index]
    proof = log.hashes().inclusion_proof(index, size)
    root = log.roots[size]
    leaf = leaf_hash(entry)
    verify_inclusion(leaf, index, size, proof, root)
    with pytest.raises(ProofError, match="does not lead to the root"):
        verify_inclusion(leaf_hash(_flip(entry, 3)), index, size, proof, root)
    with pytest.raises(ProofError, match="does not lead to the root"):
        verify_inclusion(leaf, index, size, proof, _flip(root, 200))
    for position in range(len(proof)):
        broken = [*proof]
        broken[position] = _flip(broken[position], 77)
        with pytest.raises(ProofError, match="does not lead to the root"):
            verify_inclusion(leaf, index, size, broken, root)
    if size > 1:
        with pytest.raises(ProofError, match="fewer than a tree"):
            verify_inclusion(leaf, index, size, proof[:-1], root)
    with pytest.raises(ProofError, match="more than a tree"):
        verify_inclusion(leaf, index, size, [*proof, root], root)
    with pytest.raises(ProofError, match="outside a tree"):
        verify_inclusion(leaf, size, size, proof, root)
    other = (index + 1) % size
    if other != index:
        with pytest.raises(ProofError):
            verify_inclusion(leaf, other, size, proof, root)


@pytest.mark.parametrize(("old", "new"), [(1, 2), (3, 7), (4, 8), (100, 300), (256, 257), (129, 255)])
def test_a_flipped_bit_anywhere_fails_consistency_with_the_reason(log: MemoryLog, old: int, new: int) -> None:
    proof = log.hashes().consistency_proof(old, new)
    old_root, new_root = log.roots[old], log.roots[new]
    verify_consistency(old, new, old_root, new_root, proof)
    # A power-of-two old tree is its own first proof hash, so a changed old root shows at the new root.
    with pytest.raises(ProofError, match="old root" if old & (old - 1) else "new root"):
        verify_consistency(old, new, _flip(old_root, 9), new_root, proof)
    with pytest.raises(ProofError, match="new root"):
        verify_consistency(old, new, old_root, _flip(new_root, 9), proof)
    for position in range(len(proof)):
        broken = [*proof]
        broken[position] = _flip(broken[position], 250)
        with pytest.raises(ProofError, match="root"):
            verify_consistency(old, new, old_root, new_root, broken)
    with pytest.raises(ProofError, match="truncated"):
        verify_consistency(new, old, new_root, old_root, proof)


def test_same_size_with_another_root_is_a_fork(log: MemoryLog) -> None:
    with pytest.raises(ProofError, match="fork"):
        verify_consistency(10, 10, log.roots[10], log.roots[11], [])


def test_the_edge_round_trips_and_refuses_a_wrong_length(log: MemoryLog) -> None:
    stored = log.edge.to_bytes()
    again = Edge.from_bytes(MAX_SIZE, stored)
    assert again.root() == log.roots[MAX_SIZE]
    with pytest.raises(ProofError, match="edge hashes"):
        Edge.from_bytes(MAX_SIZE + 1, stored)

"""The Merkle log kept in the database by record_event: what is stored, what it proves, what refuses."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from audit.events import EventType
from audit.log import current_root, entry_bundle, log_hashes, log_position, tile_level_hashes
from audit.merkle import EMPTY_ROOT, ProofError, entry_bytes, leaf_hash, verify_inclusion
from audit.models import AuditChainHead, AuditEvent, AuditLogHash
from audit.selectors import chain_head, iter_chain_events
from audit.services import record_event
from tests.audit.helpers import ACTOR, append_only_lifted, execute, record_many

aics_tlog = pytest.importorskip(
    "aics_tlog", reason="aics-tlog is installed apart: pip install --ignore-requires-python aics-tlog"
)

pytestmark = pytest.mark.django_db


def _entries(tenant) -> list[bytes]:
    return [entry_bytes(event) for event in iter_chain_events(tenant)]


def test_each_append_extends_the_log_and_every_size_matches_an_independent_tree(tenant) -> None:
    roots = [EMPTY_ROOT]
    for _ in range(300):
        record_many(tenant, 1)
        roots.append(current_root(chain_head(tenant)))
    entries = _entries(tenant)
    head = chain_head(tenant)
    hashes = log_hashes(head)
    for size in (1, 2, 3, 7, 8, 255, 256, 257, 299, 300):
        assert roots[size] == aics_tlog.MerkleTree(entries[:size]).root(), size
        assert hashes.root(size) == roots[size], size
    # One stored hash per event, plus one at level 8 for the full tile of 256.
    assert AuditLogHash.objects.filter(head=head).count() == 301
    assert AuditLogHash.objects.filter(head=head, level=8).count() == 1


def test_proofs_from_the_database_verify_independently(tenant, other_tenant) -> None:
    record_many(tenant, 270)
    record_many(other_tenant, 5)
    head = chain_head(tenant)
    hashes = log_hashes(head)
    entries = _entries(tenant)
    root = current_root(head)
    for index in (0, 1, 128, 255, 256, 269):
        proof = hashes.inclusion_proof(index, 270)
        assert aics_tlog.verify_leaf_inclusion(entries[index], index, 270, proof, root)
        verify_inclusion(leaf_hash(entries[index]), index, 270, proof, root)
    for old in (1, 100, 256, 257):
        proof = hashes.consistency_proof(old, 270)
        assert aics_tlog.verify_consistency(old, 270, hashes.root(old), root, proof)
    # Another tenant's leaf is not in this log.
    stranger = _entries(other_tenant)[0]
    with pytest.raises(ProofError, match="does not lead to the root"):
        verify_inclusion(leaf_hash(stranger), 0, 270, hashes.inclusion_proof(0, 270), root)


def test_the_log_position_of_an_event_is_its_leaf(tenant) -> None:
    record_many(tenant, 4)
    event = record_event(tenant=tenant, event_type=EventType.JOB_RECEIVED, actor=ACTOR, payload={"n": 1})
    position = log_position(AuditEvent.objects.select_related("tenant").get(pk=event.pk))
    assert position.index == 4
    assert position.leaf_hash == leaf_hash(_entries(tenant)[4])
    assert position.leaf_hash == bytes(
        AuditLogHash.objects.get(head=chain_head(tenant), level=0, index=4).hash
    )


def test_tiles_and_entry_bundles_are_what_an_independent_tile_builder_makes(tenant) -> None:
    record_many(tenant, 300)
    head = chain_head(tenant)
    entries = _entries(tenant)
    expected = aics_tlog.tiles.materialise_tiles(entries)
    assert tile_level_hashes(head, 0, 0, 256) == expected["tile/0/000"]
    assert tile_level_hashes(head, 0, 1, 44) == expected["tile/0/001.p/44"]
    assert tile_level_hashes(head, 1, 0, 1) == expected["tile/1/000.p/1"]
    bundle = entry_bundle(tenant, 1, 44)
    assert aics_tlog.tiles.parse_entry_bundle(bundle) == entries[256:]
    with pytest.raises(ProofError, match="has 44 hashes, not 45"):
        tile_level_hashes(head, 0, 1, 45)
    with pytest.raises(ProofError, match="has 44 entries, not 45"):
        entry_bundle(tenant, 1, 45)


def test_an_event_too_large_for_a_log_entry_is_refused(tenant) -> None:
    with pytest.raises(ValueError, match="a log entry holds at most 65,535"), transaction.atomic():
        record_event(
            tenant=tenant, event_type=EventType.JOB_RECEIVED, actor=ACTOR, payload={"x": "a" * 70000}
        )
    assert not AuditEvent.objects.exists()


def test_stored_hashes_are_append_only(tenant) -> None:
    record_many(tenant, 2)
    for statement in ("UPDATE audit_auditloghash SET level = 3", "DELETE FROM audit_auditloghash"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            execute(statement)
    assert AuditLogHash.objects.count() == 2


def test_a_stale_edge_is_refused_rather_than_extended(tenant) -> None:
    """A head whose edge does not fit its seq (rewound by hand) stops appends instead of forking the log."""
    record_many(tenant, 3)
    with append_only_lifted():
        execute("UPDATE audit_auditchainhead SET merkle_edge = %s", [b""])
    with pytest.raises(ProofError, match="edge hashes"), transaction.atomic():
        record_many(tenant, 1)
    assert AuditChainHead.objects.get(tenant=tenant).last_seq == 3

"""C2SP checkpoints of the Merkle logs, signed with each platform checkpoint; notes, cosignatures and
tlog-proof files, each checked by aics-tlog (an independent C2SP implementation) as well as by ours."""

from __future__ import annotations

import io
import json
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction

from audit.events import Actor, EventType
from audit.keys import platform_signing_key
from audit.log import log_origin, log_position, newest_log_checkpoint, prove_event
from audit.merkle import ProofError, verify_inclusion
from audit.models import AuditEvent, LogCheckpoint
from audit.notes import (
    NoteError,
    cosign,
    parse_checkpoint,
    parse_note,
    parse_proof,
    parse_verifier_key,
    verifier_key,
    verify_checkpoint,
    verify_cosignature,
)
from audit.selectors import chain_head
from audit.services import create_checkpoint
from tests.audit.helpers import append_only_lifted, execute, record_many

aics_tlog = pytest.importorskip(
    "aics_tlog", reason="aics-tlog is installed apart: pip install --ignore-requires-python aics-tlog"
)

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def _public_key():
    return platform_signing_key().private_key.public_key()


def _flip_char(text: str, position: int) -> str:
    replacement = "A" if text[position] != "A" else "B"
    return text[:position] + replacement + text[position + 1 :]


def test_each_checkpoint_signs_every_log_as_a_c2sp_checkpoint(settings, tenant, other_tenant) -> None:
    settings.ASSAY_AUDIT_LOG_NAME = "assay.example"
    record_many(tenant, 5)
    record_many(other_tenant, 2)
    platform_checkpoint = create_checkpoint(actor=SYSTEM)
    listed = {entry["chain"]: entry["log"] for entry in json.loads(platform_checkpoint.body)["chains"]}
    assert {row.head.chain_key for row in LogCheckpoint.objects.select_related("head")} == set(listed)
    head = chain_head(tenant)
    stored = newest_log_checkpoint(head)
    origin = f"assay.example/{tenant.public_id}"
    assert log_origin(tenant) == origin
    checkpoint = verify_checkpoint(stored.note, origin, [_public_key()])
    assert (checkpoint.size, stored.size) == (5, 5)
    assert listed[head.chain_key] == {"origin": origin, "size": 5, "root": stored.note.split("\n")[2]}
    # The independent implementation agrees on the note, its key ID and the checkpoint.
    vkey = aics_tlog.vkey_from_ed25519(origin, _public_key())
    assert aics_tlog.format_vkey(vkey) == verifier_key(origin, _public_key())
    result = aics_tlog.verify_checkpoint(aics_tlog.parse_note(stored.note), vkey, expected_origin=origin)
    assert result.ok, result.error
    assert (result.size, result.root) == (5, checkpoint.root)
    assert parse_verifier_key(verifier_key(origin, _public_key()))[0] == origin


def test_a_changed_checkpoint_or_signature_fails_with_the_reason(tenant) -> None:
    record_many(tenant, 3)
    create_checkpoint(actor=SYSTEM)
    note = newest_log_checkpoint(chain_head(tenant)).note
    origin = log_origin(tenant)
    vkey = aics_tlog.vkey_from_ed25519(origin, _public_key())
    text, _, signature_line = note.partition("\n\n")
    size_changed = note.replace("\n3\n", "\n4\n", 1)
    root_changed = _flip_char(note, len(text) - 5)
    signature_changed = text + "\n\n" + _flip_char(signature_line, len(signature_line) - 10)
    for forged in (size_changed, root_changed):
        with pytest.raises(NoteError, match="does not verify: the note was changed"):
            verify_checkpoint(forged, origin, [_public_key()])
        assert not aics_tlog.verify_checkpoint(aics_tlog.parse_note(forged), vkey).ok
    with pytest.raises(NoteError, match="does not verify"):
        verify_checkpoint(signature_changed, origin, [_public_key()])
    assert not aics_tlog.verify_checkpoint(aics_tlog.parse_note(signature_changed), vkey).ok
    with pytest.raises(NoteError, match=r"no signature by .* under a trusted key"):
        verify_checkpoint(note, origin, [Ed25519PrivateKey.generate().public_key()])
    with pytest.raises(NoteError, match="is for log"):
        verify_checkpoint(note, origin + "x", [_public_key()])


def test_a_rotated_key_still_verifies_old_checkpoints_when_listed(tenant) -> None:
    record_many(tenant, 1)
    create_checkpoint(actor=SYSTEM)
    note = newest_log_checkpoint(chain_head(tenant)).note
    newer = Ed25519PrivateKey.generate().public_key()
    assert verify_checkpoint(note, log_origin(tenant), [newer, _public_key()]) == parse_checkpoint(
        parse_note(note).text
    )


def test_a_tampered_merkle_log_is_withheld_from_the_next_checkpoint(tenant) -> None:
    record_many(tenant, 4)
    create_checkpoint(actor=SYSTEM)
    record_many(tenant, 2)
    head = chain_head(tenant)
    with append_only_lifted():
        execute(
            'UPDATE audit_auditloghash SET hash = %s WHERE head_id = %s AND level = 0 AND "index" = 4',
            [b"\x00" * 32, head.pk],
        )
    checkpoint = create_checkpoint(actor=SYSTEM)
    withheld = json.loads(checkpoint.body)["withheld"]
    assert [(entry["chain"], entry["reason"]) for entry in withheld] == [
        (head.chain_key, "merkle log broken")
    ]
    assert "stored Merkle hashes do not give the root" in withheld[0]["detail"]
    assert newest_log_checkpoint(head).size == 4


def test_a_head_moved_without_its_merkle_edge_is_withheld_and_other_chains_still_signed(
    tenant, other_tenant
) -> None:
    record_many(tenant, 4)
    record_many(other_tenant, 2)
    head = chain_head(tenant)
    # As a writer that knows nothing of the Merkle log would leave it (the head's trigger checks the
    # seq, not the edge): the events and the chain are intact, the edge is not.
    with append_only_lifted():
        execute("UPDATE audit_auditchainhead SET merkle_edge = %s WHERE id = %s", [b"", head.pk])
    checkpoint = create_checkpoint(actor=SYSTEM)
    withheld = json.loads(checkpoint.body)["withheld"]
    assert [(entry["chain"], entry["reason"]) for entry in withheld] == [
        (head.chain_key, "merkle log broken")
    ]
    assert "a tree of 4 leaves has 1 edge hashes, the stored edge holds 0" in withheld[0]["detail"]
    assert newest_log_checkpoint(chain_head(other_tenant)).size == 2


def test_cosignatures_are_tlog_cosignature_v1(tenant) -> None:
    record_many(tenant, 2)
    create_checkpoint(actor=SYSTEM)
    note = parse_note(newest_log_checkpoint(chain_head(tenant)).note)
    witness = Ed25519PrivateKey.generate()
    now = int(time.time())
    cosigned = note.with_signature(cosign(note.text, "witness.example/w1", witness, now))
    assert verify_cosignature(cosigned, "witness.example/w1", witness.public_key()) == now
    origin = log_origin(tenant)
    result = aics_tlog.verify_checkpoint(
        aics_tlog.parse_note(str(cosigned)),
        aics_tlog.vkey_from_ed25519(origin, _public_key()),
        [aics_tlog.cosignature_vkey("witness.example/w1", witness.public_key())],
        quorum=1,
    )
    assert result.ok, result.error
    assert result.witnesses == ["witness.example/w1"]
    forged = parse_note(str(cosigned).replace("\n2\n", "\n3\n", 1))
    with pytest.raises(NoteError, match=r"cosignature by witness\.example/w1 does not verify"):
        verify_cosignature(forged, "witness.example/w1", witness.public_key())
    with pytest.raises(NoteError, match="no cosignature by witness"):
        verify_cosignature(note, "witness.example/w1", witness.public_key())


def test_an_event_proof_is_a_tlog_proof_file_that_verifies_independently(tenant) -> None:
    record_many(tenant, 9)
    event = AuditEvent.objects.select_related("tenant").get(tenant=tenant, seq=7)
    with pytest.raises(ProofError, match="not covered by a log checkpoint yet"), transaction.atomic():
        prove_event(event, [_public_key()])
    create_checkpoint(actor=SYSTEM)
    record_many(tenant, 3, event_type=EventType.JOB_COMPLETED)
    proof = prove_event(event, [_public_key()])
    text = str(proof)
    assert text.startswith("c2sp.org/tlog-proof@v1\nindex 6\n")
    parsed = parse_proof(text)
    assert parsed == proof
    origin = log_origin(tenant)
    checkpoint = verify_checkpoint(parsed.checkpoint_note, origin, [_public_key()])
    leaf = log_position(event).leaf_hash
    verify_inclusion(leaf, parsed.index, checkpoint.size, parsed.hashes, checkpoint.root)
    result = aics_tlog.verify_checkpoint(
        aics_tlog.parse_note(parsed.checkpoint_note), aics_tlog.vkey_from_ed25519(origin, _public_key())
    )
    assert result.ok
    assert aics_tlog.verify_inclusion(leaf, parsed.index, result.size, list(parsed.hashes), result.root)
    other = AuditEvent.objects.select_related("tenant").get(tenant=tenant, seq=8)
    with pytest.raises(ProofError, match="does not lead to the root"):
        verify_inclusion(
            log_position(other).leaf_hash, parsed.index, checkpoint.size, parsed.hashes, checkpoint.root
        )


def test_a_proof_file_that_is_malformed_is_refused_with_the_reason() -> None:
    for text, reason in [
        ("c2sp.org/tlog-proof@v2\nindex 0\n\nx", "starts with the line"),
        ("c2sp.org/tlog-proof@v1\nindex 01\n\nx", "index line"),
        ("c2sp.org/tlog-proof@v1\nindex 1\nAAAA\n\nx", "not 32 bytes"),
        ("c2sp.org/tlog-proof@v1\nindex 1\n", "no blank line"),
    ]:
        with pytest.raises(NoteError, match=reason):
            parse_proof(text)


def test_checkpoints_are_signed_through_a_kms_callback_and_a_failing_one_signs_nothing(
    tenant, settings, tmp_path, monkeypatch
) -> None:
    from django.core.management import CommandError, call_command

    from audit.models import Checkpoint
    from audit.signing import private_key_pem, public_key_pem

    kms_key = Ed25519PrivateKey.generate()
    (tmp_path / "kms.pem").write_bytes(private_key_pem(kms_key))
    (tmp_path / "kms.pub").write_bytes(public_key_pem(kms_key.public_key()))
    monkeypatch.setenv("KMS_KEY_FILE", str(tmp_path / "kms.pem"))
    settings.ASSAY_AUDIT_SIGNER_CALLBACK = "tests.audit.kms_stand_in.sign"
    settings.ASSAY_AUDIT_SIGNER_PUBLIC_KEY_FILE = str(tmp_path / "kms.pub")
    record_many(tenant, 3)
    create_checkpoint(actor=SYSTEM)
    note = newest_log_checkpoint(chain_head(tenant)).note
    assert verify_checkpoint(note, log_origin(tenant), [kms_key.public_key()]).size == 3
    settings.ASSAY_AUDIT_SIGNER_CALLBACK = "tests.audit.kms_stand_in.unavailable"
    record_many(tenant, 1)
    with pytest.raises(
        CommandError, match=r"callback tests\.audit\.kms_stand_in\.unavailable failed: ConnectionError"
    ):
        call_command("audit", "checkpoint", stdout=io.StringIO())
    settings.ASSAY_AUDIT_SIGNER_CALLBACK = "tests.audit.kms_stand_in.sign"
    # The operator trusts the KMS key; the callback's configured public key is another one.
    settings.ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE = [str(tmp_path / "kms.pub")]
    settings.ASSAY_AUDIT_SIGNER_PUBLIC_KEY_FILE = str(tmp_path / "other.pub")
    (tmp_path / "other.pub").write_bytes(public_key_pem(Ed25519PrivateKey.generate().public_key()))
    with pytest.raises(CommandError, match="the KMS key and the public key differ"):
        call_command("audit", "checkpoint", stdout=io.StringIO())
    assert Checkpoint.objects.count() == 1


def test_a_proof_takes_two_queries_whatever_the_log_size(tenant, django_assert_num_queries) -> None:
    record_many(tenant, 700)
    create_checkpoint(actor=SYSTEM)
    key = _public_key()
    for seq in (1, 255, 256, 513, 700):
        event = AuditEvent.objects.select_related("tenant").get(tenant=tenant, seq=seq)
        with django_assert_num_queries(2):
            proof = prove_event(event, [key])
        checkpoint = verify_checkpoint(proof.checkpoint_note, log_origin(tenant), [key])
        verify_inclusion(
            log_position(event).leaf_hash, seq - 1, checkpoint.size, proof.hashes, checkpoint.root
        )

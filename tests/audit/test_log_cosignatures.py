"""Witnesses' cosignatures: append-only in the database, and carried by every proof, oldest first."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import DatabaseError, transaction
from django.utils import timezone

from audit.events import Actor
from audit.keys import platform_signing_key
from audit.log import log_origin, log_resource, newest_log_checkpoint, prove_event, served_note
from audit.models import AuditEvent, LogCheckpoint, LogCosignature
from audit.notes import cosign, cosignature_verifier_key, parse_note, verify_checkpoint, verify_cosignature
from audit.selectors import chain_head
from audit.services import create_checkpoint, log_cosignature_add
from audit.signing import private_key_pem, public_key_pem
from tests.audit.helpers import execute, record_many

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


def _cosign(tenant, name: str, timestamp: int) -> tuple[Ed25519PrivateKey, LogCosignature]:
    """A witness `name` cosigns the tenant's newest log checkpoint, attached through the service."""
    key = Ed25519PrivateKey.generate()
    note = parse_note(newest_log_checkpoint(chain_head(tenant)).note)
    cosigned = str(note.with_signature(cosign(note.text, name, key, timestamp)))
    added = log_cosignature_add(
        tenant=tenant,
        cosigned_note=cosigned,
        witness_key=cosignature_verifier_key(name, key.public_key()),
        actor=SYSTEM,
    )
    return key, added


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_logcosignature SET line = 'forged'",
        "UPDATE audit_logcosignature SET witness = 'someone.example/else'",
        "DELETE FROM audit_logcosignature",
    ],
)
def test_raw_sql_cannot_change_or_delete_a_cosignature(tenant, sql) -> None:
    record_many(tenant, 3)
    create_checkpoint(actor=SYSTEM)
    _, added = _cosign(tenant, "witness.example/w1", 1_700_000_000)
    with pytest.raises(DatabaseError, match="audit log is append-only"), transaction.atomic():
        execute(sql)
    assert list(LogCosignature.objects.values_list("line", "witness")) == [(added.line, added.witness)]


def test_a_proof_carries_the_cosignatures_oldest_first_in_two_queries(
    tenant, django_assert_num_queries
) -> None:
    record_many(tenant, 300)
    create_checkpoint(actor=SYSTEM)
    first_key, _ = _cosign(tenant, "witness.example/w1", 1_700_000_000)
    second_key, _ = _cosign(tenant, "witness.example/w2", 1_700_000_100)
    event = AuditEvent.objects.select_related("tenant").get(tenant=tenant, seq=123)
    log_key = platform_signing_key().private_key.public_key()
    with django_assert_num_queries(2):
        proof = prove_event(event, [log_key])
    assert proof.checkpoint_note == served_note(newest_log_checkpoint(chain_head(tenant)))
    note = parse_note(proof.checkpoint_note)
    assert [signature.name for signature in note.signatures] == [
        log_origin(tenant),
        "witness.example/w1",
        "witness.example/w2",
    ]
    assert verify_cosignature(note, "witness.example/w1", first_key.public_key()) == 1_700_000_000
    assert verify_cosignature(note, "witness.example/w2", second_key.public_key()) == 1_700_000_100
    assert verify_checkpoint(proof.checkpoint_note, log_origin(tenant), [log_key]).size == 300


def _served_and_proved(tenant, seq: int) -> tuple[str, str]:
    """The tenant's checkpoint as tlog-tiles serves it, and the checkpoint a tlog-proof of `seq` carries."""
    served = log_resource(tenant, "checkpoint").body.decode()
    event = AuditEvent.objects.select_related("tenant").get(tenant=tenant, seq=seq)
    proof = prove_event(event, [platform_signing_key().private_key.public_key()])
    return served, proof.checkpoint_note


def _witness_names(note: str) -> list[str]:
    return [signature.name for signature in parse_note(note).signatures[1:]]


def test_a_log_that_has_not_moved_keeps_its_checkpoint_row_and_its_cosignature(tenant) -> None:
    """Each platform checkpoint signs every log; one that did not move must not get a fresh row that
    is served in place of the cosigned one."""
    record_many(tenant, 300)
    create_checkpoint(actor=SYSTEM)
    create_checkpoint(actor=SYSTEM)  # the platform chain moved, the tenant's log did not
    key, _ = _cosign(tenant, "witness.example/w1", 1_700_000_000)
    create_checkpoint(actor=SYSTEM)

    for note in _served_and_proved(tenant, 123):
        assert _witness_names(note) == ["witness.example/w1"]
        assert verify_cosignature(parse_note(note), "witness.example/w1", key.public_key()) == 1_700_000_000
    assert LogCheckpoint.objects.filter(head=chain_head(tenant)).count() == 1
    # The platform's own log moves with every checkpoint (its audit.checkpoint_created events).
    assert LogCheckpoint.objects.filter(head=chain_head(None)).count() == 3


def test_a_log_that_has_not_moved_is_signed_again_under_a_new_key(tenant, settings, tmp_path) -> None:
    """Only a row signed by the current key is kept: after a rotation the served checkpoint is the new
    key's, so that the old key can be retired."""
    record_many(tenant, 3)
    create_checkpoint(actor=SYSTEM)
    old_key = platform_signing_key().private_key
    new_key = Ed25519PrivateKey.generate()
    (tmp_path / "new.pem").write_bytes(private_key_pem(new_key))
    trusted = tmp_path / "trusted.pem"
    trusted.write_bytes(public_key_pem(old_key.public_key()) + public_key_pem(new_key.public_key()))
    settings.ASSAY_AUDIT_SIGNING_KEY_FILE = str(tmp_path / "new.pem")
    settings.ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE = str(trusted)
    create_checkpoint(actor=SYSTEM)

    served = log_resource(tenant, "checkpoint").body.decode()
    assert verify_checkpoint(served, log_origin(tenant), [new_key.public_key()]).size == 3


def test_copies_of_a_checkpoint_written_before_are_served_with_each_others_cosignatures(tenant) -> None:
    """Installations before the fix hold a copy of an unmoved log's note per platform checkpoint, and
    a witness's cosignature on an older copy than the one served."""
    record_many(tenant, 300)
    create_checkpoint(actor=SYSTEM)
    first_key, first = _cosign(tenant, "witness.example/w1", 1_700_000_000)
    head = chain_head(tenant)
    execute(
        "INSERT INTO audit_logcheckpoint (created_at, size, note, head_id) VALUES (%s, %s, %s, %s)",
        [timezone.now(), first.checkpoint.size, first.checkpoint.note, head.pk],
    )
    assert newest_log_checkpoint(head) != first.checkpoint  # the copy is what is served
    _cosign(tenant, "witness.example/w2", 1_700_000_100)

    for note in _served_and_proved(tenant, 123):
        assert _witness_names(note) == ["witness.example/w1", "witness.example/w2"]
    # The first witness's line attached again adds nothing: it has cosigned this checkpoint already.
    added = AuditEvent.objects.filter(tenant=None, event_type="audit.cosignature_added")
    assert added.count() == 2
    again = log_cosignature_add(
        tenant=tenant,
        cosigned_note=first.checkpoint.note + first.line,
        witness_key=cosignature_verifier_key("witness.example/w1", first_key.public_key()),
        actor=SYSTEM,
    )
    assert again == first and added.count() == 2
    assert LogCosignature.objects.count() == 2


def test_the_checkpoint_served_over_http_carries_the_line_and_is_cached_seconds_at_most(
    tenant, auditor
) -> None:
    """C2SP tlog-tiles: checkpoint "headers SHOULD prevent caching beyond a few seconds"; a cached one
    would hide a new checkpoint, or a cosignature just attached, for as long."""
    record_many(tenant, 3)
    create_checkpoint(actor=SYSTEM)
    create_checkpoint(actor=SYSTEM)
    _cosign(tenant, "witness.example/w1", 1_700_000_000)
    response = auditor.client.get(f"/v1/audit/log/{tenant.public_id}/checkpoint")
    assert response.status_code == 200
    assert _witness_names(response.content.decode()) == ["witness.example/w1"]
    directives = [part.strip() for part in response["Cache-Control"].split(",")]
    max_age = next(int(part.removeprefix("max-age=")) for part in directives if part.startswith("max-age="))
    assert "private" in directives and max_age <= 5

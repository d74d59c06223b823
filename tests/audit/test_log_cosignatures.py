"""Witnesses' cosignatures: append-only in the database, and carried by every proof, oldest first."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import DatabaseError, transaction

from audit.events import Actor
from audit.keys import platform_signing_key
from audit.log import log_origin, newest_log_checkpoint, prove_event, served_note
from audit.models import AuditEvent, LogCosignature
from audit.notes import cosign, cosignature_verifier_key, parse_note, verify_checkpoint, verify_cosignature
from audit.selectors import chain_head
from audit.services import create_checkpoint, log_cosignature_add
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

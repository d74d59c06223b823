"""`audit verify` on the database: tampering (with the triggers dropped) is named by seq and reason."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction

from audit.events import Actor
from audit.models import AuditEvent
from audit.selectors import iter_chain_events
from audit.services import create_checkpoint
from tests.audit.helpers import append_only_lifted, execute, record_many, rehash

pytestmark = pytest.mark.django_db


def verify(*args: str) -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out)
    except CommandError as exc:
        assert "verification failed" in str(exc)
        return False, out.getvalue()
    return True, out.getvalue()


def set_payload(tenant, seq: int, payload: dict) -> None:
    execute(
        "UPDATE audit_auditevent SET payload = %s WHERE tenant_id = %s AND seq = %s",
        [json.dumps(payload), tenant.pk, seq],
    )


def test_intact_chains_verify(tenant, other_tenant):
    record_many(tenant, 5)
    record_many(other_tenant, 2)
    create_checkpoint(actor=Actor.system("test"))
    ok, output = verify()
    assert ok, output
    assert "OK      platform: 1 event," in output
    assert f"OK      tenant acme ({tenant.public_id}): 5 events, head seq 5" in output
    assert "OK      tenant globex" in output
    assert "signed checkpoints checked: 1" in output


def test_one_tenant_only(tenant, other_tenant):
    record_many(tenant, 2)
    record_many(other_tenant, 2)
    create_checkpoint(actor=Actor.system("test"))
    ok, output = verify("--tenant", "globex")
    assert ok and "globex" in output and "acme" not in output
    with pytest.raises(CommandError, match="no tenant with slug 'nope'"):
        call_command("audit", "verify", "--tenant", "nope", stdout=StringIO())


def test_a_changed_payload(tenant, other_tenant):
    record_many(tenant, 5)
    record_many(other_tenant, 5)
    with append_only_lifted():
        set_payload(tenant, 3, {"number": 3, "prompt": "something else entirely"})
    ok, output = verify()
    assert not ok
    assert f"BROKEN  tenant acme ({tenant.public_id}): seq 3: content changed" in output
    assert "OK      tenant globex" in output


def test_a_deleted_event(tenant):
    record_many(tenant, 5)
    with append_only_lifted():
        execute("DELETE FROM audit_auditevent WHERE tenant_id = %s AND seq = 2", [tenant.pk])
    ok, output = verify()
    assert not ok
    assert "seq 2: event missing: event 2 is missing (the next event present is 3)" in output


def test_a_deleted_last_event_is_missing_against_the_head(tenant):
    record_many(tenant, 5)
    with append_only_lifted():
        execute("DELETE FROM audit_auditevent WHERE tenant_id = %s AND seq = 5", [tenant.pk])
    ok, output = verify()
    assert not ok
    assert (
        "seq 5: event missing: the chain ends at seq 4, but the chain head row says it reaches seq 5"
        in output
    )


def test_two_swapped_events(tenant):
    record_many(tenant, 5)
    with append_only_lifted():
        for old, new in ((3, 1000), (4, 3), (1000, 4)):
            execute(
                "UPDATE audit_auditevent SET seq = %s WHERE tenant_id = %s AND seq = %s",
                [new, tenant.pk, old],
            )
    ok, output = verify()
    assert not ok
    assert "seq 3: order changed: prev_hash" in output


def test_a_rewritten_chain_is_caught_by_the_checkpoint(tenant):
    record_many(tenant, 5)
    create_checkpoint(actor=Actor.system("test"))
    forged = list(iter_chain_events(tenant))
    forged[1]["payload"] = {"number": 2, "prompt": "forged"}
    rehash(forged)
    with append_only_lifted():
        for event in forged[1:]:
            execute(
                "UPDATE audit_auditevent SET payload = %s, prev_hash = %s, hash = %s "
                "WHERE tenant_id = %s AND seq = %s",
                [json.dumps(event["payload"]), event["prev_hash"], event["hash"], tenant.pk, event["seq"]],
            )
        execute(
            "UPDATE audit_auditchainhead SET last_hash = %s WHERE tenant_id = %s",
            [forged[-1]["hash"], tenant.pk],
        )
    ok, output = verify()
    assert not ok
    assert "seq 5: checkpoint mismatch" in output


def test_a_head_row_out_of_step(tenant):
    record_many(tenant, 3)
    with append_only_lifted():
        execute("UPDATE audit_auditchainhead SET last_hash = %s WHERE tenant_id = %s", ["e" * 64, tenant.pk])
    ok, output = verify()
    assert not ok
    assert "seq 3: head mismatch" in output


def test_a_forged_checkpoint_signature(tenant):
    record_many(tenant, 2)
    checkpoint = create_checkpoint(actor=Actor.system("test"))
    with append_only_lifted():
        execute(
            "UPDATE audit_checkpoint SET body = replace(body, '\"seq\":2', '\"seq\":3') WHERE id = %s",
            [checkpoint.pk],
        )
    ok, output = verify()
    assert not ok
    assert f"BROKEN  checkpoint #1 ({checkpoint.public_id}): the signature does not match its body" in output


def test_the_triggers_are_back_after_tampering(tenant):
    record_many(tenant, 2)
    with append_only_lifted():
        pass
    with pytest.raises(DatabaseError, match="audit log is append-only"), transaction.atomic():
        execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 2

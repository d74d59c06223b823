"""The database itself refuses to change or delete audit rows; the ORM refuses before it gets there."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction
from django.db.models import ProtectedError

from audit.chain import GENESIS_HASH
from audit.events import Actor
from audit.models import AppendOnlyError, AuditChainHead, AuditEvent, Checkpoint
from audit.services import create_checkpoint
from tests.audit.helpers import execute, record_many

pytestmark = pytest.mark.django_db

APPEND_ONLY = "audit log is append-only"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET payload = '{}' WHERE seq = 2",
        "UPDATE audit_auditevent SET hash = prev_hash",
        "DELETE FROM audit_auditevent WHERE seq = 2",
        "DELETE FROM audit_auditevent",
    ],
)
def test_raw_sql_cannot_change_or_delete_events(tenant, sql):
    record_many(tenant, 3)
    with pytest.raises(DatabaseError, match=APPEND_ONLY), transaction.atomic():
        execute(sql)
    assert AuditEvent.objects.filter(tenant=tenant).count() == 3


@pytest.mark.parametrize(
    "sql", ["UPDATE audit_checkpoint SET signature = 'forged'", "DELETE FROM audit_checkpoint"]
)
def test_raw_sql_cannot_change_or_delete_checkpoints(tenant, sql):
    record_many(tenant, 1)
    create_checkpoint(actor=Actor.system("test"))
    with pytest.raises(DatabaseError, match=APPEND_ONLY), transaction.atomic():
        execute(sql)
    assert Checkpoint.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_triggers_hold_outside_a_test_transaction_too(tenant):
    record_many(tenant, 2)
    for sql in ("UPDATE audit_auditevent SET actor_label = 'someone else'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError, match=APPEND_ONLY):
            execute(sql)
    assert AuditEvent.objects.count() == 2


def test_the_orm_refuses_to_save_an_existing_event_or_delete_one(tenant):
    event = record_many(tenant, 1)[0]
    event.payload = {"rewritten": True}
    with pytest.raises(AppendOnlyError, match=APPEND_ONLY):
        event.save()
    with pytest.raises(AppendOnlyError, match=APPEND_ONLY):
        event.delete()
    fresh = AuditEvent.objects.get(pk=event.pk)
    with pytest.raises(AppendOnlyError, match=APPEND_ONLY):
        fresh.save(update_fields=["payload"])
    assert fresh.payload == {"number": 1, "prompt": "a red cube no. 1"}


def test_querysets_refuse_update_and_delete(tenant):
    record_many(tenant, 2)
    events = AuditEvent.objects.filter(tenant=tenant)
    with pytest.raises(AppendOnlyError, match=APPEND_ONLY):
        events.update(payload={})
    with pytest.raises(AppendOnlyError, match=APPEND_ONLY):
        events.delete()
    rows = list(events)
    # bulk_update joins the surrounding transaction without a savepoint; give it one to spoil.
    with pytest.raises(AppendOnlyError, match=APPEND_ONLY), transaction.atomic():
        AuditEvent.objects.bulk_update(rows, ["payload"])
    checkpoint = create_checkpoint(actor=Actor.system("test"))
    with pytest.raises(AppendOnlyError, match=APPEND_ONLY):
        checkpoint.delete()
    with pytest.raises(AppendOnlyError, match=APPEND_ONLY):
        Checkpoint.objects.all().delete()


def test_a_tenant_with_audit_events_cannot_be_deleted(tenant):
    record_many(tenant, 1)
    with pytest.raises(ProtectedError):
        tenant.delete()


HEAD_FORWARD_ONLY = "a chain head only moves forward, one event at a time"
# A chain that would start half-way (only constants are interpolated).
HALF_WAY_HEAD = (
    f"INSERT INTO audit_auditchainhead (chain_key, last_seq, last_hash) VALUES ('y', 5, '{GENESIS_HASH}')"  # noqa: S608
)


def test_appends_move_the_head_forward_through_its_trigger(tenant):
    record_many(tenant, 3)
    head = AuditChainHead.objects.get(tenant=tenant)
    assert (head.last_seq, head.last_hash) == (3, AuditEvent.objects.get(tenant=tenant, seq=3).hash)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditchainhead SET last_seq = last_seq - 1",  # truncating the tail
        "UPDATE audit_auditchainhead SET last_seq = 0, last_hash = '0'",  # wiping the chain
        "UPDATE audit_auditchainhead SET last_hash = 'e'",  # the same seq, another hash
        "UPDATE audit_auditchainhead SET last_seq = last_seq + 2",  # skipping an event
        "UPDATE audit_auditchainhead SET last_seq = last_seq + 1, chain_key = 'tenant:x'",
        "UPDATE audit_auditchainhead SET last_seq = last_seq + 1, tenant_id = NULL",
        "DELETE FROM audit_auditchainhead",
        HALF_WAY_HEAD,
        "INSERT INTO audit_auditchainhead (chain_key, last_seq, last_hash) VALUES ('tenant:z', 0, 'a')",
    ],
)
def test_raw_sql_cannot_move_a_head_back_or_delete_it(tenant, sql):
    record_many(tenant, 3)
    with pytest.raises(DatabaseError, match=HEAD_FORWARD_ONLY), transaction.atomic():
        execute(sql)
    head = AuditChainHead.objects.get(tenant=tenant)
    assert (head.last_seq, AuditChainHead.objects.count()) == (3, 1)


def test_the_orm_cannot_move_a_head_back_either(tenant):
    record_many(tenant, 2)
    with pytest.raises(DatabaseError, match=HEAD_FORWARD_ONLY), transaction.atomic():
        AuditChainHead.objects.filter(tenant=tenant).update(last_seq=1)
    assert AuditChainHead.objects.get(tenant=tenant).last_seq == 2

"""`assay audit verify` recomputes each Merkle log from its events and names what differs; migration
0004 built the logs of events recorded before it, checked against an independent RFC 6962 computation."""

from __future__ import annotations

import contextlib
import hashlib
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit.chain import GENESIS_HASH, chain_key, event_hash
from audit.events import Actor
from audit.integrity import verify_audit_log
from audit.keys import platform_signing_key
from audit.log import LogRecheck, current_root, log_origin, newest_log_checkpoint
from audit.models import AuditChainHead, AuditEvent, LogCheckpoint
from audit.notes import Checkpoint, sign_note
from audit.selectors import chain_head, event_dict_from_row, iter_chain_events
from audit.services import create_checkpoint, record_event
from tests.audit.helpers import ACTOR, append_only_lifted, execute, record_many

SYSTEM = Actor.system("test")


def _mth(entries: list[bytes]) -> bytes:
    """RFC 6962 section 2.1, written out here apart from audit.merkle."""
    if not entries:
        return hashlib.sha256(b"").digest()
    if len(entries) == 1:
        return hashlib.sha256(b"\x00" + entries[0]).digest()
    split = 1 << ((len(entries) - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + _mth(entries[:split]) + _mth(entries[split:])).digest()


def _canonical(event: dict) -> bytes:
    import json

    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _verify() -> str:
    out = io.StringIO()
    with contextlib.suppress(CommandError):
        call_command("audit", "verify", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_verify_names_a_changed_leaf_or_node(tenant) -> None:
    record_many(tenant, 300)
    create_checkpoint(actor=SYSTEM)
    assert "BROKEN" not in _verify()
    head = chain_head(tenant)
    with append_only_lifted():
        execute(
            'UPDATE audit_auditloghash SET hash = %s WHERE head_id = %s AND level = 0 AND "index" = 41',
            [b"\x01" * 32, head.pk],
        )
    output = _verify()
    assert (
        f"BROKEN  tenant acme ({tenant.public_id}): seq 42: merkle log broken: the stored hash of leaf 41 "
        in output
    )
    assert f"is {'01' * 32}, but the events give" in output
    with append_only_lifted():
        execute(
            'UPDATE audit_auditloghash SET hash = %s WHERE head_id = %s AND level = 0 AND "index" = 41',
            [_leaf(tenant, 41), head.pk],
        )
        execute(
            'UPDATE audit_auditloghash SET hash = %s WHERE head_id = %s AND level = 8 AND "index" = 0',
            [b"\x02" * 32, head.pk],
        )
    assert "seq 256: merkle log broken: the stored hash of node 0 at level 8 is " in _verify()


def _leaf(tenant, index: int) -> bytes:
    event = next(iter_chain_events(tenant, seq_range=(index + 1, index + 1)))
    return hashlib.sha256(b"\x00" + _canonical(event)).digest()


@pytest.mark.django_db
def test_verify_catches_a_signed_log_checkpoint_whose_root_the_events_do_not_give(tenant) -> None:
    record_many(tenant, 10)
    create_checkpoint(actor=SYSTEM)
    head = chain_head(tenant)
    origin = log_origin(tenant)
    forged = Checkpoint(origin=origin, size=6, root=b"\x03" * 32)
    LogCheckpoint.objects.create(
        head=head,
        created_at=newest_log_checkpoint(head).created_at - timedelta(seconds=1),
        size=6,
        note=str(sign_note(forged.text(), origin, platform_signing_key().private_key)),
    )
    report = verify_audit_log(tenants=[tenant])
    broken = report.chains[0].report.broken
    assert (broken.seq, str(broken.reason)) == (6, "merkle log broken")
    assert f"a log checkpoint signs root {'03' * 32} at size 6, but the events give" in broken.detail


@pytest.mark.django_db(transaction=True)
def test_migration_0004_builds_the_logs_of_events_recorded_before_it() -> None:
    executor = MigrationExecutor(connection)
    before = [("audit", "0003_checkpoint_number_and_head_triggers")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    tenants = old.get_model("tenants", "Tenant")
    acme = tenants.objects.create(slug="acme", name="Acme", public_id=uuid.uuid4())
    globex = tenants.objects.create(slug="globex", name="Globex", public_id=uuid.uuid4())
    heads, events = old.get_model("audit", "AuditChainHead"), old.get_model("audit", "AuditEvent")
    start = datetime(2026, 11, 1, tzinfo=UTC)
    expected: dict[str | None, list[bytes]] = {}
    for tenant, count in ((acme, 300), (globex, 3), (None, 2)):
        public_id = str(tenant.public_id) if tenant else None
        head = heads.objects.create(chain_key=chain_key(public_id), tenant=tenant)
        prev = GENESIS_HASH
        for seq in range(1, count + 1):
            row = {
                "seq": seq,
                "time": start + timedelta(seconds=seq),
                "actor_kind": ACTOR.kind,
                "actor_id": ACTOR.id,
                "actor_label": ACTOR.label,
                "event_type": "job.received",
                "subjects": {"job": f"job-{seq}"},
                "payload": {"number": seq, "prompt": f"ünïcode no. {seq}"},
                "prev_hash": prev,
                "hash": "",
            }
            row["hash"] = event_hash(event_dict_from_row(public_id, row))
            events.objects.create(tenant=tenant, **row)
            heads.objects.filter(pk=head.pk).update(last_seq=seq, last_hash=row["hash"])
            expected.setdefault(public_id, []).append(_canonical(event_dict_from_row(public_id, row)))
            prev = row["hash"]

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    for public_id, entries in expected.items():
        head = AuditChainHead.objects.get(chain_key=chain_key(public_id))
        assert current_root(head) == _mth(entries), public_id
        recheck = LogRecheck(head, [platform_signing_key().private_key.public_key()])
        for event in iter_chain_events(head.tenant):
            recheck.feed(event)
        assert recheck.finish() is None, public_id
    acme_head = AuditChainHead.objects.get(chain_key=chain_key(str(acme.public_id)))
    assert acme_head.last_seq == 300
    # Appends carry on from the built tree, and the first checkpoint signs it.
    from controlplane.tenants.models import Tenant

    tenant = Tenant.objects.get(pk=acme.pk)
    record_event(tenant=tenant, event_type="job.completed", actor=ACTOR, subjects={"job": "job-301"})
    entries = [_canonical(event) for event in iter_chain_events(tenant)]
    assert current_root(chain_head(tenant)) == _mth(entries)
    create_checkpoint(actor=SYSTEM)
    assert newest_log_checkpoint(chain_head(tenant)).size == 301
    assert AuditEvent.objects.filter(tenant=tenant).count() == 301

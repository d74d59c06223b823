"""The attacks of the issue: the database owner, server stopped, triggers dropped, rewrites the log.

Each test plays one attack with the triggers lifted (tests.audit.helpers) and checks that `audit verify`
fails naming the seq or the checkpoint. The SQL is plain and runs on SQLite and PostgreSQL alike.
Where the database alone cannot remember something (the newest checkpoint deleted together with its
event), the test says so and shows what does: the clock, or a copy kept outside the database.
"""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction
from django.utils import timezone

from audit.events import Actor, EventType
from audit.keys import platform_signing_key
from audit.models import AuditChainHead, AuditEvent, Checkpoint
from audit.services import AuditIntegrityError, checkpoint_on_schedule, create_checkpoint, record_event
from audit.signing import public_key_fingerprint, public_key_pem
from tests.audit.helpers import (
    append_only_lifted,
    clock,
    delete_chain_head,
    delete_checkpoint,
    execute,
    forge_checkpoint,
    keep_copy,
    platform_seq_of,
    record_many,
    rewrite_after,
    truncate_chain,
)

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


def verify(*args: str) -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out)
    except CommandError as exc:
        assert "verification failed" in str(exc)
        return False, out.getvalue()
    return True, out.getvalue()


def checkpoint() -> Checkpoint:
    return create_checkpoint(actor=SYSTEM)


def write_key(path: Path, *keys: Ed25519PrivateKey) -> Path:
    path.write_bytes(b"".join(public_key_pem(key.public_key()) for key in keys))
    return path


def platform_key() -> Ed25519PrivateKey:
    return platform_signing_key().private_key


def platform_seq_of_id(public_id: object) -> int:
    """The platform seq of a checkpoint's event, once its row is gone: found by what the event names."""
    return next(
        event.seq
        for event in AuditEvent.objects.filter(
            tenant__isnull=True, event_type=EventType.AUDIT_CHECKPOINT_CREATED
        )
        if event.subjects["checkpoint"] == str(public_id)
    )


# Rewriting every event after the last checkpoint, hashes recomputed ------------------------------------


def test_a_rewrite_after_the_newest_remaining_checkpoint_names_the_deleted_one(tenant):
    # The checkpoint that covered seq 4..6 has to go before they can be rewritten unseen...
    record_many(tenant, 3)
    checkpoint()
    record_many(tenant, 3)
    newest = checkpoint()
    with append_only_lifted():
        rewrite_after(tenant, 3)
        delete_checkpoint(newest)
    ok, output = verify()
    # ...but the platform chain recorded it.
    assert not ok
    assert (
        f"BROKEN  checkpoint #2 ({newest.public_id}), recorded at platform seq 2, is missing from the "
        "checkpoint table: it was deleted"
    ) in output


def test_a_rewrite_that_also_drops_the_checkpoints_event_is_caught_by_a_kept_copy(tenant, tmp_path):
    record_many(tenant, 3)
    checkpoint()
    record_many(tenant, 3)
    newest = checkpoint()
    kept = keep_copy(newest, tmp_path / "checkpoint-2.json")
    with append_only_lifted():
        rewrite_after(tenant, 3)
        delete_checkpoint(newest)
        truncate_chain(None, platform_seq_of(newest))
    # The limit, stated: nothing left in the database remembers checkpoint #2, and no time passed.
    assert verify()[0]
    ok, output = verify("--checkpoint", str(kept))
    assert not ok
    assert f"checkpoint #2 ({newest.public_id}), kept in {kept}, is missing from the database" in output
    assert f"BROKEN  tenant acme ({tenant.public_id}): seq 6: checkpoint mismatch" in output


def test_a_rewrite_that_leaves_its_log_checkpoint_behind_is_caught_by_the_merkle_log(tenant):
    record_many(tenant, 3)
    checkpoint()
    record_many(tenant, 3)
    newest = checkpoint()
    with append_only_lifted():
        rewrite_after(tenant, 3)
        delete_checkpoint(newest, keep_log_checkpoints=True)
        truncate_chain(None, platform_seq_of(newest))
    ok, output = verify()
    assert not ok
    assert (
        f"BROKEN  tenant acme ({tenant.public_id}): seq 6: merkle log broken: a log checkpoint signs root "
        in output
    )
    assert "at size 6, but the events give" in output


def test_a_rewrite_long_after_the_newest_remaining_checkpoint_is_overdue(tenant):
    start = timezone.now() - timedelta(hours=2)
    with clock(start):
        record_many(tenant, 3)
        checkpoint()
    with clock(start + timedelta(minutes=40)):
        record_many(tenant, 3)
    with clock(start + timedelta(minutes=41)):
        newest = checkpoint()
    with append_only_lifted():
        rewrite_after(tenant, 3)
        delete_checkpoint(newest)
        truncate_chain(None, platform_seq_of(newest))
    ok, output = verify()
    assert not ok
    assert f"BROKEN  tenant acme ({tenant.public_id}): seq 4: checkpoint overdue: event 4 of" in output
    assert "more than 30 minutes after the newest checkpoint, checkpoint #1" in output


def test_a_checkpoint_deleted_with_its_event_leaves_a_gap_in_the_numbers(tenant):
    record_many(tenant, 1)
    checkpoint()
    record_many(tenant, 1)
    second = checkpoint()
    record_many(tenant, 1)
    checkpoint()
    with append_only_lifted():
        delete_checkpoint(second)
        execute(
            "DELETE FROM audit_auditevent WHERE tenant_id IS NULL AND seq = %s", [platform_seq_of(second)]
        )
    ok, output = verify()
    assert not ok
    assert "BROKEN  checkpoint #2 missing: neither a row nor a platform chain event is left" in output
    assert "BROKEN  platform: seq 2: event missing" in output


# Deleting the tail and fixing the head row ---------------------------------------------------------------


def test_the_head_row_cannot_be_moved_back_while_the_triggers_stand(tenant):
    record_many(tenant, 5)
    with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
        execute("UPDATE audit_auditchainhead SET last_seq = 3 WHERE tenant_id = %s", [tenant.pk])
    with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
        execute("DELETE FROM audit_auditchainhead WHERE tenant_id = %s", [tenant.pk])


def test_a_deleted_tail_with_a_fixed_head_names_the_missing_checkpoint_and_seq(tenant, tmp_path):
    record_many(tenant, 3)
    checkpoint()
    record_many(tenant, 2)
    newest = checkpoint()
    kept = keep_copy(newest, tmp_path / "checkpoint-2.json")
    with append_only_lifted():
        truncate_chain(tenant, 4)
        delete_checkpoint(newest)
    ok, output = verify()
    assert not ok
    assert f"checkpoint #2 ({newest.public_id}), recorded at platform seq 2, is missing" in output
    # The thorough attacker drops the checkpoint's event too; the operator's copy still names the seq.
    with append_only_lifted():
        truncate_chain(None, platform_seq_of_id(newest.public_id))
    ok, output = verify("--checkpoint", str(kept))
    assert not ok
    assert (
        f"BROKEN  tenant acme ({tenant.public_id}): seq 4: event missing: checkpoint #2 ({newest.public_id}) "
        f"kept in {kept} signed seq 5, but the chain ends at seq 3: events 4..5 were removed"
    ) in output


def test_a_chain_deleted_whole_is_named_by_the_checkpoint_that_signed_it(tenant):
    record_many(tenant, 3)
    checkpoint()
    with append_only_lifted():
        execute("DELETE FROM audit_auditevent WHERE tenant_id = %s", [tenant.pk])
        delete_chain_head(tenant)
    ok, output = verify()
    assert not ok
    assert f"BROKEN  tenant acme ({tenant.public_id}): seq 1: event missing" in output
    assert "signed seq 3, but the chain ends at seq 0" in output


# Deleting events and all checkpoints -----------------------------------------------------------------------


def test_deleting_events_and_every_checkpoint_fails(tenant):
    record_many(tenant, 3)
    first = checkpoint()
    record_many(tenant, 2)
    second = checkpoint()
    with append_only_lifted():
        truncate_chain(tenant, 4)
        execute("DELETE FROM audit_checkpoint")
    ok, output = verify()
    assert not ok
    assert f"checkpoint #1 ({first.public_id}), recorded at platform seq 1, is missing" in output
    assert f"checkpoint #2 ({second.public_id}), recorded at platform seq 2, is missing" in output
    assert "BROKEN  no platform checkpoint signed by a trusted key" in output
    assert "signed checkpoints checked: 0" in output


def test_deleting_events_checkpoints_and_the_platform_chain_fails(tenant):
    record_many(tenant, 3)
    checkpoint()
    record_many(tenant, 2)
    checkpoint()
    with append_only_lifted():
        truncate_chain(tenant, 4)
        execute("DELETE FROM audit_checkpoint")
        execute("DELETE FROM audit_auditevent WHERE tenant_id IS NULL")
        delete_chain_head(None)
    ok, output = verify()
    assert not ok
    assert "BROKEN  no platform checkpoint signed by a trusted key" in output
    assert "covers the log, which holds events: every checkpoint was deleted" in output
    # And the schedule does not start a fresh sequence over it once the server is back.
    with (
        clock(timezone.now() + timedelta(hours=1)),
        pytest.raises(AuditIntegrityError, match="no checkpoint at all"),
    ):
        checkpoint_on_schedule(actor=SYSTEM)
    assert not Checkpoint.objects.exists()


# Rewritten history plus a checkpoint signed with the attacker's key ----------------------------------------


def test_a_rewrite_signed_with_another_key_is_named_and_the_stored_key_is_not_trusted(tenant, tmp_path):
    record_many(tenant, 5)
    real = checkpoint()
    forger = Ed25519PrivateKey.generate()
    with append_only_lifted():
        rewrite_after(tenant, 1)
    forged = forge_checkpoint(forger, number=2)
    record_event(
        tenant=None,
        event_type=EventType.AUDIT_CHECKPOINT_CREATED,
        actor=SYSTEM,
        subjects={"checkpoint": str(forged.public_id)},
        payload={"number": 2},
    )
    ok, output = verify()
    assert not ok
    assert (
        f"BROKEN  checkpoint #2 ({forged.public_id}): signed by key "
        f"{public_key_fingerprint(forger.public_key())}, which is not a trusted key"
    ) in output
    # The real checkpoint still signs the old seq 5: the rewrite is named too.
    assert f"BROKEN  tenant acme ({tenant.public_id}): seq 5: checkpoint mismatch" in output
    assert str(real.public_id) in output


def test_a_log_replaced_wholesale_under_another_key_fails(tenant, tmp_path):
    record_many(tenant, 5)
    checkpoint()
    forger = Ed25519PrivateKey.generate()
    with append_only_lifted():
        rewrite_after(tenant, 0)
        execute("DELETE FROM audit_checkpoint")
        # The log checkpoints too: each row is checked, and the platform key signed these.
        execute("DELETE FROM audit_logcheckpoint")
        execute("DELETE FROM audit_auditevent WHERE tenant_id IS NULL")
        delete_chain_head(None)
    forged = forge_checkpoint(forger, number=1)
    record_event(
        tenant=None,
        event_type=EventType.AUDIT_CHECKPOINT_CREATED,
        actor=SYSTEM,
        subjects={"checkpoint": str(forged.public_id)},
        payload={"number": 1},
    )
    ok, output = verify()
    assert not ok
    assert f"BROKEN  checkpoint #1 ({forged.public_id}): signed by key" in output
    assert "which is not a trusted key" in output
    # What the old verify did, trusting the key stored beside the data, accepts the forgery.
    ok, output = verify("--public-key", str(write_key(tmp_path / "forger.pem", forger)))
    assert ok, output
    # The operator's key does not.
    ok, output = verify("--public-key", str(write_key(tmp_path / "platform.pem", platform_key())))
    assert not ok and "not a trusted key" in output


# Trusted keys --------------------------------------------------------------------------------------------


def test_trusted_keys_come_from_the_setting_and_a_rotation_lists_both(tenant, settings, tmp_path):
    record_many(tenant, 2)
    signed = checkpoint()
    new_key = Ed25519PrivateKey.generate()
    settings.ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE = str(write_key(tmp_path / "new.pem", new_key))
    ok, output = verify()
    assert not ok
    assert f"BROKEN  checkpoint #1 ({signed.public_id}): signed by key" in output
    assert "the platform key was rotated and the old public key is not listed" in output
    settings.ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE = str(
        write_key(tmp_path / "both.pem", new_key, platform_key())
    )
    ok, output = verify()
    assert ok, output
    assert "(trusted keys: sha256:" in output and "ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE" in output


def test_an_unreadable_trusted_key_file_says_which(tenant, settings, tmp_path):
    settings.ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE = str(tmp_path / "missing.pem")
    with pytest.raises(
        CommandError, match=r"ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE: the public key file .*missing.pem"
    ):
        call_command("audit", "verify", stdout=StringIO())
    (tmp_path / "private.pem").write_text("not a key")
    with pytest.raises(CommandError, match="is not a PEM file of Ed25519 public keys"):
        call_command("audit", "verify", "--public-key", str(tmp_path / "private.pem"), stdout=StringIO())


# Signing and exporting only what verifies ----------------------------------------------------------------


def test_checkpoints_are_numbered_and_a_broken_chain_is_withheld(tenant, other_tenant):
    record_many(tenant, 3)
    record_many(other_tenant, 3)
    checkpoint()
    record_many(tenant, 3)
    with append_only_lifted():
        execute(
            "UPDATE audit_auditevent SET payload = %s WHERE tenant_id = %s AND seq = 5",
            [json.dumps({"prompt": "edited"}), tenant.pk],
        )
    out = StringIO()
    with pytest.raises(CommandError, match="checkpoint #2 signed every chain but 1 that do not verify"):
        call_command("audit", "checkpoint", stdout=out)
    assert f"WITHHELD tenant:{tenant.public_id} (acme): seq 5: content changed" in out.getvalue()
    body = json.loads(Checkpoint.objects.get(number=2).body)
    assert {chain["tenant_slug"] for chain in body["chains"]} == {None, "globex"}
    assert body["withheld"][0]["seq"] == 5


def test_no_checkpoint_is_signed_over_a_missing_one(tenant):
    record_many(tenant, 1)
    first = checkpoint()
    checkpoint()
    with append_only_lifted():
        delete_checkpoint(first)
    with pytest.raises(AuditIntegrityError, match=r"no checkpoint was signed: .*holds 1"):
        checkpoint()
    with pytest.raises(CommandError, match="the platform chain records 2 checkpoint"):
        call_command("audit", "checkpoint", stdout=StringIO())


def test_the_schedule_checkpoints_only_what_moved(tenant):
    from controlplane.tasks import audit_checkpoint_task

    record_many(tenant, 2)
    assert audit_checkpoint_task.apply().get()["number"] == 1
    assert audit_checkpoint_task.apply().get() == {
        "skipped": "no checkpoint due: nothing changed, or too few events within the interval"
    }
    record_many(tenant, 1)
    assert checkpoint_on_schedule(actor=SYSTEM) is None  # one event, within the interval: not due yet
    assert checkpoint_on_schedule(actor=SYSTEM, now=timezone.now() + timedelta(seconds=601)).number == 2
    assert AuditChainHead.objects.get(tenant__isnull=True).last_seq == 2


def test_the_schedule_checkpoints_every_n_events_within_the_interval(tenant, settings):
    settings.ASSAY_AUDIT_CHECKPOINT_EVERY_EVENTS = 5
    record_many(tenant, 1)
    assert checkpoint_on_schedule(actor=SYSTEM).number == 1  # the first checkpoint of a new log
    record_many(tenant, 4)
    assert checkpoint_on_schedule(actor=SYSTEM) is None
    record_many(tenant, 1)
    checkpoint = checkpoint_on_schedule(actor=SYSTEM)
    assert checkpoint.number == 2
    # Each checkpoint is an event of the platform log, which the next checkpoint signs.
    recorded = AuditEvent.objects.filter(tenant__isnull=True, event_type="audit.checkpoint_created")
    assert [event.payload["number"] for event in recorded.order_by("seq")] == [1, 2]


def test_export_refuses_a_chain_that_does_not_verify(tenant, tmp_path):
    record_many(tenant, 5)
    with append_only_lifted():
        execute(
            "UPDATE audit_auditevent SET payload = %s WHERE tenant_id = %s AND seq = 3",
            [json.dumps({"prompt": "edited"}), tenant.pk],
        )
    out = tmp_path / "export"
    with pytest.raises(
        CommandError,
        match="tenant acme's audit log was not exported: its chain does not verify: seq 3: content changed",
    ):
        call_command("audit", "export", "--tenant", "acme", "--out", str(out), stdout=StringIO())
    assert not out.exists()
    assert not Checkpoint.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.AUDIT_EXPORTED).exists()


def test_export_refuses_a_chain_rewritten_under_a_checkpoint(tenant, tmp_path):
    record_many(tenant, 5)
    checkpoint()
    with append_only_lifted():
        rewrite_after(tenant, 1)
    with pytest.raises(CommandError, match="its chain does not verify: seq 5: checkpoint mismatch"):
        call_command("audit", "export", "--tenant", "acme", "--out", str(tmp_path / "out"), stdout=StringIO())
    assert Checkpoint.objects.count() == 1


def test_an_export_takes_a_numbered_platform_checkpoint_first(tenant, tmp_path):
    record_many(tenant, 2)
    call_command("audit", "export", "--tenant", "acme", "--out", str(tmp_path / "out"), stdout=StringIO())
    body = json.loads((tmp_path / "out" / "checkpoint.json").read_text())["body"]
    platform = Checkpoint.objects.get(number=1)
    assert body["platform_checkpoint"] == 1 and "number" not in body
    assert {chain["tenant_slug"]: chain["seq"] for chain in json.loads(platform.body)["chains"]}["acme"] == 2
    assert verify()[0]


def test_verify_export_with_the_real_key_refuses_an_export_signed_by_another(tenant, tmp_path, settings):
    from tests.audit.helpers import read_lines, write_export

    record_many(tenant, 3)
    out = tmp_path / "export"
    call_command("audit", "export", "--tenant", "acme", "--out", str(out), stdout=StringIO())
    real = write_key(tmp_path / "platform.pem", platform_key())
    # The same events, re-signed by someone else with their own public_key.pem beside them.
    write_export(out, read_lines(out / "events.jsonl"), Ed25519PrivateKey.generate())
    for args in (["--public-key", str(real)], []):
        if not args:  # the operator's trusted keys from settings, without --public-key
            settings.ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE = str(real)
        stdout = StringIO()
        with pytest.raises(CommandError, match="export verification failed"):
            call_command("audit", "verify-export", str(out), *args, stdout=stdout)
        assert "signed by a different key" in stdout.getvalue()
        assert "export verified" not in stdout.getvalue()


# A chain withheld stays held to where it was last signed -----------------------------------------------


def test_a_chain_rewritten_whole_is_never_signed_by_a_later_checkpoint_or_exported(tenant):
    """A forger with the database owner's rights rewrites the whole chain (hashes and Merkle log
    recomputed) and deletes its log checkpoints. The next checkpoint withholds it; the one after must
    not check it from the genesis (where the rewrite verifies) and sign it, nor may an export."""
    from audit.checkpoints import signed_heads
    from audit.services import start_audit_export
    from tests.audit.helpers import rebuild_merkle_log

    record_many(tenant, 4)
    checkpoint()
    with append_only_lifted():
        rewrite_after(tenant, 0)
        rebuild_merkle_log(tenant)
        execute(
            "DELETE FROM audit_logcheckpoint WHERE head_id = %s",
            [AuditChainHead.objects.get(tenant=tenant).pk],
        )
    key = f"tenant:{tenant.public_id}"

    second = checkpoint()
    assert key not in signed_heads(json.loads(second.body))
    for _ in range(2):
        later = checkpoint()
        assert key not in signed_heads(json.loads(later.body))
        (withheld,) = [entry for entry in json.loads(later.body)["withheld"] if entry["chain"] == key]
        assert withheld["reason"] == "checkpoint mismatch" and withheld["anchor"]["seq"] == 4
    with pytest.raises(AuditIntegrityError, match="its chain does not verify"):
        start_audit_export(tenant=tenant, actor=SYSTEM)


def test_a_withheld_entry_signed_before_anchors_were_recorded_is_anchored_from_older_checkpoints(tenant):
    """Checkpoints signed before withheld entries carried their anchor: the last one that signed the
    chain is found instead."""
    from audit.checkpoints import last_signed_point, signed_heads
    from audit.trust import trusted_public_keys

    record_many(tenant, 3)
    first = checkpoint()
    record_many(tenant, 2)
    checkpoint()
    key = f"tenant:{tenant.public_id}"

    seq, digest, source = last_signed_point(key, trusted_public_keys())

    assert (seq, digest) == (5, AuditChainHead.objects.get(tenant=tenant).last_hash)
    assert signed_heads(json.loads(first.body))[key][0] == 3 and source.startswith("checkpoint #2")


def test_a_chain_withheld_before_it_was_ever_signed_says_so_and_is_not_searched_for(tenant, monkeypatch):
    """Its withheld entry carries `anchor: null`: the next checkpoint checks it from the genesis without
    reading every checkpoint in history for a point that does not exist."""
    from audit import checkpoints

    record_many(tenant, 3)
    with append_only_lifted():
        execute(
            "UPDATE audit_auditevent SET payload = %s WHERE tenant_id = %s AND seq = 2",
            ['{"x": 1}', tenant.pk],
        )
    key = f"tenant:{tenant.public_id}"
    first = checkpoint()
    (entry,) = [e for e in json.loads(first.body)["withheld"] if e["chain"] == key]
    assert entry["anchor"] is None

    def searched(*args, **kwargs):
        raise AssertionError("a never-signed chain was searched for in every checkpoint")

    monkeypatch.setattr(checkpoints, "last_signed_point", searched)
    second = checkpoint()
    assert key in {e["chain"] for e in json.loads(second.body)["withheld"]}

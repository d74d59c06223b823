"""Every log checkpoint row is checked: `audit verify` names a row that was inserted (garbage, or an old
note replayed under another size or date) or deleted, and the served checkpoint, proofs, the next
checkpoint and exports use only the newest row that verifies."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.canonical import format_timestamp
from audit.events import Actor
from audit.integrity import verify_audit_log
from audit.keys import platform_signing_key
from audit.log import LogUnavailable, log_origin, log_resource, newest_log_checkpoint, prove_event
from audit.merkle import ProofError
from audit.models import AuditEvent, LogCheckpoint
from audit.notes import verify_checkpoint
from audit.selectors import chain_head
from audit.services import create_checkpoint, start_audit_export, withheld_chains
from tests.audit.helpers import append_only_lifted, execute, record_many

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def _verify() -> tuple[bool, str]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


def _insert(head, size: int, note: str, created_at: datetime | None = None) -> LogCheckpoint:
    """What an attacker allowed only INSERTs does (the append-only triggers stay in place)."""
    execute(
        "INSERT INTO audit_logcheckpoint (created_at, size, note, head_id) VALUES (%s, %s, %s, %s)",
        [created_at or timezone.now(), size, note, head.pk],
    )
    return LogCheckpoint.objects.filter(head=head).latest("pk")


def _name(row: LogCheckpoint) -> str:
    return f"log checkpoint row {row.pk} of {format_timestamp(row.created_at)}"


def _key():
    return platform_signing_key().private_key.public_key()


def _proof(tenant, seq: int):
    event = AuditEvent.objects.select_related("tenant").get(tenant=tenant, seq=seq)
    return prove_event(event, [_key()])


def test_an_inserted_garbage_row_fails_verify_and_everything_else_uses_the_real_checkpoint(tenant) -> None:
    record_many(tenant, 5)
    create_checkpoint(actor=SYSTEM)
    head = chain_head(tenant)
    real = newest_log_checkpoint(head)
    assert _verify()[0]
    garbage = _insert(head, 34, "garbage")

    ok, output = _verify()
    assert not ok
    assert (
        f"BROKEN  tenant acme ({tenant.public_id}): {_name(garbage)} ({log_origin(tenant)}) does not "
        in output
    )
    report = verify_audit_log(tenants=[tenant])
    assert not report.ok and report.chains[0].report.ok
    assert any(_name(garbage) in problem for problem in report.checkpoint_problems)

    # Served: the real checkpoint, never the garbage (nor a 500 from parsing it).
    assert newest_log_checkpoint(head) == real
    assert log_resource(tenant, "checkpoint").body == real.note.encode()
    assert verify_checkpoint(_proof(tenant, 5).checkpoint_note, log_origin(tenant), [_key()]).size == 5
    # The next checkpoint still signs the tenant's log, and an export is still made.
    record_many(tenant, 2)
    assert withheld_chains(create_checkpoint(actor=SYSTEM)) == []
    assert newest_log_checkpoint(head).size == 7
    start_audit_export(tenant=tenant, actor=SYSTEM)


def test_an_old_note_replayed_under_a_larger_size_or_a_later_date_is_named_and_never_served(tenant) -> None:
    record_many(tenant, 3)
    create_checkpoint(actor=SYSTEM)
    head = chain_head(tenant)
    old = newest_log_checkpoint(head)
    record_many(tenant, 3)
    create_checkpoint(actor=SYSTEM)
    real = newest_log_checkpoint(head)
    assert (old.size, real.size) == (3, 6)

    inflated = _insert(head, 100, old.note)
    assert newest_log_checkpoint(head) == real
    assert log_resource(tenant, "checkpoint").body == real.note.encode()
    ok, output = _verify()
    assert not ok
    assert (
        f"{_name(inflated)} ({log_origin(tenant)}) does not verify under the trusted keys: the row says "
        in output
    )
    assert "size 100, but its signed note signs size 3" in output

    replayed = _insert(head, 3, old.note)
    assert newest_log_checkpoint(head) == real
    ok, output = _verify()
    assert (
        f"{_name(replayed)} ({log_origin(tenant)}) signs size 3, less than row {real.pk} written before it"
        in output
    )
    backdated = _insert(head, 6, real.note, created_at=old.created_at)
    assert (
        f"{_name(backdated)} ({log_origin(tenant)}) is dated before row {real.pk} written before it"
        in _verify()[1]
    )


def test_a_deleted_newest_log_checkpoint_is_named_by_the_platform_checkpoint_that_lists_it(tenant) -> None:
    record_many(tenant, 3)
    create_checkpoint(actor=SYSTEM)
    record_many(tenant, 2)
    platform = create_checkpoint(actor=SYSTEM)
    head = chain_head(tenant)
    newest = newest_log_checkpoint(head)
    assert _verify()[0]
    with append_only_lifted():
        execute("DELETE FROM audit_logcheckpoint WHERE id = %s", [newest.pk])
    assert newest_log_checkpoint(head).size == 3
    ok, output = _verify()
    assert not ok
    root = newest.note.split("\n")[2]
    assert (
        f"BROKEN  tenant acme ({tenant.public_id}): checkpoint #{platform.number} ({platform.public_id}) of "
        f"{format_timestamp(platform.created_at)} lists log {log_origin(tenant)} at size 5 (root {root}), "
        "but no log checkpoint row that verifies signs it: the row was deleted"
    ) in output


def test_a_proof_without_a_checkpoint_that_verifies_is_refused_with_the_reason(tenant) -> None:
    record_many(tenant, 4)
    head = chain_head(tenant)
    _insert(head, 34, "garbage")
    with pytest.raises(LogUnavailable, match=r"no log checkpoint of .* verifies under the trusted keys"):
        _proof(tenant, 2)
    with pytest.raises(LookupError, match="no checkpoint of the log verifies under the trusted keys"):
        log_resource(tenant, "checkpoint")
    create_checkpoint(actor=SYSTEM)
    # The real checkpoint (size 4) is used; a garbage row of a larger size never covers more.
    assert verify_checkpoint(_proof(tenant, 2).checkpoint_note, log_origin(tenant), [_key()]).size == 4
    record_many(tenant, 1)
    with pytest.raises(ProofError, match="not covered by a log checkpoint yet"):
        _proof(tenant, 5)

"""Concurrent appends and checkpoints on PostgreSQL: gapless per tenant, tenants never wait for each
other, checkpoints numbered without gaps.

SQLite serialises every write transaction (transaction_mode=IMMEDIATE), so there is nothing to show
there; these tests need real row locks.
"""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.events import EventType
from audit.integrity import verify_audit_log
from audit.models import AuditChainHead, AuditEvent
from audit.selectors import iter_chain_events
from audit.services import create_checkpoint, record_event, withheld_chains
from audit.verification import verify_chain
from tests.audit.helpers import ACTOR, execute, record_many

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks; SQLite serialises all writers (run with DATABASE_URL=postgres://...)",
    ),
]

THREADS = 8
EVENTS_PER_THREAD = 25


def _append(tenant: object, count: int) -> list[int]:
    try:
        return [
            record_event(tenant=tenant, event_type=EventType.JOB_RECEIVED, actor=ACTOR, payload={"n": n}).seq
            for n in range(count)
        ]
    finally:
        connection.close()


def test_eight_writers_on_one_tenant_make_one_gapless_valid_chain(tenant):
    # No head row yet: the writers also race to create it.
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda _: _append(tenant, EVENTS_PER_THREAD), range(THREADS)))
    total = THREADS * EVENTS_PER_THREAD
    assert sorted(seq for seqs in results for seq in seqs) == list(range(1, total + 1))
    assert list(
        AuditEvent.objects.filter(tenant=tenant).order_by("seq").values_list("seq", flat=True)
    ) == list(range(1, total + 1))
    report = verify_chain(iter_chain_events(tenant), tenant=str(tenant.public_id))
    assert report.ok, report.broken
    assert AuditChainHead.objects.get(tenant=tenant).last_seq == total


def test_eight_writers_on_eight_tenants_each_get_a_gapless_chain(make_tenant):
    tenants = [make_tenant(f"t{number}") for number in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(lambda tenant: _append(tenant, EVENTS_PER_THREAD), tenants))
    for tenant in tenants:
        report = verify_chain(iter_chain_events(tenant), tenant=str(tenant.public_id))
        assert report.ok and report.count == EVENTS_PER_THREAD


def test_a_locked_chain_blocks_only_its_own_tenant(tenant, other_tenant):
    record_many(tenant, 1)
    record_many(other_tenant, 1)
    locked, release = threading.Event(), threading.Event()

    def hold_tenant_head() -> None:
        # What an append to `tenant` does first, held open as if that append were slow to commit.
        try:
            with transaction.atomic():
                AuditChainHead.objects.select_for_update().get(tenant=tenant)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_tenant_head)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        with transaction.atomic():
            execute("SET LOCAL lock_timeout = '5s'")
            other = record_event(tenant=other_tenant, event_type=EventType.JOB_RECEIVED, actor=ACTOR)
        assert other.seq == 2
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            execute("SET LOCAL lock_timeout = '200ms'")
            record_event(tenant=tenant, event_type=EventType.JOB_RECEIVED, actor=ACTOR)
    finally:
        release.set()
        holder.join(timeout=30)
    assert record_event(tenant=tenant, event_type=EventType.JOB_RECEIVED, actor=ACTOR).seq == 2


@pytest.mark.parametrize("in_transaction", [False, True], ids=["on its own", "in a transaction"])
def test_an_append_whose_head_moved_after_it_was_read_writes_nothing_and_appends_after_it(
    tenant, in_transaction
):
    record_many(tenant, 1)
    intruded: list[int] = []

    def intrude() -> None:
        try:
            intruded.append(record_event(tenant=tenant, event_type=EventType.JOB_FAILED, actor=ACTOR).seq)
        finally:
            connection.close()

    def another_append_after_the_read(execute_sql, sql, params, many, context):
        result = execute_sql(sql, params, many, context)
        if not intruded and sql.startswith("SELECT") and "FOR UPDATE" not in sql:
            # Another writer appends (and commits) between this append's read and its write.
            writer = threading.Thread(target=intrude)
            writer.start()
            writer.join(timeout=30)
        return result

    with (
        connection.execute_wrapper(another_append_after_the_read),
        CaptureQueriesContext(connection) as queries,
        transaction.atomic() if in_transaction else contextlib.nullcontext(),
    ):
        event = record_event(tenant=tenant, event_type=EventType.JOB_COMPLETED, actor=ACTOR)
    assert (intruded, event.seq) == ([2], 3)
    # The write found the head moved and wrote nothing; under the head's lock the append went after it.
    statements = [query["sql"] for query in queries if query["sql"] not in ("BEGIN", "COMMIT")]
    assert [sql.split()[0] for sql in statements] == ["SELECT", "WITH", "SELECT", "WITH"]
    assert "FOR UPDATE" in statements[2]
    stored = list(AuditEvent.objects.filter(tenant=tenant).order_by("seq").values_list("seq", "event_type"))
    assert stored == [(1, "job.received"), (2, "job.failed"), (3, "job.completed")]
    assert AuditChainHead.objects.get(tenant=tenant).last_seq == 3
    # This process now expects other writers on that chain: its next appends to it lock the head first.
    with CaptureQueriesContext(connection) as queries:
        assert record_event(tenant=tenant, event_type=EventType.JOB_RECEIVED, actor=ACTOR).seq == 4
    assert "FOR UPDATE" in next(query["sql"] for query in queries if query["sql"] != "BEGIN")
    # A checkpoint re-verifies the chain and rebuilds its Merkle log from the events against the stored
    # hashes and edge: it would withhold a broken one.
    assert withheld_chains(create_checkpoint(actor=ACTOR)) == []
    report = verify_audit_log()
    assert report.ok, [str(chain.report.broken) for chain in report.chains if not chain.report.ok]


def _checkpoint_while_appending(tenant: object) -> int:
    try:
        record_event(tenant=tenant, event_type=EventType.JOB_RECEIVED, actor=ACTOR)
        return create_checkpoint(actor=ACTOR).number
    finally:
        connection.close()


def test_concurrent_checkpoints_get_consecutive_numbers_and_the_log_verifies(make_tenant):
    # The platform head's lock hands out numbers one at a time: no duplicate, no gap, no failure.
    tenants = [make_tenant(f"c{number}") for number in range(4)]
    with ThreadPoolExecutor(4) as pool:
        numbers = sorted(pool.map(_checkpoint_while_appending, tenants))
    assert numbers == [1, 2, 3, 4]
    report = verify_audit_log()
    assert report.ok, [*report.checkpoint_problems] + [
        str(chain.report.broken) for chain in report.chains if not chain.report.ok
    ]
    assert report.checkpoints_verified == 4

"""record_event: gapless per-chain sequences, a valid chain, and inputs refused before anything is written."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.appending import append
from audit.chain import GENESIS_HASH, event_hash
from audit.events import Actor, EventType
from audit.models import AuditChainHead, AuditEvent
from audit.selectors import event_to_dict, iter_chain_events
from audit.services import record_event
from audit.verification import verify_chain
from tests.audit.helpers import ACTOR, record_many

pytestmark = pytest.mark.django_db


def test_events_chain_from_genesis_with_gapless_seqs(tenant):
    events = record_many(tenant, 4)
    assert [event.seq for event in events] == [1, 2, 3, 4]
    assert events[0].prev_hash == GENESIS_HASH
    assert [event.prev_hash for event in events[1:]] == [event.hash for event in events[:-1]]
    assert all(event.hash == event_hash(event_to_dict(event)) for event in events)
    head = AuditChainHead.objects.get(tenant=tenant)
    assert (head.chain_key, head.last_seq, head.last_hash) == (
        f"tenant:{tenant.public_id}",
        4,
        events[-1].hash,
    )


def test_what_is_stored_hashes_to_what_was_recorded(tenant):
    record_event(
        tenant=tenant,
        event_type=EventType.IMAGE_GENERATED,
        actor=Actor.api_key(str(uuid.uuid4()), "ci key"),
        subjects={"job": uuid.uuid4(), "image": "img_1"},
        payload={"seed": 42, "scores": [0.25, -0.0, 1e17], "model": "tiny-sd", "note": "é"},
    )
    assert verify_chain(iter_chain_events(tenant), tenant=str(tenant.public_id)).ok


def test_each_tenant_and_the_platform_have_their_own_chain(tenant, other_tenant):
    record_many(tenant, 3)
    record_many(other_tenant, 2)
    platform = record_event(tenant=None, event_type=EventType.TENANT_CREATED, actor=Actor.system("setup"))
    assert platform.seq == 1 and platform.tenant is None
    assert list(
        AuditEvent.objects.filter(tenant=other_tenant).values_list("seq", flat=True).order_by("seq")
    ) == [
        1,
        2,
    ]
    assert event_to_dict(platform)["tenant"] is None
    assert AuditChainHead.objects.get(chain_key="platform").last_seq == 1


def test_the_event_dict_is_the_hashed_fields_and_the_hash(tenant):
    event = record_event(
        tenant=tenant,
        event_type="key.created",
        actor=ACTOR,
        subjects={"api_key": "k1"},
        payload={"name": "ci"},
    )
    data = event_to_dict(event)
    assert data == {
        "tenant": str(tenant.public_id),
        "seq": 1,
        "time": event.time.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": {"kind": "user", "id": "7", "label": "ada@acme.example"},
        "event_type": "key.created",
        "subjects": {"api_key": "k1"},
        "payload": {"name": "ci"},
        "prev_hash": GENESIS_HASH,
        "hash": event.hash,
    }


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"event_type": "job.exploded"}, ValueError, "job.exploded"),
        ({"payload": {"when": object()}}, TypeError, "not JSON-serialisable"),
        ({"payload": ["not", "an", "object"]}, TypeError, "JSON object"),
        ({"payload": {"x": float("nan")}}, ValueError, "NaN"),
        ({"subjects": {"Job": "1"}}, ValueError, "subject kind"),
        ({"subjects": {"job": 12}}, ValueError, "id string"),
        ({"actor": Actor(kind="robot", id="r2")}, ValueError, "actor kind"),
        ({"actor": Actor(kind="user", id="")}, ValueError, "actor id"),
        ({"actor": "system"}, TypeError, "Actor"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(tenant, arguments, error, message):
    call = {"tenant": tenant, "event_type": EventType.JOB_RECEIVED, "actor": ACTOR} | arguments
    with pytest.raises(error, match=message):
        record_event(**call)
    assert not AuditEvent.objects.exists()
    assert not AuditChainHead.objects.exists()


def test_an_append_is_a_few_plain_statements(tenant):
    record_many(tenant, 1)
    with CaptureQueriesContext(connection) as queries:
        record_event(tenant=tenant, event_type=EventType.JOB_RECEIVED, actor=ACTOR)
    statements = [query["sql"].split()[0] for query in queries]
    # PostgreSQL: read the head, then one statement moves it (if it is still the one read) and inserts
    # the event and its Merkle hash. SQLite: four.
    assert statements == (
        ["SELECT", "WITH"] if connection.vendor == "postgresql" else ["SELECT", "INSERT", "INSERT", "UPDATE"]
    )
    assert "FOR UPDATE" not in queries[0]["sql"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement append is PostgreSQL's")
def test_an_append_on_its_own_is_one_statement_that_commits_itself(tenant):
    record_many(tenant, 1)
    with CaptureQueriesContext(connection) as queries:
        event = record_event(tenant=tenant, event_type=EventType.JOB_RECEIVED, actor=ACTOR)
    # Django records the BEGIN and COMMIT of a transaction it opens; there is none: WITH commits itself.
    assert [query["sql"].split()[0] for query in queries] == ["SELECT", "WITH"]
    assert _seen_by_another_connection(event.pk) == 2


def _seen_by_another_connection(pk: int) -> int | None:
    """The seq of event `pk` as another session sees it: only committed rows are visible there."""
    seen: list[int | None] = []

    def read() -> None:
        try:
            seen.append(AuditEvent.objects.filter(pk=pk).values_list("seq", flat=True).first())
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=30)
    return seen[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite does not enforce a column's length")
def test_a_value_longer_than_its_column_is_refused_not_cut(tenant):
    # record_event checks lengths first; the database must refuse too (a cut value would not match its hash).
    event = AuditEvent(
        tenant=tenant,
        actor_kind="user",
        actor_id="7",
        actor_label="",
        event_type="x" * 65,
        subjects={},
        payload={},
    )
    with pytest.raises(DataError, match="too long"), transaction.atomic():
        append(event)
    assert not AuditEvent.objects.exists()


class Boom(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_an_event_in_a_rolled_back_transaction_leaves_no_row_and_no_gap(tenant):
    record_many(tenant, 2)
    with pytest.raises(Boom), transaction.atomic():
        record_event(tenant=tenant, event_type=EventType.JOB_FAILED, actor=ACTOR, payload={"will": "vanish"})
        raise Boom
    assert AuditEvent.objects.filter(tenant=tenant).count() == 2
    assert AuditChainHead.objects.get(tenant=tenant).last_seq == 2
    after = record_event(tenant=tenant, event_type=EventType.JOB_COMPLETED, actor=ACTOR)
    assert after.seq == 3
    assert not AuditEvent.objects.filter(event_type=EventType.JOB_FAILED).exists()
    assert verify_chain(iter_chain_events(tenant), tenant=str(tenant.public_id)).ok


@pytest.mark.django_db(transaction=True)
def test_a_first_event_rolled_back_leaves_the_chain_empty(tenant):
    with pytest.raises(Boom), transaction.atomic():
        record_event(tenant=tenant, event_type=EventType.TENANT_CREATED, actor=ACTOR)
        raise Boom
    assert not AuditChainHead.objects.exists()
    assert record_event(tenant=tenant, event_type=EventType.TENANT_CREATED, actor=ACTOR).seq == 1

"""Search and export reads: filters, cursor pagination by seq, tenant isolation, streamed export lines."""

from __future__ import annotations

import inspect
import json

import pytest

from audit.canonical import canonical_json
from audit.events import Actor, EventType
from audit.selectors import (
    MAX_PAGE_SIZE,
    audit_events_for_tenant,
    event_to_dict,
    export_seq_range,
    iter_export_lines,
)
from audit.services import record_event
from tests.audit.helpers import ACTOR, record_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(tenant, other_tenant):
    """Six events of acme (seq 1..6) with varied types, subjects and actors, and noise in globex."""
    key = Actor.api_key("key-1", "ci")
    specs = [
        (EventType.JOB_RECEIVED, ACTOR, {"job": "job-1"}),
        (EventType.IMAGE_GENERATED, key, {"job": "job-1", "image": "img-1"}),
        (EventType.JOB_COMPLETED, key, {"job": "job-1"}),
        (EventType.JOB_RECEIVED, key, {"job": "job-2"}),
        (EventType.KEY_REVOKED, ACTOR, {"api_key": "key-1"}),
        (EventType.JOB_FAILED, key, {"job": "job-2", "contains": "x"}),
    ]
    events = [
        record_event(tenant=tenant, event_type=kind, actor=actor, subjects=subjects)
        for kind, actor, subjects in specs
    ]
    record_event(
        tenant=other_tenant, event_type=EventType.JOB_RECEIVED, actor=ACTOR, subjects={"job": "job-1"}
    )
    return events


def seqs(events) -> list[int]:
    return [event.seq for event in events]


def test_all_events_of_a_tenant_in_seq_order(tenant, history):
    assert seqs(audit_events_for_tenant(tenant)) == [1, 2, 3, 4, 5, 6]


def test_filters(tenant, history):
    assert seqs(audit_events_for_tenant(tenant, event_type="job.received")) == [1, 4]
    assert seqs(audit_events_for_tenant(tenant, event_type=EventType.KEY_REVOKED)) == [5]
    assert seqs(audit_events_for_tenant(tenant, actor_id="key-1")) == [2, 3, 4, 6]
    assert seqs(audit_events_for_tenant(tenant, subject="job:job-1")) == [1, 2, 3]
    assert seqs(audit_events_for_tenant(tenant, subject="image:img-1")) == [2]
    assert seqs(audit_events_for_tenant(tenant, subject="key-1")) == [5]
    assert seqs(audit_events_for_tenant(tenant, subject="job-2")) == [4, 6]
    assert seqs(audit_events_for_tenant(tenant, subject="contains:x")) == [6]
    assert seqs(audit_events_for_tenant(tenant, subject="job:nothing")) == []
    assert seqs(audit_events_for_tenant(tenant, event_type="job.received", subject="job-2")) == [4]


def test_time_window_is_since_inclusive_until_exclusive(tenant, history):
    since, until = history[1].time, history[4].time
    assert seqs(audit_events_for_tenant(tenant, since=since, until=until)) == [2, 3, 4]


def test_cursor_pagination_by_seq(tenant, history):
    first = audit_events_for_tenant(tenant, limit=4)
    second = audit_events_for_tenant(tenant, after_seq=first[-1].seq, limit=4)
    assert (seqs(first), seqs(second)) == ([1, 2, 3, 4], [5, 6])
    assert audit_events_for_tenant(tenant, after_seq=6) == []


def test_page_size_is_capped_and_bad_filters_are_value_errors(tenant):
    record_many(tenant, 3)
    assert len(audit_events_for_tenant(tenant, limit=MAX_PAGE_SIZE * 10)) == 3
    for bad in ({"limit": 0}, {"event_type": "job.exploded"}, {"subject": "Bad Kind:1"}):
        with pytest.raises(ValueError):
            audit_events_for_tenant(tenant, **bad)


def test_another_tenants_events_never_show(tenant, other_tenant, history):
    assert seqs(audit_events_for_tenant(other_tenant)) == [1]
    assert all(
        event.tenant_id == other_tenant.pk for event in audit_events_for_tenant(other_tenant, subject="job-1")
    )


def test_platform_events_are_asked_for_with_none(tenant, history):
    record_event(tenant=None, event_type=EventType.TENANT_CREATED, actor=Actor.system("setup"))
    assert [event.event_type for event in audit_events_for_tenant(None)] == ["tenant.created"]


def test_export_lines_are_a_stream_of_canonical_event_dicts(tenant, history):
    lines = iter_export_lines(tenant)
    assert inspect.isgenerator(lines)
    lines = list(lines)
    assert lines == [canonical_json(event_to_dict(event)) + b"\n" for event in history]
    assert json.loads(lines[0])["seq"] == 1


def test_an_export_range_is_contiguous_in_seq(tenant, history):
    assert export_seq_range(tenant) == (1, 6)
    assert export_seq_range(tenant, since=history[2].time) == (3, 6)
    assert export_seq_range(tenant, until=history[2].time) == (1, 2)
    assert export_seq_range(tenant, since=history[2].time, through_seq=4) == (3, 4)
    assert export_seq_range(tenant, since=history[4].time, until=history[2].time) is None
    window = [
        json.loads(line)["seq"]
        for line in iter_export_lines(tenant, since=history[1].time, until=history[3].time)
    ]
    assert window == [2, 3]

"""The pure chain verifier: the first broken seq, and a reason that matches what was done."""

from __future__ import annotations

import copy

import pytest

from audit.chain import GENESIS_HASH, event_hash
from audit.verification import ChainVerifier, Reason, SignedPoint, verify_chain
from tests.audit.helpers import build_chain, rehash


def test_an_intact_chain_verifies():
    events = build_chain(5)
    report = verify_chain(events)
    assert report.ok
    assert (report.count, report.first_seq, report.last_seq, report.head_hash) == (
        5,
        1,
        5,
        events[-1]["hash"],
    )


def test_an_empty_chain_verifies():
    report = verify_chain([])
    assert report.ok and report.count == 0 and report.head_hash == GENESIS_HASH


def test_a_changed_payload_is_content_changed_at_its_seq():
    events = build_chain(5)
    events[2]["payload"]["number"] = 99
    broken = verify_chain(events).broken
    assert (broken.seq, broken.reason) == (3, Reason.CONTENT_CHANGED)
    assert "payload" in broken.detail


def test_an_edited_hash_is_content_changed():
    events = build_chain(5)
    events[1]["hash"] = "f" * 64
    broken = verify_chain(events).broken
    assert (broken.seq, broken.reason) == (2, Reason.CONTENT_CHANGED)


@pytest.mark.parametrize(
    ("removed", "detail"), [([2], "event 3 is missing"), ([2, 3], "events 3..4 are missing")]
)
def test_removed_events_are_missing_from_the_first_gap(removed, detail):
    events = [event for index, event in enumerate(build_chain(6)) if index not in removed]
    broken = verify_chain(events).broken
    assert (broken.seq, broken.reason) == (3, Reason.EVENT_MISSING)
    assert detail in broken.detail


def test_a_missing_first_event_is_missing():
    broken = verify_chain(build_chain(3)[1:]).broken
    assert (broken.seq, broken.reason) == (1, Reason.EVENT_MISSING)


def test_two_lines_swapped_in_a_stream_is_order_changed():
    events = build_chain(5)
    events[2], events[3] = events[3], events[2]
    broken = verify_chain(events).broken
    assert (broken.seq, broken.reason) == (3, Reason.ORDER_CHANGED)
    assert "appears later" in broken.detail


def test_two_events_swapping_seqs_is_order_changed():
    # What a swap in the database looks like: rows keep their content but trade seq numbers.
    events = build_chain(5)
    events[2]["seq"], events[3]["seq"] = 4, 3
    events[2], events[3] = events[3], events[2]
    broken = verify_chain(events).broken
    assert (broken.seq, broken.reason) == (3, Reason.ORDER_CHANGED)
    assert "prev_hash" in broken.detail


def test_a_swap_with_recomputed_hashes_is_still_order_changed():
    events = build_chain(5)
    events[2]["seq"], events[3]["seq"] = 4, 3
    events[2], events[3] = events[3], events[2]
    for event in events[2:4]:
        event["hash"] = event_hash(event)
    broken = verify_chain(events).broken
    assert (broken.seq, broken.reason) == (3, Reason.ORDER_CHANGED)


def test_an_event_replaced_with_a_recomputed_hash_breaks_the_link_after_it():
    events = build_chain(5)
    events[2]["payload"]["number"] = 99
    events[2]["hash"] = event_hash(events[2])
    broken = verify_chain(events).broken
    assert (broken.seq, broken.reason) == (4, Reason.ORDER_CHANGED)
    assert "event 3" in broken.detail


def test_a_removed_event_with_the_rest_renumbered_is_order_changed():
    events = build_chain(5)
    del events[2]
    for event in events[2:]:
        event["seq"] -= 1
    broken = verify_chain(events).broken
    assert (broken.seq, broken.reason) == (3, Reason.ORDER_CHANGED)


def test_a_duplicated_event_is_order_changed():
    events = build_chain(3)
    events.append(copy.deepcopy(events[1]))
    broken = verify_chain(events).broken
    assert (broken.seq, broken.reason) == (2, Reason.ORDER_CHANGED)


def test_the_first_event_must_start_from_genesis():
    events = rehash(build_chain(3), anchor="1" * 64)
    broken = verify_chain(events).broken
    assert (broken.seq, broken.reason) == (1, Reason.ORDER_CHANGED)


def test_a_range_verifies_from_its_anchor():
    events = build_chain(8)
    assert verify_chain(events[3:6], first_seq=4, anchor=events[2]["hash"]).ok
    broken = verify_chain(events[3:6], first_seq=4, anchor="1" * 64).broken
    assert (broken.seq, broken.reason) == (4, Reason.ORDER_CHANGED)


def test_events_of_another_chain_are_refused():
    events = build_chain(3)
    broken = verify_chain(events, tenant="someone-else").broken
    assert (broken.seq, broken.reason) == (1, Reason.WRONG_CHAIN)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda event: event.pop("payload"), "fields missing: payload"),
        (lambda event: event.update(note="unhashed"), "not covered by the hash: note"),
        (lambda event: event.update(seq="2"), "not a positive integer"),
        (lambda event: event.update(time="yesterday"), "not in the form"),
        (lambda event: event.update(hash="XYZ"), "64 lowercase hex"),
        (lambda event: event.update(actor={"kind": "user"}), "actor"),
    ],
)
def test_malformed_events_are_named(mutate, message):
    events = build_chain(3)
    mutate(events[1])
    broken = verify_chain(events).broken
    assert broken.reason == Reason.MALFORMED
    assert message in broken.detail


def test_a_truncated_tail_is_missing_against_the_head():
    events = build_chain(5)
    verifier = ChainVerifier()
    for event in events[:3]:
        verifier.feed(event)
    broken = verifier.finish(expected_last_seq=5, expected_last_hash=events[-1]["hash"]).broken
    assert (broken.seq, broken.reason) == (4, Reason.EVENT_MISSING)
    assert "events 4..5 are missing" in broken.detail


def test_a_consistent_rewrite_is_caught_by_a_signed_point():
    original = build_chain(5)
    points = {
        5: SignedPoint(hash=original[-1]["hash"], source="checkpoint X"),
        3: SignedPoint(hash=original[2]["hash"], source="checkpoint Y"),
    }
    forged = copy.deepcopy(original)
    forged[1]["payload"]["number"] = 99
    rehash(forged)
    broken = verify_chain(forged, signed_points=points).broken
    assert (broken.seq, broken.reason) == (3, Reason.CHECKPOINT_MISMATCH)
    assert "checkpoint Y" in broken.detail


def test_events_removed_after_a_signed_point_are_missing():
    events = build_chain(5)
    points = {5: SignedPoint(hash=events[-1]["hash"], source="checkpoint X")}
    broken = verify_chain(events[:3], signed_points=points).broken
    assert (broken.seq, broken.reason) == (4, Reason.EVENT_MISSING)
    assert "checkpoint X signed seq 5" in broken.detail

"""Tests that kill mutants bench/mutation.py found surviving in the chain verifier."""

from __future__ import annotations

import pytest

from audit.verification import Reason, verify_chain
from tests.audit.helpers import build_chain, rehash


@pytest.mark.parametrize(
    ("field", "value"),
    [("payload", ["not", "an", "object"]), ("subjects", "job-2"), ("payload", None), ("subjects", [])],
)
def test_subjects_or_payload_that_is_not_an_object_is_malformed_even_when_rehashed(field, value):
    """Survivor: the check `not subjects-object or not payload-object` weakened to `and`, which passes
    an event with only one of the two wrong. Rehashed as a rewriter would, so that only this check can
    catch it."""
    events = build_chain(3)
    events[1][field] = value
    rehash(events)
    broken = verify_chain(events).broken
    assert broken is not None, field
    assert (broken.seq, broken.reason) == (2, Reason.MALFORMED)
    assert broken.detail == "subjects and payload must be JSON objects"

"""Canonical JSON and the event hash are a stored format: these bytes must never drift."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from audit.canonical import canonical_json, format_timestamp, json_value, parse_timestamp
from audit.chain import GENESIS_HASH, event_hash

EVENT = {
    "tenant": "6f1c2a9e-0b7d-4c55-9d3e-2a1b3c4d5e6f",
    "seq": 1,
    "time": "2026-11-26T14:51:07.123456Z",
    "actor": {"kind": "user", "id": "7", "label": "Zoë"},
    "event_type": "job.received",
    "subjects": {"job": "job_1"},
    "payload": {"prompt": "un chat noir — 黒猫", "b": [1, 2.5, None, True]},
    "prev_hash": GENESIS_HASH,
}
EVENT_BYTES = (
    '{"actor":{"id":"7","kind":"user","label":"Zoë"},"event_type":"job.received",'
    '"payload":{"b":[1,2.5,null,true],"prompt":"un chat noir — 黒猫"},'
    '"prev_hash":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,'
    '"subjects":{"job":"job_1"},"tenant":"6f1c2a9e-0b7d-4c55-9d3e-2a1b3c4d5e6f",'
    '"time":"2026-11-26T14:51:07.123456Z"}'
).encode()
EVENT_HASH = "d9d8ece9a4d2bcfa12fc8f5756918e5ef83d36a39f0fddc323d7d75e4ef9e3d3"


def test_canonical_bytes_of_an_event_are_fixed():
    assert canonical_json(EVENT) == EVENT_BYTES
    assert event_hash(EVENT) == hashlib.sha256(EVENT_BYTES).hexdigest() == EVENT_HASH


def test_key_order_does_not_matter():
    shuffled = dict(reversed(list(EVENT.items())))
    shuffled["payload"] = {"b": [1, 2.5, None, True], "prompt": EVENT["payload"]["prompt"]}
    assert canonical_json(shuffled) == EVENT_BYTES


def test_unicode_is_written_as_utf8_not_escaped():
    assert canonical_json({"k": "é黒😀"}) == '{"k":"é黒😀"}'.encode()
    assert b"\\u" not in canonical_json({"k": "é黒😀"})


def test_the_hash_field_is_not_hashed_and_every_other_field_is():
    assert event_hash({**EVENT, "hash": "anything"}) == EVENT_HASH
    for name, changed in [
        ("tenant", None),
        ("seq", 2),
        ("time", "2026-11-26T14:51:07.123457Z"),
        ("actor", {**EVENT["actor"], "label": "Zoe"}),
        ("event_type", "job.completed"),
        ("subjects", {"job": "job_2"}),
        ("payload", {**EVENT["payload"], "prompt": "a white cat"}),
        ("prev_hash", "1" * 64),
    ]:
        assert event_hash({**EVENT, name: changed}) != EVENT_HASH, name


def test_timestamps_have_one_spelling():
    moment = datetime(2026, 11, 26, 14, 51, 7, 123456, tzinfo=UTC)
    assert format_timestamp(moment) == "2026-11-26T14:51:07.123456Z"
    assert format_timestamp(moment.replace(microsecond=0)) == "2026-11-26T14:51:07.000000Z"
    paris = timezone(timedelta(hours=1))
    assert format_timestamp(moment.astimezone(paris)) == "2026-11-26T14:51:07.123456Z"
    assert parse_timestamp("2026-11-26T14:51:07.123456Z") == moment
    with pytest.raises(ValueError, match="no time zone"):
        format_timestamp(datetime(2026, 11, 26, 14, 51, 7))
    for spelling in (
        "2026-11-26T14:51:07Z",
        "2026-11-26T14:51:07.123456+00:00",
        "2026-11-26 14:51:07.123456Z",
    ):
        with pytest.raises(ValueError):
            parse_timestamp(spelling)


def test_json_value_normalises_what_postgresql_would_change():
    assert json_value({"t": (1, 2), "z": -0.0, "big": 1e16, "small": 1e-05, "x": 0.1}) == {
        "t": [1, 2],
        "z": 0.0,
        "big": 10**16,
        "small": 1e-05,
        "x": 0.1,
    }
    assert canonical_json(json_value({"z": -0.0})) == b'{"z":0.0}'


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ({"when": datetime(2026, 1, 1, tzinfo=UTC)}, TypeError, r"payload\['when'\] is a datetime"),
        ({"id": uuid.uuid4()}, TypeError, "UUID"),
        ({"s": {1, 2}}, TypeError, "set"),
        ({1: "x"}, TypeError, "keys are strings"),
        ({"n": float("nan")}, ValueError, "NaN"),
        ({"n": float("inf")}, ValueError, "infinity"),
        ({"s": "a\x00b"}, ValueError, "NUL"),
        ({"s": "\ud800"}, ValueError, "surrogate"),
    ],
)
def test_json_value_refuses_what_is_not_json(value, error, message):
    with pytest.raises(error, match=message):
        json_value(value, where="payload")


def test_an_appends_hash_and_entry_are_the_verifiers_hash_and_canonical_json() -> None:
    from audit.chain import event_hash, hash_and_entry

    events = [
        {
            "tenant": None,
            "seq": 1,
            "time": "2026-11-26T14:51:07.123456Z",
            "actor": {"kind": "system", "id": "x", "label": ""},
            "event_type": "job.received",
            "subjects": {},
            "payload": {},
            "prev_hash": "0" * 64,
            "hash": "",
        },
        {
            "tenant": "6f1c2a9e-0b7d-4c55-9d3e-2a1b3c4d5e6f",
            "seq": 2**40,
            "time": "2026-11-26T14:51:07.000000Z",
            "actor": {"label": "Zoë \u2014 \U0001f600", "kind": "user", "id": "7"},
            "event_type": "policy.output_decided",
            "subjects": {"job": "job_1", "image": "img_2"},
            "payload": {"scores": [0.1, 0.0, 1e15, None, True], "nested": {"b": {"a": '"\\\n'}}},
            "prev_hash": "a" * 64,
            "hash": "",
        },
    ]
    for event in events:
        digest, entry = hash_and_entry(event)
        assert digest == event_hash(event)
        assert entry == canonical_json({**event, "hash": digest})

"""Canonical JSON: the one byte encoding that audit hashes and checkpoint signatures are computed over.

Definition (stable; changing any of it breaks every stored chain):

- `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)`,
  encoded as UTF-8. Keys sorted by code point, no whitespace, non-ASCII characters written as themselves
  (not `\\uXXXX`), NaN and infinities refused.
- Only JSON values: objects with string keys, arrays, strings, integers, finite floats, booleans, null.
  Anything else (datetimes, UUIDs, sets, bytes, objects) is a `TypeError`: callers convert first, so the
  encoding never depends on a `default=` hook.
- Timestamps are strings in one fixed format, UTC with microseconds: `2026-11-26T14:51:07.123456Z`
  (`format_timestamp`). Microseconds are always written, so equal instants encode equally.

`json_value` normalises a value *before* it is stored and hashed, so that what PostgreSQL's `jsonb`
gives back encodes to the same bytes: tuples become lists, `-0.0` becomes `0.0`, and floats of magnitude
1e16 or more (which `jsonb` hands back as integers) become integers. Strings holding NUL are refused
because `jsonb` cannot store them.

Pure Python with no Django import: the offline export verifier uses it without a database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_TIMESTAMP_RE = re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\Z")
# Python writes floats from 1e16 up in exponent form; jsonb stores them as exact numerics and returns
# them as integer literals, so they are integers from the start.
_FLOAT_AS_INT_FROM = 1e16


def canonical_json(value: Any) -> bytes:
    """The canonical encoding of a JSON value (see the module docstring)."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def format_timestamp(moment: datetime) -> str:
    """`2026-11-26T14:51:07.123456Z`: UTC, always with microseconds. Naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"timestamp {moment!r} has no time zone; audit times are aware datetimes")
    return moment.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


def parse_timestamp(text: str) -> datetime:
    """The inverse of `format_timestamp`; any other spelling is a `ValueError`."""
    if not isinstance(text, str) or not _TIMESTAMP_RE.match(text):
        raise ValueError(f"timestamp {text!r} is not in the form 2026-11-26T14:51:07.123456Z")
    return datetime.strptime(text, TIMESTAMP_FORMAT).replace(tzinfo=UTC)


def json_value(value: Any, *, where: str = "value") -> Any:
    """A normalised copy of `value` that stores and hashes identically; `TypeError`/`ValueError` if not JSON.

    `where` names the value in error messages (e.g. `payload["scores"][2]`).
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(f"{where} contains a NUL character, which PostgreSQL JSON cannot store")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{where} is not valid Unicode (it holds a lone surrogate)") from None
        return value
    if isinstance(value, int):
        return int(value)  # an IntEnum or other int subclass becomes a plain int
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{where} is {value!r}; JSON has no NaN or infinity")
        if abs(value) >= _FLOAT_AS_INT_FROM:
            return int(value)
        return value + 0.0  # -0.0 + 0.0 == 0.0: jsonb has no negative zero
    if isinstance(value, Mapping):
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(
                    f"{where} has a key {key!r} of type {type(key).__name__}; JSON keys are strings"
                )
            if "\x00" in key:
                raise ValueError(f"{where} has a key containing a NUL character")
            result[key] = json_value(item, where=f"{where}[{key!r}]")
        return result
    if isinstance(value, list | tuple):
        return [json_value(item, where=f"{where}[{index}]") for index, item in enumerate(value)]
    raise TypeError(
        f"{where} is a {type(value).__name__}, which is not JSON-serialisable; "
        "convert it first (str() for UUIDs, format_timestamp() for datetimes)"
    )

"""The API's request-body parsers: DRF's, plus two rules for what may enter through a body.

- JSON nests at most `MAX_JSON_DEPTH` arrays and objects. The depth is counted on the text before it
  is parsed, without recursion, because Python's decoder recurses once per level: a body nested 100,000
  deep would otherwise end in RecursionError (a 500) however small it is.
- Every string and key (JSON, at any depth) and every form field is text under `foundation.text`'s rule:
  no NUL, no lone surrogate.

Registered as the API's DEFAULT_PARSER_CLASSES in settings.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

from django.http import QueryDict
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

from controlplane.api.errors import ApiError
from foundation.text import check_json_text, check_text

# The deepest legitimate body is a policy document, about 5 levels.
MAX_JSON_DEPTH = 64
# The largest legitimate JSON body is a simulation: 100 prompts of 32,000 characters (~3.2 MB). Uploads
# travel as multipart, under ASSAY_MAX_REQUEST_BYTES; a JSON body this large costs seconds and
# gigabytes to parse for nothing.
MAX_JSON_BYTES = 4 * 1024 * 1024

# One JSON string, escapes included; an unterminated one runs to the end of the text. Possessive
# quantifiers never backtrack, so this is linear even on hostile input.
_JSON_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def json_depth(text: str) -> int:
    """How deeply `text` nests arrays and objects, counted without parsing it.

    Strings are removed first (a bracket inside one is not structure), then everything but brackets;
    the depth is the highest running count of opened minus closed brackets. Everything runs in C.
    """
    brackets = _JSON_STRING.sub("", text).encode("ascii", "ignore").translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = parsers.get_encoding(parser_context or {})
        raw = stream.read(MAX_JSON_BYTES + 1)
        if len(raw) > MAX_JSON_BYTES:
            raise ApiError(
                f"The JSON body is larger than {MAX_JSON_BYTES:,} bytes; send images as multipart uploads.",
                status_code=413,
                code="request_too_large",
            )
        try:
            text = raw.decode(encoding)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        depth = json_depth(text)
        if depth > MAX_JSON_DEPTH:
            raise ApiError(
                f"The JSON body nests arrays and objects {depth} levels deep; the limit is "
                f"{MAX_JSON_DEPTH}. Send flatter JSON.",
                code="invalid_json",
            )
        try:
            data = json.loads(
                text,
                parse_constant=json.strict_constant if self.strict else None,
                object_pairs_hook=_object_without_repeats,
            )
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        check_json_text(data)
        return data


def _object_without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose names are all different. Python keeps the last of a repeated name, a proxy or
    log in front may read the first: `{"input": "<harmful>", "input": "a cat"}` would be moderated as a
    cat by one and recorded as the other."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        repeated = next(name for name, _value in pairs if name in seen or seen.add(name))
        raise ValueError(f"the name {repeated!r} appears twice in one object; send it once")
    return data


def check_form_text(data: QueryDict) -> None:
    """Every name and value of a form (files aside: they are bytes)."""
    for name, values in data.lists():
        check_text(name, param=None, what="A form field name")
        for value in values:
            check_text(value, param=name)


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        result = super().parse(stream, media_type, parser_context)
        check_form_text(result.data)
        return result


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        check_form_text(data)
        return data

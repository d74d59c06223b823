"""Uploaded files: one size rule for every endpoint that takes an image (edits, verify, likeness), and
the other fields sent beside them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.http import QueryDict

from controlplane.api.errors import ApiError


def read_upload(upload: Any, param: str) -> bytes:
    """The bytes of a multipart file, refused with 413 (naming the field) above ASSAY_MAX_INPUT_BYTES."""
    if upload.size > settings.ASSAY_MAX_INPUT_BYTES:
        raise ApiError(
            f"{param} is {upload.size} bytes; the limit is {settings.ASSAY_MAX_INPUT_BYTES}.",
            status_code=413,
            code="image_too_large",
            param=param,
        )
    return upload.read()


def form_fields(data: Any, files: Iterable[str]) -> dict[str, Any]:
    """The fields of a request that uploads files, less the files: a multipart form, or a JSON object.
    Any other JSON body (a string, a list, null) is refused with 400 rather than read as fields."""
    if not isinstance(data, Mapping):
        raise ApiError(
            f"Send the request as multipart/form-data (or a JSON object), not a JSON {_json_kind(data)}.",
            code="invalid_request_body",
        )
    skipped = set(files)
    return {key: data.get(key) for key in data if key not in skipped}


def refuse_repeated_fields(data: Any, declared: Iterable[str]) -> None:
    """A form (or multipart) field of the `declared` ones sent twice is refused, as a JSON name sent twice
    is (`parsers`): Django keeps the last value, and a proxy or log in front may read the first, so
    `prompt=<harmful>&prompt=a cat` would be recorded as one prompt and drawn as the other. Fields the
    endpoint does not read are its own rule's (refused or ignored)."""
    if not isinstance(data, QueryDict):
        return
    names = set(declared)
    for name, values in data.lists():
        if name not in names:
            continue
        texts = [value for value in values if isinstance(value, str)]  # files: each endpoint counts them
        if len(texts) > 1:
            raise ApiError(
                f"The field {name!r} is sent {len(texts)} times; send it once.",
                code="invalid_value",
                param=name,
            )


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string" if isinstance(value, str) else "array"

"""Uploaded files: one size rule for every endpoint that takes an image (edits, verify, likeness)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

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

"""Image bytes go through Django's storage API: the file system by default, S3 when configured."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

# Bytes written inside `keeping()` (with their decoded pixels, when the writer had them), by the path
# they were stored at.
_kept: ContextVar[dict[str, tuple[bytes, Image.Image | None]] | None] = ContextVar(
    "kept_images", default=None
)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def keeping() -> Iterator[None]:
    """Inside the block, `read` answers from memory for the paths `write` stored inside it: a job
    finished by the process that generated it reads its images without a round trip to storage (an S3
    GET per image). Only what this block wrote: any other path, or one written by another process,
    is read from storage."""
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def write(path: str, data: bytes, *, pixels: Image.Image | None = None) -> str:
    """Write bytes at exactly `path`, replacing what a crashed earlier attempt may have left there.
    `pixels`: what `data` decodes to (lossless encodings only), kept with it inside `keeping()`."""
    if default_storage.exists(path):
        default_storage.delete(path)
    saved = default_storage.save(path, ContentFile(data))
    kept = _kept.get()
    if kept is not None:
        kept[saved] = (data, pixels)
    return saved


def read(path: str) -> bytes:
    kept = _kept.get()
    if kept is not None and path in kept:
        return kept[path][0]
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def kept_pixels(path: str) -> Image.Image | None:
    """The decoded pixels of the bytes `read(path)` answers from memory, when their writer gave them;
    None otherwise (decode the bytes)."""
    kept = _kept.get()
    if kept is None or path not in kept:
        return None
    return kept[path][1]


def delete(path: str) -> None:
    kept = _kept.get()
    if kept is not None:
        kept.pop(path, None)
    if path and default_storage.exists(path):
        default_storage.delete(path)


def exists(path: str) -> bool:
    return bool(path) and default_storage.exists(path)

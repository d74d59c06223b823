"""Image bytes go through Django's storage API: the file system by default, S3 when configured."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(path: str, data: bytes) -> str:
    """Write bytes at exactly `path`, replacing what a crashed earlier attempt may have left there."""
    if default_storage.exists(path):
        default_storage.delete(path)
    return default_storage.save(path, ContentFile(data))


def read(path: str) -> bytes:
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def delete(path: str) -> None:
    if path and default_storage.exists(path):
        default_storage.delete(path)


def exists(path: str) -> bool:
    return bool(path) and default_storage.exists(path)

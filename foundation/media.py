"""The image formats Assay reads and writes, and their names in each vocabulary (one table)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediaType:
    mime: str  # image/png
    pillow: str  # PNG, Pillow's format name
    extension: str  # png, for stored file names
    output_format: str  # png, the API's `output_format` value


PNG = MediaType("image/png", "PNG", "png", "png")
JPEG = MediaType("image/jpeg", "JPEG", "jpg", "jpeg")
WEBP = MediaType("image/webp", "WEBP", "webp", "webp")
MEDIA_TYPES = (PNG, JPEG, WEBP)

BY_MIME = {media.mime: media for media in MEDIA_TYPES}
BY_PILLOW = {media.pillow: media for media in MEDIA_TYPES}
BY_OUTPUT_FORMAT = {media.output_format: media for media in MEDIA_TYPES}
MIME_TYPES = tuple(BY_MIME)
PILLOW_FORMATS = tuple(BY_PILLOW)
OUTPUT_FORMATS = tuple(BY_OUTPUT_FORMAT)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def sniff(data: bytes) -> MediaType | None:
    """The media type of `data` from its magic bytes (never from a name or a client's claim)."""
    if data.startswith(PNG_SIGNATURE):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    return None

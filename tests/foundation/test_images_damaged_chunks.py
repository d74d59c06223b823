"""`without_damaged_png_chunks`: what verification reads of a PNG whose metadata chunk was damaged;
`open_image` and `decode_image` by themselves still refuse such a file."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image, PngImagePlugin

from foundation.images import ImageInputError, decode_image, open_image, without_damaged_png_chunks


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "written before the pixels")
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 20, 30)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def damage(data: bytes, kind: bytes) -> bytes:
    """`data` with one bit of its `kind` chunk's data flipped (its checksum no longer matches)."""
    offset = data.index(kind) + 4
    return data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1 :]


def test_intact_and_other_formats_are_returned_as_they_are():
    data = png_with_text()
    assert without_damaged_png_chunks(data) == (data, ())
    assert without_damaged_png_chunks(b"\xff\xd8\xff not a png") == (b"\xff\xd8\xff not a png", ())


def test_a_damaged_ancillary_chunk_is_dropped_and_named():
    data = png_with_text()
    readable, damaged = without_damaged_png_chunks(damage(data, b"tEXt"))
    assert damaged == ("tEXt",)
    assert b"tEXt" not in readable
    with Image.open(io.BytesIO(readable)) as image:
        image.load()
        assert image.size == (8, 8) and "Comment" not in image.info


def test_a_damaged_critical_chunk_is_kept_for_the_decoder_to_refuse():
    data = damage(png_with_text(), b"IHDR")
    assert without_damaged_png_chunks(data) == (data, ())
    with pytest.raises(ImageInputError):
        open_image(data)


def test_decoding_for_other_uses_still_refuses_a_damaged_chunk():
    for read in (open_image, decode_image):
        with pytest.raises(ImageInputError, match="not a PNG"):
            read(damage(png_with_text(), b"tEXt"))


def test_a_chunk_overrunning_the_file_stops_the_walk():
    data = png_with_text()
    offset = data.index(b"tEXt") - 4
    broken = damage(data[:offset] + struct.pack(">I", 1 << 30) + data[offset + 4 :], b"tEXt")
    assert without_damaged_png_chunks(broken) == (broken, ())

"""POST /v1/verify refuses a file made of implausibly many chunks or segments before Pillow or c2pa parse
it: each costs them time whatever it holds (a 24 MB PNG of 2,000,000 empty chunks cost ~70 s of CPU)."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from foundation.images import ImageInputError, decode_image, open_image, without_damaged_png_chunks
from provenance.errors import ProvenanceError
from provenance.services import verify
from tests.helpers import assert_error
from tests.provenance.conftest import encode, photo

pytestmark = pytest.mark.django_db


def png_chunk(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_with_empty_chunks(count: int, kind: bytes = b"tEXt", side: int = 256) -> bytes:
    """The reviewer's file: a small PNG with `count` empty chunks of `kind` after its header (2,000,000
    for the 24 MB original)."""
    data = encode(photo(side))
    header_end = 8 + 25  # signature, IHDR
    return data[:header_end] + png_chunk(kind) * count + data[header_end:]


def png_in_idat_chunks(pixels: np.ndarray, size: int) -> bytes:
    """`pixels` as a PNG whose image data is split into IDAT chunks of `size` bytes."""
    data = encode(pixels)
    offset, chunks, idat = 8, [], b""
    while offset < len(data):
        (length,) = struct.unpack_from(">I", data, offset)
        kind, payload = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        if kind == b"IDAT":
            idat += payload
        else:
            if kind == b"IEND":
                chunks += [png_chunk(b"IDAT", idat[i : i + size]) for i in range(0, len(idat), size)]
            chunks.append(png_chunk(kind, payload))
        offset += 12 + length
    return data[:8] + b"".join(chunks)


def jpeg_with_segments(count: int) -> bytes:
    """A JPEG with `count` empty comment (COM) segments before its first scan."""
    data = encode(photo(256), "JPEG")
    return data[:2] + b"\xff\xfe\x00\x02" * count + data[2:]


def post(data: bytes, name: str = "image.png"):
    return APIClient().post("/v1/verify", {"image": SimpleUploadedFile(name, data)}, format="multipart")


def test_a_png_of_many_empty_chunks_is_refused_before_it_is_parsed():
    data = png_with_empty_chunks(20_000)
    error = assert_error(post(data), 400, "invalid_image")
    assert "more than 256 chunks" in error["message"] and error["param"] == "image"
    assert without_damaged_png_chunks(data) == (data, ())  # not scanned either
    with pytest.raises(ProvenanceError, match="more than 256 chunks"):
        verify(data)
    with pytest.raises(ImageInputError, match="more than 256 chunks"):
        decode_image(data)  # an edit's input is held to the same rule
    assert post(png_with_empty_chunks(200)).status_code == 200  # a few hundred are read


def test_a_png_of_many_empty_idat_chunks_is_refused_but_image_data_in_small_ones_is_read():
    error = assert_error(post(png_with_empty_chunks(20_000, b"IDAT")), 400, "invalid_image")
    assert "IDAT chunks" in error["message"]
    # Some encoders write small IDAT chunks (one per row): 4,096 of any size, and more of 1 KiB or more.
    noise = np.random.default_rng(7).integers(0, 256, (1300, 1300, 3), dtype=np.uint8)  # 5 MB, incompressible
    data = png_in_idat_chunks(noise, 1024)
    assert data.count(b"IDAT") > 4096 + 256
    assert np.array_equal(np.asarray(open_image(data).convert("RGB")), noise)
    pixels = photo(512)
    assert post(png_in_idat_chunks(pixels, 1024)).status_code == 200
    small = png_in_idat_chunks(pixels, 128)
    assert 2000 < small.count(b"IDAT") <= 4096
    assert np.array_equal(np.asarray(open_image(small).convert("RGB")), pixels)


def test_a_jpeg_of_many_empty_segments_is_refused():
    data = jpeg_with_segments(20_000)
    error = assert_error(post(data, "image.jpg"), 400, "invalid_image")
    assert "more than 256 marker segments" in error["message"]
    assert post(jpeg_with_segments(100), "image.jpg").status_code == 200


def test_a_jpeg_of_many_scans_is_refused():
    # A progressive JPEG's scans are repeated: each costs the decoder a pass, and a photo has about 10.
    data = encode(photo(256), "JPEG", progressive=True)
    first_scan = data.index(b"\xff\xda")
    scans = data[first_scan:-2]
    error = assert_error(
        post(data[:first_scan] + scans * 40 + b"\xff\xd9", "image.jpg"), 400, "invalid_image"
    )
    assert "marker segments" in error["message"]


def test_junk_between_jpeg_segments_is_refused():
    data = encode(photo(256), "JPEG")
    error = assert_error(post(data[:2] + b"\xff" * 200_000 + data[2:], "image.jpg"), 400, "invalid_image")
    assert "outside its header segments" in error["message"]


def test_a_webp_of_many_chunks_is_refused():
    data = encode(photo(256), "WEBP")
    body = data[12:] + b"JUNK\x00\x00\x00\x00" * 20_000
    data = b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body
    Image.open(io.BytesIO(data)).load()  # Pillow reads it (and would parse every chunk)
    error = assert_error(post(data, "image.webp"), 400, "invalid_image")
    assert "more than 256 chunks" in error["message"]

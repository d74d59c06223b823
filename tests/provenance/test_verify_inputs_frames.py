"""POST /v1/verify refuses what is not one still PNG, JPEG or WebP picture: an MPO (Pillow's name for a
JPEG with more pictures after it), an APNG, an animated WebP. A viewer may show another frame than the
first one decoded, so a released picture's first frame must not lend its attribution to the rest."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient
from skimage import data as samples

from foundation.images import ImageInputError, open_image
from provenance.errors import ProvenanceError
from provenance.services import verify
from tests.helpers import assert_error
from tests.provenance.conftest import decode, encode, photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def released(signed_image) -> bytes:
    """A released image's signed bytes (a 512 px PNG), as the pipeline leaves them."""
    return signed_image[1]


def other_picture(side: int = 512) -> np.ndarray:
    return np.asarray(Image.fromarray(samples.chelsea()).resize((side, side)))


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack_from(">I", data, offset)
        chunks.append((data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return chunks


def with_animation_frame(data: bytes, frame: np.ndarray) -> bytes:
    """The PNG `data` made an APNG whose default image (its IDAT) is not part of the animation: one
    frame (acTL before the IDAT, fcTL and fdAT after it) showing `frame`, which APNG viewers show."""
    height, width = frame.shape[:2]
    frame_data = b"".join(payload for kind, payload in png_chunks(encode(frame)) if kind == b"IDAT")
    out = []
    for kind, payload in png_chunks(data):
        if kind == b"IEND":
            control = struct.pack(">IIIIIHHBB", 0, width, height, 0, 0, 1, 1, 0, 0)
            out += [png_chunk(b"fcTL", control), png_chunk(b"fdAT", struct.pack(">I", 1) + frame_data)]
        out.append(png_chunk(kind, payload))
        if kind == b"IHDR":
            out.append(png_chunk(b"acTL", struct.pack(">II", 1, 0)))
    return data[:8] + b"".join(out)


def post(data: bytes, name: str = "image.png"):
    return APIClient().post("/v1/verify", {"image": SimpleUploadedFile(name, data)}, format="multipart")


def test_an_mpo_is_refused_naming_the_accepted_formats():
    out = io.BytesIO()
    Image.fromarray(photo(256)).save(
        out, "MPO", save_all=True, append_images=[Image.fromarray(other_picture(256))]
    )
    mpo = out.getvalue()
    error = assert_error(post(mpo, "image.jpg"), 400, "invalid_image")
    assert "MPO" in error["message"] and "PNG, JPEG or WebP" in error["message"]
    with pytest.raises(ProvenanceError, match="PNG, JPEG or WebP"):
        verify(mpo)  # not a KeyError (a 500)
    with pytest.raises(ImageInputError, match="PNG, JPEG or WebP"):
        open_image(mpo)


def test_an_apng_whose_animation_shows_another_picture_is_refused(released):
    # Its default image is the released picture (stripped of metadata); APNG viewers show the frame.
    apng = with_animation_frame(encode(decode(released)), other_picture())
    with Image.open(io.BytesIO(apng)) as image:
        assert np.array_equal(np.asarray(image.convert("RGB")), decode(released))  # what was verified
    error = assert_error(post(apng), 400, "invalid_image")
    assert "several frames" in error["message"]


def test_an_animation_spliced_into_the_signed_file_is_refused(released):
    # The manifest breaks, but the default image is exactly the released pixels: the exact-pixels rule
    # read that as a metadata change and confirmed it.
    error = assert_error(post(with_animation_frame(released, other_picture())), 400, "invalid_image")
    assert "several frames" in error["message"]
    with pytest.raises(ProvenanceError, match="several frames"):
        verify(with_animation_frame(released, other_picture()))


def test_an_animated_webp_is_refused(released):
    # Frame 0 is the released picture, for 1 ms; then another picture, which a viewer shows.
    out = io.BytesIO()
    frames = [Image.fromarray(decode(released)), Image.fromarray(other_picture())]
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=[1, 1000], lossless=True)
    error = assert_error(post(out.getvalue(), "image.webp"), 400, "invalid_image")
    assert "several frames" in error["message"]

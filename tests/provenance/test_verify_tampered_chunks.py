"""POST /v1/verify on a signed file one bit of whose metadata (C2PA or XMP) changed after signing: the
file is verified and reported changed, not refused as "not an image"; its pixels still give the mark."""

from __future__ import annotations

import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ImageFile
from rest_framework.test import APIClient

from provenance.services import StampRequest, stamp
from tests.provenance.conftest import encode, photo, released_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def signed_image(tenant, fmt: str = "PNG"):
    """A released image of `tenant` (row and stored bytes), stamped as the pipeline does."""
    mime_type = {"PNG": "image/png", "JPEG": "image/jpeg"}[fmt]

    def mark(watermark_id: str, image_id: str, job_id: str) -> bytes:
        request = StampRequest(
            image=encode(photo(512), fmt),
            mime_type=mime_type,
            watermark_id=watermark_id,
            assertion={"image_id": image_id, "job_id": job_id},
        )
        return stamp(request).data

    return released_image(tenant, mark)


def png_chunk(data: bytes, kind: bytes) -> tuple[int, int]:
    """The (data offset, length) of `data`'s first `kind` chunk."""
    offset = 8
    while offset < len(data):
        length, found = struct.unpack_from(">I4s", data, offset)
        if found == kind:
            return offset + 8, length
        offset += 12 + length
    raise AssertionError(f"no {kind!r} chunk")


def flip_bit(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0x10]) + data[offset + 1 :]


def verify(data: bytes, name: str = "image.png") -> dict:
    response = APIClient().post("/v1/verify", {"image": SimpleUploadedFile(name, data)}, format="multipart")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_bit_flipped_in_the_c2pa_chunk_is_reported_invalid_not_refused(tenant):
    image, data = signed_image(tenant)
    start, length = png_chunk(data, b"caBX")
    body = verify(flip_bit(data, start + length * 3 // 4))
    c2pa = body["c2pa"]
    assert c2pa["present"] and c2pa["validation_state"] == "Invalid" and not c2pa["verified"]
    assert "assay.pngChunk.checksumMismatch" in [failure["code"] for failure in c2pa["failures"]]
    # The pixels are untouched: the mark reads, leads to the record, and the pixels match it.
    assert body["watermark"]["watermark_id"] == image.watermark_id and "error" not in body["watermark"]
    assert body["registry"]["attribution"] == "confirmed"
    assert body["xmp"]["digital_source_type"].endswith("trainedAlgorithmicMedia")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False  # never switched on for the process


def test_a_bit_flipped_in_the_xmp_chunk_is_reported_invalid_not_refused(tenant):
    image, data = signed_image(tenant)
    start, length = png_chunk(data, b"iTXt")
    body = verify(flip_bit(data, start + length // 2))
    c2pa = body["c2pa"]
    assert c2pa["present"] and c2pa["validation_state"] == "Invalid" and not c2pa["verified"]
    codes = [failure["code"] for failure in c2pa["failures"]]
    assert "assertion.dataHash.mismatch" in codes and "assay.pngChunk.checksumMismatch" in codes
    assert body["xmp"] is None  # a damaged disclosure is not reported as one
    assert body["watermark"]["watermark_id"] == image.watermark_id


def test_a_bit_flipped_in_a_jpeg_c2pa_segment_is_reported_invalid(tenant):
    _, data = signed_image(tenant, "JPEG")
    # A byte the signature covers (the `ai.assay.generation` assertion's `job_id` key): a fixed share of
    # the segment can land in the signature's padding, which no signature covers and no reader checks.
    body = verify(flip_bit(data, data.index(b"job_id", data.index(b"\xff\xeb"))), "image.jpg")
    c2pa = body["c2pa"]
    assert c2pa["present"] and c2pa["validation_state"] == "Invalid" and not c2pa["verified"]
    assert body["watermark"]["found"]


def test_a_damaged_critical_chunk_is_still_refused(tenant):
    _, data = signed_image(tenant)
    start, _ = png_chunk(data, b"IHDR")
    response = APIClient().post(
        "/v1/verify", {"image": SimpleUploadedFile("x.png", flip_bit(data, start))}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_image"


def test_a_patch_pasted_under_the_kept_manifest_is_not_confirmed(tenant):
    """Resemblance is global: a face pasted over a part of a released picture still resembles it. The
    file's own manifest shows the edit, so the registry says derived, not generated here."""
    import io

    import numpy as np
    from PIL import Image

    from tests.provenance.test_stamp import _png, _png_chunks

    _, data = signed_image(tenant)
    pixels = np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).copy()
    pixels[200:296, 200:296] = pixels[20:116, 380:476]  # another part of the picture, pasted over
    patched = _png_chunks(encode(pixels))
    idat = [chunk for chunk in patched if chunk[0] == b"IDAT"]
    chunks = _png_chunks(data)
    first = next(i for i, chunk in enumerate(chunks) if chunk[0] == b"IDAT")
    kept = [chunk for chunk in chunks if chunk[0] != b"IDAT"]
    edited = _png(kept[:first] + idat + kept[first:])

    body = verify(edited)

    assert body["c2pa"]["validation_state"] == "Invalid"
    assert body["registry"]["content_matches_record"] is True  # resemblance alone would confirm it
    assert body["registry"]["attribution"] == "derived_edited_after_signing"
    assert body["registry"]["generated_by_this_installation"] is False
    assert "image_id" not in body["registry"]
    assert verify(data)["registry"]["attribution"] == "confirmed"


def test_a_patch_pasted_and_signed_again_by_someone_else_is_not_confirmed(tenant):
    """The edit under a manifest of its own (an editor's, a forger's: intact, but not this installation's)
    is derived from a released image too, however well it resembles it."""
    import io

    import numpy as np
    from PIL import Image

    from provenance import manifest
    from provenance.devca import build_chain
    from provenance.signers import FileSigner

    _, data = signed_image(tenant)
    pixels = np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).copy()
    pixels[200:296, 200:296] = pixels[20:116, 380:476]
    chain = build_chain("Some Editor")
    definition = manifest.build_manifest(
        kind="created", title="edited.png", generator={"name": "Editor"}, generation={}, watermark=None
    )
    resigned, _ = manifest.sign(
        definition,
        signer=FileSigner(chain.chain_pem, chain.key_pem),
        data=encode(pixels),
        mime_type="image/png",
    )

    body = verify(resigned)

    assert body["c2pa"]["validation_state"] == "Valid" and body["c2pa"]["own_signer"] is False
    assert body["registry"]["content_matches_record"] is True
    assert body["registry"]["attribution"] == "derived_edited_after_signing"

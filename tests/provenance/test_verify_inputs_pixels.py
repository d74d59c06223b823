"""POST /v1/verify reads the picture a viewer shows: transparency composited (never confirmed on RGB that
shows nothing), EXIF orientation applied, and a JPEG that lacks only its final EOI marker read whole."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile, ImageOps
from rest_framework.test import APIClient

from provenance.services import StampRequest, stamp
from tests.provenance.conftest import decode, encode, photo, released_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def release(tenant, pixels: np.ndarray):
    """A released image of `tenant` showing `pixels`, stamped as the pipeline does: (row, signed bytes)."""

    def mark(watermark_id: str, image_id: str, job_id: str) -> bytes:
        request = StampRequest(
            image=encode(pixels),
            mime_type="image/png",
            watermark_id=watermark_id,
            assertion={"image_id": image_id, "job_id": job_id},
        )
        return stamp(request).data

    return released_image(tenant, mark)


def verify(data: bytes, name: str = "image.png") -> dict:
    response = APIClient().post("/v1/verify", {"image": SimpleUploadedFile(name, data)}, format="multipart")
    assert response.status_code == 200, response.content
    return response.json()


def with_alpha(pixels: np.ndarray, alpha: int) -> bytes:
    return encode(np.dstack([pixels, np.full(pixels.shape[:2], alpha, np.uint8)]))


def test_a_copy_that_shows_nothing_is_not_confirmed(tenant):
    image, data = release(tenant, photo(512))
    pixels = decode(data)
    invisible = verify(with_alpha(pixels, 0))  # the released RGB under alpha 0: a viewer shows nothing
    assert invisible["registry"]["attribution"] != "confirmed"
    assert invisible["registry"]["generated_by_this_installation"] is False
    opaque = verify(with_alpha(pixels, 255))  # an alpha channel that hides nothing
    assert opaque["watermark"]["watermark_id"] == image.watermark_id
    assert opaque["registry"]["attribution"] == "confirmed"


def test_a_released_picture_with_transparency_is_still_confirmed(tenant):
    # Provider models release transparent images (background: transparent): compared as shown.
    rgba = np.dstack([photo(512), np.full((512, 512), 255, np.uint8)])
    rgba[:128, :, 3] = 0
    _, data = release(tenant, rgba)
    shown = np.asarray(Image.open(io.BytesIO(data)))
    assert verify(encode(shown))["registry"]["attribution"] == "confirmed"  # stripped, with its alpha
    faded = shown.copy()
    faded[:, :, 3] = 10  # the same RGB, nearly invisible
    assert verify(encode(faded))["registry"]["attribution"] != "confirmed"


def test_a_copy_rotated_in_its_pixels_and_tagged_upright_is_confirmed(tenant):
    image, data = release(tenant, photo(512))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90 degrees clockwise to show
    out = io.BytesIO()
    Image.fromarray(np.rot90(decode(data))).save(out, "JPEG", quality=92, exif=exif)
    shown = ImageOps.exif_transpose(Image.open(io.BytesIO(out.getvalue())))
    assert shown.size == (512, 512) and np.abs(np.asarray(shown, np.int16) - decode(data)).mean() < 4

    body = verify(out.getvalue(), "copy.jpg")

    assert body["watermark"]["watermark_id"] == image.watermark_id
    assert body["registry"]["attribution"] == "confirmed"


@pytest.mark.parametrize("orientation", [3, 6])
def test_an_orientation_tag_added_to_the_released_pixels_does_not_hide_the_mark(tenant, orientation):
    """The tag turns the picture for display; it is still the released picture, and its mark is read as
    stored (a one-tag metadata change must not defeat detection)."""
    image, data = release(tenant, photo(512))
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    Image.fromarray(decode(data)).save(out, "JPEG", quality=95, exif=exif)

    body = verify(out.getvalue(), "tagged.jpg")

    assert body["watermark"]["watermark_id"] == image.watermark_id
    assert body["registry"]["attribution"] == "confirmed"


def test_a_jpeg_copy_without_its_eoi_marker_is_read(tenant):
    image, data = release(tenant, photo(512))
    copy = encode(decode(data), "JPEG", quality=92)
    assert copy.endswith(b"\xff\xd9")

    body = verify(copy[:-2], "copy.jpg")

    assert "error" not in body["watermark"]
    assert body["watermark"]["watermark_id"] == image.watermark_id
    assert body["registry"]["attribution"] == "confirmed"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False  # never switched on for the process
    # Cut inside its image data, it is still not read (its rest would be grey), progressive or not.
    for cut in (copy[: len(copy) // 2], encode(decode(data), "JPEG", progressive=True)[:-300]):
        body = verify(cut, "cut.jpg")
        assert body["watermark"]["found"] is False and "could not be decoded" in body["watermark"]["error"]

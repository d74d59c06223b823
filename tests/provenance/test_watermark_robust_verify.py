"""/v1/verify with the robust watermark: a stripped, resized, cropped, recompressed copy still leads to
the installation's record; images marked with the earlier method still verify; the signed manifest
carries the C2PA soft binding."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from generation.models import GeneratedImage
from provenance import watermarks
from provenance.errors import ProvenanceError
from provenance.services import MARK_QUALITY_FLOOR_DB, StampRequest, new_watermark_id, stamp, verify
from tests.provenance.conftest import decode, encode, photo, stamped_photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Released bytes go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


# The re-post below (0.6x, off-centre crop, JPEG q80) sits near the edge of what the mark survives: 6 of
# 1,500 random ids (0.4%) were lost to it, their resync landing on the wrong scale or reading too few
# bits at the right one. Rates over many ids and images are the bench's job
# (bench/watermark_robustness.py); the test pins one id so that it fails only when the route or the
# mark breaks, never by the draw of an id.
PINNED_ID = "3c51a0be7d42"


def stamped_release(tenant, options: dict) -> tuple[GeneratedImage, bytes]:
    """A released image of `tenant`, stamped as the pipeline does with the policy's `options`."""
    return stamped_photo(tenant, options, model_name="verify-robust", watermark_id=PINNED_ID)


def post(client: APIClient, data: bytes, name: str):
    return client.post("/v1/verify", {"image": SimpleUploadedFile(name, data)}, format="multipart")


def stripped_resized_cropped(data: bytes) -> bytes:
    """What a re-post does: pixels only (no manifest, no XMP), 0.6x, cropped off-centre, JPEG q80."""
    image = (
        Image.fromarray(decode(data)).resize((307, 307), Image.Resampling.BICUBIC).crop((41, 23, 290, 260))
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def test_a_stripped_resized_cropped_copy_leads_to_the_record(tenant, key_client):
    image, data = stamped_release(tenant, {})
    copy = stripped_resized_cropped(data)
    body = post(key_client(tenant, "developer").client, copy, "repost.jpg").json()
    assert body["c2pa"]["present"] is False and body["xmp"] is None
    assert body["watermark"]["found"] is True
    assert body["watermark"]["algorithm"] == "ai.assay.ss-tile.2"
    assert body["watermark"]["watermark_id"] == image.watermark_id
    assert body["watermark"]["confidence"] > 0.999
    assert body["registry"]["image_id"] == image.public_id
    assert body["registry"]["job_id"] == image.job.public_id
    anonymous = post(APIClient(), copy, "repost.jpg").json()
    assert anonymous["registry"] == {
        "generated_by_this_installation": True,
        "created": image.created_at.date().isoformat(),
        "content_matches_record": True,
        "attribution": "confirmed",
    }


def test_the_signed_image_carries_the_soft_binding(tenant):
    image, data = stamped_release(tenant, {})
    c2pa_result = verify(data)["c2pa"]
    assert c2pa_result["validation_state"] == "Trusted"
    assert c2pa_result["soft_binding"]["alg"] == "ai.assay.ss-tile.2"
    assert c2pa_result["soft_binding"]["blocks"] == [{"scope": {}, "value": image.watermark_id}]
    assert c2pa_result["watermark"]["algorithm"] == "ai.assay.ss-tile.2"


def test_an_image_marked_with_the_earlier_method_still_verifies(tenant, key_client):
    image, data = stamped_release(tenant, {"watermark": "imwatermark.dwtDctSvd"})
    c2pa_result = verify(data)["c2pa"]
    assert c2pa_result["soft_binding"] is None  # imwatermark's own decoder cannot read this variant
    assert c2pa_result["watermark"]["algorithm"] == "imwatermark.dwtDctSvd"
    copy = encode(decode(data), "JPEG", quality=85)
    body = post(key_client(tenant, "developer").client, copy, "copy.jpg").json()
    assert body["watermark"]["algorithm"] == "imwatermark.dwtDctSvd"
    assert body["watermark"]["watermark_id"] == image.watermark_id
    assert [(t["algorithm"], t["found"]) for t in body["watermark"]["tried"]] == [
        ("ai.assay.ss-tile.2", False),
        ("ai.assay.ss-tile.1", False),
        ("imwatermark.dwtDctSvd", True),
    ]
    assert body["registry"]["image_id"] == image.public_id


def test_an_unknown_method_in_the_options_is_a_clear_error():
    with pytest.raises(ProvenanceError, match="unknown watermark method 'lsb': use one of"):
        stamp(
            StampRequest(
                image=encode(np.full((256, 256, 3), 120, np.uint8)),
                mime_type="image/png",
                watermark_id=new_watermark_id(),
                options={"watermark": "lsb"},
            )
        )


def test_a_new_mark_that_costs_too_much_quality_gives_way_to_the_earlier_method():
    """Dense noise at 256 px: the new mark reads back only through informed embedding, at ~33 dB; the
    earlier method fits at 256 px and keeps the quality floor, so it marks the image instead."""
    noise = np.random.default_rng(0).standard_normal((256, 256, 3)).astype(np.float32)
    pixels = np.clip(125 + 140 * cv2.GaussianBlur(noise, (0, 0), 0.8), 0, 255).astype(np.uint8)
    stamped = stamp(
        StampRequest(image=encode(pixels), mime_type="image/png", watermark_id="5e1f00c0ffe1", options={})
    )
    record = stamped.record["watermark"]
    assert record["algorithm"] == "imwatermark.dwtDctSvd"
    assert "would have cost too much quality" in record["fallback"]
    assert record["psnr_db"] >= MARK_QUALITY_FLOOR_DB
    assert verify(stamped.data)["watermark"]["watermark_id"] == stamped.watermark_id


def test_a_small_photo_too_small_for_the_earlier_method_keeps_its_readable_new_mark():
    """At 160 px the earlier method cannot mark at all: a readable new mark below the floor is better
    than a mark nobody can read."""
    pixels = np.ascontiguousarray(photo(160))
    stamped = stamp(
        StampRequest(image=encode(pixels), mime_type="image/png", watermark_id="5e1f00c0ffe2", options={})
    )
    record = stamped.record["watermark"]
    assert record["algorithm"] == "ai.assay.ss-tile.2"
    assert "fallback" not in record and "read_back" not in record
    assert verify(stamped.data)["watermark"]["watermark_id"] == stamped.watermark_id


def test_an_image_the_new_mark_cannot_be_read_from_is_marked_with_the_earlier_method(monkeypatch):
    """If the new mark does not read back, the stamp falls back rather than issue an image nobody can
    trace. Pure noise at 256 px was such an image until embed's informed pass made it read back, and
    the 12 held-out photos of bench --small-photos all read back at 256 px: the read-back is made to
    fail here."""
    monkeypatch.setattr(
        watermarks.SpreadSpectrum,
        "embed_read_back",
        lambda self, rgb, watermark_id: (self.embed(rgb, watermark_id), False),
    )
    noise = np.random.default_rng(0).standard_normal((256, 256, 3)).astype(np.float32)
    pixels = np.clip(125 + 140 * cv2.GaussianBlur(noise, (0, 0), 0.8), 0, 255).astype(np.uint8)
    stamped = stamp(
        StampRequest(image=encode(pixels), mime_type="image/png", watermark_id="5e1f00c0ffee", options={})
    )
    record = stamped.record["watermark"]
    assert record["algorithm"] == "imwatermark.dwtDctSvd"
    assert "ai.assay.ss-tile.2 could not be read back" in record["fallback"]
    result = verify(stamped.data)
    assert result["watermark"]["algorithm"] == "imwatermark.dwtDctSvd"
    assert result["watermark"]["watermark_id"] == stamped.watermark_id
    assert result["c2pa"]["watermark"]["algorithm"] == "imwatermark.dwtDctSvd"
    assert result["c2pa"]["soft_binding"] is None

"""POST /v1/verify: public verification, registry answer by watermark, ids only for the owner."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.helpers import assert_error
from tests.provenance.conftest import decode, encode, jpeg_q75, photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Released bytes go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def post(client, data: bytes, name: str = "image.png"):
    return client.post("/v1/verify", {"image": SimpleUploadedFile(name, data)}, format="multipart")


def test_anyone_learns_it_was_generated_here_but_not_which_image(signed_image):
    image, data = signed_image
    response = post(APIClient(), data)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["c2pa"]["validation_state"] == "Trusted" and body["c2pa"]["verified"]
    assert body["watermark"]["found"] and body["watermark"]["watermark_id"] == image.watermark_id
    assert body["registry"] == {
        "generated_by_this_installation": True,
        "created": image.created_at.date().isoformat(),
        "content_matches_record": True,
        "attribution": "confirmed",
    }


def test_the_owner_tenant_gets_the_image_and_job(signed_image, tenant, other_tenant, key_client):
    image, data = signed_image
    body = post(key_client(tenant, "developer").client, data).json()
    assert body["registry"]["image_id"] == image.public_id
    assert body["registry"]["job_id"] == image.job.public_id
    assert body["registry"]["decision"] == "released"

    outsider = post(key_client(other_tenant, "admin").client, data).json()
    assert set(outsider["registry"]) == {
        "generated_by_this_installation",
        "created",
        "content_matches_record",
        "attribution",
    }


def test_a_stripped_copy_is_found_through_the_watermark_alone(signed_image, tenant, key_client):
    image, data = signed_image
    stripped = encode(jpeg_q75(decode(data)), "JPEG", quality=75)
    body = post(key_client(tenant, "developer").client, stripped, "copy.jpg").json()
    assert body["c2pa"]["present"] is False and body["xmp"] is None
    assert body["watermark"]["watermark_id"] == image.watermark_id
    assert body["registry"]["image_id"] == image.public_id


def test_an_image_from_elsewhere_is_not_ours():
    body = post(APIClient(), encode(photo(512))).json()
    assert body["c2pa"]["present"] is False and body["watermark"]["found"] is False
    assert body["registry"] == {
        "generated_by_this_installation": False,
        "created": None,
        "content_matches_record": None,
        "attribution": "none",
    }


def test_a_signed_image_cut_off_in_transit_is_reported_changed_not_refused(signed_image):
    # The pixels no longer decode, but the manifest does: the answer says the file changed after it was
    # signed, as another C2PA verifier would, and that no mark could be read; the registry knows nothing.
    _, data = signed_image
    body = post(APIClient(), data[:-400]).json()
    assert body["c2pa"]["present"] and body["c2pa"]["validation_state"] == "Invalid"
    assert body["watermark"]["found"] is False and "could not be decoded" in body["watermark"]["error"]
    assert body["registry"]["generated_by_this_installation"] is False


def test_bad_uploads_get_clear_4xx(settings):
    client = APIClient()
    assert_error(client.post("/v1/verify", {}, format="multipart"), 400, "invalid_value")
    error = assert_error(post(client, b"%PDF-1.4 not an image", "x.pdf"), 400, "invalid_image")
    assert "PNG, JPEG or WebP" in error["message"]
    settings.ASSAY_MAX_INPUT_BYTES = 1024
    assert_error(post(client, encode(photo(256))), 413, "image_too_large")
    settings.ASSAY_MAX_INPUT_PIXELS = 100 * 100
    settings.ASSAY_MAX_INPUT_BYTES = 10**7
    assert_error(post(client, encode(photo(256))), 400, "invalid_image")


def test_a_bad_key_is_refused_rather_than_ignored(signed_image):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer ask_not_a_key")
    assert post(client, signed_image[1]).status_code == 401


@pytest.mark.parametrize("size", [(1, 65_536), (65_536, 1), (3, 40_000)])
def test_a_strip_of_an_image_is_verified_not_a_500(size):
    """Pixels enough for the legacy mark, but too narrow for its wavelet blocks: no mark, and an answer."""
    from PIL import Image

    data = encode(np.asarray(Image.new("RGB", size, (120, 130, 140))))
    response = APIClient().post(
        "/v1/verify", {"image": SimpleUploadedFile("strip.png", data)}, format="multipart"
    )

    assert response.status_code == 200, response.content
    assert response.json()["watermark"]["found"] is False

"""/v1/verify confirms a watermark against the record: the released image's own pixels verify as this
installation's; a different picture carrying the same (copied) id is flagged, not attributed."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient
from skimage import data

from generation import storage
from generation.models import GeneratedImage
from provenance.watermarks import method
from tests.provenance.conftest import decode, encode, jpeg_q75, photo, released_image

pytestmark = pytest.mark.django_db

MARK = "ai.assay.ss-tile.1"


@pytest.fixture
def released(tenant, settings, tmp_path) -> GeneratedImage:
    """A released image of `tenant` whose marked bytes are in storage, as the pipeline leaves them."""
    settings.MEDIA_ROOT = tmp_path / "media"

    def mark(watermark_id: str, image_id: str, job_id: str) -> bytes:
        return encode(method(MARK).embed(photo(512), watermark_id))

    return released_image(tenant, mark, model_name="attribution")[0]


def post(client: APIClient, data: bytes) -> dict:
    response = client.post("/v1/verify", {"image": SimpleUploadedFile("image.jpg", data)}, format="multipart")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_released_image_is_confirmed_against_the_record(released, tenant, key_client):
    copy = encode(jpeg_q75(decode(storage.read(released.storage_path))), "JPEG", quality=90)
    body = post(key_client(tenant, "developer").client, copy)
    assert body["watermark"]["watermark_id"] == released.watermark_id
    assert body["registry"]["content_matches_record"] is True
    assert body["registry"]["attribution"] == "confirmed"
    assert body["registry"]["generated_by_this_installation"] is True
    assert body["registry"]["image_id"] == released.public_id


def test_a_different_picture_carrying_the_same_id_is_not_attributed(released, tenant, key_client):
    other = np.asarray(Image.fromarray(data.chelsea()).resize((512, 512)))
    forged = encode(method(MARK).embed(other, released.watermark_id))
    body = post(key_client(tenant, "developer").client, forged)
    assert body["watermark"]["watermark_id"] == released.watermark_id
    assert body["registry"]["content_matches_record"] is False
    assert body["registry"]["attribution"] == "watermark_only_content_differs"
    assert body["registry"]["generated_by_this_installation"] is False
    assert "image_id" not in body["registry"]
    anonymous = post(APIClient(), forged)
    assert anonymous["registry"]["generated_by_this_installation"] is False


def test_the_console_verify_page_applies_the_same_rule(released, tenant, make_member):
    """The console's verify page answers as /v1/verify does: the released picture is "Generated here",
    the same id on another picture is flagged as a possible copy, never as ours."""
    from django.test import Client

    client = Client()
    client.force_login(make_member(tenant, "auditor"))
    page = f"/console/{tenant.slug}/verify"

    def verdict(picture: bytes) -> str:
        response = client.post(page, {"image": SimpleUploadedFile("image.png", picture)})
        assert response.status_code == 200, response.content
        return response.content.decode()

    genuine = verdict(storage.read(released.storage_path))
    assert "Generated here" in genuine and released.public_id in genuine
    other = np.asarray(Image.fromarray(data.chelsea()).resize((512, 512)))
    forged = verdict(encode(method(MARK).embed(other, released.watermark_id)))
    assert "Not ours, although it carries our watermark" in forged
    assert "Generated here" not in forged and released.public_id not in forged

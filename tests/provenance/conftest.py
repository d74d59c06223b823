"""Fixtures for provenance tests: credentials under tmp_path (never the repo's var/), test images."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter


@pytest.fixture(autouse=True)
def dev_ca_dir(settings, tmp_path):
    """Every provenance test signs with a development CA created in its own tmp_path."""
    settings.ASSAY_C2PA_DEV_CA_DIR = tmp_path / "c2pa-dev-ca"
    settings.ASSAY_C2PA_CERT_CHAIN_FILE = None
    settings.ASSAY_C2PA_KEY_FILE = None
    settings.ASSAY_C2PA_SIGNER_CALLBACK = None
    settings.ASSAY_C2PA_SIGNING_ALG = "es256"
    settings.ASSAY_C2PA_TSA_URL = None
    settings.ASSAY_C2PA_TRUST_ANCHORS_FILE = None
    return settings.ASSAY_C2PA_DEV_CA_DIR


# Mid-tone backgrounds and shapes like the embedded model draws (one shape on a plain background,
# soft edges). Pure white, black or saturated yellow cannot carry a chroma mark everywhere: see
# provenance/watermark.py.
SCENES = [
    ((128, 128, 128), (200, 30, 30), "ellipse"),
    ((135, 180, 215), (250, 160, 40), "rectangle"),
    ((225, 215, 185), (40, 60, 170), "triangle"),
    ((60, 120, 70), (230, 220, 60), "ellipse"),
]


def flat_scene(background: tuple[int, int, int], colour: tuple[int, int, int], shape: str) -> np.ndarray:
    image = Image.new("RGB", (256, 256), background)
    draw = ImageDraw.Draw(image)
    box = (70, 60, 190, 180)
    if shape == "ellipse":
        draw.ellipse(box, fill=colour)
    elif shape == "rectangle":
        draw.rectangle(box, fill=colour)
    else:
        draw.polygon([(70, 180), (190, 180), (130, 60)], fill=colour)
    return np.asarray(image.filter(ImageFilter.GaussianBlur(2)))


def photo(size: int = 1024) -> np.ndarray:
    from skimage import data

    return np.asarray(Image.fromarray(data.astronaut()).resize((size, size), Image.Resampling.LANCZOS))


def encode(pixels: np.ndarray, fmt: str = "PNG", **options) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, fmt, **options)
    return out.getvalue()


def decode(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def jpeg_q75(pixels: np.ndarray) -> np.ndarray:
    """What a third party's re-encode does: JPEG quality 75, chroma subsampled 4:2:0."""
    return decode(encode(pixels, "JPEG", quality=75, subsampling="4:2:0"))


def brighter(pixels: np.ndarray, delta: int) -> np.ndarray:
    return np.clip(pixels.astype(np.int16) + delta, 0, 255).astype(np.uint8)


def released_image(
    tenant,
    mark: Callable[[str, str, str], bytes],
    *,
    model_name: str = "verify-test",
    watermark_id: str | None = None,
):
    """A released image of `tenant` with its job (rows made directly) and its released bytes in storage,
    as the pipeline leaves them: verify compares a presented copy against those bytes.

    `mark(watermark_id, image_public_id, job_public_id)` returns the released file. The row records
    that file's sha256 and size, as the pipeline does. `watermark_id` defaults to a fresh random one.
    Returns (image row, released bytes)."""
    from generation import storage
    from generation.models import GeneratedImage, GenerationJob, ImageDecision, ImageModel, Mode
    from policy.services import policy_ensure_active
    from provenance.services import new_watermark_id

    model = ImageModel.objects.create(name=model_name, backend="diffusers", family="sd15", license="test")
    policy = policy_ensure_active(tenant=tenant)
    job = GenerationJob.objects.create(
        tenant=tenant,
        model=model,
        mode=Mode.TEXT2IMG,
        prompt="a red circle",
        policy_version=policy,
        policy_name=policy.label,
    )
    watermark_id = watermark_id or new_watermark_id()
    image = GeneratedImage.objects.create(
        tenant=tenant,
        job=job,
        index=0,
        storage_path="unused",
        mime_type="image/png",
        sha256="0" * 64,
        byte_size=1,
        width=512,
        height=512,
        decision=ImageDecision.RELEASED,
        watermark_id=watermark_id,
    )
    data = mark(watermark_id, image.public_id, job.public_id)
    image.storage_path = storage.write(f"images/{watermark_id}.png", data)
    image.sha256 = storage.sha256_hex(data)
    image.byte_size = len(data)
    image.save(update_fields=["storage_path", "sha256", "byte_size"])
    return image, data


def stamped_photo(tenant, options: dict | None = None, **released: Any):
    """A released 512 px photo of `tenant`, stamped as the pipeline does (with the policy's provenance
    `options`): (image row, released bytes). `released`: `released_image`'s keywords."""
    from provenance.services import StampRequest, stamp

    def mark(watermark_id: str, image_id: str, job_id: str) -> bytes:
        request = StampRequest(
            image=encode(photo(512)),
            mime_type="image/png",
            watermark_id=watermark_id,
            assertion={"image_id": image_id, "job_id": job_id},
            **({"options": options} if options is not None else {}),
        )
        return stamp(request).data

    return released_image(tenant, mark, **released)


@pytest.fixture
def signed_image(tenant):
    """`stamped_photo` of `tenant`."""
    return stamped_photo(tenant)

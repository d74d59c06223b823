"""The model Assay ships: registered once, loaded offline through the diffusers backend, reproducible,
and it paints at least the background it is asked for (so a broken or untrained model fails CI)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from audit.events import Actor
from generation.backends import get_backend
from generation.backends.base import GenerationSpec
from generation.catalog import SHIPPED_MODEL, shipped_model_ensure
from generation.models import ImageModel
from generation.pipeline import model_spec
from generation.shapes.evaluate import read

pytestmark = pytest.mark.django_db


def generate(model, prompt: str, seed: int) -> Image.Image:
    spec = GenerationSpec(
        model=model_spec(model), mode="text2img", prompt=prompt, width=256, height=256, seed=seed
    )
    result = get_backend("diffusers").generate(spec)
    return Image.open(io.BytesIO(result.images[0].data)).convert("RGB")


def test_registered_once_and_paints_the_asked_background():
    model = shipped_model_ensure(actor=Actor.system("tests"))
    assert shipped_model_ensure(actor=Actor.system("tests")) is None
    assert ImageModel.objects.filter(name=SHIPPED_MODEL).count() == 1
    assert (model.default_steps, model.default_guidance) == (20, 3.0) and len(model.weights_sha256) == 64

    first = generate(model, "a big yellow circle in the center on a blue background", seed=3)
    again = generate(model, "a big yellow circle in the center on a blue background", seed=3)
    assert first.size == (256, 256)
    assert np.array_equal(np.asarray(first), np.asarray(again))
    assert read(first).background == "blue"
    assert (
        read(generate(model, "a small red star in the top left on a green background", seed=5)).background
        == "green"
    )


def test_an_install_at_the_old_default_guidance_moves_to_the_new_one_once_audited():
    """Installs that registered the model at guidance 5 (earlier releases) get today's 3 from
    `ensure-shipped` (make run, the chart's migration hook); an operator's own value is kept."""
    from audit.models import AuditEvent

    model = shipped_model_ensure(actor=Actor.system("tests"))
    ImageModel.objects.filter(pk=model.pk).update(default_guidance=5.0)
    before = AuditEvent.objects.filter(event_type="model.registered").count()

    assert shipped_model_ensure(actor=Actor.system("tests")) is None
    model.refresh_from_db()
    assert model.default_guidance == 3.0
    event = AuditEvent.objects.filter(event_type="model.registered").latest("id")
    assert event.payload["default_guidance"] == 3.0
    assert event.payload["previous_default_guidance"] == 5.0

    shipped_model_ensure(actor=Actor.system("tests"))  # nothing left to move
    ImageModel.objects.filter(pk=model.pk).update(default_guidance=4.0)  # an operator's choice
    shipped_model_ensure(actor=Actor.system("tests"))
    model.refresh_from_db()
    assert model.default_guidance == 4.0
    # other weights registered under the shipped name keep their 5.0
    ImageModel.objects.filter(pk=model.pk).update(default_guidance=5.0, weights_sha256="0" * 64)
    shipped_model_ensure(actor=Actor.system("tests"))
    model.refresh_from_db()
    assert model.default_guidance == 5.0
    assert AuditEvent.objects.filter(event_type="model.registered").count() == before + 1


# A brightness change that clips (darkening black, brightening white) erases any chroma mark where it
# clips; each scene is shifted the way it can still move.
@pytest.mark.parametrize(
    ("prompt", "shift"),
    [
        ("a red circle on a white background", -16),
        ("a small green star in the top left on a black background", 16),
    ],
)
def test_the_watermark_survives_on_the_models_own_outputs(prompt, shift):
    """Provenance's watermark on what the embedded model really draws (flat scenes, hard for a mark):
    PSNR >= 38 dB, and the id reads back after JPEG q75 (4:2:0) and a brightness change."""
    from provenance import watermark

    model = shipped_model_ensure(actor=Actor.system("tests"))
    pixels = np.asarray(generate(model, prompt, seed=1))
    marked = watermark.embed(pixels, "a1b2c3d4e5f6")
    assert watermark.psnr(pixels, marked) >= 38
    buffer = io.BytesIO()
    Image.fromarray(marked).save(buffer, "JPEG", quality=75, subsampling="4:2:0")
    jpeg = np.asarray(Image.open(buffer).convert("RGB"))
    shifted = np.clip(marked.astype(np.int16) + shift, 0, 255).astype(np.uint8)
    for changed in (jpeg, shifted):
        decoded = watermark.decode(changed)
        assert decoded.crc_ok and decoded.watermark_id == "a1b2c3d4e5f6"
    assert not watermark.decode(pixels).crc_ok  # the unmarked image carries no id

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
    assert model.default_steps == 20 and len(model.weights_sha256) == 64

    first = generate(model, "a big yellow circle in the center on a blue background", seed=3)
    again = generate(model, "a big yellow circle in the center on a blue background", seed=3)
    assert first.size == (256, 256)
    assert np.array_equal(np.asarray(first), np.asarray(again))
    assert read(first).background == "blue"
    assert (
        read(generate(model, "a small red star in the top left on a green background", seed=5)).background
        == "green"
    )

"""A model's own images for the scorer: labelled by what the checker reads, never a held-out combination."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from generation.shapes import data, model_images, train_scorer
from generation.shapes.evaluate import read

SHIPPED = Path(data.__file__).resolve().parent / "assay-shapes-1"


def _key(scene: data.Scene) -> tuple[str, str, str, str, str]:
    return (scene.colour, scene.shape, scene.size, scene.position, scene.background)


def test_a_clean_render_is_labelled_with_its_own_scene():
    rng = random.Random(3)
    scenes = [data.sample_scene(rng, split="train") for _ in range(12)]
    assert [model_images.reading_key(read(data.render(s))) for s in scenes] == [_key(s) for s in scenes]


def test_a_held_out_reading_and_an_empty_image_are_dropped():
    colour, shape, position = sorted(data.HELD_OUT)[0]
    background = next(c for c in data.COLOURS if c != colour)
    held_out = data.Scene(shape=shape, colour=colour, size="big", position=position, background=background)
    assert read(data.render(held_out)).shape == shape  # the checker reads it...
    assert model_images.reading_key(read(data.render(held_out))) is None  # ...and it is not kept
    assert model_images.reading_key(read(Image.new("RGB", (256, 256), (0, 0, 255)))) is None


def test_the_render_pool_draws_a_model_image_where_one_was_read_for_the_scene():
    rng = random.Random(0)
    scene, other = data.sample_scene(rng, split="train"), data.sample_scene(rng, split="train")
    drawn = np.full((train_scorer.IMAGE_SIZE, train_scorer.IMAGE_SIZE, 3), 7, dtype=np.uint8)
    pool = train_scorer.RenderPool(variants=2, model_images={_key(scene): [drawn]}, model_share=1.0)
    assert all(pool.image(scene, rng) is drawn for _ in range(5))
    assert not np.array_equal(pool.image(other, rng), drawn)  # no model image read for it: a render
    assert pool.is_model_image(pool.image(scene, rng)) and not pool.is_model_image(pool.image(other, rng))
    never = train_scorer.RenderPool(variants=2, model_images={_key(scene): [drawn]}, model_share=0.0)
    assert not any(np.array_equal(never.image(scene, rng), drawn) for _ in range(5))
    with pytest.raises(ValueError, match="model_share"):
        train_scorer.RenderPool(variants=2, model_images={_key(scene): [drawn]}, model_share=1.5)


def test_a_model_s_own_images_are_not_degraded_and_renders_still_are():
    rng = random.Random(0)
    arrays = [np.asarray(data.render(data.sample_scene(rng), train_scorer.IMAGE_SIZE)) for _ in range(16)]
    images = train_scorer.to_tensor(arrays)
    real = torch.tensor([i % 2 == 0 for i in range(16)])
    out = train_scorer.degrade(images, torch.Generator().manual_seed(5), real)
    assert all(torch.equal(out[i], images[i]) for i in range(0, 16, 2))
    # the renders get exactly what they get without model images in the batch
    assert torch.equal(out[1::2], train_scorer.degrade(images, torch.Generator().manual_seed(5))[1::2])
    assert any(not torch.equal(out[i], images[i]) for i in range(1, 16, 2))


def test_the_shipped_model_s_images_are_kept_with_the_scene_the_checker_read(tmp_path):
    arrays, keys, record = model_images.make(SHIPPED, count=8, seed=1, steps=8, log=lambda _: None)
    assert record["kept"] + record["dropped"] == 8 and record["kept"] == len(keys) == len(arrays)
    assert record["guidance"] == 5.0  # the folder's assay.json default
    assert arrays.shape[1:] == (train_scorer.IMAGE_SIZE, train_scorer.IMAGE_SIZE, 3)
    assert all((k[0], k[1], k[3]) not in data.HELD_OUT for k in keys)
    path = tmp_path / "images.npz"
    model_images.save(path, arrays, keys, record)
    grouped = model_images.load(path)
    assert sum(len(v) for v in grouped.values()) == len(keys)
    assert set(grouped) == set(keys)
    first = next(iter(grouped))
    assert np.array_equal(grouped[first][0], arrays[keys.index(first)])

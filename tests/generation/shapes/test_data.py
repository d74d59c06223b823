"""The procedural dataset: deterministic renders, captions that say what is drawn, a clean held-out split."""

from __future__ import annotations

import itertools
import random

import numpy as np

from generation.shapes import data


def test_same_seed_same_scenes_and_pixels():
    a = [data.sample_scene(random.Random(7)) for _ in range(1)] + [
        data.sample_scene(r) for r in [random.Random(8)] for _ in range(20)
    ]
    b = [data.sample_scene(random.Random(7)) for _ in range(1)] + [
        data.sample_scene(r) for r in [random.Random(8)] for _ in range(20)
    ]
    assert a == b
    assert all(np.array_equal(data.render_array(x), data.render_array(y)) for x, y in zip(a, b, strict=True))
    assert data.render_array(a[0]).shape == (256, 256, 3)


def test_captions_name_every_attribute():
    rng = random.Random(0)
    for _ in range(300):
        scene = data.sample_scene(rng)
        text = data.caption(scene, rng)
        assert f"{scene.colour} {scene.shape}" in text
        assert scene.size in text
        assert (
            f"{scene.background} background" in text
            or f"{scene.background} image" in text
            or (f"{scene.background} backdrop" in text)
        )
        assert any(phrase in text for phrase in data.POSITION_PHRASES[scene.position])
        assert scene.background != scene.colour


def test_captions_vary_and_are_deterministic():
    texts = {data.caption(data.sample_scene(random.Random(1)), random.Random(i)) for i in range(40)}
    assert len(texts) >= len(data.TEMPLATES)
    rng_a, rng_b = random.Random(3), random.Random(3)
    assert [data.caption(data.sample_scene(rng_a), rng_a) for _ in range(10)] == [
        data.caption(data.sample_scene(rng_b), rng_b) for _ in range(10)
    ]


def test_held_out_combinations_never_train():
    assert len(data.HELD_OUT) == data.HOLDOUT_COUNT
    rng = random.Random(0)
    seen = {data.sample_scene(rng).combo for _ in range(5000)}
    assert not seen & data.HELD_OUT
    assert {s.combo for _, s in data.eval_prompts()} == set(data.HELD_OUT)


def test_held_out_pairs_still_occur_in_training():
    train = set(itertools.product(data.COLOURS, data.SHAPES, data.POSITIONS)) - data.HELD_OUT
    for colour, shape, position in data.HELD_OUT:
        assert any(c == colour and s == shape for c, s, _ in train)
        assert any(c == colour and p == position for c, _, p in train)
        assert any(s == shape and p == position for _, s, p in train)


def test_every_caption_fits_the_enumeration():
    captions = set(data.all_captions())
    rng = random.Random(5)
    for _ in range(200):
        assert data.caption(data.sample_scene(rng), rng) in captions

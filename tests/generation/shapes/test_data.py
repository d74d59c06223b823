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


def test_captions_say_what_is_drawn():
    """Colour, shape and background always; size and position in the full templates, never wrongly."""
    rng = random.Random(0)
    sizes = positions = 0
    for _ in range(300):
        scene = data.sample_scene(rng)
        text = data.caption(scene, rng)
        assert f"{scene.colour} {scene.shape}" in text
        assert (
            f"{scene.background} background" in text
            or f"{scene.background} image" in text
            or (f"{scene.background} backdrop" in text)
        )
        assert scene.background != scene.colour
        other_size = next(s for s in data.SIZES if s != scene.size)
        assert f" {other_size} " not in f" {text.replace(',', ' ')} "
        sizes += f" {scene.size} " in f" {text.replace(',', ' ')} "
        said = [p for p in data.POSITIONS if any(ph in text for ph in data.POSITION_PHRASES[p])]
        assert said in ([], [scene.position]) or (scene.position in said and len(said) <= 3)
        positions += scene.position in said
    # Five of seven templates name both, one more names the size.
    assert 0.75 < sizes / 300 < 0.95 and 0.6 < positions / 300 < 0.85


def test_full_templates_name_every_attribute():
    scene = data.Scene(shape="star", colour="red", size="small", position="top left", background="blue")
    for template in range(len(data.TEMPLATES)):
        text = data.caption(scene, template=template)
        full = "{size}" in data.TEMPLATES[template] and "{pos}" in data.TEMPLATES[template]
        assert ("small" in text and "top left" in text) == full
    assert data.caption(data.Scene("circle", "red", "big", "center", "white"), template=6) == (
        "a red circle on a white background"
    )


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


def test_eval_prompts_in_another_template_keep_their_scenes():
    full, short = data.eval_prompts(), data.eval_prompts(template=6)
    assert [s for _, s in full] == [s for _, s in short]
    for text, scene in short:
        colour, background = data._article(scene.colour), data._article(scene.background)
        assert text == f"{colour} {scene.shape} on {background} background"

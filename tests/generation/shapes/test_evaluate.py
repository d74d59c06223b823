"""The attribute checker reads ground-truth renders right before it is trusted on a model."""

from __future__ import annotations

import random

from PIL import Image

from generation.shapes import data, evaluate


def test_checker_reads_ground_truth():
    accuracy = evaluate.checker_accuracy(300, seed=11)
    for attribute in evaluate.ATTRIBUTES:
        assert accuracy[attribute] >= 0.99, (attribute, accuracy)


def test_checker_reads_every_shape_colour_and_position():
    rng = random.Random(2)
    for shape in data.SHAPES:
        for colour in data.COLOURS:
            for position in data.POSITIONS:
                background = rng.choice([c for c in data.COLOURS if c != colour])
                scene = data.Scene(shape, colour, rng.choice(data.SIZES), position, background)
                verdict = evaluate.judge(evaluate.read(data.render(scene)), scene)
                assert verdict["all"], (scene, evaluate.read(data.render(scene)))


def test_empty_image_has_no_object():
    reading = evaluate.read(Image.new("RGB", (256, 256), data.COLOURS["blue"]))
    assert reading.background == "blue"
    assert reading.shape is None and reading.colour is None


def test_score_and_contact_sheet(tmp_path):
    scenes = [data.sample_scene(random.Random(i)) for i in range(4)]
    images = [data.render(s) for s in scenes for _ in range(2)]  # 2 "seeds" per scene
    result = evaluate.score(images, scenes)
    assert result["all"] == 1.0 and result["images"] == 8
    path = evaluate.contact_sheet(images, ["x"] * 8, tmp_path / "sheet.png", columns=4, tile=64)
    assert Image.open(path).size == (256, 2 * (64 + 14))


def test_colour_confusions_count_what_was_asked_and_what_was_drawn():
    purple = data.Scene("circle", "purple", "big", "center", "white")
    red = data.Scene("circle", "red", "big", "center", "white")
    images = [data.render(purple), data.render(red), data.render(red), data.render(red)]
    # Two "seeds" per scene: the purple scene drawn once right and once red; the red scene right twice.
    assert evaluate.colour_confusions(images, [purple, red]) == {"purple->red": 1}
    assert evaluate.colour_confusions(images[2:] * 2, [red, red]) == {}


def test_checker_reads_turned_shapes_as_upright_ones():
    """Size and shape come from the smallest enclosing rectangle at any angle: a square turned 45 degrees
    is neither a 'big' one (its box grows by 1.41) nor a triangle (it fills half its box)."""
    for shape, angle in [("square", 45.0), ("triangle", 100.0), ("star", 30.0), ("square", 20.0)]:
        for size in data.SIZES:
            scene = data.Scene(shape, "green", size, "center", "white", angle=angle)
            reading = evaluate.read(data.render(scene))
            assert (reading.shape, reading.size) == (shape, size), (scene, reading)


def test_seed_diversity_is_zero_for_identical_seeds_and_grows_with_difference():
    scene = data.Scene("circle", "red", "big", "center", "white")
    same = [data.render(scene)] * 3
    assert evaluate.seed_diversity(same, 1) == 0.0
    moved = [data.render(scene), data.render(data.Scene("circle", "red", "big", "left", "white"))]
    # Two discs of radius 0.2 side, 0.25 side apart: 18.5% of the pixels differ, by 145 levels on average
    # over the channels (red against white), so about 27.
    assert 25 < evaluate.seed_diversity(moved, 1) < 29
    import pytest

    with pytest.raises(ValueError):
        evaluate.seed_diversity(same[:1], 1)

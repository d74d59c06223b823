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

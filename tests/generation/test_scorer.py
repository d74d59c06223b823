"""The image-text scorers for `best_of`: `assay-shapes-1`'s own (shipped weights, ranks attribute
correctness on fresh procedural scenes) and an operator's CLIP/SigLIP folder (local path only)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from generation.scoring import Scorer, ScorerUnavailable
from generation.scoring.clip import ClipScorer
from generation.scoring.shapes import SCORER_DIR, ShapesScorer
from generation.shapes import data, train_scorer
from generation.shapes.train import minilm_path


@pytest.fixture(scope="module")
def shapes_scorer():
    return ShapesScorer()


def test_the_shipped_weights_are_small_and_say_how_they_were_made():
    weights = SCORER_DIR / "scorer.safetensors"
    assert weights.stat().st_size < 5_000_000
    config = (SCORER_DIR / "config.json").read_text()
    assert "python -m generation.shapes.train_scorer" in config


def test_the_shapes_scorer_is_a_scorer_and_is_deterministic(shapes_scorer):
    assert isinstance(shapes_scorer, Scorer)
    images = [data.render(data.sample_scene(random.Random(i))) for i in range(3)]
    first = shapes_scorer.score("a small blue star on the left on a white background", images)
    assert len(first) == 3 and all(isinstance(s, float) for s in first)
    assert shapes_scorer.score("a small blue star on the left on a white background", images) == first
    assert shapes_scorer.score("anything", []) == []


# The shipped weights win 53 of these 60 (the first weights, 23; see the scorer's model card).
def test_the_shapes_scorer_prefers_the_right_attributes_over_hard_negatives(shapes_scorer):
    """Fresh training-split scenes, each against three renders with one named attribute swapped
    (colour, shape, size or position), as `train_scorer.validate` measures it (without degradation)."""
    rng = random.Random(2024)
    trials, wins = 60, 0
    for _ in range(trials):
        scene = data.sample_scene(rng, split="train")
        attrs = (scene.colour, scene.shape, scene.size, scene.position, scene.background)
        candidates = [scene]
        while len(candidates) < 4:
            other = train_scorer.image_negative(rng, scene, attrs)
            if other is not None:
                candidates.append(other)
        scores = shapes_scorer.score(data.caption(scene, template=0), [data.render(c) for c in candidates])
        wins += int(np.argmax(scores)) == 0
    assert wins / trials >= 0.85, f"{wins}/{trials}"


def test_the_training_captions_never_name_a_held_out_combination():
    universe = train_scorer.CaptionUniverse.build(random.Random(0))
    held_out_prompts = {prompt for prompt, _ in data.eval_prompts()}
    assert not held_out_prompts & set(universe.captions)
    for colour, shape, _size, position, _bg in universe.attrs:
        assert position is None or (colour, shape, position) not in data.HELD_OUT
    rng = random.Random(1)
    for _ in range(200):
        row = rng.randrange(len(universe.captions))
        scene = train_scorer.scene_for(rng, universe, row)
        assert scene.combo not in data.HELD_OUT
        assert train_scorer.matches(scene, universe.attrs[row])
        for kind in train_scorer.TEXT_NEGATIVES:
            negative = train_scorer.text_negative(rng, universe, row, scene, kind)
            assert negative == -1 or not train_scorer.matches(scene, universe.attrs[negative])


def test_the_render_pool_keeps_a_few_renders_per_combination_and_then_reuses_them():
    pool = train_scorer.RenderPool(variants=2)
    rng = random.Random(0)
    scene = data.sample_scene(rng, split="train")
    drawn = [pool.image(scene, rng) for _ in range(8)]
    assert len({d.tobytes() for d in drawn}) == 2  # two variants, then reused
    assert drawn[0].shape == (train_scorer.IMAGE_SIZE, train_scorer.IMAGE_SIZE, 3)
    other = data.sample_scene(random.Random(1), split="train")
    assert not any(np.array_equal(pool.image(other, rng), d) for d in drawn)


def test_degradation_is_seeded_bounded_and_changes_most_images():
    rng = random.Random(0)
    images = train_scorer.to_tensor(
        [np.asarray(data.render(data.sample_scene(rng), train_scorer.IMAGE_SIZE)) for _ in range(16)]
    )
    first = train_scorer.degrade(images, torch.Generator().manual_seed(5))
    again = train_scorer.degrade(images, torch.Generator().manual_seed(5))
    assert torch.equal(first, again) and first.shape == images.shape
    assert first.min() >= -0.5 and first.max() <= 0.5
    changed = [not torch.equal(a, b) for a, b in zip(first, images, strict=True)]
    assert 0 < sum(changed) < len(changed)  # a quarter are kept as rendered, on average


def test_a_missing_clip_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ScorerUnavailable) as caught:
        ClipScorer(tmp_path / "no-such-clip")
    assert caught.value.status == 503 and caught.value.code == "scorer_unavailable"
    assert "no-such-clip" in str(caught.value) and "does not exist" in str(caught.value)


def test_an_empty_clip_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ScorerUnavailable, match="cannot be loaded as a CLIP or SigLIP model"):
        ClipScorer(tmp_path)


def test_a_text_only_model_folder_is_refused():
    with pytest.raises(ScorerUnavailable):
        ClipScorer(Path(minilm_path()))  # MiniLM: a BERT text encoder, no image side


def test_a_local_clip_folder_scores_images(tmp_path):
    """A tiny random CLIP written with save_pretrained (no weights of a real one are here): loaded from
    the local path, it scores every image, the same way twice."""
    from transformers import AutoTokenizer, CLIPConfig, CLIPImageProcessor, CLIPModel

    tokenizer = AutoTokenizer.from_pretrained(minilm_path(), local_files_only=True)
    tokenizer.save_pretrained(tmp_path)
    small = {"hidden_size": 32, "intermediate_size": 37, "num_hidden_layers": 1, "num_attention_heads": 2}
    config = CLIPConfig(
        text_config={"vocab_size": tokenizer.vocab_size, "max_position_embeddings": 64, **small},
        vision_config={"image_size": 32, "patch_size": 8, **small},
        projection_dim=16,
    )
    torch.manual_seed(0)
    CLIPModel(config).save_pretrained(tmp_path, safe_serialization=True)
    CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32}).save_pretrained(
        tmp_path
    )

    scorer = ClipScorer(tmp_path)
    assert isinstance(scorer, Scorer)
    images = [Image.new("RGB", (64, 64), colour) for colour in ((200, 0, 0), (0, 0, 200), (0, 160, 0))]
    scores = scorer.score("a red circle", images)
    assert len(scores) == 3 and len(set(scores)) == 3
    assert scorer.score("a red circle", images) == scores
    assert scorer.score("a red circle", []) == []

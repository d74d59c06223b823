"""The `openai` backend: GPT Image models through the official `openai` SDK.

text2img calls `images.generate`; img2img and inpaint call `images.edit` with the input image (and the
mask); outpainting has no provider equivalent. The provider's bytes are returned untouched, because the
C2PA manifest it embeds is an ingredient of our own provenance; only their size and format are read.
An edit's input is sent as it came, unless it carries an EXIF orientation: then it is sent upright, as
a PNG, since admission checked and screened it upright (`foundation.images.decode_image`).

An image request is retried (`ASSAY_OPENAI_MAX_RETRIES` times, with backoff that honours
`retry-after(-ms)`) only where the provider cannot have generated anything: a connection that was never
made, and a rate limit (429). Never after a timeout or an outage (5xx): the request may have reached the
provider, which would generate and bill the images twice (the API takes no idempotency key). The SDK's
own retries are therefore off for these calls (`with_options(max_retries=0)`); the attempts made are
recorded in the settings (`provider_attempts`).

What the provider answers is checked against the request before anything is kept: no more images than
`n`, each the size and format asked for, within Pillow's decompression-bomb limit; else
`provider_bad_response`. A revised prompt is kept to `MAX_REVISED_PROMPT_BYTES`.

Settings (read at each call, so tests can override them; the client is rebuilt when they change):
`ASSAY_OPENAI_BASE_URL` (None: the SDK's default), `ASSAY_OPENAI_API_KEY` (None: the SDK reads
OPENAI_API_KEY), `ASSAY_OPENAI_TIMEOUT_SECONDS` (120), `ASSAY_OPENAI_MAX_RETRIES` (3).
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

import openai
from django.conf import settings as django_settings
from PIL import Image, UnidentifiedImageError

from foundation import media
from foundation.images import DEFAULT_MAX_PIXELS, ImageInputError, decode_image, oriented
from generation.backends.base import (
    BackendError,
    BackendImage,
    BackendTimeout,
    ContentRefused,
    GenerationResult,
    GenerationSpec,
    InvalidGenerationInput,
    ProgressCallback,
    TransientBackendError,
)

if TYPE_CHECKING:
    from openai.types import ImagesResponse

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 120.0
DEFAULT_MAX_RETRIES = 3
# A provider's rewrite of the prompt, as recorded: at most this many bytes as JSON (UTF-8, as the audit
# log encodes it). Prompts are capped at admission, a provider's rewrite was not, and every image's goes
# into each image.generated event (at most 10 images, 64 KiB an event).
MAX_REVISED_PROMPT_BYTES = 4000
_MAX_RETRY_DELAY_SECONDS = 8.0
# What the HTTP client raises when it could not connect: nothing was sent, so nothing was generated.
_NOT_SENT = frozenset({"ConnectError", "ConnectTimeout"})
_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}  # output_format -> Pillow's format name

# Error codes with which the provider says its safety system refused the prompt or the output:
# `moderation_blocked` (GPT Image models), `content_policy_violation` (DALL-E).
_REFUSAL_CODES = frozenset({"moderation_blocked", "content_policy_violation"})
_REFUSAL_PHRASES = ("safety system", "content policy", "safety_violations")
# 429s that no retry cures: the account is out of credit.
_QUOTA_CODES = frozenset({"insufficient_quota", "billing_hard_limit_reached"})
_IGNORED_SPEC_FIELDS = ("negative_prompt", "seed", "steps", "guidance_scale", "scheduler", "strength")


@dataclass(frozen=True)
class _ClientConfig:
    base_url: str | None
    api_key: str | None = field(repr=False)
    timeout: float
    max_retries: int
    pid: int  # a client (its connection pool) must not cross a fork into a Celery child process


_client_lock = threading.Lock()
_client_cache: tuple[_ClientConfig, openai.OpenAI] | None = None


def _read_config() -> _ClientConfig:
    return _ClientConfig(
        base_url=getattr(django_settings, "ASSAY_OPENAI_BASE_URL", None) or None,
        api_key=getattr(django_settings, "ASSAY_OPENAI_API_KEY", None) or None,
        timeout=float(getattr(django_settings, "ASSAY_OPENAI_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS)),
        max_retries=int(getattr(django_settings, "ASSAY_OPENAI_MAX_RETRIES", DEFAULT_MAX_RETRIES)),
        pid=os.getpid(),
    )


def get_client() -> tuple[openai.OpenAI, _ClientConfig]:
    """The process's client for the current settings: one per process, rebuilt when the settings change."""
    global _client_cache
    config = _read_config()
    with _client_lock:
        if _client_cache is None or _client_cache[0] != config:
            try:
                client = openai.OpenAI(
                    base_url=config.base_url,
                    api_key=config.api_key,
                    timeout=config.timeout,
                    max_retries=config.max_retries,
                )
            except openai.OpenAIError as exc:
                raise BackendError(
                    f"the OpenAI backend is not configured: {exc} Set ASSAY_OPENAI_API_KEY.",
                    code="provider_not_configured",
                ) from exc
            if _client_cache is not None and _client_cache[0].pid == config.pid:
                # Settings change within a process only in tests: close the old pool rather than leak it.
                # A client inherited across a fork is left alone: its sockets belong to the parent.
                _client_cache[1].close()
            _client_cache = (config, client)
        return _client_cache[1], _client_cache[0]


def _is_gpt_image(model: str) -> bool:
    return model.startswith(("gpt-image", "chatgpt-image"))


class OpenAIBackend:
    name = "openai"

    def generate(self, spec: GenerationSpec, *, progress: ProgressCallback | None = None) -> GenerationResult:
        model = spec.model.provider_model or spec.model.name
        params = self._params(spec, model)
        files = self._input_files(spec)
        client, config = get_client()
        images_api = client.with_options(max_retries=0).images  # retried here, where it is safe
        attempts = 0
        while True:
            attempts += 1
            try:
                if spec.mode == "text2img":
                    response = images_api.generate(**params)
                else:
                    response = images_api.edit(**params, **files)
                break
            except openai.APIError as exc:
                if attempts > config.max_retries or not _nothing_generated(exc):
                    raise _map_error(exc, config, attempts) from exc
                delay = _retry_delay(exc, attempts)
                logger.info("image request not taken by the provider (%s); retrying in %.2fs", exc, delay)
                time.sleep(delay)

        items = response.data or []
        if not items:
            raise BackendError("the provider answered without images", code="provider_bad_response")
        if len(items) > spec.n:
            # Refused whole rather than trimmed: an answer that does not match the request is not to be
            # trusted in part, and the job is then refunded instead of settled beyond its reservation.
            raise BackendError(
                f"the provider answered {len(items)} images for n={spec.n}", code="provider_bad_response"
            )
        images = [_decode(item.b64_json, item.revised_prompt, spec) for item in items]
        if progress is not None:
            progress(1, 1)  # the provider reports no steps: one step, done
        settings = _settings_used(spec, model, client, response, images) | {"provider_attempts": attempts}
        return GenerationResult(images=images, settings=settings)

    @staticmethod
    def _params(spec: GenerationSpec, model: str) -> dict[str, Any]:
        if spec.mode == "outpaint":
            raise InvalidGenerationInput(
                "outpainting needs a local diffusers model: the OpenAI images API cannot extend a canvas"
            )
        params: dict[str, Any] = {
            "model": model,
            "prompt": spec.prompt,
            "n": spec.n,
            "size": f"{spec.width}x{spec.height}",
        }
        if _is_gpt_image(model):
            # GPT Image models always answer base64, and refuse `response_format`.
            params["output_format"] = spec.output_format
            optional = {
                "output_compression": spec.output_compression,
                "quality": spec.quality,
                "background": spec.background,
            }
        else:
            if spec.output_format != "png":
                raise InvalidGenerationInput(f"{model} answers PNG only; ask for output_format 'png'")
            params["response_format"] = "b64_json"
            optional = {"quality": spec.quality}
        optional["user"] = spec.user
        params.update({key: value for key, value in optional.items() if value is not None})
        return params

    @staticmethod
    def _input_files(spec: GenerationSpec) -> dict[str, tuple[str, bytes, str]]:
        """The multipart files of an edit, named and typed from their bytes (the API checks the type)."""
        if spec.mode == "text2img":
            return {}
        if not spec.image:
            raise InvalidGenerationInput(f"{spec.mode} needs an input image")
        if spec.mode == "inpaint" and not spec.mask:
            raise InvalidGenerationInput(
                "inpaint needs a mask: a PNG whose transparent pixels mark the area to edit"
            )
        image = _sendable_input(spec.image, "input image")
        files = {"image": (f"image.{image.format.lower()}", image.data, media.BY_PILLOW[image.format].mime)}
        if spec.mask:
            mask = _sendable_input(spec.mask, "mask")
            if mask.uploaded_format != "PNG":
                raise InvalidGenerationInput(
                    f"the mask must be a PNG with an alpha channel, not {mask.uploaded_format}"
                )
            if mask.size != image.size:
                raise InvalidGenerationInput(
                    f"the mask is {mask.size[0]}x{mask.size[1]} but the image is "
                    f"{image.size[0]}x{image.size[1]}: they must be the same size"
                )
            files["mask"] = ("mask.png", mask.data, "image/png")
        return files


class _Input(NamedTuple):
    """An edit's input as it is sent: its bytes, their format (Pillow's name), and its size upright."""

    data: bytes
    format: str
    size: tuple[int, int]
    uploaded_format: str


# The modes a PNG keeps as they are; an upright input in another (a CMYK JPEG) is sent as RGB(A).
_PNG_MODES = frozenset({"1", "L", "LA", "I;16", "P", "RGB", "RGBA"})


def _sendable_input(data: bytes, what: str) -> _Input:
    """The input as the provider is to read it. One that carries an EXIF orientation (a phone's photo,
    stored sideways) is turned upright and re-encoded as PNG (lossless): admission checked its size and
    its mask's, and screened it, upright (`decode_image`), and a provider may not honour the tag. So is
    a file of several pictures (a camera's MPO, an animated PNG or WebP): its first picture, the one
    admission screened, goes as PNG, and the others not at all. Any other is sent byte for byte.

    At most ASSAY_MAX_INPUT_PIXELS are read (admission's limit): telling whether a PNG is oriented may
    decode it."""
    max_pixels = int(getattr(django_settings, "ASSAY_MAX_INPUT_PIXELS", DEFAULT_MAX_PIXELS))
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format, (width, height) = image.format, image.size
            readable = image_format in media.BY_PILLOW or image_format == "MPO"
            # Nothing is decoded for an input refused below.
            turned = readable and width * height <= max_pixels and oriented(image)
            several = readable and getattr(image, "n_frames", 1) > 1
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidGenerationInput(f"the {what} has too many pixels; send at most {max_pixels:,}") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise InvalidGenerationInput(f"the {what} is not a readable PNG, JPEG or WebP image") from None
    if not readable:
        raise InvalidGenerationInput(f"the {what} is {image_format}; the provider takes PNG, JPEG or WebP")
    if width * height > max_pixels:
        raise InvalidGenerationInput(
            f"the {what} is {width}x{height} pixels; send at most {max_pixels:,} pixels"
        )
    if not turned and not several:
        return _Input(data, image_format, (width, height), image_format)
    try:
        upright = decode_image(data, max_pixels=max_pixels)
        if upright.mode not in _PNG_MODES:
            upright = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
        out = io.BytesIO()
        upright.save(out, "PNG")  # no EXIF: the orientation is in the pixels now
    except (ImageInputError, OSError, ValueError) as exc:
        raise InvalidGenerationInput(f"the {what} could not be re-encoded upright as PNG: {exc}") from None
    return _Input(out.getvalue(), "PNG", upright.size, image_format)


def _nothing_generated(exc: openai.APIError) -> bool:
    """Whether the failed request certainly made no image: the connection was never made (nothing was
    sent), or a rate limit turned it away (429, but not an exhausted quota: no retry cures that). A
    timeout or an outage (5xx) may come after the provider generated and billed the images."""
    if isinstance(exc, openai.APIConnectionError):
        return type(exc.__cause__).__name__ in _NOT_SENT
    return isinstance(exc, openai.RateLimitError) and exc.code not in _QUOTA_CODES


def _retry_delay(exc: openai.APIError, attempts: int) -> float:
    """The provider's `retry-after(-ms)` when it gives one (capped), else exponential backoff."""
    response = getattr(exc, "response", None)
    headers = response.headers if response is not None else {}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            return min(float(headers[name]) * scale, _MAX_RETRY_DELAY_SECONDS)
        except (KeyError, ValueError):
            continue
    return min(0.5 * 2 ** (attempts - 1), _MAX_RETRY_DELAY_SECONDS)


def _bad(message: str) -> BackendError:
    return BackendError(message, code="provider_bad_response")


def _decode(b64_json: str | None, revised_prompt: str | None, spec: GenerationSpec) -> BackendImage:
    """The provider's image exactly as sent: no re-encoding, so its embedded C2PA manifest survives. It
    must be what the spec asked for (size, format): a different one is refused, not converted."""
    if not b64_json:
        raise _bad("the provider answered an image without b64_json data")
    try:
        data = base64.b64decode(b64_json, validate=True)
        # Image.open reads the header only: size and format, no pixel decoding. It refuses (raises) a
        # size beyond twice Pillow's decompression-bomb limit.
        with Image.open(io.BytesIO(data)) as image:
            image_format, (width, height) = image.format, image.size
    except (binascii.Error, UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise _bad(f"the provider answered an unreadable image: {exc}") from exc
    if image_format not in media.BY_PILLOW:
        raise _bad(f"the provider answered an unexpected {image_format} image")
    if image_format != _FORMATS.get(spec.output_format, image_format):
        raise _bad(f"the provider answered a {image_format} image; {spec.output_format} was asked for")
    if (width, height) != (spec.width, spec.height):
        asked = f"{spec.width}x{spec.height}"
        raise _bad(f"the provider answered a {width}x{height} image; {asked} was asked for")
    return BackendImage(
        data=data,
        mime_type=media.BY_PILLOW[image_format].mime,
        width=width,
        height=height,
        seed=None,
        revised_prompt=_capped(revised_prompt) if revised_prompt else revised_prompt,
    )


def _capped(text: str) -> str:
    """`text` cut to at most MAX_REVISED_PROMPT_BYTES as the audit log encodes it (JSON, UTF-8)."""
    while (size := len(json.dumps(text, ensure_ascii=False).encode())) > MAX_REVISED_PROMPT_BYTES:
        text = text[: len(text) * MAX_REVISED_PROMPT_BYTES // size - 1]
    return text


def _settings_used(
    spec: GenerationSpec,
    model: str,
    client: openai.OpenAI,
    response: ImagesResponse,
    images: list[BackendImage],
) -> dict[str, Any]:
    usage = getattr(response, "usage", None)
    return {
        "backend": OpenAIBackend.name,
        "model": spec.model.name,
        "provider_model": model,
        "mode": spec.mode,
        "size": f"{spec.width}x{spec.height}",
        "n": spec.n,
        "quality": spec.quality,
        "background": spec.background,
        "output_format": spec.output_format,
        "output_compression": spec.output_compression,
        "seed": None,
        "seed_supported": False,
        # What the spec asked for that the provider has no parameter for, so the record does not imply
        # it was applied.
        "ignored": [name for name in _IGNORED_SPEC_FIELDS if getattr(spec, name) is not None],
        "provider_host": _host(str(client.base_url)),
        "openai_version": openai.__version__,
        "provider_created": response.created,
        "provider_request_id": getattr(response, "_request_id", None),
        "provider_usage": usage.model_dump(mode="json") if usage is not None else None,
        # What the provider says it made (after `auto`, or a quality it lacks), beside what was asked.
        "provider_quality": getattr(response, "quality", None),
        "provider_background": getattr(response, "background", None),
        "revised_prompts": [image.revised_prompt for image in images],
    }


def _host(url: str) -> str:
    """host[:port] of a URL, never its userinfo."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


def _attempts(count: int) -> str:
    return f"{count} attempt" if count == 1 else f"{count} attempts"


def _provider_message(exc: openai.APIError) -> str:
    body = exc.body
    if isinstance(body, dict) and isinstance(body.get("message"), str) and body["message"]:
        return body["message"]
    return exc.message


def _map_error(exc: openai.APIError, config: _ClientConfig, attempts: int) -> BackendError:
    """The SDK's error, after `attempts` requests (`OpenAIBackend.generate`'s retries), as the
    pipeline's error."""
    host = _host(config.base_url or "https://api.openai.com/v1")
    if isinstance(exc, openai.APITimeoutError):
        return BackendTimeout(
            f"the provider at {host} did not answer within {config.timeout:g}s ({_attempts(attempts)})"
        )
    if isinstance(exc, openai.APIConnectionError):
        return TransientBackendError(f"could not reach the provider at {host} ({_attempts(attempts)})")
    if not isinstance(exc, openai.APIStatusError):
        return BackendError(
            f"the provider answered unexpectedly: {exc.message}", code="provider_bad_response"
        )

    status, message = exc.status_code, _provider_message(exc)
    if status == 400 and (exc.code in _REFUSAL_CODES or any(p in message.lower() for p in _REFUSAL_PHRASES)):
        return ContentRefused(message)
    if status in (401, 403):
        # Not the provider's message: it quotes part of the key, and job errors reach tenants.
        return BackendError(
            f"the provider at {host} refused the platform's credentials ({status}); an operator must check "
            "ASSAY_OPENAI_API_KEY and the account's access to the model",
            code="provider_auth_failed",
        )
    if status == 429 and exc.code in _QUOTA_CODES:
        return BackendError(
            f"the provider account is out of quota: {message}", code="provider_quota_exceeded"
        )
    if status in (408, 409, 429) or status >= 500:
        return TransientBackendError(
            f"the provider is unavailable ({status}, {_attempts(attempts)}): {message}"
        )
    if status in (400, 404, 413, 415, 422):
        return InvalidGenerationInput(message)
    return BackendError(f"the provider answered {status}: {message}", code="provider_error")

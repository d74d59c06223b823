"""The OpenAI backend through the real `openai` SDK against the fake server over loopback HTTP."""

from __future__ import annotations

import io
import socket
from dataclasses import replace

import pytest
from PIL import Image

from generation.backends import get_backend
from generation.backends.base import (
    BackendError,
    BackendTimeout,
    ContentRefused,
    GenerationSpec,
    InvalidGenerationInput,
    TransientBackendError,
)
from generation.backends.openai_backend import OpenAIBackend, get_client
from tests.fakes.openai_server import MARKER_KEY
from tests.generation.backends.conftest import GPT_IMAGE


def spec(**changes) -> GenerationSpec:
    base = GenerationSpec(
        model=GPT_IMAGE, mode="text2img", prompt="a lighthouse at dusk", width=256, height=128
    )
    return replace(base, **changes)


def png(size: tuple[int, int], colour=(10, 20, 30, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, colour).save(out, "PNG")
    return out.getvalue()


def test_registry_builds_the_openai_backend():
    assert isinstance(get_backend("openai"), OpenAIBackend)


def test_text2img_keeps_the_provider_bytes_untouched(fake):
    steps = []
    result = OpenAIBackend().generate(
        spec(n=2, quality="high", background="opaque", user="user-42", seed=7, negative_prompt="fog"),
        progress=lambda step, total: steps.append((step, total)),
    )

    sent = fake.last_request
    assert sent.endpoint == "images/generations"
    assert sent.json == {
        "model": "gpt-image-1",
        "prompt": "a lighthouse at dusk",
        "n": 2,
        "size": "256x128",
        "output_format": "png",
        "quality": "high",
        "background": "opaque",
        "user": "user-42",
    }
    assert [image.data for image in result.images] == sent.images
    for image in result.images:
        assert (image.mime_type, image.width, image.height, image.seed) == ("image/png", 256, 128, None)
        assert image.revised_prompt.startswith("a lighthouse at dusk")
        assert MARKER_KEY in Image.open(io.BytesIO(image.data)).text  # not re-encoded: the chunk survives
    assert steps == [(1, 1)]


def test_settings_record_what_the_provider_did_and_no_seed(fake):
    result = OpenAIBackend().generate(spec(seed=7, steps=30))

    recorded = result.settings
    assert recorded["backend"] == "openai"
    assert recorded["provider_model"] == "gpt-image-1"
    assert recorded["model"] == "assay-gpt-image"
    assert (recorded["size"], recorded["n"], recorded["output_format"]) == ("256x128", 1, "png")
    assert recorded["seed"] is None
    assert recorded["seed_supported"] is False
    assert recorded["ignored"] == ["seed", "steps"]
    assert recorded["provider_host"] == f"127.0.0.1:{fake.port}"
    assert isinstance(recorded["provider_created"], int)
    assert recorded["revised_prompts"] == [result.images[0].revised_prompt]
    assert recorded["provider_usage"]["total_tokens"] > 0
    assert recorded["provider_request_id"].startswith("req_")
    assert recorded["openai_version"]
    assert fake.api_key not in repr(recorded)


def test_mime_type_comes_from_the_bytes(fake):
    result = OpenAIBackend().generate(spec(output_format="jpeg", output_compression=80))

    assert fake.last_request.json["output_compression"] == 80
    assert result.images[0].mime_type == "image/jpeg"
    assert result.images[0].data == fake.last_request.images[0]


def test_inpaint_sends_image_mask_and_prompt_as_multipart(fake):
    image, mask = png((64, 48)), png((64, 48), colour=(0, 0, 0, 0))

    result = OpenAIBackend().generate(spec(mode="inpaint", image=image, mask=mask, width=64, height=48))

    sent = fake.last_request
    assert sent.endpoint == "images/edits"
    assert [(f.filename, f.content_type, f.data) for f in sent.input_images] == [
        ("image.png", "image/png", image)
    ]
    assert (sent.mask.content_type, sent.mask.data) == ("image/png", mask)
    assert sent.form["prompt"] == ["a lighthouse at dusk"]
    assert sent.form["model"] == ["gpt-image-1"]
    assert sent.form["size"] == ["64x48"]
    assert result.images[0].data == sent.images[0]
    assert result.settings["mode"] == "inpaint"


def test_img2img_sends_a_jpeg_input_as_jpeg(fake):
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 10, 10)).save(out, "JPEG")

    OpenAIBackend().generate(spec(mode="img2img", image=out.getvalue(), width=32, height=32))

    sent = fake.last_request
    assert [(f.filename, f.content_type) for f in sent.input_images] == [("image.jpeg", "image/jpeg")]
    assert sent.mask is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"mode": "outpaint", "image": png((8, 8)), "expand": (8, 0, 8, 0)},
            "outpainting needs a local diffusers",
        ),
        ({"mode": "img2img"}, "needs an input image"),
        ({"mode": "inpaint", "image": png((8, 8))}, "inpaint needs a mask"),
        ({"mode": "inpaint", "image": png((8, 8)), "mask": png((9, 8))}, "must be the same size"),
        ({"mode": "img2img", "image": b"not an image"}, "not a readable"),
    ],
)
def test_specs_the_provider_cannot_run_are_refused_before_any_request(fake, changes, reason):
    with pytest.raises(InvalidGenerationInput, match=reason):
        OpenAIBackend().generate(spec(**changes))

    assert fake.requests == []


def test_safety_refusal_is_content_refused_with_the_providers_reason(fake):
    fake.refuse_next()

    with pytest.raises(ContentRefused) as refused:
        OpenAIBackend().generate(spec())

    assert str(refused.value).startswith("Your request was rejected by the safety system.")
    assert refused.value.code == "provider_content_refused"
    assert len(fake.requests) == 1  # a refusal is not retried


def test_a_refused_edit_is_content_refused_too(fake):
    fake.configure(refuse_words=["forbidden"])

    with pytest.raises(ContentRefused, match="safety system"):
        OpenAIBackend().generate(spec(mode="img2img", image=png((16, 16)), prompt="something forbidden"))


def test_other_bad_requests_are_invalid_input_with_the_providers_message(fake):
    fake.fail_next(400, message="Invalid value: '256x128'. Supported values are: '1024x1024'.", param="size")

    with pytest.raises(InvalidGenerationInput, match="Supported values are: '1024x1024'"):
        OpenAIBackend().generate(spec())


def test_rate_limit_is_retried_then_succeeds(fake):
    fake.fail_next(429)

    result = OpenAIBackend().generate(spec())

    assert [r.status for r in fake.requests] == [429, 200]
    assert result.images[0].data == fake.last_request.images[0]


def test_outage_is_transient_and_not_retried(fake, settings):
    """A 5xx may come after the provider generated (and billed) the images: not retried."""
    settings.ASSAY_OPENAI_MAX_RETRIES = 2
    fake.fail_next(500, times=10)

    with pytest.raises(TransientBackendError) as failed:
        OpenAIBackend().generate(spec())

    assert failed.value.code == "provider_unavailable"
    assert [r.status for r in fake.requests] == [500]


def test_exhausted_quota_is_not_called_transient(fake, settings):
    settings.ASSAY_OPENAI_MAX_RETRIES = 0
    fake.fail_next(429, code="insufficient_quota", message="You exceeded your current quota.")

    with pytest.raises(BackendError) as failed:
        OpenAIBackend().generate(spec())

    assert not isinstance(failed.value, TransientBackendError)
    assert failed.value.code == "provider_quota_exceeded"


def test_slow_provider_is_a_clean_timeout(fake, settings):
    settings.ASSAY_OPENAI_TIMEOUT_SECONDS = 0.2
    settings.ASSAY_OPENAI_MAX_RETRIES = 1
    fake.delay = 1.0

    with pytest.raises(BackendTimeout) as failed:
        OpenAIBackend().generate(spec())

    assert failed.value.code == "provider_timeout"
    assert "0.2s (1 attempt)" in str(failed.value)
    # A timed-out request may have generated: not retried. Waited for: the fake's handler thread
    # records a request on its own schedule, which a starved CPU can push past the client's timeout.
    assert len(fake.wait_for_requests(1, timeout=5)) == 1


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_credentials_are_provider_auth_failed(fake, status):
    fake.fail_next(status)

    with pytest.raises(BackendError) as failed:
        OpenAIBackend().generate(spec())

    assert failed.value.code == "provider_auth_failed"
    assert len(fake.requests) == 1


def test_a_wrong_key_is_rejected_by_the_server_and_never_echoed(fake, settings):
    settings.ASSAY_OPENAI_API_KEY = "sk-wrong-key-do-not-leak"

    with pytest.raises(BackendError) as failed:
        OpenAIBackend().generate(spec())

    assert failed.value.code == "provider_auth_failed"
    assert fake.last_request.status == 401
    assert "leak" not in str(failed.value)


def test_unreachable_provider_is_transient(fake, settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    settings.ASSAY_OPENAI_BASE_URL = f"http://127.0.0.1:{closed_port}/v1"
    settings.ASSAY_OPENAI_MAX_RETRIES = 0

    with pytest.raises(TransientBackendError, match=f"127.0.0.1:{closed_port}"):
        OpenAIBackend().generate(spec())


def test_missing_key_is_a_configuration_error(fake, settings, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_ADMIN_KEY", raising=False)
    settings.ASSAY_OPENAI_API_KEY = None

    with pytest.raises(BackendError) as failed:
        OpenAIBackend().generate(spec())

    assert failed.value.code == "provider_not_configured"
    assert "ASSAY_OPENAI_API_KEY" in str(failed.value)


def test_one_client_per_process_rebuilt_when_settings_change(fake, settings):
    first, _ = get_client()
    assert get_client()[0] is first

    settings.ASSAY_OPENAI_TIMEOUT_SECONDS = 7
    rebuilt, config = get_client()

    assert rebuilt is not first
    assert (rebuilt.timeout, rebuilt.max_retries, config.timeout) == (7.0, 3, 7.0)
    assert "sk-" not in repr(config)


def test_dall_e_models_ask_for_base64_and_png(fake):
    dall_e = replace(GPT_IMAGE, provider_model="dall-e-3")

    OpenAIBackend().generate(spec(model=dall_e))

    assert fake.last_request.json["response_format"] == "b64_json"
    assert "output_format" not in fake.last_request.json
    with pytest.raises(InvalidGenerationInput, match="PNG only"):
        OpenAIBackend().generate(spec(model=dall_e, output_format="webp"))

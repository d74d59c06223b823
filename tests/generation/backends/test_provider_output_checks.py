"""What the OpenAI backend accepts from the provider, through the real `openai` SDK against the fake
server: the answer must match the request (no more images than n, the size and format asked for, an
image Pillow may open), a revised prompt is capped and never reaches the client unmoderated; and an image
request is retried only where the provider cannot have generated (and billed) anything."""

from __future__ import annotations

import base64
import io
import json
import socket
import struct
import zlib
from dataclasses import replace

import pytest
from PIL import Image

from audit.services import MAX_AUDIT_PAYLOAD_BYTES, audit_payload_size
from generation.backends.base import (
    BackendError,
    BackendImage,
    BackendTimeout,
    GenerationResult,
    GenerationSpec,
    TransientBackendError,
)
from generation.backends.openai_backend import MAX_REVISED_PROMPT_BYTES, OpenAIBackend
from tests.fakes import openai_server
from tests.generation.backends.conftest import GPT_IMAGE


def spec(**changes) -> GenerationSpec:
    base = GenerationSpec(model=GPT_IMAGE, mode="text2img", prompt="a lighthouse", width=256, height=256)
    return replace(base, **changes)


def encoded(size: tuple[int, int], fmt: str = "PNG") -> str:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(out, fmt)
    return base64.b64encode(out.getvalue()).decode("ascii")


def answer_with(monkeypatch, change) -> None:
    """The fake answers its usual response, changed by `change(payload)`."""
    real = openai_server._images_response

    def changed(fake, request, *, edit):
        payload = real(fake, request, edit=edit)
        change(payload)
        return payload

    monkeypatch.setattr(openai_server, "_images_response", changed)


def bad_response(monkeypatch, change, **spec_changes) -> BackendError:
    answer_with(monkeypatch, change)
    with pytest.raises(BackendError) as failed:
        OpenAIBackend().generate(spec(**spec_changes))
    assert failed.value.code == "provider_bad_response"
    return failed.value


def test_more_images_than_asked_for_is_a_bad_response(fake, monkeypatch):
    failed = bad_response(monkeypatch, lambda payload: payload.update(data=payload["data"] * 3), n=1)
    assert "3 images for n=1" in str(failed)


def test_an_image_of_another_size_is_a_bad_response(fake, monkeypatch):
    def bigger(payload):
        payload["data"][0]["b64_json"] = encoded((1024, 1024))

    assert "1024x1024" in str(bad_response(monkeypatch, bigger))


def test_an_image_in_another_format_is_a_bad_response(fake, monkeypatch):
    def jpeg(payload):
        payload["data"][0]["b64_json"] = encoded((256, 256), "JPEG")

    assert "JPEG" in str(bad_response(monkeypatch, jpeg, output_format="png"))


def test_a_decompression_bomb_is_a_bad_response(fake, monkeypatch):
    # A 1x1 PNG whose header claims 20000x20000: Pillow refuses to open it (DecompressionBombError).
    data = bytearray(base64.b64decode(encoded((1, 1))))
    header = b"IHDR" + struct.pack(">II", 20000, 20000) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))

    def bomb(payload):
        payload["data"][0]["b64_json"] = base64.b64encode(bytes(data)).decode("ascii")

    bad_response(monkeypatch, bomb)


@pytest.mark.parametrize("character", ["x", "\U0001f600", '"'], ids=["ascii", "emoji", "quote"])
def test_long_revised_prompts_are_capped_to_fit_the_audit_record(fake, monkeypatch, character):
    def long_prompts(payload):
        for item in payload["data"]:
            item["revised_prompt"] = character * 70_000

    answer_with(monkeypatch, long_prompts)

    result = OpenAIBackend().generate(spec(n=10))

    for image in result.images:
        assert image.revised_prompt and set(image.revised_prompt) == {character}
        assert len(json.dumps(image.revised_prompt, ensure_ascii=False).encode()) <= MAX_REVISED_PROMPT_BYTES
    # What job_record_generated records for each image: all of the settings, every revised prompt.
    assert audit_payload_size({"settings": result.settings, "sha256": "0" * 64}) < MAX_AUDIT_PAYLOAD_BYTES


@pytest.mark.django_db(transaction=True)
def test_a_revised_prompt_is_kept_in_the_audit_record_but_never_returned_to_the_client(
    queue_tiny_job, monkeypatch
):
    from audit.models import AuditEvent
    from generation import pipeline, selectors

    job = queue_tiny_job(policy_name="revised", seed=0, steps=2)
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (1, 2, 3)).save(out, "PNG")
    image = BackendImage(
        data=out.getvalue(),
        mime_type="image/png",
        width=64,
        height=64,
        seed=None,
        revised_prompt="unscreened",
    )

    class Provider:
        def generate(self, spec, *, progress=None):
            return GenerationResult(
                images=[image], settings={"backend": "openai", "revised_prompts": ["unscreened"]}
            )

    monkeypatch.setattr(pipeline, "get_backend", lambda name: Provider())

    pipeline.job_generate(job.pk)

    job.refresh_from_db()
    assert "unscreened" not in repr(selectors.job_to_dict(job))
    assert job.images.get().revised_prompt == ""
    generated = AuditEvent.objects.get(subjects__job=job.public_id, event_type="image.generated")
    assert generated.payload["settings"]["revised_prompts"] == ["unscreened"]


@pytest.mark.django_db(transaction=True)
def test_a_revised_prompt_stored_by_an_earlier_release_is_not_returned_either(queue_tiny_job, monkeypatch):
    """Rows written before revised prompts stopped being stored still hold one: unmoderated, never shown."""
    from generation import pipeline, selectors

    job = queue_tiny_job(policy_name="revised", seed=0, steps=2)
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (1, 2, 3)).save(out, "PNG")
    image = BackendImage(data=out.getvalue(), mime_type="image/png", width=64, height=64, seed=None)

    class Provider:
        def generate(self, spec, *, progress=None):
            return GenerationResult(images=[image], settings={"backend": "openai"})

    monkeypatch.setattr(pipeline, "get_backend", lambda name: Provider())
    pipeline.job_generate(job.pk)
    job.images.update(revised_prompt="an older row's unscreened rewrite")

    job.refresh_from_db()
    assert "unscreened" not in repr(selectors.job_to_dict(job))
    assert "unscreened" not in repr(selectors.image_to_dict(job.images.get()))


# Retries -------------------------------------------------------------------------------------------


def test_an_outage_is_not_retried_the_provider_may_have_generated(fake):
    fake.fail_next(500, times=10)

    with pytest.raises(TransientBackendError) as failed:
        OpenAIBackend().generate(spec())

    assert [r.status for r in fake.requests] == [500]
    assert "1 attempt)" in str(failed.value)


def test_a_read_timeout_is_not_retried(fake, settings):
    settings.ASSAY_OPENAI_TIMEOUT_SECONDS = 0.2
    fake.delay = 1.0

    with pytest.raises(BackendTimeout):
        OpenAIBackend().generate(spec())

    with pytest.raises(TimeoutError):
        fake.wait_for_requests(2, timeout=1.5)  # only the one request reached the provider


def test_a_rate_limit_is_retried_and_the_attempts_recorded(fake):
    fake.fail_next(429, times=2)

    result = OpenAIBackend().generate(spec())

    assert [r.status for r in fake.requests] == [429, 429, 200]
    assert result.settings["provider_attempts"] == 3


def test_a_connection_never_made_is_retried(fake, settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    settings.ASSAY_OPENAI_BASE_URL = f"http://127.0.0.1:{closed_port}/v1"
    settings.ASSAY_OPENAI_MAX_RETRIES = 2

    with pytest.raises(TransientBackendError, match=r"\(3 attempts\)"):
        OpenAIBackend().generate(spec())

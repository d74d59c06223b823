"""The fake OpenAI server itself: wire shapes the real SDK accepts, multipart parsing, steering."""

from __future__ import annotations

import http.client
import io
import json
import selectors
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import openai
import pytest
from PIL import Image

from tests.fakes.openai_server import FakeOpenAI, parse_multipart

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server():
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def fake(server):
    server.reset()
    return server


@pytest.fixture
def client(fake):
    with openai.OpenAI(base_url=fake.base_url, api_key=fake.api_key, max_retries=0) as sdk_client:
        yield sdk_client


def png(size=(16, 16)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (1, 2, 3, 0)).save(out, "PNG")
    return out.getvalue()


def call(method: str, url: str, payload: dict | None = None) -> tuple[int, dict]:
    """A plain HTTP call without the SDK, and so without an Authorization header."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        body = json.dumps(payload).encode() if payload is not None else None
        connection.request(method, parts.path, body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_multipart_parsing_is_byte_exact():
    tricky = b"\x89PNG\r\n\x1a\n\r\n\r\n--not-the-boundary\r\n\x00\xff" * 50
    body = (
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="prompt"\r\n\r\n'
        b"caf\xc3\xa9\r\n"
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="image[]"; filename="a b.png"\r\n'
        b"Content-Type: image/png\r\n\r\n" + tricky + b"\r\n"
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="image[]"; filename="two.png"\r\n\r\n'
        b"\r\n"
        b"--XyZ--\r\n"
    )

    fields, files = parse_multipart("multipart/form-data; boundary=XyZ", body)

    assert fields == {"prompt": ["café"]}
    assert [(f.filename, f.content_type, f.data) for f in files["image[]"]] == [
        ("a b.png", "image/png", tricky),
        ("two.png", None, b""),
    ]


def test_edit_with_several_images_through_the_sdk(fake, client):
    first, second = png((16, 16)), png((16, 16))

    response = client.images.edit(
        model="gpt-image-1",
        image=[("a.png", first, "image/png"), ("b.png", second, "image/png")],
        prompt="merge",
    )

    assert [f.data for f in fake.last_request.input_images] == [first, second]
    assert response.size == "16x16"  # "auto" is the input's size


def test_edit_checks_mime_types_and_mask_size(fake, client):
    with pytest.raises(openai.BadRequestError, match="unsupported mimetype"):
        client.images.edit(
            model="gpt-image-1", image=("a.bin", png(), "application/octet-stream"), prompt="x"
        )
    with pytest.raises(openai.BadRequestError, match="does not match") as mismatch:
        client.images.edit(
            model="gpt-image-1",
            image=("a.png", png((16, 16)), "image/png"),
            mask=("m.png", png((8, 8)), "image/png"),
            prompt="x",
        )
    assert mismatch.value.param == "mask"


def test_every_request_needs_a_bearer_key(fake):
    status, body = call("POST", f"{fake.base_url}/images/generations", {"prompt": "x"})

    assert status == 401
    assert set(body["error"]) == {"message", "type", "param", "code"}
    assert fake.last_request.status == 401


def test_errors_use_openais_shape(fake, client):
    fake.refuse_next()

    with pytest.raises(openai.BadRequestError) as refused:
        client.images.generate(model="gpt-image-1", prompt="x")

    assert refused.value.code == "moderation_blocked"
    assert refused.value.type == "image_generation_user_error"
    assert "safety system" in refused.value.body["message"]


def test_injected_failures_can_target_one_endpoint(fake, client):
    fake.fail_next(500, endpoint="images/edits")

    client.images.generate(model="gpt-image-1", prompt="x")
    with pytest.raises(openai.InternalServerError):
        client.images.edit(model="gpt-image-1", image=("a.png", png(), "image/png"), prompt="x")


def test_gpt_image_models_refuse_response_format_like_the_real_api(fake, client):
    with pytest.raises(openai.BadRequestError, match="Unknown parameter: 'response_format'"):
        client.images.generate(model="gpt-image-1", prompt="x", response_format="b64_json")


def test_moderation_scores_keywords_and_overrides(fake, client):
    flagged, clean = client.moderations.create(
        model="omni-moderation-latest", input=["a knight attacks with gore", "a quiet meadow"]
    ).results

    assert flagged.flagged and flagged.categories.violence and flagged.categories.violence_graphic
    assert flagged.category_scores.violence > 0.9
    assert not clean.flagged
    assert clean.category_applied_input_types.violence == ["text"]

    fake.configure(moderation_overrides={"sexual": 0.8})
    (result,) = client.moderations.create(model="omni-moderation-latest", input="a quiet meadow").results
    assert result.flagged and result.categories.sexual


def test_wait_for_requests(fake, client):
    client.moderations.create(model="omni-moderation-latest", input="hello")

    assert len(fake.wait_for_requests(1, timeout=1)) == 1
    with pytest.raises(TimeoutError):
        fake.wait_for_requests(2, timeout=0.05)


def test_runs_as_a_process_steered_over_http():
    command = [sys.executable, "-m", "tests.fakes.openai_server", "--port", "0"]
    with subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True) as process:
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(process.stdout, selectors.EVENT_READ)
                assert selector.select(timeout=10), "the fake server printed no URL"
            line = process.stdout.readline().strip()
            assert line.startswith("FAKE_OPENAI_URL=")
            base_url = line.removeprefix("FAKE_OPENAI_URL=")
            root = base_url.removesuffix("/v1")

            assert (
                call("POST", f"{root}/_fake/fail", {"status": 429, "endpoint": "images/generations"})[0]
                == 200
            )
            with openai.OpenAI(base_url=base_url, api_key="sk-assay-fake-openai", max_retries=0) as client:
                with pytest.raises(openai.RateLimitError):
                    client.images.generate(model="gpt-image-1", prompt="x")
                client.images.generate(model="gpt-image-1", prompt="x", size="32x32")

            status, body = call("GET", f"{root}/_fake/requests")
            assert status == 200
            recorded = body["requests"]
            assert [r["status"] for r in recorded] == [429, 200]
            assert recorded[1]["json"]["size"] == "32x32"
            assert len(recorded[1]["images_sha256"]) == 1
        finally:
            process.terminate()
    assert process.returncode == 0

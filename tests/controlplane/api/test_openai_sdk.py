"""The official openai SDK, unchanged but for base_url and key, against a live Assay server and a real
Celery worker (Redis broker); gpt-image-1 goes through the openai backend to a local OpenAI stand-in."""

from __future__ import annotations

import base64
import io
import json
import time
from pathlib import Path

import numpy as np
import openai
import pytest
from PIL import Image

from controlplane.api.waiting import SETTLED
from tests.fakes.openai_server import FakeOpenAI
from tests.live import make_stack, wait_until
from tests.prompts import HELD_PROMPT

# Its stacks run on DATABASE_URL: the PostgreSQL pass keeps it (tests/database_pass.py).
pytestmark = pytest.mark.database


@pytest.fixture(scope="module")
def fake_openai():
    with FakeOpenAI() as server:
        yield server


@pytest.fixture(scope="module")
def stack(tmp_path_factory, tiny_model_folder, fake_openai):
    stack = make_stack(
        tmp_path_factory.mktemp("sdk"),
        tiny_model_dir=tiny_model_folder,
        extra_env={"ASSAY_OPENAI_BASE_URL": fake_openai.base_url, "ASSAY_OPENAI_API_KEY": fake_openai.api_key,
                   "ASSAY_OPENAI_MAX_RETRIES": "1"},
    )  # fmt: skip
    stack.assay("model", "register", "--name", "gpt-image-1", "--backend", "openai", "--family", "openai",
                "--license", "OpenAI terms", "--provider-model", "gpt-image-1", "--capabilities",
                "text2img,img2img,inpaint", "--sizes", "1024x1024,1536x1024,1024x1536")  # fmt: skip
    try:
        stack.start_server()
        stack.start_worker(wait_warm=True)  # the held prompt's test times the first job
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture(scope="module")
def assay(stack):
    return openai.OpenAI(
        base_url=f"{stack.base_url}/v1", api_key=stack.credentials()["api_key"], max_retries=0
    )


def decode(b64: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(b64)))


def png_bytes(size=(64, 64), color=(30, 90, 200, 255)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def post_image(url: str, data: bytes, *, key: str) -> dict:
    """A multipart POST of one `image` field with the standard library (what any client would send)."""
    import urllib.request

    boundary = "assay-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="out.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    request.add_header("Authorization", f"Bearer {key}")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (the test's own server)
        return json.loads(response.read())


def test_generate_sync(assay):
    result = assay.images.generate(
        model="assay-tiny", prompt="a red circle", size="64x64", n=2, extra_body={"seed": 42, "steps": 2}
    )
    assert len(result.data) == 2
    assert decode(result.data[0].b64_json).size == (64, 64)
    extra = result.model_extra
    assert extra["job_id"].startswith("job_")
    settings = {
        "model": "assay-tiny",
        "prompt": "a red circle",
        "size": "64x64",
        "extra_body": {"seed": 42, "steps": 2},
    }
    again = assay.images.generate(n=2, **settings)
    first, repeat = (np.asarray(decode(r.data[0].b64_json), dtype=np.int16) for r in (result, again))
    assert np.array_equal(first, repeat)  # same seed and settings: the same pixels
    alone = np.asarray(decode(assay.images.generate(n=1, **settings).data[0].b64_json), dtype=np.int16)
    assert np.abs(alone - first).mean() < 1  # image 0 of a batch is the same seed run alone


def test_generate_async_then_poll_the_job(assay):
    raw = assay.images.with_raw_response.generate(
        model="assay-tiny", prompt="a blue square", size="64x64", extra_body={"async": True, "steps": 2}
    )
    assert raw.status_code == 202
    job_id = json.loads(raw.content)["id"]
    # The job settles completed, or held for review: no seed asked, so admission draws one, and the tiny
    # model's noise is held under open_nsfw for ~3% of seeds (the job then waits for a reviewer).
    job = wait_until(
        lambda: (job := assay.get(f"/jobs/{job_id}", cast_to=object))["status"] in SETTLED and job,
        timeout=60,
        what="the async job",
    )
    assert job["status"] in ("completed", "held_for_review"), job
    # Admission chose the seed and the image records it (the job lists held images too).
    assert job["images"][0]["seed"] == job["params"]["seed"] >= 0


def test_edit_with_a_mask(assay):
    mask = Image.new("RGBA", (64, 64), (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), (0, 0, 32, 64))
    buffer = io.BytesIO()
    mask.save(buffer, "PNG")
    source = png_bytes()
    result = assay.images.edit(
        model="assay-tiny",
        image=("in.png", source, "image/png"),
        mask=("mask.png", buffer.getvalue(), "image/png"),
        prompt="paint the left half",
        extra_body={"seed": 1, "steps": 2},
    )
    out = np.asarray(decode(result.data[0].b64_json).convert("RGB"))
    original = np.asarray(Image.open(io.BytesIO(source)).convert("RGB"))
    assert np.array_equal(out[:, 32:], original[:, 32:])  # only the masked left half may change


def test_the_shipped_model_draws_what_the_sdk_asks_for(stack, assay):
    """Issue 5's acceptance line: the embedded default, at its defaults, through the SDK, read back by
    the benchmark's pixel checker: a red circle on white (seeds 0-5 all read so on this checkpoint)."""
    from generation.shapes.evaluate import read

    stack.assay("model", "ensure-shipped")
    result = assay.images.generate(
        model="assay-shapes-1", prompt="a red circle on a white background", extra_body={"seed": 1}
    )
    image = decode(result.data[0].b64_json).convert("RGB")
    assert image.size == (256, 256)
    reading = read(image)
    assert (reading.colour, reading.shape, reading.background) == ("red", "circle", "white")


def test_list_models(assay):
    ids = {model.id for model in assay.models.list()}
    assert {"assay-tiny", "gpt-image-1"} <= ids


def test_bad_requests_map_to_the_sdks_errors(assay):
    with pytest.raises(openai.BadRequestError) as bad:
        assay.images.generate(model="assay-tiny", prompt="x", n=11)
    assert bad.value.code == "invalid_value" and bad.value.param == "n"
    with pytest.raises(openai.NotFoundError) as missing:
        assay.images.generate(model="dall-e-9", prompt="x")
    assert missing.value.code == "model_not_found"
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(
            base_url=str(assay.base_url), api_key="ask_aaaaaaaa_" + "b" * 40, max_retries=0
        ).models.list()


def test_gpt_image_1_through_the_openai_backend_keeps_the_providers_picture(assay, fake_openai):
    fake_openai.reset()
    result = assay.images.generate(model="gpt-image-1", prompt="a lighthouse", size="1024x1024")
    sent = fake_openai.requests_to("images/generations")[-1]
    released = base64.b64decode(result.data[0].b64_json)
    # The provider's picture, marked and signed by Assay: only the invisible watermark changed pixels.
    ours, theirs = (
        np.asarray(Image.open(io.BytesIO(b)).convert("RGB"), float) for b in (released, sent.images[0])
    )
    assert ours.shape == theirs.shape and 10 * np.log10(255**2 / np.mean((ours - theirs) ** 2)) >= 38
    check = post_image(f"{assay.base_url}verify", released, key=assay.api_key)
    assert check["c2pa"]["validation_state"] == "Trusted", check
    assert check["registry"]["image_id"] == result.data[0].model_extra["id"], check
    job = assay.get(f"/jobs/{result.model_extra['job_id']}", cast_to=object)
    assert job["settings"]["seed"] is None and job["settings"]["seed_supported"] is False
    assert job["images"][0]["seed"] is None


def test_a_provider_safety_refusal_rejects_the_job(assay, fake_openai):
    fake_openai.reset()
    fake_openai.refuse_next()
    with pytest.raises(openai.BadRequestError) as refused:
        assay.images.generate(model="gpt-image-1", prompt="a lighthouse at dusk")  # the fake refuses it
    assert refused.value.code == "provider_content_refused"
    assert "safety system" in refused.value.message
    assert "rejected" in refused.value.message


def readme_snippet(marker: str) -> str:
    """The python block that follows `<!-- README snippet: marker ... -->` in README.md, as written."""
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    after = readme.split(f"<!-- README snippet: {marker}", 1)[1]
    return after.split("```python\n", 1)[1].split("```", 1)[0]


def test_a_held_prompt_answers_at_once_and_the_readme_snippet_handles_it(stack, assay, capsys):
    started = time.monotonic()
    with pytest.raises(openai.UnprocessableEntityError) as held:
        assay.images.generate(model="assay-tiny", prompt=HELD_PROMPT, size="64x64")
    waited = time.monotonic() - started

    assert waited < 1.0, f"held for review must answer at once, took {waited:.2f}s"
    assert held.value.status_code == 422 and held.value.code == "held_for_review"
    job = assay.get(f"/jobs/{held.value.body['job_id']}", cast_to=object)
    assert job["status"] == "held_for_review"

    # The README's snippet, run as written against this server (its model is the shipped one).
    stack.assay("model", "ensure-shipped")
    exec(compile(readme_snippet("held-for-review"), "README.md", "exec"), {"assay": assay})  # noqa: S102
    printed = capsys.readouterr().out
    assert printed.startswith("held for review: job_"), printed
    job_id = printed.split(": ", 1)[1].strip()
    assert assay.get(f"/jobs/{job_id}", cast_to=object)["status"] == "held_for_review"

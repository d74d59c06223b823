"""Held work through a live server (`assay web`) and a real Celery worker, with the official `openai`
SDK and the demo's keys: an edit whose input shows a face and a generated image the output policy holds
both answer at once (never after the sync wait), and a reviewer's approval over HTTP takes the held image
on to a signed release and the requester's webhook."""

from __future__ import annotations

import io
import json
import time
import urllib.error
import urllib.request
from datetime import datetime

import openai
import pytest
from PIL import Image

from tests.generation.test_pipeline import Receiver
from tests.live import RELEASE_NOISE, make_stack, release_noise, wait_until

# Its stacks run on DATABASE_URL: the PostgreSQL pass keeps it (tests/database_pass.py).
pytestmark = pytest.mark.database

SYNC_TIMEOUT = 60
HOLD_EVERY_IMAGE = {"name": "hold-images", "output": {"nsfw": {"review_at": 0.0, "block_at": 1.0}}}


@pytest.fixture(scope="module")
def stack(tmp_path_factory, tiny_model_folder):
    stack = make_stack(
        tmp_path_factory.mktemp("review-live"),
        tiny_model_dir=tiny_model_folder,
        extra_env={"ASSAY_SYNC_TIMEOUT_SECONDS": str(SYNC_TIMEOUT)},
    )
    try:
        stack.start_server()
        stack.start_worker()
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture(scope="module")
def keys(stack) -> dict[str, str]:
    """The demo's keys by role, as `make run` prints them."""
    return {role: member["api_key"] for role, member in stack.credentials()["members"].items()}


@pytest.fixture(scope="module")
def developer(stack, keys):
    return openai.OpenAI(base_url=f"{stack.base_url}/v1", api_key=keys["developer"], max_retries=0)


def call(stack, key: str, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - the test's own server
        f"{stack.base_url}{path}",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def content(stack, key: str, image_id: str) -> bytes:
    request = urllib.request.Request(  # noqa: S310 - the test's own server
        f"{stack.base_url}/v1/images/{image_id}/content", headers={"Authorization": f"Bearer {key}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.read()


def verify(stack, data: bytes) -> dict:
    boundary = "assay-review-live"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="x.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(f"{stack.base_url}/v1/verify", data=body, method="POST")  # noqa: S310
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def held_at(stack, keys, job_id: str, event_type: str) -> float:
    """When the job was held: the time of its policy decision in the audit log (the auditor's key)."""
    status, events = call(
        stack, keys["auditor"], "GET", f"/v1/audit/events?subject=job:{job_id}&type={event_type}"
    )
    assert status == 200, events
    (event,) = events["data"]
    return datetime.fromisoformat(event["time"].replace("Z", "+00:00")).timestamp()


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_an_edit_of_a_photo_of_someone_answers_at_once_with_the_job(stack, keys, developer):
    from skimage import data

    photo = Image.fromarray(data.astronaut()).resize((256, 256))
    started = time.monotonic()
    with pytest.raises(openai.UnprocessableEntityError) as held:
        developer.images.edit(
            model="assay-tiny",
            image=("photo.png", png(photo), "image/png"),
            prompt="make it sunny",
            extra_body={"steps": 2},
        )
    answered = time.time()
    waited = time.monotonic() - started

    assert held.value.code == "held_for_review" and held.value.body["stage"] == "prompt"
    # The first request also waits for a cold worker to load its screening models (seconds on a busy
    # machine): what is measured is the answer after the hold, as for an output hold below.
    assert waited < SYNC_TIMEOUT / 2, f"a held edit answers at once, not after the sync wait ({waited:.1f}s)"
    job_id = held.value.body["job_id"]
    lag = answered - held_at(stack, keys, job_id, "policy.input_decided")
    assert lag < 2.0, f"the held edit was answered {lag:.1f}s after the hold"
    status, queue = call(stack, keys["reviewer"], "GET", f"/v1/reviews?job={job_id}")
    assert status == 200 and [i["kind"] for i in queue["data"]] == ["prompt"], queue
    assert queue["data"][0]["categories"] == ["real_person"]
    assert queue["data"][0]["reasons"][0]["stage"] == "input"


def test_a_held_image_answers_at_once_and_approval_releases_it_signed_to_the_webhook(stack, keys, developer):
    release_noise(stack.base_url, stack.operator_key)  # warm the worker: model and screening loaded
    developer.images.generate(model="assay-tiny", prompt="a red circle", size="64x64", extra_body={"seed": 0})
    status, made = call(
        stack, keys["admin"], "POST", "/v1/policies", {"document": HOLD_EVERY_IMAGE, "activate": True}
    )
    assert status == 201, made
    hook = Receiver([])
    try:
        with pytest.raises(openai.UnprocessableEntityError) as held:
            developer.images.generate(
                model="assay-tiny",
                prompt="a blue square",
                size="64x64",
                extra_body={"seed": 1, "steps": 2, "webhook_url": hook.url},
            )
        answered = time.time()
        assert held.value.code == "held_for_review" and held.value.body["stage"] == "output"
        job_id = held.value.body["job_id"]
        # Woken by the hold itself: not the sync wait, not even the waiters' safety poll (5 s).
        lag = answered - held_at(stack, keys, job_id, "policy.output_decided")
        assert lag < 2.0, f"the held image was answered {lag:.1f}s after the hold"
        assert hook.received == []  # held is not an end

        status, queue = call(stack, keys["reviewer"], "GET", f"/v1/reviews?job={job_id}")
        (item,) = queue["data"]
        assert item["kind"] == "output" and item["preview"].endswith("/content")
        status, decided = call(
            stack, keys["reviewer"], "POST", f"/v1/reviews/{item['id']}/decide", {"decision": "approve"}
        )
        assert status == 200 and decided["state"] == "approved", decided

        job = wait_until(
            lambda: (
                (job := developer.get(f"/jobs/{job_id}", cast_to=object))["status"] == "completed" and job
            ),
            timeout=60,
            what="the approved job",
        )
        notice = wait_until(
            lambda: hook.received and json.loads(hook.received[0][1]), timeout=30, what="the webhook"
        )
    finally:
        hook.close()
        call(stack, keys["admin"], "POST", "/v1/policies", {"document": RELEASE_NOISE, "activate": True})
    assert notice["type"] == "job.completed" and notice["data"]["id"] == job_id
    assert [image["decision"] for image in job["images"]] == ["released"]
    report = verify(stack, content(stack, keys["developer"], item["image_id"]))
    assert report["c2pa"]["validation_state"] == "Trusted", report

"""The images API in-process: the real pipeline (tasks run eagerly) on the tiny random model."""

from __future__ import annotations

import base64
import io
import time

import numpy as np
import pytest
from PIL import Image

from audit.events import Actor
from audit.models import AuditEvent
from generation.models import GeneratedImage, GenerationJob
from tests.helpers import assert_error
from tests.prompts import HELD_PROMPT

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_pipeline")]


def generate(client, **body):
    # A fixed seed: the tiny random model's noise scores over the standard policy's open_nsfw review
    # threshold (0.4) for about 3% of seeds (4, 16, 98, ...), which holds the image for review.
    payload = {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "steps": 2, "seed": 0} | body
    return client.client.post("/v1/images/generations", payload, format="json")


def pixels(b64: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(b64))).convert("RGB"), dtype=np.int16)


def test_generate_sync_returns_images_and_records_every_stage(tiny_model, developer):
    response = generate(developer, n=2, seed=7)
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["data"]) == 2
    first = body["data"][0]
    assert first["id"].startswith("img_") and first["job_id"] == body["job_id"]
    image = Image.open(io.BytesIO(base64.b64decode(first["b64_json"])))
    assert (image.format, image.size) == ("PNG", (64, 64))

    job = GenerationJob.objects.get(public_id=body["job_id"])
    assert job.status == "completed" and job.policy_name == "standard@v1"
    assert [img.seed for img in job.images.order_by("index")] == [7, 8]
    assert job.settings_used["weights_sha256"] == tiny_model.weights_sha256
    types = list(
        AuditEvent.objects.filter(subjects__job=job.public_id)
        .order_by("seq")
        .values_list("event_type", flat=True)
    )
    assert types == [
        "job.received", "policy.prompt_decided", "image.generated", "image.generated",
        "policy.output_decided", "policy.output_decided", "provenance.signed", "provenance.signed",
        "job.completed",
    ]  # fmt: skip
    received = AuditEvent.objects.get(subjects__job=job.public_id, event_type="job.received")
    assert received.payload["prompt"] == "a red circle" and received.payload["policy"] == "standard@v1"

    status = developer.client.get(f"/v1/jobs/{job.public_id}").json()
    assert status["status"] == "completed" and status["progress"]["step"] == status["progress"]["total"] > 0
    meta = developer.client.get(f"/v1/images/{first['id']}").json()
    assert meta["seed"] == 7 and meta["job_id"] == job.public_id
    content = developer.client.get(f"/v1/images/{first['id']}/content")
    assert content["Content-Type"] == "image/png"
    assert content.content == base64.b64decode(first["b64_json"])


def test_same_seed_same_pixels_different_seed_differs(tiny_model, developer):
    a = generate(developer, seed=11).json()["data"][0]["b64_json"]
    b = generate(developer, seed=11).json()["data"][0]["b64_json"]
    c = generate(developer, seed=12).json()["data"][0]["b64_json"]
    assert np.array_equal(pixels(a), pixels(b))
    assert np.abs(pixels(a) - pixels(c)).mean() > 1


def test_async_returns_the_job_at_once(tiny_model, developer):
    response = generate(developer, **{"async": True})
    assert response.status_code == 202
    assert response.json()["object"] == "job" and response.json()["id"].startswith("job_")


def test_url_response_format_gives_a_signed_url(tiny_model, developer, client):
    url = generate(developer, response_format="url").json()["data"][0]["url"]
    path = url.split("testserver", 1)[1]
    fetched = client.get(path)  # no API key: the token is the credential
    assert fetched.status_code == 200 and fetched["Content-Type"] == "image/png"
    other = generate(developer, response_format="url").json()["data"][0]["url"].split("testserver", 1)[1]
    mixed = path.split("?")[0] + "?" + other.split("?")[1]  # another image's token
    assert_error(client.get(mixed), 403, "invalid_url_token")
    assert_error(client.get(path + "x"), 403, "invalid_url_token")


def test_idempotency_key(tiny_model, developer):
    headers = {"HTTP_IDEMPOTENCY_KEY": "order-42"}
    body = {"model": "assay-tiny", "prompt": "a blue square", "size": "64x64", "steps": 2, "seed": 1}
    first = developer.client.post("/v1/images/generations", body, format="json", **headers)
    again = developer.client.post("/v1/images/generations", body, format="json", **headers)
    assert first.status_code == again.status_code == 200
    assert first.json()["job_id"] == again.json()["job_id"]
    assert GenerationJob.objects.count() == 1
    changed = developer.client.post(
        "/v1/images/generations", body | {"prompt": "other"}, format="json", **headers
    )
    assert assert_error(changed, 409, "idempotency_key_reused")["param"] == "Idempotency-Key"
    # The SDKs retry a 409 unless told not to, and a retry would be refused the same way.
    assert changed["x-should-retry"] == "false"
    assert "x-should-retry" not in first
    assert GenerationJob.objects.count() == 1


BAD_GENERATIONS = [
    ({"n": 0}, "n", 400),
    ({"n": 11}, "n", 400),
    ({"size": "96x96"}, "size", 400),
    ({"size": "64x60"}, "size", 400),
    ({"size": "huge"}, "size", 400),
    ({"prompt": ""}, "prompt", 400),
    ({"prompt": "\u200b\u2060"}, "prompt", 400),  # invisible characters only: blank too
    ({"prompt": "x" * 32_001}, "prompt", 400),
    ({"model": "dall-e-9"}, "model", 404),
    ({"seed": -1}, "seed", 400),
    ({"seed": 2**32}, "seed", 400),
    ({"webhook_url": "ftp://example.com/hook"}, "webhook_url", 400),
    ({"webhook_url": "http://10.1.2.3/hook"}, "webhook_url", 400),
    ({"webhook_url": "http://127.0.0.1:9/hook"}, "webhook_url", 400),
    ({"scheduler": "MagicScheduler"}, "scheduler", 400),
    ({"output_format": "gif"}, "output_format", 400),
    ({"background": "transparent"}, "background", 400),  # a local model draws opaque images
]


@pytest.mark.parametrize(("change", "param", "status"), BAD_GENERATIONS)
def test_bad_generation_requests_leave_nothing_behind(tiny_model, developer, change, param, status, settings):
    error = assert_error(generate(developer, **change), status)
    assert error["param"] == param, error
    if status == 404:
        assert error["code"] == "model_not_found"
    assert not GenerationJob.objects.exists()
    assert not AuditEvent.objects.filter(event_type="job.received").exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(media.rglob("*.*"))


def test_size_must_be_multiple_of_8_when_the_model_allows_any(tiny_model, developer):
    tiny_model.sizes = []
    tiny_model.save()
    error = assert_error(generate(developer, size="100x100"), 400)
    assert error["param"] == "size" and "multiples of 8" in error["message"]


def png(size=(64, 64), color=(200, 30, 30), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color if mode == "RGB" else (*color, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def mask_png(size=(64, 64), box=(16, 16, 48, 48)) -> bytes:
    mask = Image.new("RGBA", size, (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), box)  # alpha 0 = edit here
    buffer = io.BytesIO()
    mask.save(buffer, "PNG")
    return buffer.getvalue()


def edit(client, image: bytes, mask: bytes | None = None, **fields):
    data = {"model": "assay-tiny", "prompt": "a green square", "steps": "2", **fields}
    data["image"] = io.BytesIO(image)
    data["image"].name = "in.png"
    if mask is not None:
        data["mask"] = io.BytesIO(mask)
        data["mask"].name = "mask.png"
    return client.client.post("/v1/images/edits", data, format="multipart")


def test_inpainting_changes_only_the_masked_region(tiny_model, developer):
    source = png()
    response = edit(developer, source, mask_png(), seed="3")
    assert response.status_code == 200, response.content
    out = pixels(response.json()["data"][0]["b64_json"])
    original = np.asarray(Image.open(io.BytesIO(source)).convert("RGB"), dtype=np.int16)
    outside = np.ones((64, 64), dtype=bool)
    outside[16:48, 16:48] = False
    assert np.array_equal(out[outside], original[outside])
    assert GenerationJob.objects.get().mode == "inpaint"


def test_outpainting_keeps_the_original_in_place(tiny_model, developer):
    source = png()
    response = edit(developer, source, expand="0,0,64,0", seed="3")
    assert response.status_code == 200, response.content
    out = pixels(response.json()["data"][0]["b64_json"])
    assert out.shape == (64, 128, 3)
    original = np.asarray(Image.open(io.BytesIO(source)).convert("RGB"), dtype=np.int16)
    assert np.array_equal(out[:, :64], original)


def test_img2img(tiny_model, developer):
    response = edit(developer, png(), strength="0.5", seed="3")
    assert response.status_code == 200, response.content
    job = GenerationJob.objects.get()
    assert job.mode == "img2img" and job.settings_used["strength"] == 0.5


@pytest.mark.parametrize(("pillow_format", "mime_type"), [("JPEG", "image/jpeg"), ("WEBP", "image/webp")])
def test_a_jpeg_or_webp_edit_is_signed_with_its_input_as_ingredient(
    tiny_model, developer, pillow_format, mime_type
):
    """The upload is kept as sent and named by what its bytes are (a JPEG edit used to fail signing:
    its ingredient was declared a PNG)."""
    from provenance.services import verify

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, pillow_format)
    response = edit(developer, buffer.getvalue(), strength="0.5", seed="3")
    assert response.status_code == 200, response.content
    signed = base64.b64decode(response.json()["data"][0]["b64_json"])
    manifest = verify(signed)["c2pa"]
    assert manifest["verified"] is True
    assert [ingredient["format"] for ingredient in manifest["ingredients"]] == [mime_type]
    assert GenerationJob.objects.get().input_image_path.endswith(
        "." + pillow_format.lower().replace("jpeg", "jpg")
    )


def test_a_cameras_mpo_is_edited_as_its_first_picture_and_signed_with_it_as_a_jpeg_ingredient(
    tiny_model, developer
):
    """Pillow reads a phone's JPEG with a depth map or preview after it as MPO; it used to be refused."""
    from provenance.services import verify

    buffer = io.BytesIO()
    first, after = Image.new("RGB", (64, 64), (200, 30, 30)), Image.new("RGB", (32, 32), (30, 30, 200))
    first.save(buffer, "MPO", save_all=True, append_images=[after])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"

    response = edit(developer, buffer.getvalue(), strength="0.5", seed="3")

    assert response.status_code == 200, response.content
    manifest = verify(base64.b64decode(response.json()["data"][0]["b64_json"]))["c2pa"]
    assert manifest["verified"] is True
    assert [ingredient["format"] for ingredient in manifest["ingredients"]] == ["image/jpeg"]
    job = GenerationJob.objects.get()
    assert job.mode == "img2img" and job.input_image_path.endswith(".jpg")


BAD_EDITS = [
    ({"image": b"not an image"}, "image", 400),
    ({"mask": png(size=(32, 32), mode="RGBA")}, "mask", 400),
    ({"mask": png()}, "mask", 400),  # no alpha channel
    ({"strength": "0"}, "strength", 400),
    ({"strength": "1.5"}, "strength", 400),
    ({"expand": "1,2,3"}, "expand", 400),
    # A mask and expand: outpainting takes no mask (the job used to be admitted, then fail in the worker).
    ({"mask": mask_png(), "expand": "0,0,64,0"}, "mask", 400),
    # A local model edits at the input's size: it must be multiples of 8, and what `size` says.
    ({"image": png(size=(100, 100)), "mask": mask_png(size=(100, 100))}, "image", 400),
    ({"image": png(size=(60, 64)), "expand": "0,0,4,0"}, "expand", 400),  # 64x64 would be fine: 60+4
    ({"mask": mask_png(), "size": "128x128"}, "size", 400),
]


@pytest.mark.parametrize(("change", "param", "status"), BAD_EDITS)
def test_bad_edits_leave_nothing_behind(tiny_model, developer, change, param, status, settings):
    image = change.pop("image", png())
    mask = change.pop("mask", None)
    error = assert_error(edit(developer, image, mask, **change), status)
    assert error["param"] == param, error
    assert not GenerationJob.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(media.rglob("*.*"))


def test_an_inpainting_job_records_the_size_it_makes(tiny_model, developer):
    """The output of a local inpaint is the input's size; the job used to record the model's first
    size (64x64 here) whatever it made."""
    response = edit(developer, png(size=(48, 40)), mask_png(size=(48, 40), box=(8, 8, 24, 24)), seed="3")
    assert response.status_code == 200, response.content
    assert pixels(response.json()["data"][0]["b64_json"]).shape == (40, 48, 3)
    assert GenerationJob.objects.get().params["size"] == "48x40"


def test_an_image_with_transparent_pixels_and_no_mask_is_inpainted_there(tiny_model, developer):
    """As OpenAI's edits read it: the image's own fully transparent pixels are the area to edit (it ran
    as img2img, repainting everything)."""
    source = Image.new("RGBA", (64, 64), (200, 30, 30, 255))
    source.paste((0, 0, 0, 0), (16, 16, 48, 48))
    buffer = io.BytesIO()
    source.save(buffer, "PNG")
    response = edit(developer, buffer.getvalue(), seed="3")
    assert response.status_code == 200, response.content
    assert GenerationJob.objects.get().mode == "inpaint"
    out = pixels(response.json()["data"][0]["b64_json"])
    outside = np.ones((64, 64), dtype=bool)
    outside[16:48, 16:48] = False
    assert (out[outside] == (200, 30, 30)).all()


@pytest.mark.parametrize(
    "mask_field",
    [{"mask": "not-a-file"}, {"mask": [io.BytesIO(mask_png()), io.BytesIO(mask_png())]}],
    ids=["text", "two-files"],
)
def test_a_mask_that_is_not_one_file_is_refused(tiny_model, developer, mask_field):
    """A mask sent as a text value was dropped (the job ran as img2img); two were read as the last."""
    data = {"model": "assay-tiny", "prompt": "a green square", "steps": "2", "image": io.BytesIO(png())}
    data["image"].name = "in.png"
    for upload in mask_field["mask"] if isinstance(mask_field["mask"], list) else []:
        upload.name = "mask.png"
    response = developer.client.post("/v1/images/edits", data | mask_field, format="multipart")
    assert assert_error(response, 400, "invalid_value")["param"] == "mask"
    assert not GenerationJob.objects.exists()


def test_edit_image_over_the_byte_limit_is_413(tiny_model, developer, settings):
    settings.ASSAY_MAX_INPUT_BYTES = 1024
    noisy = Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8))
    buffer = io.BytesIO()
    noisy.save(buffer, "PNG")
    assert assert_error(edit(developer, buffer.getvalue()), 413, "image_too_large")["param"] == "image"


def test_decompression_bomb_is_refused(tiny_model, developer, settings):
    settings.ASSAY_MAX_INPUT_PIXELS = 64 * 64
    assert assert_error(edit(developer, png(size=(256, 256))), 400, "invalid_image")["param"] == "image"


def test_models_list_in_openai_shape(tiny_model, developer):
    body = developer.client.get("/v1/models").json()
    assert body["object"] == "list"
    assert body["data"][0]["id"] == "assay-tiny" and body["data"][0]["object"] == "model"
    assert developer.client.get("/v1/models/assay-tiny").json()["weights_sha256"] == tiny_model.weights_sha256
    assert_error(developer.client.get("/v1/models/nope"), 404, "model_not_found")


def test_jobs_and_images_are_invisible_to_other_tenants(
    tiny_model, developer, other_tenant, key_client, tenant
):
    body = generate(developer).json()
    outsider = key_client(other_tenant, "admin")
    image_id = body["data"][0]["id"]
    for path in (f"/v1/jobs/{body['job_id']}", f"/v1/images/{image_id}", f"/v1/images/{image_id}/content"):
        assert_error(outsider.client.get(path), 404, "not_found")
    assert_error(outsider.client.post(f"/v1/jobs/{body['job_id']}/cancel"), 404, "not_found")
    auditor = key_client(tenant, "auditor")  # images:read, not images:write
    assert auditor.client.get(f"/v1/jobs/{body['job_id']}").status_code == 200
    assert_error(generate(auditor), 403, "insufficient_scope")
    assert_error(auditor.client.post(f"/v1/jobs/{body['job_id']}/cancel"), 403, "insufficient_scope")


def test_a_members_key_cancels_only_their_own_jobs_and_an_admin_any(
    tiny_model, developer, key_client, tenant, settings, monkeypatch
):
    from celery.app.task import Task

    monkeypatch.setattr(Task, "apply_async", lambda *args, **kwargs: None)  # admitted, not run
    settings.ASSAY_SYNC_TIMEOUT_SECONDS = 0
    theirs = generate(developer).json()["id"]
    mine = generate(developer).json()["id"]
    other_team = key_client(tenant, "developer", email="other-team@acme.example")
    error = assert_error(other_team.client.post(f"/v1/jobs/{theirs}/cancel"), 403, "not_own_job")
    assert "submitted by someone else" in error["message"]
    assert developer.client.get(f"/v1/jobs/{theirs}").json()["status"] == "received"
    assert developer.client.post(f"/v1/jobs/{mine}/cancel").json()["status"] == "cancelled"
    admin = key_client(tenant, "admin", email="ada@acme.example")
    assert admin.client.post(f"/v1/jobs/{theirs}/cancel").json()["status"] == "cancelled"

    # Two members' keys the same admin issued share an issuer, not a holder: still not each other's.
    from types import SimpleNamespace

    from rest_framework.test import APIClient

    def issued_for(email: str) -> SimpleNamespace:
        key_client(tenant, "developer", email=email)  # the member, with a key of their own
        made = admin.client.post("/v1/keys", {"name": email, "member": email}, format="json").json()
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {made['key']}")
        return SimpleNamespace(client=client)

    alice, bob = issued_for("alice@acme.example"), issued_for("bob@acme.example")
    bobs = generate(bob).json()["id"]
    assert_error(alice.client.post(f"/v1/jobs/{bobs}/cancel"), 403, "not_own_job")
    assert bob.client.post(f"/v1/jobs/{bobs}/cancel").json()["status"] == "cancelled"


def test_held_images_are_never_served(tiny_model, developer):
    body = generate(developer).json()
    GeneratedImage.objects.filter(public_id=body["data"][0]["id"]).update(decision="held")
    assert_error(developer.client.get(f"/v1/images/{body['data'][0]['id']}/content"), 404)


def test_sync_request_past_the_timeout_answers_202_with_the_job(tiny_model, developer, settings, monkeypatch):
    from celery.app.task import Task

    monkeypatch.setattr(Task, "apply_async", lambda *args, **kwargs: None)  # no worker picks it up
    settings.ASSAY_SYNC_TIMEOUT_SECONDS = 0
    response = generate(developer)
    assert response.status_code == 202
    body = response.json()
    assert body["object"] == "job" and body["status"] == "received"
    assert developer.client.get(f"/v1/jobs/{body['id']}").json()["status"] == "received"


def test_a_sync_request_whose_database_goes_away_while_it_waits_answers_202_with_the_job(
    tiny_model, developer, settings, monkeypatch
):
    """A failover (or a full connection pool) during the wait: the job was admitted and counted, so the
    client gets its id (202), not a 500 that an SDK would retry into a second job."""
    from celery.app.task import Task
    from django.db import OperationalError, connection

    settings.ASSAY_SYNC_TIMEOUT_SECONDS = 1
    gone = []
    monkeypatch.setattr(Task, "apply_async", lambda *args, **kwargs: gone.append(True))  # admitted

    def database(execute, sql, params, many, context):
        if gone:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(database):
        response = generate(developer)
    assert gone and response.status_code == 202, response.content
    body = response.json()
    assert body["object"] == "job" and body["status"] == "received" and body["id"].startswith("job_")
    assert GenerationJob.objects.get().public_id == body["id"]


def test_a_prompt_the_policy_blocks_is_rejected_before_generation(tiny_model, developer):
    error = assert_error(generate(developer, prompt="sexy 14yo"), 400, "content_policy_violation")
    job = GenerationJob.objects.get()
    assert job.status == "rejected" and job.images.count() == 0 and job.attempts == 0
    assert job.public_id in error["message"]
    decided = AuditEvent.objects.get(subjects__job=job.public_id, event_type="policy.prompt_decided")
    assert decided.payload["decision"] == "block" and decided.payload["policy_name"] == "standard@v1"
    assert any(r["category"] == "sexual/minors" for r in decided.payload["reasons"])
    assert AuditEvent.objects.filter(subjects__job=job.public_id, event_type="job.rejected").exists()


def test_a_prompt_the_policy_sends_to_review_is_held_and_answered_at_once(tiny_model, developer, settings):
    settings.ASSAY_SYNC_TIMEOUT_SECONDS = 60
    started = time.monotonic()
    response = generate(developer, prompt=HELD_PROMPT)
    waited = time.monotonic() - started

    error = assert_error(response, 422, "held_for_review")
    assert waited < 5, f"a held job is answered at once, not after the sync timeout ({waited:.1f}s)"
    job = GenerationJob.objects.get(public_id=error["job_id"])
    assert job.status == "held_for_review" and job.images.count() == 0
    assert (error["job_status"], error["stage"]) == ("held_for_review", "prompt")
    assert job.public_id in error["message"]
    asynchronous = generate(developer, prompt=HELD_PROMPT, seed=3, **{"async": True})
    assert asynchronous.status_code == 202 and asynchronous.json()["status"] in (
        "received",
        "held_for_review",
    )


def test_a_reviewer_approves_or_rejects_a_held_prompt(
    tiny_model, developer, tenant, key_client, other_tenant
):
    approved = assert_error(generate(developer, prompt=HELD_PROMPT), 422)["job_id"]
    rejected = assert_error(generate(developer, prompt=HELD_PROMPT, seed=2), 422)["job_id"]
    reviewer = key_client(tenant, "reviewer")
    assert_error(
        developer.client.post(f"/v1/jobs/{approved}/review", {"decision": "approve"}, format="json"), 403
    )
    outsider = key_client(other_tenant, "admin")
    assert_error(
        outsider.client.post(f"/v1/jobs/{approved}/review", {"decision": "approve"}, format="json"), 404
    )

    body = reviewer.client.post(
        f"/v1/jobs/{approved}/review", {"decision": "approve", "note": "art"}, format="json"
    )
    assert body.status_code == 200, body.content
    assert GenerationJob.objects.get(public_id=approved).status == "completed"  # the pipeline went on
    reviewer.client.post(f"/v1/jobs/{rejected}/review", {"decision": "reject", "note": "no"}, format="json")
    job = GenerationJob.objects.get(public_id=rejected)
    assert job.status == "rejected" and job.images.count() == 0
    decided = AuditEvent.objects.filter(event_type="review.decided").order_by("seq")
    assert [(e.subjects["job"], e.payload["decision"], e.actor_id) for e in decided] == [
        (approved, "approve", str(reviewer.api_key.public_id)),
        (rejected, "reject", str(reviewer.api_key.public_id)),
    ]
    again = reviewer.client.post(f"/v1/jobs/{approved}/review", {"decision": "reject"}, format="json")
    assert_error(again, 409, "not_held_for_review")


def test_the_policy_limits_which_models_a_tenant_may_use(tiny_model, developer, tenant):
    from policy.services import policy_version_create
    from policy.templates import template

    document = template("standard") | {
        "name": "only-gpt",
        "allowed": {"models": ["gpt-image-1"], "backends": []},
    }
    policy_version_create(tenant=tenant, document=document, actor=Actor.system("tests"), activate=True)
    error = assert_error(generate(developer), 403, "model_not_allowed")
    assert error["param"] == "model" and "only-gpt@v1" in error["message"]
    assert not GenerationJob.objects.exists()


def _jpeg_tables(quality: int) -> dict:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (90, 120, 30)).save(out, "JPEG", quality=quality, subsampling=0)
    return Image.open(io.BytesIO(out.getvalue())).quantization


@pytest.mark.parametrize(("asked", "encoded"), [(60, 60), (100, 100), (10, 50), (None, 95)])
def test_a_jpeg_is_encoded_at_the_output_compression_asked_down_to_the_watermarks_floor(
    tiny_model, developer, asked, encoded
):
    """The signed file used to be q95 whatever `output_compression` said; below 50 the invisible mark
    would be spent before the image travels, so 50 is the floor."""
    body = {"output_format": "jpeg"} | ({"output_compression": asked} if asked is not None else {})
    response = generate(developer, **body)
    assert response.status_code == 200, response.content
    data = base64.b64decode(response.json()["data"][0]["b64_json"])
    assert Image.open(io.BytesIO(data)).quantization == _jpeg_tables(encoded)

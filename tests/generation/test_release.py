"""Output screening and provenance in the pipeline: what is released is signed, watermarked and
verifiable; what the policy blocks is withheld and never downloadable; an edit of a protected
person's photo stops before any generation runs."""

from __future__ import annotations

import base64
import hashlib
import io

import pytest
from PIL import Image

from audit.events import Actor, EventType
from audit.models import AuditEvent
from generation import pipeline
from generation.backends.base import BackendImage, GenerationResult
from generation.models import GeneratedImage, GenerationJob, ImageDecision, JobStatus, Mode
from generation.params import GenerationParams
from generation.services import JobRequest, job_create
from policy.services import policy_version_create
from policy.templates import template
from provenance.services import verify
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db(transaction=True)
TESTS = Actor.system("tests")


def astronaut(size: int = 256) -> Image.Image:
    from skimage import data

    return Image.fromarray(data.astronaut()).resize((size, size), Image.Resampling.LANCZOS)


def hopper(size: int = 256) -> Image.Image:
    from matplotlib import cbook

    with cbook.get_sample_data("grace_hopper.jpg") as handle:
        return Image.open(handle).convert("RGB").resize((size, size), Image.Resampling.LANCZOS)


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def enrol_collins(tenant):
    from policy.likeness_services import likeness_person_create, prepare_photo

    return likeness_person_create(
        tenant=tenant,
        name="Eileen Collins",
        reason="contracted: no depictions",
        photos=[prepare_photo(png(astronaut(512)))],
        store_photos=False,
        actor=TESTS,
    )


def events(job: GenerationJob) -> list[str]:
    return list(
        AuditEvent.objects.filter(subjects__job=job.public_id)
        .order_by("seq")
        .values_list("event_type", flat=True)
    )


@pytest.mark.usefixtures("eager_pipeline")
def test_a_released_image_is_signed_watermarked_and_verifiable(tenant, key_client, tiny_model):
    developer = key_client(tenant, "developer")
    body = {"model": "assay-tiny", "prompt": "a red circle", "size": "256x256", "steps": 2, "seed": 5}

    response = developer.client.post("/v1/images/generations", body, format="json")

    assert response.status_code == 200, response.content
    (item,) = response.json()["data"]
    data = base64.b64decode(item["b64_json"])
    image = GeneratedImage.objects.get(public_id=item["id"])
    assert image.decision == ImageDecision.RELEASED and image.sha256 == hashlib.sha256(data).hexdigest()
    report = verify(data)
    assert report["c2pa"]["validation_state"] == "Trusted" and report["c2pa"]["verified"] is True
    assert report["c2pa"]["actions"][0]["action"] == "c2pa.created"
    assert report["watermark"]["found"] is True
    assert report["watermark"]["watermark_id"] == image.watermark_id
    detail = developer.client.get(f"/v1/images/{image.public_id}").json()
    assert detail["provenance"]["watermark"]["id"] == image.watermark_id
    assert detail["provenance"]["watermark"]["psnr_db"] >= 38
    assert detail["provenance"]["c2pa"]["manifest_label"]
    signed = AuditEvent.objects.get(event_type=EventType.PROVENANCE_SIGNED)
    assert signed.subjects["image"] == image.public_id and signed.payload["sha256"] == image.sha256
    assert signed.payload["watermark"]["id"] == image.watermark_id
    job = GenerationJob.objects.get(public_id=response.json()["job_id"])
    assert events(job)[-3:] == ["policy.output_decided", "provenance.signed", "job.completed"]


def test_a_gallery_match_under_a_block_rule_is_withheld_and_never_downloadable(
    tenant, key_client, tiny_model, settings, tmp_path, monkeypatch
):
    from celery.app.task import Task

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: None)
    collins = enrol_collins(tenant)  # standard: a protected person without consent is blocked
    request = JobRequest(
        model=tiny_model,
        mode=Mode.TEXT2IMG,
        prompt="an astronaut",
        params=GenerationParams(n=1, size="256x256"),
    )
    job, _ = job_create(tenant=tenant, api_key=None, actor=TESTS, request=request)
    pipeline.job_moderate(job.pk)
    attempt = pipeline.job_claim_for_generation(job.pk)
    # What a model that drew her would hand back: her face, mirrored.
    drawn = png(astronaut().transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    result = GenerationResult(images=[BackendImage(drawn, "image/png", 256, 256, seed=1)])
    pipeline.job_record_generated(job.pk, attempt=attempt, result=result)

    pipeline.job_finish(job.pk)

    job.refresh_from_db()
    (image,) = job.images.all()
    assert job.status == JobStatus.COMPLETED and image.decision == ImageDecision.BLOCKED
    (reason,) = [r for r in image.decision_reasons if r["category"] == "likeness"]
    assert reason["person"] == str(collins.public_id) and reason["score"] < reason["threshold"]
    assert image.watermark_id is None and image.provenance == {}  # never signed
    developer = key_client(tenant, "developer")
    assert_error(developer.client.get(f"/v1/images/{image.public_id}"), 404, "not_found")
    assert_error(developer.client.get(f"/v1/images/{image.public_id}/content"), 404, "not_found")
    listed = developer.client.get(f"/v1/jobs/{job.public_id}").json()["images"]
    assert [(i["id"], i["decision"]) for i in listed] == [(image.public_id, "blocked")]
    reviewer = key_client(tenant, "reviewer")
    quarantined = reviewer.client.get(f"/v1/quarantine/images/{image.public_id}/content?reveal=true")
    assert quarantined.status_code == 200 and quarantined.content == drawn
    assert "provenance.signed" not in events(job)


@pytest.mark.usefixtures("eager_pipeline")
def test_an_edit_of_a_protected_persons_photo_is_blocked_before_generation(tenant, key_client, tiny_model):
    collins = enrol_collins(tenant)
    developer = key_client(tenant, "developer")
    upload = io.BytesIO(png(astronaut()))
    upload.name = "in.png"
    body = {"model": "assay-tiny", "prompt": "make it sunny", "steps": "2", "image": upload}

    response = developer.client.post("/v1/images/edits", body, format="multipart")

    error = assert_error(response, 400, "content_policy_violation")
    assert "uploaded image" in error["message"]
    job = GenerationJob.objects.get()
    assert job.status == JobStatus.REJECTED and not job.images.exists()
    assert events(job) == ["job.received", "policy.prompt_decided", "policy.input_decided", "job.rejected"]
    (input_decision,) = [d for d in job.decisions if d["stage"] == "input"]
    assert input_decision["decision"] == "block"
    assert [r["person"] for r in input_decision["reasons"] if r["category"] == "likeness"] == [
        str(collins.public_id)
    ]


@pytest.mark.usefixtures("eager_pipeline")
def test_an_edit_of_someone_elses_photo_is_held_for_review_under_standard(tenant, key_client, tiny_model):
    enrol_collins(tenant)
    developer = key_client(tenant, "developer")
    upload = io.BytesIO(png(hopper()))
    upload.name = "in.png"
    body = {"model": "assay-tiny", "prompt": "make it sunny", "steps": "2", "image": upload}

    response = developer.client.post("/v1/images/edits", body, format="multipart")

    error = assert_error(response, 422, "held_for_review")  # answered at once, with the job's id
    job = GenerationJob.objects.get()
    assert error["job_id"] == job.public_id and error["stage"] == "prompt"
    assert job.status == JobStatus.HELD_FOR_REVIEW and not job.images.exists()
    (input_decision,) = [d for d in job.decisions if d["stage"] == "input"]
    assert input_decision["decision"] == "review"
    assert {r["category"] for r in input_decision["reasons"]} == {"face"}
    # The review queue shows it, with the input image's reasons.
    (item,) = key_client(tenant, "reviewer").client.get("/v1/reviews").json()["data"]
    assert (item["kind"], item["job_id"], item["categories"]) == ("prompt", job.public_id, ["real_person"])
    assert item["reasons"][0]["stage"] == "input"


@pytest.mark.usefixtures("eager_pipeline")
def test_an_edit_is_signed_with_its_input_as_ingredient(tenant, key_client, tiny_model):
    policy_version_create(
        tenant=tenant,
        document=template("standard") | {"name": "photos-ok", "output": {"input_face": "allow"}},
        actor=TESTS,
        activate=True,
    )
    developer = key_client(tenant, "developer")
    upload = io.BytesIO(png(Image.new("RGB", (256, 256), (90, 140, 200))))
    upload.name = "in.png"
    body = {"model": "assay-tiny", "prompt": "a green square", "steps": "2", "seed": "0", "image": upload}

    response = developer.client.post("/v1/images/edits", body, format="multipart")

    assert response.status_code == 200, response.content
    report = verify(base64.b64decode(response.json()["data"][0]["b64_json"]))
    assert report["c2pa"]["validation_state"] == "Trusted"
    assert [a["action"] for a in report["c2pa"]["actions"]][:2] == ["c2pa.opened", "c2pa.edited"]
    assert len(report["c2pa"]["ingredients"]) == 1

"""`best_of` through the whole pipeline: the job generates best_of candidates in one batch, the model's
declared scorer ranks them, every candidate passes output screening, and the n best that screening let
through are signed and returned with their score and rank. The others are `unselected`: out of the
response and the job, but in the audit record, the quarantine views and the console's job page. A
blocked candidate is never returned, whatever its score; a held one is reviewed only when the policy did
not allow enough others.

The pipeline runs for real (tasks eagerly, the tiny model, C2PA signing). The scorer is a test one
declared by a copy of the tiny model's folder: a candidate's mean brightness, so which image is best can
be checked from its pixels.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from django.test import Client
from PIL import Image

from audit.events import Actor, EventType
from audit.models import AuditEvent
from controlplane.review.models import ReviewItem
from generation import storage
from generation.catalog import model_register
from generation.models import GeneratedImage, GenerationJob, ImageDecision, ImageModel, JobStatus, Mode
from generation.scoring import registry
from policy.decisions import JobPolicy
from policy.services import policy_version_create
from policy.templates import template
from policy.types import Decision, Reason
from provenance import manifest
from tests.helpers import assert_error

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_pipeline"),
]

TESTS = Actor.system("tests")
SCORED_MODEL = "assay-tiny-scored"
TEST_SCORER = "test-brightness"
# No generated image reaches a score of 1: the policy allows every candidate.
ALLOW_EVERY_IMAGE = {"nsfw": {"review_at": 1.0, "block_at": 1.0}}
HOLD_EVERY_IMAGE = {"nsfw": {"review_at": 0.0, "block_at": 1.0}}


def brightness(image: Image.Image) -> float:
    return float(np.asarray(image.convert("L"), dtype=np.float64).mean())


class BrightnessScorer:
    """A candidate's score is its mean brightness."""

    name = TEST_SCORER

    def score(self, prompt: str, images: Sequence[Image.Image]) -> list[float]:
        return [brightness(image) for image in images]


@pytest.fixture(scope="module")
def scored_folder(tmp_path_factory, tiny_model_folder) -> Path:
    """The tiny model, in a folder whose assay.json declares the test scorer."""
    folder = tmp_path_factory.mktemp("scored") / SCORED_MODEL
    shutil.copytree(tiny_model_folder, folder)
    config = json.loads((folder / "assay.json").read_text()) | {"scorer": f"package:{TEST_SCORER}"}
    (folder / "assay.json").write_text(json.dumps(config))
    return folder


@pytest.fixture
def test_scorer(monkeypatch) -> Iterator[None]:
    monkeypatch.setitem(registry.PACKAGED, TEST_SCORER, BrightnessScorer)
    registry.load_scorer.cache_clear()
    yield
    registry.load_scorer.cache_clear()


@pytest.fixture
def scored_model(db, scored_folder, test_scorer) -> ImageModel:
    return model_register(
        name=SCORED_MODEL,
        backend="diffusers",
        family="sd15",
        license="test",
        capabilities=list(Mode.values),
        sizes=["64x64"],
        folder=str(scored_folder),
        default_steps=2,
        default_guidance=5.0,
        actor=TESTS,
    )


def use_policy(tenant, output: dict) -> None:
    document = template("standard") | {"name": "best-of"}
    document["output"] = document["output"] | output
    policy_version_create(tenant=tenant, document=document, actor=TESTS, activate=True)


def generate(client, **body):
    body = {"model": SCORED_MODEL, "prompt": "a red circle", "size": "64x64", "seed": 0} | body
    return client.post("/v1/images/generations", body, format="json")


def events(event_type: str, job: GenerationJob) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type, subjects__job=job.public_id).order_by("seq"))


def candidates(job: GenerationJob) -> list[GeneratedImage]:
    return list(job.images.order_by("rank"))


def stored_brightness(image: GeneratedImage) -> float:
    with Image.open(io.BytesIO(storage.read(image.storage_path))) as picture:
        return brightness(picture)


def console_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_best_of_returns_the_best_scored_image_and_keeps_the_others_for_reviewers(
    tenant, key_client, scored_model
):
    use_policy(tenant, ALLOW_EVERY_IMAGE)
    developer = key_client(tenant, "developer")
    reviewer = key_client(tenant, "reviewer")

    response = generate(developer.client, n=1, best_of=4)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["best_of"] == 4 and body["withheld"] == []
    (item,) = body["data"]
    job = GenerationJob.objects.get(public_id=body["job_id"])
    ranked = candidates(job)
    assert [image.rank for image in ranked] == [1, 2, 3, 4]
    assert job.scorer == TEST_SCORER and len({image.seed for image in ranked}) == 4
    best, *others = ranked
    assert item["id"] == best.public_id and (item["rank"], item["score"]) == (1, best.score)
    assert best.decision == ImageDecision.RELEASED
    assert {image.decision for image in others} == {ImageDecision.UNSELECTED}
    # The scores are the scorer's on the very candidates (the others' bytes are kept as generated),
    # and the one returned scored highest.
    for image in others:
        assert image.score == pytest.approx(stored_brightness(image))
        assert best.score > image.score
        assert not image.provenance and image.watermark_id is None  # never signed
    assert base64.b64decode(item["b64_json"]) == storage.read(best.storage_path)

    # The job shows what was returned; the unselected are not the caller's to see or fetch.
    shown = developer.client.get(f"/v1/jobs/{job.public_id}").json()
    assert shown["best_of"] == 4 and shown["params"]["best_of"] == 4
    assert [(i["id"], i["rank"], i["score"]) for i in shown["images"]] == [(best.public_id, 1, best.score)]
    assert developer.client.get(f"/v1/images/{best.public_id}").json()["rank"] == 1
    for image in others:
        assert_error(developer.client.get(f"/v1/images/{image.public_id}"), 404, "not_found")
        assert_error(developer.client.get(f"/v1/images/{image.public_id}/content"), 404, "not_found")

    # Reviewers find them in quarantine, with their scores and ranks, blurred unless revealed.
    listed = reviewer.client.get("/v1/quarantine/images?decision=unselected").json()["data"]
    assert sorted((i["id"], i["rank"], i["score"]) for i in listed) == sorted(
        (image.public_id, image.rank, image.score) for image in others
    )
    preview = reviewer.client.get(f"/v1/quarantine/images/{others[0].public_id}/content")
    assert preview.status_code == 200 and preview.content != storage.read(others[0].storage_path)

    # The audit record names every candidate with its score and rank, from generation to completion.
    asked = {"best_of": 4, "n": 1, "scorer": TEST_SCORER}
    facts = {image.public_id: asked | {"score": image.score, "rank": image.rank} for image in ranked}
    generated = events(EventType.IMAGE_GENERATED, job)
    assert {e.subjects["image"]: e.payload["best_of"] for e in generated} == facts
    decided = events(EventType.POLICY_OUTPUT_DECIDED, job)
    assert len(decided) == 4  # every candidate screened
    assert {e.subjects["image"]: e.payload["best_of"]["selected"] for e in decided} == {
        image.public_id: image.rank == 1 for image in ranked
    }
    (completed,) = events(EventType.JOB_COMPLETED, job)
    assert completed.payload["images"] == {"released": 1, "held": 0, "blocked": 0, "unselected": 3}
    assert [(c["image"], c["rank"], c["score"], c["decision"]) for c in completed.payload["candidates"]] == [
        (image.public_id, image.rank, image.score, image.decision) for image in ranked
    ]

    # The console's job page shows reviewers every candidate, its rank and score; the requester only
    # what was returned.
    page = console_client(reviewer.user).get(f"/console/{tenant.slug}/jobs/{job.public_id}")
    assert page.status_code == 200
    html = page.content.decode()
    for image in ranked:
        assert image.public_id in html and f"rank {image.rank} of 4" in html
    assert html.count("not returned") == 3
    page = console_client(developer.user).get(f"/console/{tenant.slug}/jobs/{job.public_id}")
    html = page.content.decode()
    assert best.public_id in html and "rank 1 of 4" in html
    assert not any(image.public_id in html for image in others)


def test_n_of_best_of_returns_the_n_best_signed_with_their_score_and_rank(tenant, key_client, scored_model):
    use_policy(tenant, ALLOW_EVERY_IMAGE)
    developer = key_client(tenant, "developer")

    response = generate(developer.client, n=2, best_of=3, seed=11)

    assert response.status_code == 200, response.content
    job = GenerationJob.objects.get(public_id=response.json()["job_id"])
    first, second, third = candidates(job)
    assert sorted((i["id"], i["rank"]) for i in response.json()["data"]) == sorted(
        [(first.public_id, 1), (second.public_id, 2)]
    )
    assert third.decision == ImageDecision.UNSELECTED
    # The signed record of each returned image says how it was chosen.
    for image in (first, second):
        served = developer.client.get(f"/v1/images/{image.public_id}/content")
        assert served.status_code == 200
        signed = manifest.read(served.content, image.mime_type, trust_anchors_pem=None)["assay"]
        assert signed["best_of"] == {
            "best_of": 3,
            "n": 2,
            "score": image.score,
            "rank": image.rank,
            "scorer": TEST_SCORER,
        }
        assert signed["image_id"] == image.public_id


def test_a_blocked_candidate_is_never_returned_even_when_it_scores_best(
    tenant, key_client, scored_model, monkeypatch
):
    use_policy(tenant, ALLOW_EVERY_IMAGE)
    developer = key_client(tenant, "developer")
    reviewer = key_client(tenant, "reviewer")
    screen = JobPolicy.decide_image

    def block_the_best(policy: JobPolicy, image: bytes, **options):
        """The output policy, except that it blocks the candidate the scorer ranked first."""
        decision = screen(policy, image, **options)
        if image != storage.read(GeneratedImage.objects.get(rank=1).storage_path):
            return decision
        reason = Reason(category="violence", source="tests", score=0.99, threshold=0.9)
        return replace(decision, decision=Decision.BLOCK, reasons=[reason])

    monkeypatch.setattr(JobPolicy, "decide_image", block_the_best)

    response = generate(developer.client, n=1, best_of=3, seed=3)

    assert response.status_code == 200, response.content
    job = GenerationJob.objects.get(public_id=response.json()["job_id"])
    first, second, third = candidates(job)
    assert first.decision == ImageDecision.BLOCKED and first.score > second.score
    assert (second.decision, third.decision) == (ImageDecision.RELEASED, ImageDecision.UNSELECTED)
    (item,) = response.json()["data"]
    assert (item["id"], item["rank"]) == (second.public_id, 2)
    # As for any blocked image: named in `withheld` with its reasons, never served, in quarantine.
    assert [(w["id"], w["decision"]) for w in response.json()["withheld"]] == [(first.public_id, "blocked")]
    assert_error(developer.client.get(f"/v1/images/{first.public_id}/content"), 404, "not_found")
    listed = reviewer.client.get("/v1/quarantine/images").json()["data"]
    assert {(i["id"], i["decision"]) for i in listed} == {
        (first.public_id, "blocked"),
        (third.public_id, "unselected"),
    }
    (completed,) = events(EventType.JOB_COMPLETED, job)
    assert [(c["rank"], c["decision"]) for c in completed.payload["candidates"]] == [
        (1, "blocked"),
        (2, "released"),
        (3, "unselected"),
    ]


def test_every_candidate_blocked_is_a_content_policy_violation(tenant, key_client, scored_model):
    use_policy(tenant, {"nsfw": {"review_at": 0.0, "block_at": 0.0}})
    developer = key_client(tenant, "developer")

    error = assert_error(generate(developer.client, n=1, best_of=2), 400, "content_policy_violation")

    job = GenerationJob.objects.get(public_id=error["job_id"])
    assert job.status == JobStatus.COMPLETED
    assert {image.decision for image in job.images.all()} == {ImageDecision.BLOCKED}
    assert sorted(w["index"] for w in error["withheld"]) == [0, 1]


def test_a_held_candidate_waits_for_a_reviewer_only_when_no_allowed_one_can_take_its_place(
    tenant, key_client, scored_model
):
    use_policy(tenant, HOLD_EVERY_IMAGE)
    developer = key_client(tenant, "developer")

    error = assert_error(generate(developer.client, n=1, best_of=3, seed=5), 422, "held_for_review")

    job = GenerationJob.objects.get(public_id=error["job_id"])
    first, second, third = candidates(job)
    assert job.status == JobStatus.HELD_FOR_REVIEW
    # Only the best-ranked candidate is worth a person's time; the others will never be returned.
    assert first.decision == ImageDecision.HELD
    assert (second.decision, third.decision) == (ImageDecision.UNSELECTED, ImageDecision.UNSELECTED)
    (item,) = ReviewItem.objects.filter(job=job)
    assert item.image_id == first.pk

    decided = key_client(tenant, "reviewer").client.post(
        f"/v1/reviews/{item.public_id}/decide", {"decision": "approve"}, format="json"
    )

    assert decided.status_code == 200, decided.content
    job.refresh_from_db()
    first.refresh_from_db()
    assert job.status == JobStatus.COMPLETED and first.decision == ImageDecision.RELEASED
    shown = developer.client.get(f"/v1/jobs/{job.public_id}").json()
    assert [(i["id"], i["rank"], i["decision"]) for i in shown["images"]] == [
        (first.public_id, 1, ImageDecision.RELEASED)
    ]


def test_any_candidate_replays_identically_from_its_record(tenant, key_client, scored_model):
    use_policy(tenant, ALLOW_EVERY_IMAGE)
    developer = key_client(tenant, "developer")
    auditor = key_client(tenant, "auditor")
    response = generate(developer.client, n=1, best_of=3, seed=21)
    assert response.status_code == 200, response.content
    job = GenerationJob.objects.get(public_id=response.json()["job_id"])

    # The record holds best_of: the replay runs the candidates' whole batch again, as the job did.
    for image in job.images.filter(index__gt=0):
        replayed = auditor.client.post(f"/v1/images/{image.public_id}/replay")
        assert replayed.status_code == 200, replayed.content
        assert replayed.json()["identical"] is True, replayed.json()["differences"]

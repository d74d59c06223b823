"""Who let a job's prompt through, as its signed images say: the `ai.assay.generation` assertion's
`decisions.prompt` carries `released_by` (reviewer, expiry, appeal) when the prompt policy held or
blocked the prompt and something other than the policy let the job run, as `decisions.output` does for
an image. A prompt the policy allowed says nothing more.

The pipeline runs for real (tasks eagerly, the tiny model, C2PA signing); manifests are read back from
the served bytes.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.events import Actor
from controlplane.review import services
from controlplane.review.models import ReviewItem, ReviewKind, ReviewState
from generation.models import GenerationJob, ImageDecision, JobStatus, ReleaseBasis
from policy.services import policy_version_create
from policy.templates import template
from provenance import manifest
from tests.helpers import assert_error
from tests.prompts import HELD_PROMPT  # `standard` holds it for review (sexual), `strict` blocks it

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_pipeline", "tiny_model"),
]

TESTS = Actor.system("tests")


def use_policy(tenant, base: str = "standard", **sections) -> None:
    document = template(base) | {"name": "prompt-release"} | sections
    policy_version_create(tenant=tenant, document=document, actor=TESTS, activate=True)


def generate(client, prompt: str = HELD_PROMPT, **body):
    body = {"model": "assay-tiny", "prompt": prompt, "size": "64x64", "steps": 2, "seed": 0} | body
    return client.post("/v1/images/generations", body, format="json")


def decide(client, item_id: str, decision: str, note: str = ""):
    return client.post(f"/v1/reviews/{item_id}/decide", {"decision": decision, "note": note}, format="json")


def signed_assertion(client, job: GenerationJob) -> dict:
    """The `ai.assay.generation` assertion of the job's one released image, from its served bytes."""
    image = job.images.get()
    assert image.decision == ImageDecision.RELEASED
    content = client.get(f"/v1/images/{image.public_id}/content")
    assert content.status_code == 200, content.content
    return manifest.read(content.content, content["Content-Type"], trust_anchors_pem=None)["assay"]


def test_a_prompt_a_reviewer_approved_is_signed_as_released_by_the_reviewer(people, tenant):
    use_policy(tenant)
    job_id = assert_error(generate(people.developer.client), 422, "held_for_review")["job_id"]
    item = ReviewItem.objects.get(kind=ReviewKind.PROMPT)

    approved = decide(people.reviewer.client, item.public_id, "approve")

    assert approved.status_code == 200 and approved.json()["state"] == ReviewState.APPROVED, approved.content
    job = GenerationJob.objects.get(public_id=job_id)
    assert (job.status, job.prompt_release_basis) == (JobStatus.COMPLETED, ReleaseBasis.REVIEW)
    signed = signed_assertion(people.developer.client, job)
    assert signed["decisions"]["prompt"] == {
        "decision": "review",
        "policy": job.policy_name,
        "released_by": "reviewer",
    }
    assert "released_by" not in signed["decisions"]["output"]  # the output policy allowed the image


def test_a_prompt_approved_on_expiry_is_signed_as_released_by_expiry_not_by_a_reviewer(people, tenant):
    """Nobody looked at it: its manifest must not say a reviewer let the prompt through."""
    use_policy(tenant, review={"expire_after_minutes": 60, "on_expiry": "approve"})
    job_id = assert_error(generate(people.developer.client), 422, "held_for_review")["job_id"]
    item = ReviewItem.objects.get(kind=ReviewKind.PROMPT)

    assert services.sla_sweep(now=timezone.now() + timedelta(minutes=61))["expired"] == 1

    item.refresh_from_db()
    assert item.state == ReviewState.EXPIRED and "approve on expiry" in item.outcome_note
    job = GenerationJob.objects.get(public_id=job_id)
    assert (job.status, job.prompt_release_basis) == (JobStatus.COMPLETED, ReleaseBasis.EXPIRY)
    assert signed_assertion(people.developer.client, job)["decisions"]["prompt"] == {
        "decision": "review",
        "policy": job.policy_name,
        "released_by": "expiry",
    }


def test_a_blocked_prompt_reinstated_on_appeal_is_signed_as_released_by_the_appeal(people, tenant):
    """`strict` blocks the prompt outright; its four-eyes rule for `sexual` applies to the appeal too."""
    use_policy(tenant, base="strict")
    job_id = assert_error(generate(people.developer.client), 400, "content_policy_violation")["job_id"]
    job = GenerationJob.objects.get(public_id=job_id)
    assert (job.status, job.prompt_release_basis) == (JobStatus.REJECTED, ReleaseBasis.POLICY)
    filed = people.developer.client.post(f"/v1/jobs/{job_id}/appeal", {"justification": "art"}, format="json")
    assert filed.status_code == 201, filed.content

    item_id = filed.json()["id"]
    assert decide(people.reviewer.client, item_id, "approve").json()["state"] == ReviewState.OPEN  # four-eyes

    upheld = decide(people.second.client, item_id, "approve", note="a fashion shoot")

    assert upheld.status_code == 200 and upheld.json()["state"] == ReviewState.APPROVED, upheld.content
    job.refresh_from_db()
    assert (job.status, job.prompt_release_basis) == (JobStatus.COMPLETED, ReleaseBasis.APPEAL)
    assert signed_assertion(people.developer.client, job)["decisions"]["prompt"] == {
        "decision": "block",
        "policy": job.policy_name,
        "released_by": "appeal",
    }


def test_a_prompt_the_policy_allowed_is_signed_without_released_by(people, tenant):
    use_policy(tenant)
    answer = generate(people.developer.client, "a red circle")
    assert answer.status_code == 200, answer.content
    job = GenerationJob.objects.get()

    assert (job.status, job.prompt_release_basis) == (JobStatus.COMPLETED, ReleaseBasis.POLICY)
    assert signed_assertion(people.developer.client, job)["decisions"]["prompt"] == {
        "decision": "allow",
        "policy": job.policy_name,
    }

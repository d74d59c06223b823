"""Appeals of output-stage blocks: an image the output policy (or a reviewer) blocked, appealed by its
requester. Upheld, the completed job goes back to `signing`, the image is signed and released and the
job completes again (webhook, audit, no second charge); denied, the block stands. The appealed image's
bytes outlive its retention until the appeal is decided.

The pipeline runs for real (tasks eagerly, the tiny model, C2PA signing); webhooks go to a local server.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection

from audit.events import Actor, EventType
from audit.models import AuditEvent
from controlplane.quotas import services as quotas
from controlplane.quotas.models import UsageCounter, UsageEntry
from controlplane.review import services
from controlplane.review.models import ReviewItem, ReviewKind, ReviewState
from controlplane.tenants.services import api_key_authenticate
from generation import storage
from generation.models import GeneratedImage, GenerationJob, ImageDecision, JobStatus
from generation.quarantine import quarantine_purge
from policy.services import policy_version_create
from policy.templates import template
from provenance import manifest
from tests.generation.test_pipeline import Receiver
from tests.helpers import assert_error, race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_pipeline", "tiny_model"),
]

TESTS = Actor.system("tests")
BLOCK_EVERY_IMAGE = {"nsfw": {"review_at": 0.0, "block_at": 0.0}}
HOLD_EVERY_IMAGE = {"nsfw": {"review_at": 0.0, "block_at": 1.0}}
RETENTION_DAYS = 2


def use_policy(tenant, *, output: dict, **sections) -> None:
    document = template("standard") | {"name": "output-appeals"} | sections
    document["output"] = document["output"] | output | {"retention_days": RETENTION_DAYS}
    policy_version_create(tenant=tenant, document=document, actor=TESTS, activate=True)


def generate(client, prompt: str = "a red circle", **body):
    body = {"model": "assay-tiny", "prompt": prompt, "size": "64x64", "steps": 2, "seed": 0} | body
    return client.post("/v1/images/generations", body, format="json")


def blocked_job(client, **body) -> GenerationJob:
    """A job whose every image the output policy blocked: completed, nothing released."""
    error = assert_error(generate(client, **body), 400, "content_policy_violation")
    job = GenerationJob.objects.get(public_id=error["job_id"])
    assert job.status == JobStatus.COMPLETED
    assert set(job.images.values_list("decision", flat=True)) == {ImageDecision.BLOCKED}
    return job


def appeal(client, job: GenerationJob, justification: str = "a red circle, nothing more", **more):
    body = {"justification": justification} | more
    return client.post(f"/v1/jobs/{job.public_id}/appeal", body, format="json")


def decide(client, item_id: str, decision: str, note: str = ""):
    return client.post(f"/v1/reviews/{item_id}/decide", {"decision": decision, "note": note}, format="json")


def events(event_type: str, **subjects: str) -> list[AuditEvent]:
    lookups = {f"subjects__{name}": value for name, value in subjects.items()}
    return list(AuditEvent.objects.filter(event_type=event_type, **lookups).order_by("seq"))


def images_used(tenant) -> int:
    return sum(UsageCounter.objects.filter(tenant=tenant, metric="images").values_list("used", flat=True))


@pytest.fixture
def hook(settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    receiver = Receiver([])
    yield receiver
    receiver.close()


def test_an_upheld_appeal_signs_releases_and_completes_the_job_again_without_a_second_charge(
    people, tenant, hook
):
    use_policy(tenant, output=BLOCK_EVERY_IMAGE)
    quotas.limit_set(tenant=tenant, api_key=None, end_user="", values={"images_per_day": 1}, actor=TESTS)
    job = blocked_job(people.developer.client, webhook_url=hook.url)
    image = job.images.get()
    assert images_used(tenant) == 1  # settled to the image generated, blocked or not
    entries = list(UsageEntry.objects.filter(job=job).values_list("kind", flat=True))
    (first_notice,) = [json.loads(body) for _, body in hook.received]
    assert first_notice["type"] == "job.completed"
    assert people.developer.client.get(f"/v1/images/{image.public_id}").status_code == 404

    filed = appeal(people.developer.client, job)

    assert filed.status_code == 201, filed.content
    item = filed.json()
    assert (item["kind"], item["image_id"], item["job_id"]) == ("appeal", image.public_id, job.public_id)
    assert item["preview"].endswith(f"/quarantine/images/{image.public_id}/content")
    assert item["reasons"] and {r["stage"] for r in item["reasons"]} == {"output"}
    assert "sexual" in item["categories"]
    (filed_event,) = events(EventType.APPEAL_FILED, image=image.public_id)
    assert filed_event.payload["justification"] == "a red circle, nothing more"
    image.refresh_from_db()
    assert image.retained_for_appeal
    assert_error(appeal(people.developer.client, job), 409, "already_appealed")
    assert_error(decide(people.developer.client, item["id"], "approve"), 403, "insufficient_scope")

    upheld = decide(people.reviewer.client, item["id"], "approve", note="a plain circle")

    assert upheld.status_code == 200 and upheld.json()["state"] == ReviewState.APPROVED, upheld.content
    job.refresh_from_db()
    image.refresh_from_db()
    assert job.status == JobStatus.COMPLETED and job.finished_at is not None
    assert image.decision == ImageDecision.RELEASED and not image.retained_for_appeal
    assert image.provenance["c2pa"]["manifest_label"]
    served = people.developer.client.get(f"/v1/images/{image.public_id}/content")
    assert served.status_code == 200 and storage.sha256_hex(served.content) == image.sha256
    # The signed record says the policy blocked it and an appeal released it, not that it was allowed.
    signed = manifest.read(served.content, image.mime_type, trust_anchors_pem=None)["assay"]
    assert signed["decisions"]["output"] == {
        "decision": "block",
        "policy": job.policy_name,
        "released_by": "appeal",
    }
    # The record: the decision against the policy version, the image's release, the second completion.
    (decided,) = events(EventType.REVIEW_DECIDED, review=item["id"])
    assert decided.payload["decision"] == "uphold" and decided.payload["blocked_at"] == "output"
    assert decided.payload["policy_version"] == str(job.policy_version.public_id)
    (reinstated,) = events(EventType.JOB_REINSTATED, image=image.public_id)
    assert reinstated.payload["stage"] == "output" and reinstated.payload["blocked_for"]
    assert len(events(EventType.PROVENANCE_SIGNED, image=image.public_id)) == 1
    first, second = events(EventType.JOB_COMPLETED, job=job.public_id)
    assert first.payload["images"] == {"released": 0, "held": 0, "blocked": 1}
    assert second.payload["images"] == {"released": 1, "held": 0, "blocked": 0}
    assert "quota" not in second.payload  # settled once, at the first completion
    assert images_used(tenant) == 1
    assert list(UsageEntry.objects.filter(job=job).values_list("kind", flat=True)) == entries
    # The webhook tells the requester, as for any completion.
    notices = [json.loads(body) for _, body in hook.received]
    assert [n["type"] for n in notices] == ["job.completed", "job.completed"]
    assert [(i["id"], i["decision"]) for i in notices[1]["data"]["images"]] == [
        (image.public_id, ImageDecision.RELEASED)
    ]
    rows = people.admin.client.get("/v1/reviews/overturned").json()["data"]
    assert any(r["category"] == "sexual" and r["overturned"] == 1 for r in rows), rows


def test_a_denied_appeal_needs_a_reason_keeps_the_block_and_the_retention_then_applies(people, tenant):
    use_policy(tenant, output=BLOCK_EVERY_IMAGE)
    job = blocked_job(people.developer.client)
    image = job.images.get()
    item = appeal(people.developer.client, job).json()
    past_retention = image.created_at + timedelta(days=RETENTION_DAYS, minutes=1)

    assert quarantine_purge(now=past_retention) == 0  # kept while the appeal waits
    image.refresh_from_db()
    assert image.purged_at is None and storage.read(image.storage_path)

    no_reason = decide(people.reviewer.client, item["id"], "reject", note="  ")
    assert assert_error(no_reason, 400, "invalid_value")["param"] == "note"
    assert "`note`" in no_reason.json()["error"]["message"]
    assert ReviewItem.objects.get(public_id=item["id"]).state == ReviewState.OPEN
    assert not ReviewItem.objects.get(public_id=item["id"]).votes.exists()

    denied = decide(people.reviewer.client, item["id"], "reject", note="the classifier is right")

    assert denied.status_code == 200 and denied.json()["state"] == ReviewState.REJECTED
    job.refresh_from_db()
    image.refresh_from_db()
    assert job.status == JobStatus.COMPLETED and image.decision == ImageDecision.BLOCKED
    assert not image.retained_for_appeal and not image.provenance
    (decided,) = events(EventType.REVIEW_DECIDED, review=item["id"])
    assert (decided.payload["decision"], decided.payload["note"]) == ("deny", "the classifier is right")
    assert not events(EventType.JOB_REINSTATED)
    assert len(events(EventType.JOB_COMPLETED, job=job.public_id)) == 1
    rows = people.admin.client.get("/v1/reviews/overturned").json()["data"]
    assert any(r["category"] == "sexual" and r["confirmed"] == 1 for r in rows), rows

    assert quarantine_purge(now=past_retention) == 1  # the normal rule, now the appeal is decided
    image.refresh_from_db()
    assert image.purged_at is not None and not image.storage_path
    assert_error(appeal(people.developer.client, job, "again"), 409, "already_appealed")


def test_an_image_deleted_at_the_end_of_its_retention_cannot_be_appealed(people, tenant):
    use_policy(tenant, output=BLOCK_EVERY_IMAGE)
    job = blocked_job(people.developer.client)
    image = job.images.get()
    assert quarantine_purge(now=image.created_at + timedelta(days=RETENTION_DAYS, minutes=1)) == 1

    answer = appeal(people.developer.client, job)

    assert "retention" in assert_error(answer, 409, "not_appealable")["message"]
    assert not ReviewItem.objects.filter(kind=ReviewKind.APPEAL).exists()
    assert not events(EventType.APPEAL_FILED)


def test_several_blocked_images_are_appealed_one_by_one(people, tenant, other_tenant, key_client):
    use_policy(tenant, output=BLOCK_EVERY_IMAGE)
    job = blocked_job(people.developer.client, n=2)
    first, second = job.images.order_by("index")

    unnamed = appeal(people.developer.client, job)
    assert assert_error(unnamed, 400, "invalid_value")["param"] == "image_id"
    assert first.public_id in unnamed.json()["error"]["message"]
    assert_error(appeal(people.developer.client, job, image_id="img_nope"), 404, "not_found")
    stranger = key_client(other_tenant, "developer")
    elsewhere = blocked_job_in(other_tenant, stranger)
    foreign = elsewhere.images.first().public_id
    assert_error(appeal(people.developer.client, job, image_id=foreign), 404, "not_found")
    assert_error(appeal(stranger.client, job, image_id=first.public_id), 404, "not_found")
    colleague = key_client(tenant, "developer", email="cole@acme.example")
    assert_error(appeal(colleague.client, job, image_id=first.public_id), 403, "not_requester")

    item = appeal(people.developer.client, job, image_id=first.public_id).json()
    assert item["image_id"] == first.public_id
    assert_error(appeal(people.developer.client, job, image_id=first.public_id), 409, "already_appealed")
    decide(people.reviewer.client, item["id"], "approve", note="fine")

    job.refresh_from_db()
    decisions = dict(job.images.values_list("public_id", "decision"))
    assert decisions == {first.public_id: ImageDecision.RELEASED, second.public_id: ImageDecision.BLOCKED}
    assert job.status == JobStatus.COMPLETED
    other = appeal(people.developer.client, job, image_id=second.public_id)
    assert other.status_code == 201, other.content
    assert_error(appeal(people.developer.client, job, image_id=first.public_id), 409, "not_appealable")


def blocked_job_in(tenant, client) -> GenerationJob:
    use_policy(tenant, output=BLOCK_EVERY_IMAGE)
    return blocked_job(client.client)


def test_four_eyes_and_a_reviewers_own_request_apply_to_an_output_appeal(people, tenant):
    use_policy(tenant, output=BLOCK_EVERY_IMAGE, review={"four_eyes": ["sexual"]})
    job = blocked_job(people.admin.client)  # an admin's own request: they hold review:write too
    image = job.images.get()
    item = appeal(people.admin.client, job).json()
    assert item["required_approvals"] == 2
    assert_error(decide(people.admin.client, item["id"], "approve"), 403, "own_job")
    assert_error(people.admin.client.post(f"/v1/reviews/{item['id']}/claim"), 403, "own_job")

    first = decide(people.reviewer.client, item["id"], "approve")
    assert first.json()["state"] == ReviewState.OPEN
    assert GeneratedImage.objects.get(pk=image.pk).decision == ImageDecision.BLOCKED
    assert_error(decide(people.reviewer.client, item["id"], "approve"), 409, "already_voted")

    second = decide(people.second.client, item["id"], "approve")

    assert second.json()["state"] == ReviewState.APPROVED
    assert GeneratedImage.objects.get(pk=image.pk).decision == ImageDecision.RELEASED
    (decided,) = events(EventType.REVIEW_DECIDED, review=item["id"])
    assert decided.payload["reviewers"] == ["rita@acme.example", "sam@acme.example"]


def test_an_image_a_reviewer_blocked_can_be_appealed_and_the_sla_denies_it_unseen(people, tenant):
    use_policy(
        tenant,
        output=HOLD_EVERY_IMAGE,
        review={"escalate_after_minutes": 10, "expire_after_minutes": 60, "on_expiry": "approve"},
    )
    held = assert_error(generate(people.developer.client), 422, "held_for_review")
    job = GenerationJob.objects.get(public_id=held["job_id"])
    assert_error(appeal(people.developer.client, job), 409, "not_appealable")  # held, not blocked
    hold = ReviewItem.objects.get(kind=ReviewKind.OUTPUT)
    decide(people.reviewer.client, hold.public_id, "reject", note="too suggestive")
    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED and job.images.get().decision == ImageDecision.BLOCKED

    item = appeal(people.developer.client, job).json()
    opened = ReviewItem.objects.get(public_id=item["id"])

    counts = services.sla_sweep(now=opened.created_at + timedelta(minutes=61))

    assert counts["expired"] == 1
    opened.refresh_from_db()
    assert opened.state == ReviewState.EXPIRED
    image = job.images.get()
    assert image.decision == ImageDecision.BLOCKED and not image.retained_for_appeal
    (expired,) = events(EventType.REVIEW_EXPIRED, review=item["id"])
    assert expired.payload["outcome"] == "reject"


def test_an_appeal_racing_the_retention_purge_either_keeps_the_image_or_is_refused(people, tenant):
    """On PostgreSQL: the appeal's hold and the purge's claim are conditional updates of one row, so
    either the appeal is filed and the bytes stay, or the bytes go and the appeal is refused; never an
    open appeal of a deleted image."""
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency: the PostgreSQL pass runs this")
    use_policy(tenant, output=BLOCK_EVERY_IMAGE)
    job = blocked_job(people.developer.client)
    image = job.images.get()
    principal = api_key_authenticate(people.developer.key)
    past_retention = image.created_at + timedelta(days=RETENTION_DAYS, minutes=1)

    filed, purged = race(
        [
            lambda: services.appeal_file(job=job, principal=principal, justification="a circle"),
            lambda: quarantine_purge(now=past_retention),
        ]
    )

    image.refresh_from_db()
    if isinstance(filed, ReviewItem):
        assert purged == 0 and image.purged_at is None and image.retained_for_appeal
        assert storage.read(image.storage_path)
    else:
        assert isinstance(filed, services.ReviewError) and filed.code == "not_appealable", filed
        assert purged == 1 and image.purged_at is not None and not image.retained_for_appeal
        assert not ReviewItem.objects.filter(kind=ReviewKind.APPEAL).exists()

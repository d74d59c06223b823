"""What the SLA does when nobody decides, that the periodic task really runs it, that a review decision
reaches the requester's webhook, and that the queue costs the same queries however long it is.

The pipeline runs for real (tasks eagerly, the tiny model); webhooks go to a local receiver.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.events import Actor, EventType
from audit.models import AuditEvent
from controlplane.celery import app
from controlplane.review import tasks
from controlplane.review.models import ReviewItem, ReviewKind, ReviewState
from generation.models import GenerationJob, ImageDecision, JobStatus, ReleaseBasis
from policy.services import policy_version_create
from policy.templates import template
from provenance import manifest
from tests.generation.test_pipeline import Receiver
from tests.helpers import assert_error
from tests.prompts import HELD_PROMPT  # `standard` holds it for review (sexual)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_pipeline", "tiny_model"),
]

HOLD_EVERY_IMAGE = {"nsfw": {"review_at": 0.0, "block_at": 1.0}}


def use_policy(tenant, **sections) -> None:
    document = template("standard") | {"name": "sla-tests"} | sections
    policy_version_create(tenant=tenant, document=document, actor=Actor.system("tests"), activate=True)


def generate(client, prompt: str = HELD_PROMPT, **body):
    body = {"model": "assay-tiny", "prompt": prompt, "size": "64x64", "steps": 2, "seed": 0} | body
    return client.post("/v1/images/generations", body, format="json")


def held_job(client, prompt: str = HELD_PROMPT, **body) -> str:
    return assert_error(generate(client, prompt, **body), 422, "held_for_review")["job_id"]


def act(client, item_id: str, action: str, **body):
    return client.post(f"/v1/reviews/{item_id}/{action}", body, format="json")


def sweep_after(item: ReviewItem, minutes: int) -> dict[str, int]:
    """The periodic task, run as beat runs it, once `minutes` have passed since the item opened."""
    ReviewItem.objects.filter(pk=item.pk).update(created_at=item.created_at - timedelta(minutes=minutes))
    return tasks.sla_task.apply().get()


# The periodic task ---------------------------------------------------------------------------------


def test_beat_runs_the_sla_task_on_the_control_queue_and_it_escalates(people, tenant):
    entry = next(e for e in app.conf.beat_schedule.values() if e["task"] == tasks.sla_task.name)
    assert entry["schedule"] > 0
    assert app.amqp.router.route({}, tasks.sla_task.name)["queue"].name == "control"
    use_policy(tenant, review={"escalate_after_minutes": 10, "expire_after_minutes": 60})
    held_job(people.developer.client)
    item = ReviewItem.objects.get()

    assert sweep_after(item, 11)["escalated"] == 1

    item.refresh_from_db()
    assert item.escalated_at is not None and item.state == ReviewState.OPEN
    (event,) = AuditEvent.objects.filter(event_type=EventType.REVIEW_ESCALATED)
    assert (event.actor_id, event.subjects["review"]) == ("review-sla", item.public_id)


# Expiry under `on_expiry` ----------------------------------------------------------------------------


def test_on_expiry_approve_lets_a_plain_item_through_to_a_signed_image(people, tenant):
    use_policy(tenant, review={"expire_after_minutes": 60, "on_expiry": "approve"})
    job_id = held_job(people.developer.client)
    item = ReviewItem.objects.get()

    assert sweep_after(item, 61)["expired"] == 1

    item.refresh_from_db()
    assert item.state == ReviewState.EXPIRED and "approve on expiry" in item.outcome_note
    job = GenerationJob.objects.get(public_id=job_id)
    assert job.status == JobStatus.COMPLETED
    assert job.images.get().decision == ImageDecision.RELEASED and job.images.get().provenance["c2pa"]
    (event,) = AuditEvent.objects.filter(event_type=EventType.REVIEW_EXPIRED)
    assert (event.payload["on_expiry"], event.payload["outcome"]) == ("approve", "approve")


def test_an_image_approved_on_expiry_is_signed_as_released_by_expiry_not_by_a_reviewer(people, tenant):
    """Nobody looked at it: its manifest must not say a reviewer released it."""
    use_policy(tenant, output=HOLD_EVERY_IMAGE, review={"expire_after_minutes": 60, "on_expiry": "approve"})
    assert assert_error(generate(people.developer.client, "a red circle"), 422)["stage"] == "output"
    item = ReviewItem.objects.get(kind=ReviewKind.OUTPUT)

    assert sweep_after(item, 61)["expired"] == 1

    image = item.image
    image.refresh_from_db()
    assert (image.decision, image.release_basis) == (ImageDecision.RELEASED, ReleaseBasis.EXPIRY)
    content = people.developer.client.get(f"/v1/images/{image.public_id}/content")
    signed = manifest.read(content.content, content["Content-Type"], trust_anchors_pem=None)["assay"]
    assert signed["decisions"]["output"] == {
        "decision": "review",
        "policy": image.job.policy_name,
        "released_by": "expiry",
    }


def test_on_expiry_approve_never_approves_a_four_eyes_item_even_half_approved(people, tenant):
    """Four-eyes means two people approve: an item one reviewer approved and nobody else looked at is
    rejected when it expires, whatever `on_expiry` says."""
    use_policy(tenant, review={"four_eyes": ["sexual"], "expire_after_minutes": 60, "on_expiry": "approve"})
    job_id = held_job(people.developer.client)
    item = ReviewItem.objects.get()
    assert act(people.reviewer.client, item.public_id, "decide", decision="approve").json()["state"] == "open"

    assert sweep_after(item, 61)["expired"] == 1

    item.refresh_from_db()
    assert item.state == ReviewState.EXPIRED and "four-eyes" in item.outcome_note
    job = GenerationJob.objects.get(public_id=job_id)
    assert job.status == JobStatus.REJECTED and not job.images.exists()
    (event,) = AuditEvent.objects.filter(event_type=EventType.REVIEW_EXPIRED)
    assert (event.payload["on_expiry"], event.payload["outcome"]) == ("approve", "reject")


def test_on_expiry_approve_never_approves_work_held_because_it_could_not_be_checked(people, tenant):
    """A prompt the moderators cannot read (or a failed moderator or classifier) is held because no check
    passed: approving it unseen would release it unchecked. It is rejected when it expires."""
    use_policy(tenant, review={"expire_after_minutes": 60, "on_expiry": "approve"})
    job_id = held_job(
        people.developer.client, "Ein kleiner Hund spielt am Nachmittag im Garten mit einem roten Ball"
    )
    item = ReviewItem.objects.get()
    assert item.categories == ["unsupported_language"]

    assert sweep_after(item, 61)["expired"] == 1

    item.refresh_from_db()
    assert item.state == ReviewState.EXPIRED and "unsupported_language" in item.outcome_note
    job = GenerationJob.objects.get(public_id=job_id)
    assert job.status == JobStatus.REJECTED and not job.images.exists()
    (event,) = AuditEvent.objects.filter(event_type=EventType.REVIEW_EXPIRED)
    assert (event.payload["on_expiry"], event.payload["outcome"]) == ("approve", "reject")


def test_on_expiry_approve_never_upholds_an_appeal(people, tenant):
    """An upheld appeal overturns a block: nobody looking is no reason to. The block stands."""
    use_policy(tenant, review={"expire_after_minutes": 60, "on_expiry": "approve"})
    job_id = held_job(people.developer.client)
    prompt_item = ReviewItem.objects.get()
    act(people.reviewer.client, prompt_item.public_id, "decide", decision="reject", note="not art")
    filed = people.developer.client.post(
        f"/v1/jobs/{job_id}/appeal", {"justification": "a life-drawing class"}, format="json"
    )
    assert filed.status_code == 201, filed.content
    appeal = ReviewItem.objects.get(kind=ReviewKind.APPEAL)

    assert sweep_after(appeal, 61)["expired"] == 1

    appeal.refresh_from_db()
    assert appeal.state == ReviewState.EXPIRED and "block stands" in appeal.outcome_note
    job = GenerationJob.objects.get(public_id=job_id)
    assert job.status == JobStatus.REJECTED and not job.images.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.JOB_REINSTATED).exists()
    # Nobody judged the appeal: it counts neither as an overturned nor as a confirmed block.
    assert people.developer.client.get("/v1/reviews/overturned").json()["data"] == []


# The requester's webhook --------------------------------------------------------------------------


@pytest.fixture
def hook(settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    receiver = Receiver([])
    yield receiver
    receiver.close()


def delivered(hook: Receiver) -> list[dict]:
    return [json.loads(body) for _, body in hook.received]


def test_a_rejected_prompt_ends_the_job_and_tells_the_requesters_webhook(people, hook):
    job_id = held_job(people.developer.client, webhook_url=hook.url)
    assert hook.received == []  # held is not an end: nothing is sent yet
    item = ReviewItem.objects.get()

    act(people.reviewer.client, item.public_id, "decide", decision="reject", note="not art")

    ((headers, _),) = hook.received
    assert "Assay-Signature" in headers
    (notice,) = delivered(hook)
    assert notice["type"] == "job.rejected" and notice["data"]["id"] == job_id
    assert notice["data"]["error"]["code"] == "content_policy_violation"


def test_an_approved_image_is_signed_released_and_sent_to_the_requesters_webhook(people, tenant, hook):
    use_policy(tenant, output=HOLD_EVERY_IMAGE)
    error = assert_error(generate(people.developer.client, "a red circle", webhook_url=hook.url), 422)
    assert error["stage"] == "output" and hook.received == []
    item = ReviewItem.objects.get(kind=ReviewKind.OUTPUT)

    act(people.reviewer.client, item.public_id, "decide", decision="approve", note="a circle")

    (notice,) = delivered(hook)
    assert notice["type"] == "job.completed" and notice["data"]["id"] == error["job_id"]
    (image,) = notice["data"]["images"]
    assert (image["id"], image["decision"]) == (item.image.public_id, ImageDecision.RELEASED)
    released = people.developer.client.get(f"/v1/images/{item.image.public_id}")
    assert released.status_code == 200 and released.json()["provenance"]["c2pa"]


# The queue's cost ---------------------------------------------------------------------------------


def test_a_queue_page_costs_the_same_queries_however_many_items_and_votes_it_holds(people, tenant):
    use_policy(tenant, review={"four_eyes": ["sexual"]})

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = people.second.client.get("/v1/reviews")
        assert response.status_code == 200, response.content
        return len(queries)

    def held_with_a_vote(seed: int) -> None:
        held_job(people.developer.client, seed=seed)
        item = ReviewItem.objects.order_by("-pk").first()
        assert act(people.reviewer.client, item.public_id, "decide", decision="approve").status_code == 200

    held_with_a_vote(0)
    page_queries()  # the key's first use writes its `last_used_at`
    one = page_queries()
    for seed in (1, 2, 3):
        held_with_a_vote(seed)
    page = people.second.client.get("/v1/reviews").json()["data"]
    assert len(page) == 4 and all(len(item["votes"]) == 1 for item in page)

    assert page_queries() == one

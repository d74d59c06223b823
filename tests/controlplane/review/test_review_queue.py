"""The review queue end to end in-process: held prompts and images become items, reviewers claim and
decide them (approval resumes the job, rejection ends it), four-eyes, own requests, claim expiry, the
SLA's escalation and expiry, and appeals. The pipeline runs for real (tasks eagerly, the tiny model)."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.events import Actor, EventType
from audit.models import AuditEvent
from controlplane.review import services
from controlplane.review.models import ReviewItem, ReviewState
from controlplane.tenants.services import api_key_authenticate
from generation.models import GenerationJob, ImageDecision, JobStatus
from policy.services import policy_version_create
from policy.templates import template
from provenance import manifest
from tests.generation.test_pipeline import Receiver
from tests.helpers import assert_error, task_arguments
from tests.policy.test_screening import astronaut, png
from tests.prompts import HELD_PROMPT  # `standard` holds it for review (sexual)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_pipeline", "tiny_model"),
]

TESTS = Actor.system("tests")


def use_policy(tenant, **sections) -> None:
    document = template("standard") | {"name": "review-tests"} | sections
    policy_version_create(tenant=tenant, document=document, actor=TESTS, activate=True)


def generate(client, prompt: str = HELD_PROMPT, **body):
    body = {"model": "assay-tiny", "prompt": prompt, "size": "64x64", "steps": 2, "seed": 0} | body
    return client.post("/v1/images/generations", body, format="json")


def held_job(client, prompt: str = HELD_PROMPT, **body) -> str:
    return assert_error(generate(client, prompt, **body), 422, "held_for_review")["job_id"]


def queue(client, **filters) -> list[dict]:
    response = client.get("/v1/reviews", filters)
    assert response.status_code == 200, response.content
    return response.json()["data"]


def act(client, item_id: str, action: str, **body):
    return client.post(f"/v1/reviews/{item_id}/{action}", body, format="json")


def events_of(event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("seq"))


def test_a_held_prompt_is_an_item_and_approval_resumes_it_to_a_signed_image(people):
    job_id = held_job(people.developer.client)

    (item,) = queue(people.reviewer.client)
    assert (item["kind"], item["job_id"], item["state"]) == ("prompt", job_id, "open")
    assert "sexual" in item["categories"] and item["policy"] == "standard@v1"
    reason = next(r for r in item["reasons"] if r["category"] == "sexual")
    assert reason["source"] and reason["score"] >= reason["threshold"] and reason["stage"] == "prompt"
    assert item["age_seconds"] >= 0 and item["claim"] is None
    assert [e.subjects["review"] for e in events_of(EventType.REVIEW_OPENED)] == [item["id"]]

    claimed = act(people.reviewer.client, item["id"], "claim")
    assert claimed.status_code == 200 and claimed.json()["claim"]["by"] == "rita@acme.example"
    assert_error(act(people.second.client, item["id"], "claim"), 409, "review_claimed")
    assert_error(act(people.second.client, item["id"], "decide", decision="approve"), 409, "review_claimed")

    decided = act(people.reviewer.client, item["id"], "decide", decision="approve", note="a classical study")

    assert decided.status_code == 200 and decided.json()["state"] == "approved", decided.content
    job = GenerationJob.objects.get(public_id=job_id)
    assert job.status == JobStatus.COMPLETED
    (image,) = job.images.all()
    assert image.decision == ImageDecision.RELEASED and image.provenance["c2pa"]
    review = AuditEvent.objects.get(event_type=EventType.REVIEW_DECIDED, subjects__job=job_id)
    assert review.payload["review"] == item["id"] and review.payload["reviewers"] == ["rita@acme.example"]
    assert queue(people.reviewer.client) == []
    assert_error(
        act(people.second.client, item["id"], "decide", decision="reject", note="late"), 409, "review_closed"
    )


def test_rejection_ends_the_job_and_a_reviewer_never_decides_their_own_request(people, key_client, tenant):
    mine = held_job(people.admin.client)  # admins hold review:write too
    (item,) = queue(people.admin.client)
    assert_error(act(people.admin.client, item["id"], "claim"), 403, "own_job")
    assert_error(act(people.admin.client, item["id"], "decide", decision="approve"), 403, "own_job")

    rejected = act(people.reviewer.client, item["id"], "decide", decision="reject", note="not art")

    assert rejected.json()["state"] == "rejected"
    job = GenerationJob.objects.get(public_id=mine)
    assert job.status == JobStatus.REJECTED and job.error_code == "content_policy_violation"
    assert not job.images.exists()
    # The developer cannot see or work the queue at all.
    assert_error(people.developer.client.get("/v1/reviews"), 403, "insufficient_scope")


def test_a_rejection_needs_a_reason_whichever_way_it_is_decided(people):
    """The API, the /v1/jobs/{id}/review shortcut, the service and the console all refuse a rejection
    without a reason, naming the field, and change nothing; an approval needs none."""
    job_id = held_job(people.developer.client)
    (item,) = queue(people.reviewer.client)

    for answer in (
        act(people.reviewer.client, item["id"], "decide", decision="reject"),
        act(people.reviewer.client, item["id"], "decide", decision="reject", note=" \n "),
        people.reviewer.client.post(f"/v1/jobs/{job_id}/review", {"decision": "reject"}, format="json"),
    ):
        error = assert_error(answer, 400, "invalid_value")
        assert error["param"] == "note" and "`note`" in error["message"], error
    with pytest.raises(services.ReviewError) as refused:
        services.item_decide(
            item=ReviewItem.objects.get(), reviewer=people_reviewer(people), approve=False, note=""
        )
    assert (refused.value.status, refused.value.param) == (400, "note")
    console = Client()
    console.force_login(people.reviewer.user)
    url = reverse(
        "console:review-action",
        kwargs={"tenant": people.reviewer.tenant.slug, "review_id": item["id"], "action": "decide"},
    )
    # The item's page again, answered with the refusal's status, the message on it.
    shown = console.post(url, {"decision": "reject", "note": ""})
    assert shown.status_code == 400 and "`note`" in shown.content.decode()

    stored = ReviewItem.objects.get()
    assert stored.state == ReviewState.OPEN and not stored.votes.exists()
    assert GenerationJob.objects.get(public_id=job_id).status == JobStatus.HELD_FOR_REVIEW
    assert not events_of(EventType.REVIEW_DECIDED)
    approved = act(people.reviewer.client, item["id"], "decide", decision="approve")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"


def people_reviewer(people) -> services.Reviewer:
    return services.Reviewer.from_principal(api_key_authenticate(people.reviewer.key))


def test_an_expired_claim_frees_the_item_and_release_gives_it_back(people):
    held_job(people.developer.client)
    (item,) = queue(people.reviewer.client)
    act(people.reviewer.client, item["id"], "claim")
    ReviewItem.objects.filter(public_id=item["id"]).update(
        claim_expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert queue(people.second.client)[0]["claim"] is None  # shown free again
    assert act(people.second.client, item["id"], "claim").status_code == 200
    assert_error(act(people.reviewer.client, item["id"], "release"), 409, "not_claimed")
    released = act(people.second.client, item["id"], "release")
    assert released.status_code == 200 and released.json()["claim"] is None
    assert act(people.reviewer.client, item["id"], "claim").status_code == 200
    kinds = [e.event_type for e in AuditEvent.objects.filter(subjects__review=item["id"]).order_by("seq")]
    assert kinds == ["review.opened", "review.claimed", "review.claimed", "review.released", "review.claimed"]


def test_four_eyes_needs_two_distinct_reviewers(people, tenant):
    use_policy(tenant, review={"four_eyes": ["sexual"]})
    job_id = held_job(people.developer.client)
    (item,) = queue(people.reviewer.client)
    assert item["required_approvals"] == 2

    first = act(people.reviewer.client, item["id"], "decide", decision="approve")
    assert first.json()["state"] == "open" and len(first.json()["votes"]) == 1
    assert GenerationJob.objects.get(public_id=job_id).status == JobStatus.HELD_FOR_REVIEW
    assert_error(act(people.reviewer.client, item["id"], "decide", decision="approve"), 409, "already_voted")
    # Another key of the same member is the same person.
    assert_error(act(people.reviewer.client, item["id"], "claim"), 409, "already_voted")

    second = act(people.second.client, item["id"], "decide", decision="approve")

    assert second.json()["state"] == "approved"
    assert GenerationJob.objects.get(public_id=job_id).status == JobStatus.COMPLETED
    assert [e.payload["approvals"] for e in events_of(EventType.REVIEW_VOTED)] == [1]
    decided = AuditEvent.objects.get(event_type=EventType.REVIEW_DECIDED, subjects__job=job_id)
    assert decided.payload["reviewers"] == ["rita@acme.example", "sam@acme.example"]


def test_a_held_image_holds_the_job_and_is_released_signed_once_approved(people, tenant):
    use_policy(tenant, output={"nsfw": {"review_at": 0.0, "block_at": 1.0}})  # every image is held
    error = assert_error(generate(people.developer.client, "a red circle", n=2), 422, "held_for_review")
    assert error["stage"] == "output"
    job = GenerationJob.objects.get(public_id=error["job_id"])
    assert job.status == JobStatus.HELD_FOR_REVIEW
    items = queue(people.reviewer.client, kind="output")
    assert sorted(i["image_id"] for i in items) == sorted(job.images.values_list("public_id", flat=True))
    assert all(i["preview"].endswith("/content") for i in items)  # shown blurred by default

    act(people.reviewer.client, items[0]["id"], "decide", decision="approve")
    job.refresh_from_db()
    assert job.status == JobStatus.HELD_FOR_REVIEW  # the other image still waits
    act(people.reviewer.client, items[1]["id"], "decide", decision="reject", note="too graphic")

    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    decisions = {i.public_id: i.decision for i in job.images.all()}
    assert decisions == {
        items[0]["image_id"]: ImageDecision.RELEASED,
        items[1]["image_id"]: ImageDecision.BLOCKED,
    }
    released = people.developer.client.get(f"/v1/images/{items[0]['image_id']}")
    assert released.status_code == 200 and released.json()["provenance"]["c2pa"]
    # The signed record says the policy held it and a reviewer released it, not that it was allowed.
    content = people.developer.client.get(f"/v1/images/{items[0]['image_id']}/content")
    signed = manifest.read(content.content, content["Content-Type"], trust_anchors_pem=None)["assay"]
    assert signed["decisions"]["output"] == {
        "decision": "review",
        "policy": job.policy_name,
        "released_by": "reviewer",
    }


def test_an_edit_showing_a_protected_person_is_an_item_naming_the_matched_person(people, tenant):
    """The item's reasons say who was matched (the gallery's person id), so a reviewer knows why; the
    queue filters by category and state."""
    photo = png(astronaut().resize((256, 256)))
    enrolled = people.admin.client.post(
        "/v1/likeness/people",
        {"name": "Eileen Collins", "reason": "contracted", "photo": [upload(photo)]},
        format="multipart",
    )
    assert enrolled.status_code == 201, enrolled.content
    use_policy(tenant, output={"likeness": "review"})

    held = people.developer.client.post(
        "/v1/images/edits",
        {"model": "assay-tiny", "prompt": "make it sunny", "steps": "2", "image": upload(photo)},
        format="multipart",
    )

    assert assert_error(held, 422, "held_for_review")["stage"] == "prompt"
    (item,) = queue(people.reviewer.client)
    assert item["categories"] == ["real_person"]
    matched = [r for r in item["reasons"] if r.get("person")]
    assert [(r["person"], r["stage"]) for r in matched] == [(enrolled.json()["id"], "input")], item
    # The queue filters by category and state.
    nude = held_job(people.developer.client)
    assert [i["id"] for i in queue(people.reviewer.client, category="real_person")] == [item["id"]]
    assert [i["job_id"] for i in queue(people.reviewer.client, category="sexual")] == [nude]
    act(people.reviewer.client, item["id"], "decide", decision="approve", note="consented")
    assert [i["job_id"] for i in queue(people.reviewer.client)] == [nude]
    assert [i["id"] for i in queue(people.reviewer.client, state="approved")] == [item["id"]]


def upload(data: bytes) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = "photo.png"
    return handle


def test_the_sla_escalates_then_expires_items_by_the_policy(people, tenant, settings):
    receiver = Receiver([])
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    try:
        use_policy(
            tenant,
            review={
                "escalate_after_minutes": 10,
                "expire_after_minutes": 60,
                "escalation_webhook_url": receiver.url,
            },
        )
        job_id = held_job(people.developer.client)
        item = ReviewItem.objects.get()
        assert services.sla_sweep(now=item.created_at + timedelta(minutes=9))["escalated"] == 0

        with task_arguments() as arguments:
            counts = services.sla_sweep(now=item.created_at + timedelta(minutes=11))

        assert counts["escalated"] == 1
        assert queue(people.reviewer.client, escalated="true")[0]["id"] == item.public_id
        (headers, body) = receiver.received[0]
        assert json.loads(body)["type"] == "review.escalated" and "Assay-Signature" in headers
        # Celery logs a task's arguments: the webhook URL (often its receiver's credential) is not one.
        assert arguments == [("review.deliver_escalation_task", repr((item.pk,)))]
        assert services.sla_sweep(now=item.created_at + timedelta(minutes=30))["escalated"] == 0  # once

        assert services.sla_sweep(now=item.created_at + timedelta(minutes=61))["expired"] == 1
    finally:
        receiver.close()
    item.refresh_from_db()
    assert item.state == ReviewState.EXPIRED
    job = GenerationJob.objects.get(public_id=job_id)
    assert job.status == JobStatus.REJECTED  # reject on expiry, the default
    assert [e.actor_id for e in events_of(EventType.REVIEW_EXPIRED)] == ["review-sla"]
    assert len(events_of(EventType.REVIEW_ESCALATED)) == 1


def test_an_item_whose_job_was_cancelled_closes(people):
    job_id = held_job(people.developer.client)
    people.developer.client.post(f"/v1/jobs/{job_id}/cancel")
    assert queue(people.reviewer.client) == []
    item = ReviewItem.objects.get()
    assert_error(
        act(people.reviewer.client, item.public_id, "decide", decision="approve"), 409, "review_closed"
    )
    item.refresh_from_db()
    assert item.state == ReviewState.CLOSED


def test_an_appeal_becomes_an_item_and_upheld_the_job_runs(people, tenant):
    job_id = held_job(people.developer.client)
    (item,) = queue(people.reviewer.client)
    act(people.reviewer.client, item["id"], "decide", decision="reject", note="nudity")
    url = f"/v1/jobs/{job_id}/appeal"
    assert_error(people.second.client.post(url, {"justification": "art"}, format="json"), 403)
    assert_error(people.developer.client.post(url, {"justification": " "}, format="json"), 400)

    filed = people.developer.client.post(url, {"justification": "a life-drawing class"}, format="json")

    assert filed.status_code == 201, filed.content
    appeal = filed.json()
    assert (appeal["kind"], appeal["justification"]) == ("appeal", "a life-drawing class")
    assert_error(
        people.developer.client.post(url, {"justification": "again"}, format="json"), 409, "already_appealed"
    )
    assert [i["id"] for i in queue(people.second.client, kind="appeal")] == [appeal["id"]]
    assert_error(act(people.developer.client, appeal["id"], "decide", decision="approve"), 403)
    # Whoever rejected the job does not decide the appeal against their own rejection.
    own = assert_error(act(people.reviewer.client, appeal["id"], "decide", decision="reject", note="no"), 403)
    assert own["code"] == "own_decision"

    upheld = act(people.second.client, appeal["id"], "decide", decision="approve", note="fair")

    assert upheld.json()["state"] == "approved"
    job = GenerationJob.objects.get(public_id=job_id)
    assert job.status == JobStatus.COMPLETED and job.images.get().decision == ImageDecision.RELEASED
    assert events_of(EventType.JOB_REINSTATED)[0].subjects["job"] == job_id
    rows = people.admin.client.get("/v1/reviews/overturned").json()["data"]
    assert any(r["category"] == "sexual" and r["overturned"] == 1 for r in rows), rows
    replayed = people.admin.client.post(
        "/v1/policies/replay", {"document": template("standard"), "limit": 5}, format="json"
    )
    assert replayed.json()["overturned_on_appeal"] == rows  # replay shows which rules over-block
    assert events_of(EventType.APPEAL_FILED)[0].payload["justification"] == "a life-drawing class"


def test_a_minors_block_cannot_be_appealed(people):
    error = assert_error(generate(people.developer.client, "sexy 14yo"), 400, "content_policy_violation")
    answer = people.developer.client.post(
        f"/v1/jobs/{error['job_id']}/appeal", {"justification": "it is fine"}, format="json"
    )
    assert_error(answer, 409, "not_appealable")
    assert not ReviewItem.objects.exists()


def test_the_queue_pages_oldest_first_with_a_cursor(people):
    jobs = [held_job(people.developer.client, seed=seed) for seed in range(3)]
    first = people.reviewer.client.get("/v1/reviews", {"limit": 2}).json()
    assert [i["job_id"] for i in first["data"]] == jobs[:2] and first["has_more"]
    rest = people.reviewer.client.get("/v1/reviews", {"limit": 2, "after": first["next_cursor"]}).json()
    assert [i["job_id"] for i in rest["data"]] == jobs[2:] and not rest["has_more"]
    assert rest["next_cursor"] is None
    bad = people.reviewer.client.get("/v1/reviews", {"after": "not-a-cursor"})
    assert assert_error(bad, 400, "invalid_value")["param"] == "after"
    assert_error(people.reviewer.client.get("/v1/reviews", {"limit": 0}), 400, "invalid_value")
    assert_error(people.reviewer.client.get("/v1/reviews", {"kind": "nope"}), 400, "invalid_value")
    assert [i["job_id"] for i in queue(people.reviewer.client, job=jobs[1])] == [jobs[1]]


def test_the_queue_refuses_a_category_no_decision_can_name(people):
    """A misspelt category filter is an error that says what to use, not an empty queue."""
    job = held_job(people.developer.client)
    bad = assert_error(people.reviewer.client.get("/v1/reviews", {"category": "sexy"}), 400, "invalid_value")
    assert bad["param"] == "category"
    assert "sexual" in bad["message"] and "custom/<name>" in bad["message"]
    assert [i["job_id"] for i in queue(people.reviewer.client, category="sexual")] == [job]
    assert (
        queue(people.reviewer.client, category="custom/logos")
        == queue(people.reviewer.client, category="self-harm")
        == []
    )
    assert queue(people.reviewer.client, category="unsupported_language") == []


def test_the_sla_expiry_takes_the_jobs_row_before_the_audit_chain(people, tenant, settings):
    """A decision and a cancel lock the job's row, then the audit chain's head; the expiry did the
    reverse and deadlocked against either on PostgreSQL. While another transaction holds the job's row,
    the expiry waits for it without holding the chain's head."""
    import threading

    from django.db import connection, transaction

    from audit.services import hold_chain

    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: the PostgreSQL pass of the suite runs this")
    use_policy(tenant, review={"expire_after_minutes": 60})
    job_id = held_job(people.developer.client)
    item = ReviewItem.objects.get()
    expired: list[int] = []

    def sweep() -> None:
        try:
            expired.append(services.sla_sweep(now=item.created_at + timedelta(minutes=61))["expired"])
        finally:
            connection.close()

    with transaction.atomic():
        GenerationJob.objects.select_for_update().get(public_id=job_id)  # as a cancel holds it
        expiry = threading.Thread(target=sweep)
        expiry.start()
        expiry.join(2)  # the sweep now waits on the job's row
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '3s'")
        hold_chain(tenant)  # free: the waiting sweep holds no lock on it
    expiry.join(30)
    assert expired == [1]
    assert GenerationJob.objects.get(public_id=job_id).status == JobStatus.REJECTED

"""Attacks on the review queue (issue 18): self-approval through every path, other tenants, decisions
racing or arriving after the job moved on, appeals that must not get through, and error shapes.

Tests that fail document a defect (their docstring says which); the others document an attack that
holds. The pipeline runs for real (tasks eagerly, the tiny model); the races run on PostgreSQL only.
"""

from __future__ import annotations

import base64

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audit.events import EventType
from audit.models import AuditEvent
from controlplane.review import services
from controlplane.review.models import ReviewItem, ReviewState
from controlplane.tenants.services import api_key_authenticate
from generation import pipeline
from generation.models import GenerationJob, ImageDecision, JobStatus
from policy.services import policy_version_create
from policy.templates import template
from tests.helpers import assert_error, race
from tests.prompts import HELD_PROMPT  # `standard` holds it for review (sexual)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_pipeline", "tiny_model"),
]


def use_policy(tenant, **sections) -> None:
    from audit.events import Actor

    document = template("standard") | {"name": "attack-tests"} | sections
    policy_version_create(tenant=tenant, document=document, actor=Actor.system("tests"), activate=True)


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


def client_for(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def mint(client, scopes: list[str]) -> APIClient:
    """A key the calling key creates over the API (POST /v1/keys), as a client."""
    answer = client.post("/v1/keys", {"name": "minted", "scopes": scopes}, format="json")
    assert answer.status_code == 201, answer.content
    return client_for(answer.json()["key"])


def reject_prompt(requester, reviewer) -> str:
    """A held prompt rejected in review: a job its requester may appeal."""
    job_id = held_job(requester)
    (item,) = queue(reviewer, job=job_id)
    assert act(reviewer, item["id"], "decide", decision="reject", note="no").json()["state"] == "rejected"
    return job_id


# Self-approval ------------------------------------------------------------------------------------


def test_an_operator_key_cannot_approve_a_job_sent_with_a_key_it_minted(tenant, key_client):
    """DEFECT (review/services.py `requester_identities` / `Reviewer.from_principal`): an operator key
    (no member behind it) is identified only as `key:<id>`, so a child key it mints over POST /v1/keys
    (created_by None, parent = the operator key) is "someone else": the operator submits with the child
    and approves its own held request with the parent. Fix: identify a member-less key by the root of
    its `parent` chain (both as requester and as reviewer), so a key and every key it minted are one
    person."""
    operator = key_client(tenant, None)
    child = mint(operator.client, ["images:write", "images:read"])
    job_id = held_job(child)
    (item,) = queue(operator.client, job=job_id)

    assert_error(act(operator.client, item["id"], "decide", decision="approve"), 403, "own_job")
    assert GenerationJob.objects.get(public_id=job_id).status == JobStatus.HELD_FOR_REVIEW


def test_a_minted_key_cannot_approve_its_parents_job_through_the_job_review_shortcut(tenant, key_client):
    """DEFECT (same root as above, the other direction and the /v1/jobs/{id}/review shortcut): the
    operator submits with its own key and approves with a `review:write` key it minted."""
    operator = key_client(tenant, None)
    job_id = held_job(operator.client)
    minted_reviewer = mint(operator.client, ["review:write", "images:read"])

    answer = minted_reviewer.post(f"/v1/jobs/{job_id}/review", {"decision": "approve"}, format="json")

    assert_error(answer, 403, "own_job")
    assert GenerationJob.objects.get(public_id=job_id).status == JobStatus.HELD_FOR_REVIEW


def test_four_eyes_is_not_met_by_one_operator_voting_through_two_of_its_keys(tenant, key_client, people):
    """DEFECT (same root): four-eyes counts distinct `reviewer` identities, and an operator key and a
    key it minted are two identities, so one person supplies both approvals."""
    use_policy(tenant, review={"four_eyes": ["sexual"]})
    operator = key_client(tenant, None)
    minted_reviewer = mint(operator.client, ["review:write", "images:read"])
    job_id = held_job(people.developer.client)
    (item,) = queue(operator.client, job=job_id)

    assert act(operator.client, item["id"], "decide", decision="approve").json()["state"] == "open"
    second = act(minted_reviewer, item["id"], "decide", decision="approve")

    assert_error(second, 409, "already_voted")
    assert GenerationJob.objects.get(public_id=job_id).status == JobStatus.HELD_FOR_REVIEW


def test_an_operator_cannot_uphold_its_own_appeal_through_a_minted_key(tenant, key_client, people):
    """DEFECT (same root, appeals): the operator's job is rejected in review, the operator appeals,
    and a `review:write` key it minted upholds the appeal, reinstating its own blocked request."""
    operator = key_client(tenant, None)
    job_id = reject_prompt(operator.client, people.reviewer.client)
    filed = operator.client.post(f"/v1/jobs/{job_id}/appeal", {"justification": "art"}, format="json")
    assert filed.status_code == 201, filed.content
    minted_reviewer = mint(operator.client, ["review:write", "images:read"])

    assert_error(act(minted_reviewer, filed.json()["id"], "decide", decision="approve"), 403, "own_job")
    assert GenerationJob.objects.get(public_id=job_id).status == JobStatus.REJECTED


def test_a_members_other_keys_and_the_shortcut_are_all_the_requester(tenant, key_client, people):
    """Holds: an admin's second key (made over the API) is the same member, on /v1/reviews and on the
    /v1/jobs/{id}/review shortcut, for claims and decisions, and for an appeal's decision."""
    job_id = held_job(people.admin.client)
    second_key = mint(people.admin.client, ["review:write", "images:read", "images:write"])
    (item,) = queue(second_key, job=job_id)

    assert_error(act(second_key, item["id"], "claim"), 403, "own_job")
    assert_error(act(second_key, item["id"], "decide", decision="approve"), 403, "own_job")
    shortcut = second_key.post(f"/v1/jobs/{job_id}/review", {"decision": "approve"}, format="json")
    assert_error(shortcut, 403, "own_job")
    assert GenerationJob.objects.get(public_id=job_id).status == JobStatus.HELD_FOR_REVIEW

    act(people.reviewer.client, item["id"], "decide", decision="reject", note="not art")
    appeal = second_key.post(f"/v1/jobs/{job_id}/appeal", {"justification": "mine"}, format="json")
    assert appeal.status_code == 201, appeal.content  # the member may appeal with any of their keys
    assert_error(act(people.admin.client, appeal.json()["id"], "decide", decision="approve"), 403, "own_job")
    assert not AuditEvent.objects.filter(event_type=EventType.REVIEW_VOTED).exists()


# Other tenants ------------------------------------------------------------------------------------


def test_another_tenants_reviewer_sees_and_decides_nothing_and_cannot_appeal(
    people, other_tenant, key_client
):
    """Holds: every review endpoint answers 404 (never 403, which would confirm the id) across tenants."""
    job_id = held_job(people.developer.client)
    (item,) = queue(people.reviewer.client)
    stranger = key_client(other_tenant, "admin", email="eve@globex.example")

    assert queue(stranger.client) == []
    assert queue(stranger.client, state="all") == []
    assert_error(stranger.client.get(f"/v1/reviews/{item['id']}"), 404, "not_found")
    for action in ("claim", "release"):
        assert_error(act(stranger.client, item["id"], action), 404, "not_found")
    assert_error(act(stranger.client, item["id"], "decide", decision="approve"), 404, "not_found")
    shortcut = stranger.client.post(f"/v1/jobs/{job_id}/review", {"decision": "approve"}, format="json")
    assert_error(shortcut, 404, "not_found")
    appeal = stranger.client.post(f"/v1/jobs/{job_id}/appeal", {"justification": "x"}, format="json")
    assert_error(appeal, 404, "not_found")
    assert stranger.client.get("/v1/reviews/overturned").json()["data"] == []
    assert GenerationJob.objects.get(public_id=job_id).status == JobStatus.HELD_FOR_REVIEW


# Decisions after the job moved on, and racing --------------------------------------------------------


def test_deciding_an_item_whose_job_failed_meanwhile_is_a_409_and_moves_nothing(people):
    """Holds: the item closes, the failed job stays failed, no decision is recorded."""
    job_id = held_job(people.developer.client)
    (item,) = queue(people.reviewer.client)
    job = GenerationJob.objects.get(public_id=job_id)
    pipeline.job_fail(job.pk, code="job_lost", message="lost")

    assert_error(act(people.reviewer.client, item["id"], "decide", decision="approve"), 409, "review_closed")
    assert_error(act(people.reviewer.client, item["id"], "claim"), 409, "review_closed")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.images.exists()
    assert ReviewItem.objects.get(public_id=item["id"]).state == ReviewState.CLOSED
    assert not AuditEvent.objects.filter(event_type=EventType.REVIEW_DECIDED).exists()


def test_the_job_review_shortcut_on_an_output_hold_says_where_to_decide(people, tenant):
    """Holds: the shortcut is for prompt holds; an output hold is a 409 in the one error shape."""
    use_policy(tenant, output={"nsfw": {"review_at": 0.0, "block_at": 1.0}})
    error = assert_error(generate(people.developer.client, "a red circle"), 422, "held_for_review")
    answer = people.reviewer.client.post(
        f"/v1/jobs/{error['job_id']}/review", {"decision": "approve"}, format="json"
    )
    assert "/v1/reviews" in assert_error(answer, 409, "not_held_for_review")["message"]


def _principal_reviewer(key_client_obj) -> services.Reviewer:
    return services.Reviewer.from_principal(api_key_authenticate(key_client_obj.key))


def test_two_reviewers_deciding_one_item_at_once_make_one_transition(people):
    """Holds on PostgreSQL: the item's row lock serialises them; one decides, the other gets a 409."""
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency: the PostgreSQL pass runs this")
    job_id = held_job(people.developer.client)
    item = ReviewItem.objects.get()
    first, second = _principal_reviewer(people.reviewer), _principal_reviewer(people.second)

    outcomes = race(
        [
            lambda: services.item_decide(item=item, reviewer=first, approve=True),
            lambda: services.item_decide(item=item, reviewer=second, approve=False, note="not art"),
        ]
    )

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], services.ReviewError), outcomes
    assert errors[0].code in ("review_closed", "review_claimed")
    assert AuditEvent.objects.filter(event_type=EventType.REVIEW_DECIDED, subjects__job=job_id).count() == 1
    job = GenerationJob.objects.get(public_id=job_id)
    assert job.status in (JobStatus.COMPLETED, JobStatus.REJECTED)
    assert ReviewItem.objects.get().votes.count() == 1


def test_two_held_images_of_one_job_decided_at_once_still_release_the_job(people, tenant):
    """Holds on PostgreSQL: two reviewers approving the two held images of one job at the same moment
    must not both see the other image still held (and leave the job held for ever with no open item).
    Today this holds only because each decision's first audit append locks the tenant's chain head
    until commit (job_review_output does not lock the job row itself)."""
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency: the PostgreSQL pass runs this")
    use_policy(tenant, output={"nsfw": {"review_at": 0.0, "block_at": 1.0}})
    error = assert_error(generate(people.developer.client, "a red circle", n=2), 422, "held_for_review")
    first_item, second_item = ReviewItem.objects.order_by("pk")
    first, second = _principal_reviewer(people.reviewer), _principal_reviewer(people.second)

    outcomes = race(
        [
            lambda: services.item_decide(item=first_item, reviewer=first, approve=True),
            lambda: services.item_decide(item=second_item, reviewer=second, approve=True),
        ]
    )

    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    job = GenerationJob.objects.get(public_id=error["job_id"])
    assert job.status == JobStatus.COMPLETED
    assert set(job.images.values_list("decision", flat=True)) == {ImageDecision.RELEASED}


# Appeals ------------------------------------------------------------------------------------------


def test_appeals_of_jobs_that_were_not_blocked_are_refused(people, tenant):
    """Holds: only a prompt-stage block or a blocked image of a completed job is appealable; a held job,
    a cancelled one and a completed job whose image was released are 409 `not_appealable`, naming the
    released image too."""
    held = held_job(people.developer.client)
    appeal = {"justification": "please"}
    assert_error(
        people.developer.client.post(f"/v1/jobs/{held}/appeal", appeal, format="json"), 409, "not_appealable"
    )
    people.developer.client.post(f"/v1/jobs/{held}/cancel")
    assert_error(
        people.developer.client.post(f"/v1/jobs/{held}/appeal", appeal, format="json"), 409, "not_appealable"
    )

    released = generate(people.developer.client, "a red circle")
    assert released.status_code == 200, released.content
    job = GenerationJob.objects.exclude(public_id=held).get()
    image = job.images.get()
    assert job.status == JobStatus.COMPLETED and image.decision == ImageDecision.RELEASED
    url = f"/v1/jobs/{job.public_id}/appeal"
    assert_error(people.developer.client.post(url, appeal, format="json"), 409, "not_appealable")
    naming = people.developer.client.post(url, appeal | {"image_id": image.public_id}, format="json")
    assert_error(naming, 409, "not_appealable")
    assert not ReviewItem.objects.filter(kind="appeal").exists()


def test_a_minors_block_is_final_whoever_appeals_it(people, key_client, tenant):
    """Holds: the requester, an admin and an operator key all get 409/403, and no item opens."""
    error = assert_error(generate(people.admin.client, "sexy 14yo"), 400, "content_policy_violation")
    url = f"/v1/jobs/{error['job_id']}/appeal"
    body = {"justification": "she is an adult"}
    assert_error(people.admin.client.post(url, body, format="json"), 409, "not_appealable")
    second_key = mint(people.admin.client, ["images:write", "images:read"])
    assert_error(second_key.post(url, body, format="json"), 409, "not_appealable")
    assert_error(key_client(tenant, None).client.post(url, body, format="json"), 403, "not_requester")
    assert not ReviewItem.objects.exists()


def test_two_appeals_racing_open_one_item(people):
    """Holds on PostgreSQL: the second is 409 `already_appealed`, never a 500."""
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency: the PostgreSQL pass runs this")
    job_id = reject_prompt(people.developer.client, people.reviewer.client)
    job = GenerationJob.objects.get(public_id=job_id)
    principal = api_key_authenticate(people.developer.key)

    outcomes = race([lambda: services.appeal_file(job=job, principal=principal, justification="art")] * 2)

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and getattr(errors[0], "code", None) == "already_appealed", outcomes
    assert ReviewItem.objects.filter(kind="appeal").count() == 1


# Quarantine previews ------------------------------------------------------------------------------


def test_the_preview_is_blurred_unaudited_and_a_reveal_is_audited_with_who(people, tenant):
    """Holds: the default preview is not the image; only `reveal=true` returns the bytes, audited."""
    use_policy(tenant, output={"nsfw": {"review_at": 0.0, "block_at": 1.0}})
    assert_error(generate(people.developer.client, "a red circle"), 422, "held_for_review")
    (item,) = queue(people.reviewer.client, kind="output")
    image = ReviewItem.objects.get().image
    from generation import storage

    original = storage.read(image.storage_path)
    preview = people.reviewer.client.get(item["preview"])
    assert preview.status_code == 200 and preview["Cache-Control"] == "no-store"
    assert preview.content != original
    assert not AuditEvent.objects.filter(event_type=EventType.IMAGE_REVEALED).exists()
    assert_error(people.developer.client.get(item["preview"]), 403, "insufficient_scope")
    assert_error(people.reviewer.client.get(item["preview"], {"reveal": "yes"}), 400, "invalid_value")

    revealed = people.reviewer.client.get(item["preview"], {"reveal": "true"})

    assert revealed.content == original
    (event,) = AuditEvent.objects.filter(event_type=EventType.IMAGE_REVEALED)
    assert event.subjects["image"] == image.public_id
    assert event.actor_id == str(people.reviewer.api_key.public_id)


def test_the_requester_of_a_withheld_image_cannot_reveal_it_through_either_door(people, tenant):
    """An admin (who holds review:write) asked for the image: deciding its review is refused as their
    own, and so is seeing it as it is, over the API and in the console; the blurred preview is theirs."""
    use_policy(tenant, output={"nsfw": {"review_at": 0.0, "block_at": 1.0}})
    assert_error(generate(people.admin.client, "a red circle"), 422, "held_for_review")
    (item,) = queue(people.reviewer.client, kind="output")
    image = ReviewItem.objects.get().image

    assert people.admin.client.get(item["preview"]).status_code == 200  # blurred: allowed
    error = assert_error(people.admin.client.get(item["preview"], {"reveal": "true"}), 403, "own_job")
    assert "another reviewer" in error["message"]
    console = Client()
    console.force_login(people.admin.user)
    url = reverse("console:image", kwargs={"tenant": tenant.slug, "image_id": image.public_id})
    assert console.post(url, {"reveal": "1"}).status_code == 403
    assert not AuditEvent.objects.filter(event_type=EventType.IMAGE_REVEALED).exists()
    assert people.reviewer.client.get(item["preview"], {"reveal": "true"}).status_code == 200


# Error shapes -------------------------------------------------------------------------------------


def test_a_forged_review_cursor_is_a_400_not_a_500(people):
    """DEFECT (api/reviews.py `_cursor`): it catches ValueError/TypeError, but a cursor whose pk is a
    JSON number too large for a float (`1e400` -> `int(inf)`) raises OverflowError and answers 500.
    Fix: catch OverflowError too (and bound the pk to 0 < pk < 2**63), answering 400 `invalid_value`
    with `param` `after` like any other forged cursor."""
    cursor = base64.urlsafe_b64encode(b'["2026-01-01T00:00:00+00:00", 1e400]').decode()
    answer = people.reviewer.client.get("/v1/reviews", {"after": cursor})
    assert assert_error(answer, 400, "invalid_value")["param"] == "after"


def test_a_key_an_admin_issued_appeals_neither_the_admins_blocks_nor_another_members(
    tenant, key_client, make_member, people
):
    """DEFECT (review/services.py `appeal_file`): an appeal was let in when any of the caller's
    identities met the job's requesters, the issuer of the caller's key included, which counts only to
    keep someone out of a review. A developer holding a key an admin made for them appealed the admin's
    blocks and those of every other member the admin made keys for (spending their one appeal)."""
    keys = {}
    for email in ("dora@acme.example", "dan@acme.example"):
        make_member(tenant, "developer", email)
        answer = people.admin.client.post("/v1/keys", {"name": "issued", "member": email}, format="json")
        assert answer.status_code == 201, answer.content
        keys[email] = client_for(answer.json()["key"])
    dora, dan = keys["dora@acme.example"], keys["dan@acme.example"]
    dans_job = reject_prompt(dan, people.reviewer.client)
    admins_job = reject_prompt(people.admin.client, people.reviewer.client)

    for job_id in (dans_job, admins_job):
        appeal = dora.post(f"/v1/jobs/{job_id}/appeal", {"justification": "x"}, format="json")
        assert_error(appeal, 403, "not_requester")
    assert not ReviewItem.objects.filter(kind="appeal").exists()

    # The requester, and the admin who issued the requester's key, still may.
    assert dan.post(f"/v1/jobs/{dans_job}/appeal", {"justification": "art"}, format="json").status_code == 201
    own = people.admin.client.post(f"/v1/jobs/{admins_job}/appeal", {"justification": "art"}, format="json")
    assert own.status_code == 201, own.content

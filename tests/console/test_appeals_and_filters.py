"""Appeals filed from the console by a blocked job's requester (the review service the API's appeal
calls), shown in the queue with their reason; the queue's filters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.events import EventType
from audit.models import AuditEvent
from tests.console.conftest import make_jobs

pytestmark = pytest.mark.django_db


def url(team, name: str, **kwargs: str) -> str:
    return reverse(name, kwargs={"tenant": team.tenant.slug, **kwargs})


def blocked(team, catalog_model, category: str = "violence"):
    """A job of the developer's key the prompt policy blocked, as the pipeline leaves it."""
    (job,) = make_jobs(team.tenant, catalog_model, 1, api_key=team.api_key, status="rejected")
    job.error_code = "content_policy_violation"
    job.decisions[0]["reasons"][0]["category"] = category
    job.save(update_fields=["error_code", "decisions"])
    return job


def test_the_requester_appeals_a_prompt_block_and_reviewers_see_the_reason(team, catalog_model):
    from controlplane.review.models import ReviewItem

    job = blocked(team, catalog_model)
    developer = team.client("developer")
    page = developer.get(url(team, "console:job", job_id=job.public_id))
    assert b"Why is the block wrong?" in page.content and b"Appeal this block" in page.content
    filed = developer.post(
        url(team, "console:job-appeal", job_id=job.public_id),
        {"justification": "a lighthouse is not violent", "image_id": ""},
        follow=True,
    )
    assert filed.status_code == 200 and b"Your appeal is filed" in filed.content
    item = ReviewItem.objects.get(job=job, kind="appeal")
    assert item.justification == "a lighthouse is not violent" and item.image is None
    assert b"waiting for a reviewer" in filed.content and b"Appeal this block" not in filed.content
    event = AuditEvent.objects.get(event_type=EventType.APPEAL_FILED, subjects__job=job.public_id)
    assert (event.actor_kind, event.actor_id) == ("user", str(team.users["developer"].pk))
    # The queue lists it with the requester's reason; the appeals filter finds it alone.
    queue = team.client("reviewer").get(url(team, "console:reviews"))
    assert b"a lighthouse is not violent" in queue.content
    appeals = team.client("reviewer").get(url(team, "console:reviews"), {"kind": "appeal"})
    assert [row.item.public_id for row in appeals.context["rows"]] == [item.public_id]
    detail = team.client("reviewer").get(url(team, "console:review", review_id=item.public_id))
    assert b"Uphold the appeal" in detail.content and b"a lighthouse is not violent" in detail.content
    assert b"deny automatically" in detail.content  # what the SLA does to an appeal, whatever the policy
    # Denying needs a reason, said at once; with one, the requester sees the outcome.
    decide = url(team, "console:review-action", review_id=item.public_id, action="decide")
    refused = team.client("reviewer").post(decide, {"decision": "reject", "note": ""}, follow=True)
    assert b"reason" in refused.content.lower()
    team.client("reviewer").post(decide, {"decision": "reject", "note": "a weapon is shown"})
    outcome = developer.get(url(team, "console:job", job_id=job.public_id))
    assert b"denied: the block stands" in outcome.content and b"a weapon is shown" in outcome.content


@pytest.mark.parametrize(
    ("who", "status", "message"),
    [
        ("admin", 403, b"Only the requester"),  # another member, though allowed to appeal their own
        ("auditor", 403, b""),  # no images:write
        ("reviewer", 403, b""),
    ],
)
def test_only_the_requester_appeals(team, catalog_model, who, status, message):
    from controlplane.review.models import ReviewItem

    job = blocked(team, catalog_model)
    response = team.client(who).post(
        url(team, "console:job-appeal", job_id=job.public_id), {"justification": "please"}
    )
    assert response.status_code == status and message in response.content
    assert (
        b"Appeal this block"
        not in team.client(who).get(url(team, "console:job", job_id=job.public_id)).content
    )
    assert not ReviewItem.objects.filter(kind="appeal").exists()
    assert (
        team.outsider.post(
            url(team, "console:job-appeal", job_id=job.public_id), {"justification": "please"}
        ).status_code
        == 404
    )


def test_refused_appeals_say_why_with_the_services_status(team, catalog_model):
    client = team.client("developer")
    job = blocked(team, catalog_model)
    appeal = url(team, "console:job-appeal", job_id=job.public_id)
    assert client.post(appeal, {"justification": "  "}).status_code == 400
    assert client.post(appeal, {"justification": "wrong"}).status_code == 302
    again = client.post(appeal, {"justification": "wrong, twice"})
    assert again.status_code == 409 and b"already appealed" in again.content
    minors = blocked(team, catalog_model, category="sexual/minors")
    final = client.post(url(team, "console:job-appeal", job_id=minors.public_id), {"justification": "no"})
    assert final.status_code == 409 and b"cannot be appealed" in final.content
    completed, *_ = make_jobs(team.tenant, catalog_model, 1, api_key=team.api_key)
    nothing = client.post(url(team, "console:job-appeal", job_id=completed.public_id), {"justification": "x"})
    assert nothing.status_code == 409 and b"no block to appeal" in nothing.content
    missing = client.post(appeal, {"justification": "x", "image_id": "img_not_this_jobs"})
    assert missing.status_code == 404


def test_csrf_guards_the_appeal_form(team, catalog_model):
    job = blocked(team, catalog_model)
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.users["developer"])
    target = url(team, "console:job-appeal", job_id=job.public_id)
    assert client.post(target, {"justification": "please"}).status_code == 403


# Filters ---------------------------------------------------------------------------------------------


@pytest.fixture
def queue(team, catalog_model):
    """Beside the team's prompt hold (sexual, one approval, fresh): an old four-eyes violence hold claimed
    by the reviewer, an escalated one, and an appeal."""
    from controlplane.review.models import ReviewItem

    held = make_jobs(team.tenant, catalog_model, 2, api_key=team.api_key, status="held_for_review")
    old = ReviewItem.objects.create(
        tenant=team.tenant,
        job=held[0],
        kind="prompt",
        policy_version=team.policy,
        policy_name=team.policy.label,
        categories=["violence"],
        required_approvals=2,
        claimed_by=f"user:{team.users['reviewer'].pk}",
        claimed_label="reviewer",
        claim_expires_at=timezone.now() + timedelta(minutes=10),
    )
    ReviewItem.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    escalated = ReviewItem.objects.create(
        tenant=team.tenant,
        job=held[1],
        kind="prompt",
        policy_version=team.policy,
        policy_name=team.policy.label,
        categories=["violence"],
        escalated_at=timezone.now(),
    )
    ReviewItem.objects.filter(pk=escalated.pk).update(created_at=timezone.now() - timedelta(days=2))
    appeal = ReviewItem.objects.create(
        tenant=team.tenant,
        job=blocked(team, catalog_model),
        kind="appeal",
        policy_version=team.policy,
        policy_name=team.policy.label,
        categories=["violence"],
        justification="not violent",
    )
    return {
        "fresh": team.review.public_id,
        "old": old.public_id,
        "escalated": escalated.public_id,
        "appeal": appeal.public_id,
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"old", "escalated", "fresh", "appeal"}),
        ({"kind": "appeal"}, {"appeal"}),
        ({"kind": "hold"}, {"old", "escalated", "fresh"}),
        ({"stage": "output"}, set()),
        ({"stage": "prompt"}, {"old", "escalated", "fresh", "appeal"}),
        ({"category": "sexual"}, {"fresh"}),
        ({"category": "violence", "kind": "hold"}, {"old", "escalated"}),
        ({"sla": "overdue"}, {"old", "escalated"}),
        ({"sla": "escalated"}, {"escalated"}),
        ({"sla": "in_time"}, {"fresh", "appeal"}),
        ({"four_eyes": "yes"}, {"old"}),
        ({"four_eyes": "no"}, {"escalated", "fresh", "appeal"}),
        ({"mine": "on"}, {"old"}),
    ],
)
def test_the_queue_filters(team, queue, filters, expected):
    response = team.client("reviewer").get(url(team, "console:reviews"), filters)
    assert response.status_code == 200
    assert {row.item.public_id for row in response.context["rows"]} == {queue[name] for name in expected}


def test_claimed_by_me_is_the_signed_in_reviewers_own_claims(team, queue):
    response = team.client("admin").get(url(team, "console:reviews"), {"mine": "on"})
    assert response.context["rows"] == []


def test_an_unknown_filter_value_is_a_400_that_says_so(team, queue):
    response = team.client("reviewer").get(url(team, "console:reviews"), {"sla": "someday"})
    assert response.status_code == 400 and b"Select a valid choice" in response.content


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline")
def test_the_requester_appeals_a_blocked_image_and_an_upheld_appeal_releases_it(team, tiny_model):
    """The output-stage appeal through the pipeline: the form sits under the blocked image; upheld in
    the console's queue, the image is signed and released."""
    from rest_framework.test import APIClient

    from controlplane.review.models import ReviewItem
    from controlplane.tenants.services import api_key_create
    from generation.models import GenerationJob
    from policy.services import policy_version_create
    from policy.templates import template
    from tests.console.conftest import TESTS

    document = template("standard")
    document["output"] |= {"nsfw": {"review_at": 0.0, "block_at": 0.0}}  # every image blocked
    policy_version_create(tenant=team.tenant, document=document, actor=TESTS, activate=True)
    _key, secret = api_key_create(
        tenant=team.tenant,
        name="dev",
        scopes=["images:write", "images:read"],
        created_by=team.users["developer"],
        actor=TESTS,
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "steps": 2, "seed": 0}
    response = api.post("/v1/images/generations", body, format="json")
    assert response.status_code == 400, response.content
    job = GenerationJob.objects.get(public_id=response.json()["error"]["job_id"])
    (image,) = job.images.all()
    assert (job.status, image.decision) == ("completed", "blocked")

    developer = team.client("developer")
    page = developer.get(url(team, "console:job", job_id=job.public_id))
    assert b"Appeal this image's block" in page.content  # the form sits under the blocked image
    filed = developer.post(
        url(team, "console:job-appeal", job_id=job.public_id),
        {"justification": "a red circle is not nudity", "image_id": image.public_id},
    )
    assert filed.status_code == 302, filed.content[:300]
    item = ReviewItem.objects.get(job=job, kind="appeal")
    assert item.image_id == image.pk
    reviewer = team.client("reviewer")
    output = reviewer.get(url(team, "console:reviews"), {"stage": "output", "kind": "appeal"})
    assert [row.item.public_id for row in output.context["rows"]] == [item.public_id]
    reviewer.post(
        url(team, "console:review-action", review_id=item.public_id, action="decide"), {"decision": "approve"}
    )
    image.refresh_from_db()
    assert image.decision == "released"
    assert (
        b"upheld: the block is lifted"
        in developer.get(url(team, "console:job", job_id=job.public_id)).content
    )

"""Quarantine on an image the pipeline really held at output screening (no state forged): the images API
never serves it, reviewers find it with its reasons, see it blurred or revealed (audited), a rejection
keeps it quarantined until its retention ends, an approval releases it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.events import Actor, EventType
from audit.models import AuditEvent
from generation import storage
from generation.models import GeneratedImage, GenerationJob, ImageDecision, JobStatus
from generation.quarantine import quarantine_purge
from policy.services import policy_version_create
from policy.templates import template
from tests.helpers import assert_error

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_pipeline", "tiny_model"),
]


@pytest.fixture
def held(tenant, people) -> GenerationJob:
    """A job whose two images the output policy held: every score is at or above review_at 0.0."""
    document = template("standard") | {
        "name": "hold-everything",
        "output": {"nsfw": {"review_at": 0.0, "block_at": 1.0}, "retention_days": 7},
    }
    policy_version_create(tenant=tenant, document=document, actor=Actor.system("tests"), activate=True)
    body = {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "steps": 2, "seed": 0, "n": 2}
    error = assert_error(people.developer.client.post("/v1/images/generations", body, format="json"), 422)
    assert error["code"] == "held_for_review" and error["stage"] == "output"
    job = GenerationJob.objects.get(public_id=error["job_id"])
    assert job.status == JobStatus.HELD_FOR_REVIEW
    assert set(job.images.values_list("decision", flat=True)) == {ImageDecision.HELD}
    return job


def test_a_held_image_is_quarantined_not_served(held, people, other_tenant, key_client):
    images = list(held.images.order_by("index"))
    for image in images:
        assert_error(people.developer.client.get(f"/v1/images/{image.public_id}"), 404, "not_found")
        assert_error(people.developer.client.get(f"/v1/images/{image.public_id}/content"), 404, "not_found")

    listed = people.reviewer.client.get("/v1/quarantine/images", {"decision": "held"}).json()["data"]
    assert sorted(item["id"] for item in listed) == sorted(image.public_id for image in images)
    for item in listed:
        assert item["object"] == "quarantined_image" and item["decision"] == "held"
        (reason,) = [r for r in item["reasons"] if r["source"] == "nsfw"]
        assert reason["threshold"] == 0.0 and 0.0 <= reason["score"] <= 1.0
    detail = people.reviewer.client.get(f"/v1/quarantine/images/{images[0].public_id}")
    assert detail.status_code == 200 and detail.json()["job_id"] == held.public_id

    outsider = key_client(other_tenant, "admin")
    assert_error(outsider.client.get(f"/v1/quarantine/images/{images[0].public_id}"), 404, "not_found")
    assert_error(people.developer.client.get("/v1/quarantine/images"), 403, "insufficient_scope")


def test_a_held_image_is_previewed_blurred_and_revealed_audited(held, people):
    image = held.images.order_by("index").first()
    original = storage.read(image.storage_path)
    url = f"/v1/quarantine/images/{image.public_id}/content"

    preview = people.reviewer.client.get(url)
    assert preview.status_code == 200 and preview.content != original
    assert not AuditEvent.objects.filter(event_type=EventType.IMAGE_REVEALED).exists()
    revealed = people.reviewer.client.get(url, {"reveal": "true"})
    assert revealed.status_code == 200 and revealed.content == original
    (event,) = AuditEvent.objects.filter(event_type=EventType.IMAGE_REVEALED)
    assert event.subjects["image"] == image.public_id
    assert event.actor_id == str(people.reviewer.api_key.public_id)


def test_review_releases_one_and_keeps_the_rejected_one_until_its_retention_ends(held, people):
    first, second = held.images.order_by("index")
    items = people.reviewer.client.get("/v1/reviews", {"kind": "output"}).json()["data"]
    by_image = {item["image_id"]: item["id"] for item in items}
    for image, decision in ((first, "approve"), (second, "reject")):
        answer = people.reviewer.client.post(
            f"/v1/reviews/{by_image[image.public_id]}/decide",
            {"decision": decision, "note": "n"},
            format="json",
        )
        assert answer.status_code == 200, answer.content

    held.refresh_from_db()
    assert held.status == JobStatus.COMPLETED
    assert people.developer.client.get(f"/v1/images/{first.public_id}/content").status_code == 200
    assert_error(people.developer.client.get(f"/v1/images/{second.public_id}/content"), 404, "not_found")
    listed = people.reviewer.client.get("/v1/quarantine/images").json()["data"]
    assert [(item["id"], item["decision"]) for item in listed] == [(second.public_id, "blocked")]

    assert quarantine_purge(now=timezone.now() + timedelta(days=6)) == 0  # retention_days 7
    assert quarantine_purge(now=timezone.now() + timedelta(days=8)) == 1
    second = GeneratedImage.objects.get(pk=second.pk)
    assert second.purged_at is not None and second.storage_path == ""
    assert_error(
        people.reviewer.client.get(f"/v1/quarantine/images/{second.public_id}/content"), 410, "image_purged"
    )
    assert storage.read(GeneratedImage.objects.get(pk=first.pk).storage_path)  # the released one stays


def test_a_held_image_outlives_its_retention_while_its_review_is_open(held, people):
    """A policy may keep withheld images a week and give reviewers longer: the retention of a held
    image waits for its job to end, so an approval past it still signs and releases the image."""
    first, second = held.images.order_by("index")

    assert quarantine_purge(now=timezone.now() + timedelta(days=8)) == 0  # past retention_days 7
    assert storage.read(GeneratedImage.objects.get(pk=first.pk).storage_path)
    items = people.reviewer.client.get("/v1/reviews", {"kind": "output"}).json()["data"]
    for item in items:
        decision = "approve" if item["image_id"] == first.public_id else "reject"
        answer = people.reviewer.client.post(
            f"/v1/reviews/{item['id']}/decide", {"decision": decision, "note": "n"}, format="json"
        )
        assert answer.status_code == 200, answer.content

    held.refresh_from_db()
    assert held.status == JobStatus.COMPLETED
    assert people.developer.client.get(f"/v1/images/{first.public_id}/content").status_code == 200
    assert quarantine_purge(now=timezone.now() + timedelta(days=8)) == 1  # the rejected one, job ended
    assert GeneratedImage.objects.get(pk=second.pk).purged_at is not None

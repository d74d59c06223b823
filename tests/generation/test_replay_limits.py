"""Replays are GPU work an `audit:read` key starts, outside the image quotas, so they are bounded: only a
model enabled today, one replay in flight per image (asking again answers it), at most
ASSAY_REPLAY_MAX_IN_FLIGHT in flight per tenant, never a batch that held an image blocked for
sexual/minors; a replay the broker refuses ends `failed` instead of staying `queued` for good; and each
accepted replay is audited as `image.replay_requested` (the real pipeline: images are generated eagerly
with the tiny model on CPU; the replays' tasks are then held back, as on a busy pool, or refused)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from audit.models import AuditEvent
from generation.catalog import model_cache_clear
from generation.models import GeneratedImage, ImageDecision, ImageModel, ImageReplay
from tests.controlplane.api.test_replay_api import generate
from tests.helpers import assert_error

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_pipeline")]


@pytest.fixture
def hold_back(monkeypatch) -> Callable[[], list[list]]:
    """`hold_back()`: from then on no task reaches a worker, so each replay stays `queued` (as on a busy
    pool); returns the list the published tasks' args go to."""
    from celery.app.task import Task

    def hold() -> list[list]:
        published: list[list] = []
        monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: published.append(args))
        return published

    return hold


def post_replay(client, image_id: str):
    return client.client.post(f"/v1/images/{image_id}/replay")


def requested_events(image_id: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(event_type="image.replay_requested", subjects__image=image_id).order_by(
            "seq"
        )
    )


def test_a_disabled_models_image_is_not_replayed(tiny_model, developer, auditor, hold_back):
    image_id = generate(developer)
    held_back = hold_back()
    ImageModel.objects.filter(name="assay-tiny").update(is_enabled=False)
    model_cache_clear()

    response = post_replay(auditor, image_id)

    assert_error(response, 409, "model_disabled")
    assert "assay-tiny" in response.json()["error"]["message"]
    assert not ImageReplay.objects.exists() and held_back == []


def test_asking_again_answers_the_replay_in_flight(tiny_model, developer, auditor, hold_back):
    image_id = generate(developer)
    held_back = hold_back()

    first = post_replay(auditor, image_id)
    second = post_replay(auditor, image_id)

    assert first.status_code == second.status_code == 202, (first.content, second.content)
    assert second.json()["id"] == first.json()["id"] and second.json()["status"] == "queued"
    assert ImageReplay.objects.count() == 1
    assert len(held_back) == 1  # published once
    assert len(requested_events(image_id)) == 1

    # Once it has finished, asking again starts a new one.
    ImageReplay.objects.update(status="completed", finished_at=timezone.now())
    third = post_replay(auditor, image_id)
    assert third.status_code == 202 and third.json()["id"] != first.json()["id"]


def test_a_tenants_replays_in_flight_are_capped(tiny_model, developer, auditor, hold_back, settings):
    settings.ASSAY_REPLAY_MAX_IN_FLIGHT = 2
    first_id = generate(developer, n=3)
    held_back = hold_back()
    job = GeneratedImage.objects.get(public_id=first_id).job
    ids = list(job.images.order_by("index").values_list("public_id", flat=True))

    assert post_replay(auditor, ids[0]).status_code == 202
    assert post_replay(auditor, ids[1]).status_code == 202
    refused = post_replay(auditor, ids[2])

    assert_error(refused, 429, "rate_limit_exceeded")
    assert "ASSAY_REPLAY_MAX_IN_FLIGHT" in refused.json()["error"]["message"]
    assert int(refused["Retry-After"]) > 0
    assert ImageReplay.objects.count() == 2 and len(held_back) == 2
    assert requested_events(ids[2]) == []  # a refusal by the cap is not an accepted replay
    assert post_replay(auditor, ids[0]).status_code == 202  # the image's own replay is still answered

    # A replay whose message was lost long ago no longer holds a place.
    ImageReplay.objects.filter(image__public_id=ids[0]).update(created_at=timezone.now() - timedelta(hours=2))
    assert post_replay(auditor, ids[2]).status_code == 202


def test_an_accepted_replay_is_audited_as_requested(tiny_model, developer, auditor, hold_back, tenant):
    image_id = generate(developer)
    hold_back()
    body = post_replay(auditor, image_id).json()

    [event] = requested_events(image_id)
    image = GeneratedImage.objects.get(public_id=image_id)
    assert event.tenant_id == tenant.pk
    assert event.subjects == {"image": image_id, "job": image.job.public_id, "replay": body["id"]}
    assert (event.actor_kind, event.actor_id) == (body["requested_by"]["kind"], body["requested_by"]["id"])
    assert event.payload["replay"] == body["id"]
    assert event.payload["requested_by"] == body["requested_by"]


def test_a_replay_the_broker_refuses_ends_failed(tiny_model, developer, auditor, monkeypatch):
    from celery.app.task import Task

    image_id = generate(developer)

    def refuse(task, args=None, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", refuse)
    response = post_replay(auditor, image_id)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "failed", body
    [replayed] = AuditEvent.objects.filter(event_type="image.replayed", subjects__image=image_id)
    assert replayed.payload["result"] == "failed"
    assert replayed.payload["error"]["code"] == "queue_unavailable"
    assert len(requested_events(image_id)) == 1
    # Nothing is left in flight: asking again tries again.
    assert post_replay(auditor, image_id).json()["id"] != body["id"]


@pytest.mark.parametrize("blocked_index", [0, 1], ids=["the image", "its batch"])
def test_a_batch_blocked_for_minors_is_not_replayed(tiny_model, developer, auditor, hold_back, blocked_index):
    first_id = generate(developer, n=2)
    held_back = hold_back()
    job = GeneratedImage.objects.get(public_id=first_id).job
    job.images.filter(index=blocked_index).update(
        decision=ImageDecision.BLOCKED,
        decision_reasons=[{"category": "sexual/minors", "source": "output", "score": 0.99}],
    )

    response = post_replay(auditor, first_id)

    assert_error(response, 403, "replay_forbidden")
    assert "sexual/minors" in response.json()["error"]["message"]
    assert not ImageReplay.objects.exists() and held_back == []


def test_a_record_made_before_backends_listed_ignored_settings_differs_in_nothing():
    """`ignored` says what a backend did not apply; an image recorded before it existed replays equal."""
    from generation.replay import settings_differences

    recorded = {"steps": 2, "scheduler": "DDIMScheduler", "n": 1}
    assert settings_differences(recorded, recorded | {"ignored": ["quality"], "n": 2}) == []

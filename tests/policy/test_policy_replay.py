"""POST /v1/policies/replay: a draft replayed on the tenant's recent prompts from the audit log."""

from __future__ import annotations

import time

import pytest

from audit.events import Actor, EventType
from audit.models import AuditEvent
from generation import pipeline
from generation.models import JobStatus, Mode
from generation.params import GenerationParams
from generation.services import JobRequest, job_create
from policy.templates import template
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def submit(tiny_model, settings, tmp_path, monkeypatch):
    """Admit a job and run its prompt stage (the real services; nothing is published to a broker)."""
    from celery.app.task import Task

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: None)

    def make(tenant, prompt: str):
        request = JobRequest(
            model=tiny_model,
            mode=Mode.TEXT2IMG,
            prompt=prompt,
            params=GenerationParams(n=1, size="64x64", seed=1),
        )
        job, _ = job_create(tenant=tenant, api_key=None, actor=Actor.system("tests"), request=request)
        pipeline.job_moderate(job.pk)
        job.refresh_from_db()
        return job

    return make


def replay(client, document, **extra):
    return client.client.post("/v1/policies/replay", {"document": document, **extra}, format="json")


def test_replay_reports_what_a_stricter_draft_changes(tenant, other_tenant, key_client, submit):
    benign = submit(tenant, "a red circle on a white background")
    gory = submit(tenant, "a zombie with a bloody face")
    submit(other_tenant, "a bloody battle scene")  # another tenant's prompt is never replayed
    assert (benign.status, gory.status) == (JobStatus.QUEUED, JobStatus.HELD_FOR_REVIEW)
    admin = key_client(tenant, "admin")

    response = replay(admin, template("strict") | {"name": "stricter"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["policy"], body["prompts"], body["changed"]) == ("stricter@draft", 2, 1)
    assert body["transitions"] == {"allow->allow": 1, "review->block": 1}
    newest, oldest = body["results"]
    assert (newest["job_id"], newest["prompt"]) == (gory.public_id, "a zombie with a bloody face")
    assert newest["before"] == {"decision": "review", "policy": "standard@v1"}
    assert newest["after"]["decision"] == "block" and newest["changed"] is True
    assert newest["after"]["reasons"][0]["category"] == "violence/graphic"
    assert (oldest["job_id"], oldest["changed"]) == (benign.public_id, False)
    assert (body["complete"], body["evaluated"], body["not_evaluated"]) == (True, 2, 0)
    event = AuditEvent.objects.filter(tenant=tenant, event_type=EventType.POLICY_REPLAYED).get()
    assert event.payload["prompts"] == 2 and event.payload["changed"] == 1
    assert event.payload["transitions"] == {"allow->allow": 1, "review->block": 1}
    assert event.payload["not_evaluated"] == 0


def test_replay_limit_takes_the_newest(tenant, key_client, submit):
    for prompt in ("a blue square", "a green star", "a red circle"):
        submit(tenant, prompt)
    response = replay(key_client(tenant, "admin"), template("standard") | {"name": "same"}, limit=2)
    assert [item["prompt"] for item in response.json()["results"]] == ["a red circle", "a green star"]
    assert response.json()["changed"] == 0


def test_replay_with_no_history_is_empty(tenant, key_client):
    response = replay(key_client(tenant, "admin"), template("standard"))
    assert response.status_code == 200
    assert (response.json()["prompts"], response.json()["results"]) == (0, [])


def test_replay_needs_policy_write_and_a_valid_draft(tenant, key_client):
    developer = key_client(tenant, "developer")
    assert_error(replay(developer, template("standard")), 403, "insufficient_scope")
    admin = key_client(tenant, "admin")
    bad = template("standard") | {"categories": {"violence": {"review_at": 0.9, "block_at": 0.2}}}
    response = replay(admin, bad)
    assert_error(response, 400, "invalid_policy")
    assert response.json()["error"]["param"].startswith("document.categories")
    assert_error(replay(admin, template("standard"), limit=0), 400)
    assert not AuditEvent.objects.filter(event_type=EventType.POLICY_REPLAYED).exists()


def test_replay_stops_at_its_time_budget_newest_first(tenant, key_client, submit, settings, monkeypatch):
    from policy import replay as replay_module

    prompts = [f"a blue square number {i}" for i in range(6)]
    jobs = [submit(tenant, prompt) for prompt in prompts]
    settings.ASSAY_POLICY_TIME_BUDGET_SECONDS = 0.2

    class Slow:
        name = "slow"

        def score(self, text: str) -> dict:
            time.sleep(0.1)
            return {}

    monkeypatch.setattr(replay_module, "build_moderators", lambda document: [Slow()])
    started = time.monotonic()
    response = replay(key_client(tenant, "admin"), template("standard") | {"name": "slow"})
    assert time.monotonic() - started < 0.2 + 0.1 + 1.5

    assert response.status_code == 200, response.content
    body = response.json()
    evaluated = body["evaluated"]
    assert 1 <= evaluated < len(prompts) and body["prompts"] == evaluated
    assert body["complete"] is False and body["not_evaluated"] == len(prompts) - evaluated
    newest_first = [job.public_id for job in reversed(jobs)]
    assert [item["job_id"] for item in body["results"]] == newest_first[:evaluated]
    assert sum(body["transitions"].values()) == evaluated
    event = AuditEvent.objects.filter(tenant=tenant, event_type=EventType.POLICY_REPLAYED).get()
    assert (event.payload["prompts"], event.payload["not_evaluated"]) == (evaluated, len(prompts) - evaluated)

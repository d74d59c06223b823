"""Fixtures for generation tests: a tiny randomly initialised diffusers model, built once per session.

torch and diffusers are imported inside the fixtures, so generation tests that do not ask for the model
do not pay for them.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_model_folder) -> Path:
    """A folder holding the tiny model in Assay's layout (text encoder from the MiniLM package)."""
    return tiny_model_folder


@pytest.fixture(scope="session")
def tiny_model_spec(tiny_model_dir):
    """The tiny model as the diffusers backend sees a catalog entry (weights sha256 included)."""
    from generation.backends.base import ModelSpec
    from generation.tiny_model import weights_sha256

    return ModelSpec(
        name="assay-tiny",
        backend="diffusers",
        family="sd15",
        path=str(tiny_model_dir),
        weights_sha256=weights_sha256(tiny_model_dir),
    )


@pytest.fixture
def queue_tiny_job(tenant, tiny_model, settings, tmp_path, monkeypatch):
    """Makes a job of the tiny model past moderation, waiting for a generation worker, under a policy
    that releases the tiny model's noise; nothing is published to a broker. Call it with the policy's
    name, the seed and the steps."""
    from celery.app.task import Task

    from audit.events import Actor
    from generation import pipeline
    from generation.models import JobStatus, Mode
    from generation.params import GenerationParams
    from generation.services import JobRequest, job_create
    from policy.services import policy_version_create
    from policy.templates import template

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: None)

    def make(*, policy_name: str, seed: int, steps: int):
        actor = Actor.system("tests")
        document = template("standard") | {
            "name": policy_name,
            "output": {"nsfw": {"review_at": 0.9, "block_at": 1.0}},
        }
        policy_version_create(tenant=tenant, document=document, actor=actor, activate=True)
        request = JobRequest(
            model=tiny_model,
            mode=Mode.TEXT2IMG,
            prompt="a red circle",
            params=GenerationParams(n=1, size="64x64", seed=seed, steps=steps),
        )
        job, _ = job_create(tenant=tenant, api_key=None, actor=actor, request=request)
        pipeline.job_moderate(job.pk)
        job.refresh_from_db()
        assert job.status == JobStatus.QUEUED
        return job

    return make

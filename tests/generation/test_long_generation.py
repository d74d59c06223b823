"""A generation that runs long: while it makes progress its lease is renewed, so a redelivered message
on another worker waits instead of taking the job over; past the soft time limit it ends as
`generation_timeout`. The real tiny model runs; only its pace is set by the test."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from audit.events import Actor
from audit.models import AuditEvent
from generation import pipeline, tasks
from generation.backends import get_backend
from generation.models import GenerationJob, JobStatus

pytestmark = pytest.mark.django_db(transaction=True)

TESTS = Actor.system("tests")


@pytest.fixture
def queued_job(queue_tiny_job) -> GenerationJob:
    """A job past moderation, waiting for a generation worker (nothing is published to a broker)."""
    return queue_tiny_job(policy_name="long", seed=0, steps=4)


class _Paced:
    """The real diffusers backend, with `on_step` run after each denoising step has been reported."""

    def __init__(self, on_step) -> None:
        self.backend = get_backend("diffusers")
        self.on_step = on_step

    def generate(self, spec, *, progress=None):
        def step(done: int, total: int) -> None:
            progress(done, total)
            self.on_step(done, total)

        return self.backend.generate(spec, progress=step)


def test_a_generation_in_progress_renews_its_lease_so_a_redelivery_cannot_take_it_over(
    queued_job, settings, monkeypatch
):
    settings.ASSAY_JOB_LEASE_SECONDS = 10
    monkeypatch.setattr(pipeline, "_PROGRESS_WRITE_INTERVAL", 0)  # every step writes (and renews)
    real_now = timezone.now
    ahead = [timedelta(0)]
    monkeypatch.setattr(timezone, "now", lambda: real_now() + ahead[0])
    seen: list[str] = []

    def slow_step(done: int, total: int) -> None:
        # Each step takes 8 s of a 10 s lease: a lease that is not renewed runs out at the second step.
        ahead[0] += timedelta(seconds=8)
        try:
            pipeline.job_claim_for_generation(queued_job.pk)  # the same message, redelivered elsewhere
            seen.append("taken over")
        except pipeline.JobBusy:
            seen.append("busy")

    monkeypatch.setattr(pipeline, "get_backend", lambda name: _Paced(slow_step))

    pipeline.job_generate(queued_job.pk)

    assert len(seen) >= 4 and set(seen) == {"busy"}  # 32+ s of work under a 10 s lease, never taken over
    queued_job.refresh_from_db()
    assert queued_job.status == JobStatus.SCREENING and queued_job.attempts == 1
    assert queued_job.lease_expires_at is None  # released with the result


def test_the_soft_time_limit_ends_the_job_as_generation_timeout(queued_job, settings, monkeypatch):
    def out_of_time(done: int, total: int) -> None:
        # What billiard does when the soft limit passes: raise SoftTimeLimitExceeded inside the running
        # code, here in the middle of denoising.
        if done == 2:
            raise SoftTimeLimitExceeded

    monkeypatch.setattr(pipeline, "get_backend", lambda name: _Paced(out_of_time))

    tasks.generate_job_task.apply(args=[queued_job.pk])

    queued_job.refresh_from_db()
    assert queued_job.status == JobStatus.FAILED
    assert queued_job.error_code == "generation_timeout"
    assert queued_job.lease_expires_at is None and queued_job.images.count() == 0
    last = AuditEvent.objects.filter(subjects__job=queued_job.public_id).latest("seq")
    assert last.event_type == "job.failed" and last.payload["code"] == "generation_timeout"
    # The limit the task runs under is the operator's setting, with the hard limit after it.
    assert tasks.generate_job_task.soft_time_limit == settings.ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS
    assert tasks.generate_job_task.time_limit > tasks.generate_job_task.soft_time_limit

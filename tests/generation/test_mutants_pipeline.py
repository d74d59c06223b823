"""Tests that kill mutants bench/mutation.py found surviving in the pipeline's transitions."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.events import Actor
from generation import pipeline, reconciler
from generation.models import GenerationJob, JobStatus, Mode
from generation.params import GenerationParams
from generation.services import JobRequest, job_create

pytestmark = pytest.mark.django_db(transaction=True)


def new_job(tenant, model) -> GenerationJob:
    """A job as admission leaves it (`received`), nothing published."""
    request = JobRequest(
        model=model, mode=Mode.TEXT2IMG, prompt="a red circle", params=GenerationParams(n=1, size="64x64")
    )
    return job_create(tenant=tenant, api_key=None, actor=Actor.system("tests"), request=request)[0]


def test_every_transition_restarts_the_reconcilers_idle_clock(tenant, tiny_model, settings):
    """Survivor: `_claim` without `transitioned_at`. A job that just moved must not look idle since its
    previous step, or the reconciler publishes its step again while a worker runs it."""
    settings.ASSAY_RECONCILE_AFTER_SECONDS = 60
    job = new_job(tenant, tiny_model)
    long_ago = timezone.now() - timedelta(minutes=10)
    GenerationJob.objects.filter(pk=job.pk).update(transitioned_at=long_ago)

    before = timezone.now()
    assert pipeline.job_moderate(job.pk) is not None  # received -> moderating -> queued
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.transitioned_at >= before
    assert reconciler.jobs_reconcile() == []  # it moved a moment ago: nothing to publish again


def test_a_live_lease_makes_a_second_claim_wait_for_what_is_left_of_it(tenant, tiny_model, settings):
    """Survivor: the wait computed as `lease + now` (the PostgreSQL-only race test was the only one to
    reach JobBusy). A redelivered generation task waits out the lease it meets, no longer."""
    settings.ASSAY_JOB_LEASE_SECONDS = 30
    job = new_job(tenant, tiny_model)
    GenerationJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    assert pipeline.job_claim_for_generation(job.pk) == 1
    with pytest.raises(pipeline.JobBusy) as busy:
        pipeline.job_claim_for_generation(job.pk)
    assert 25 < busy.value.retry_after <= 30
    assert GenerationJob.objects.get(pk=job.pk).attempts == 1  # the second claim took nothing

    GenerationJob.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert pipeline.job_claim_for_generation(job.pk) == 2  # a lease that ran out: the job is taken over


def test_a_job_asked_to_cancel_whose_worker_died_is_cancelled_not_generated_again(
    tenant, tiny_model, monkeypatch
):
    """Found by an adversarial review (2026-12-07): the takeover of a job whose lease ran out did not
    look at its cancel request, so a provider model ran (and billed) a second time for a job its client
    had cancelled."""
    job = new_job(tenant, tiny_model)
    expired = timezone.now() - timedelta(seconds=1)
    GenerationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.GENERATING, attempts=1, lease_expires_at=expired, cancel_requested=True
    )

    def never(name):
        raise AssertionError("the backend ran for a cancelled job")

    monkeypatch.setattr(pipeline, "get_backend", never)
    pipeline.job_generate(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.attempts == 1
    assert job.generation_seconds is None and not job.images.exists()


def test_the_generation_time_recorded_is_how_long_the_backend_ran(tenant, tiny_model, settings, tmp_path):
    """Survivor: `monotonic() + started` recorded as the seconds generating. Quotas settle GPU-seconds
    to this figure (quotas.services)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    job = new_job(tenant, tiny_model)
    assert pipeline.job_moderate(job.pk) is not None
    started = time.monotonic()
    assert pipeline.job_generate(job.pk) is not None  # generating -> screening
    took = time.monotonic() - started
    job.refresh_from_db()
    assert job.status == JobStatus.SCREENING
    assert 0 < job.generation_seconds <= took


def test_cancelling_a_running_generation_asks_its_worker_to_stop(tenant, tiny_model):
    """Survivor: `if ended is not None` in job_cancel, which never flags a running job (the worker then
    denoises to the end) and flags one already cancelled."""
    queued, running = new_job(tenant, tiny_model), new_job(tenant, tiny_model)
    GenerationJob.objects.filter(pk=queued.pk).update(status=JobStatus.QUEUED)
    GenerationJob.objects.filter(pk=running.pk).update(status=JobStatus.GENERATING)

    pipeline.job_cancel(job_pk=queued.pk, actor=Actor.system("tests"))
    queued.refresh_from_db()
    assert (queued.status, queued.cancel_requested) == (JobStatus.CANCELLED, False)  # ended at once

    assert pipeline.job_cancel(job_pk=running.pk, actor=Actor.system("tests")) is None
    running.refresh_from_db()
    assert (running.status, running.cancel_requested) == (JobStatus.GENERATING, True)  # the worker ends it

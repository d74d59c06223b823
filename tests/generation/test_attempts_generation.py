"""Generation attempts of one job: the lease is kept for the whole backend call (a provider reports no
progress until it answers); a stale attempt (one that a newer attempt took over) never writes over the
newer one's files, never finishes, fails or rejects the job; and a job whose worker keeps dying is failed
as `job_lost` after MAX_GENERATION_ATTEMPTS instead of being taken over for ever."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from audit.models import AuditEvent
from generation import pipeline, storage, tasks
from generation.backends.base import BackendImage, ContentRefused, GenerationResult
from generation.models import GenerationJob, JobStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queued_job(queue_tiny_job) -> GenerationJob:
    return queue_tiny_job(policy_name="attempts", seed=0, steps=2)


def png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(out, "PNG")
    return out.getvalue()


class _Backend:
    """A backend answering one 64x64 PNG of `colour`, after running `during` (as a provider that
    reports no progress while it works)."""

    def __init__(self, colour: tuple[int, int, int], during=lambda: None) -> None:
        self.data = png(colour)
        self.during = during

    def generate(self, spec, *, progress=None):
        self.during()
        if progress is not None:
            progress(1, 1)
        image = BackendImage(data=self.data, mime_type="image/png", width=64, height=64, seed=spec.seed)
        return GenerationResult(images=[image], settings={"backend": "test"})


def backends(monkeypatch, *in_order: _Backend) -> None:
    """`pipeline.get_backend` answers these, one per generation attempt."""
    queue = list(in_order)
    monkeypatch.setattr(pipeline, "get_backend", lambda name: queue.pop(0))


def expire_lease(job: GenerationJob) -> None:
    """What a worker that stopped renewing looks like once its lease has run out."""
    GenerationJob.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))


def job_files(job: GenerationJob) -> list[str]:
    folder = f"images/{job.tenant.public_id}/{job.public_id}"
    return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []


def test_the_lease_is_renewed_while_the_backend_runs_without_reporting_progress(
    queued_job, settings, monkeypatch
):
    settings.ASSAY_JOB_LEASE_SECONDS = 2
    seen: list[str] = []

    def provider_call() -> None:
        time.sleep(3.5)  # longer than the lease, with no progress reported meanwhile
        try:
            pipeline.job_claim_for_generation(queued_job.pk)  # the same message, redelivered elsewhere
            seen.append("taken over")
        except pipeline.JobBusy:
            seen.append("busy")

    backends(monkeypatch, _Backend((200, 0, 0), provider_call))

    pipeline.job_generate(queued_job.pk)

    assert seen == ["busy"]
    queued_job.refresh_from_db()
    assert (queued_job.status, queued_job.attempts) == (JobStatus.SCREENING, 1)
    assert queued_job.lease_expires_at is None


def test_a_stale_attempt_never_replaces_the_newer_attempts_files_nor_finishes_the_job(
    queued_job, monkeypatch
):
    finished: list[int] = []
    monkeypatch.setattr(tasks, "_finish", lambda job_pk: finished.append(job_pk))
    newer = _Backend((0, 0, 200))

    def taken_over() -> None:
        # Attempt 1's lease ran out while the provider worked: attempt 2 takes over and records first.
        expire_lease(queued_job)
        assert pipeline.job_generate(queued_job.pk) is not None

    stale = _Backend((200, 0, 0), taken_over)
    backends(monkeypatch, stale, newer)
    tasks.finish_in_place(True)
    try:
        tasks.generate_job_task.apply(args=[queued_job.pk])  # attempt 1, finished in place if it won
    finally:
        tasks.finish_in_place(False)

    queued_job.refresh_from_db()
    assert (queued_job.status, queued_job.attempts) == (JobStatus.SCREENING, 2)
    (image,) = queued_job.images.all()
    stored = storage.read(image.storage_path)
    assert stored == newer.data and storage.sha256_hex(stored) == image.sha256
    generated = AuditEvent.objects.get(subjects__job=queued_job.public_id, event_type="image.generated")
    assert generated.payload["attempt"] == 2 and generated.payload["sha256"] == image.sha256
    assert job_files(queued_job) == [image.storage_path.rsplit("/", 1)[1]]  # attempt 1 left nothing
    assert finished == []  # the stale run does not screen, sign and release the job


@pytest.mark.parametrize(
    "stop", [SoftTimeLimitExceeded, RuntimeError("crashed")], ids=["soft time limit", "crash"]
)
def test_a_stale_attempt_that_stops_does_not_fail_the_job_a_newer_one_moved_on(queued_job, monkeypatch, stop):
    def taken_over_then_stopped() -> None:
        expire_lease(queued_job)
        assert pipeline.job_generate(queued_job.pk) is not None  # attempt 2: screening
        raise stop

    backends(monkeypatch, _Backend((200, 0, 0), taken_over_then_stopped), _Backend((0, 0, 200)))

    tasks.generate_job_task.apply(args=[queued_job.pk])

    queued_job.refresh_from_db()
    assert (queued_job.status, queued_job.attempts, queued_job.error_code) == (JobStatus.SCREENING, 2, "")
    assert not AuditEvent.objects.filter(subjects__job=queued_job.public_id, event_type="job.failed").exists()


def test_the_owner_attempt_that_runs_out_of_time_still_fails_the_job(queued_job, monkeypatch):
    def out_of_time() -> None:
        raise SoftTimeLimitExceeded

    backends(monkeypatch, _Backend((200, 0, 0), out_of_time))

    tasks.generate_job_task.apply(args=[queued_job.pk])

    queued_job.refresh_from_db()
    assert (queued_job.status, queued_job.error_code) == (JobStatus.FAILED, "generation_timeout")


def test_a_stale_attempts_provider_refusal_does_not_reject_the_job_a_newer_one_generates(
    queued_job, monkeypatch
):
    def taken_over_then_refused() -> None:
        expire_lease(queued_job)
        assert pipeline.job_claim_for_generation(queued_job.pk) == 2  # attempt 2 is generating
        raise ContentRefused("Your request was rejected by the safety system.")

    backends(monkeypatch, _Backend((200, 0, 0), taken_over_then_refused))

    pipeline.job_generate(queued_job.pk)

    queued_job.refresh_from_db()
    assert (queued_job.status, queued_job.attempts) == (JobStatus.GENERATING, 2)


def test_a_job_whose_worker_keeps_dying_is_lost_after_the_last_attempt(queued_job, monkeypatch):
    backends(monkeypatch)  # none: the job is not generated again
    # Attempts 1..MAX-1 each claimed the job and died (their leases ran out): the last one may still run.
    GenerationJob.objects.filter(pk=queued_job.pk).update(
        status=JobStatus.GENERATING, attempts=pipeline.MAX_GENERATION_ATTEMPTS - 1
    )
    expire_lease(queued_job)
    assert pipeline.job_claim_for_generation(queued_job.pk) == pipeline.MAX_GENERATION_ATTEMPTS
    expire_lease(queued_job)  # ... and it died too

    pipeline.job_generate(queued_job.pk)

    queued_job.refresh_from_db()
    assert (queued_job.status, queued_job.error_code) == (JobStatus.FAILED, "job_lost")
    assert queued_job.attempts == pipeline.MAX_GENERATION_ATTEMPTS
    assert queued_job.generation_seconds is None  # refunded: nothing was charged for the lost attempts
    failed = AuditEvent.objects.get(subjects__job=queued_job.public_id, event_type="job.failed")
    assert failed.payload["code"] == "job_lost"


def test_the_files_a_dead_attempt_wrote_are_deleted_when_a_newer_one_records(queued_job, monkeypatch):
    """Attempt 1's worker died after writing its image: no row refers to that file, so retention would
    never purge it. Attempt 2's record deletes it."""
    assert pipeline.job_claim_for_generation(queued_job.pk) == 1
    dead = storage.write(
        f"images/{queued_job.tenant.public_id}/{queued_job.public_id}/a1-0.png", png((9, 9, 9))
    )
    expire_lease(queued_job)
    backends(monkeypatch, _Backend((0, 0, 200)))

    assert pipeline.job_generate(queued_job.pk) is not None  # attempt 2

    (image,) = queued_job.images.all()
    assert not storage.exists(dead)
    assert job_files(queued_job) == [image.storage_path.rsplit("/", 1)[1]]

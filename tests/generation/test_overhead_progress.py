"""What a job's denoising costs the database: progress is written (and the lease renewed) at most once
per interval, one statement per write, and a cancel is still honoured however short the generation."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.events import Actor
from audit.models import AuditEvent
from generation import pipeline, storage
from generation.backends import get_backend
from generation.models import GenerationJob, JobStatus
from generation.steps import Step

pytestmark = pytest.mark.django_db(transaction=True)

TESTS = Actor.system("tests")


@pytest.fixture
def generating(queue_tiny_job) -> tuple[GenerationJob, int]:
    """A job claimed for generation (attempt 1), nothing published to a broker."""
    job = queue_tiny_job(policy_name="progress-tests", seed=5, steps=2)
    attempt = pipeline.job_claim_for_generation(job.pk)
    assert attempt == 1
    return job, attempt


def _is_unflushed(sql: str) -> bool:
    return sql.upper().startswith("SET LOCAL SYNCHRONOUS_COMMIT")


def _is_bookkeeping(sql: str) -> bool:
    return _is_unflushed(sql) or sql.upper() in ("BEGIN", "COMMIT")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def denoise(progress: pipeline._Progress, clock: Clock, *, steps: int, seconds: float) -> None:
    for step in range(1, steps + 1):
        clock.now += seconds / steps
        progress(step, steps)


def test_progress_writes_once_per_interval_with_one_statement_each(generating, monkeypatch):
    job, attempt = generating
    clock = Clock()
    monkeypatch.setattr(pipeline.time, "monotonic", clock)
    progress = pipeline._Progress(job.pk, attempt)
    with CaptureQueriesContext(connection) as queries:
        denoise(progress, clock, steps=20, seconds=1.3)
    # On PostgreSQL each write is a transaction that first turns off waiting for the disk (`_unflushed`).
    statements = [query["sql"] for query in queries.captured_queries if not _is_bookkeeping(query["sql"])]
    # 1.3 s of denoising at one write per 0.5 s: at most two writes, and each a single UPDATE.
    assert 1 <= len(statements) <= int(1.3 / pipeline._PROGRESS_WRITE_INTERVAL)
    assert all(sql.lstrip().upper().startswith("UPDATE") for sql in statements)
    job.refresh_from_db()
    assert 0 < job.progress_step < 20 and job.progress_total == 20
    assert job.lease_expires_at is not None


def test_a_generation_shorter_than_the_interval_writes_nothing_while_it_denoises(generating, monkeypatch):
    job, attempt = generating
    clock = Clock()
    monkeypatch.setattr(pipeline.time, "monotonic", clock)
    progress = pipeline._Progress(job.pk, attempt)
    with CaptureQueriesContext(connection) as queries:
        denoise(progress, clock, steps=20, seconds=pipeline._PROGRESS_WRITE_INTERVAL * 0.9)
    assert queries.captured_queries == []
    assert (progress.step, progress.total) == (20, 20)  # what job_record_generated records


def test_a_cancel_seen_by_a_progress_write_stops_denoising_and_records_the_progress(generating, monkeypatch):
    job, attempt = generating
    clock = Clock()
    monkeypatch.setattr(pipeline.time, "monotonic", clock)
    progress = pipeline._Progress(job.pk, attempt)
    progress(1, 20)
    GenerationJob.objects.filter(pk=job.pk).update(cancel_requested=True)  # as job_cancel marks it
    clock.now += 1.0
    with pytest.raises(pipeline.JobCancelled):
        progress(7, 20)
    pipeline.job_finish_cancelled(job.pk, attempt=attempt, progress=(progress.step, progress.total))
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    event = AuditEvent.objects.filter(subjects__job=job.public_id).latest("seq")
    assert event.event_type == "job.cancelled" and event.payload["progress"] == [7, 20]


def test_a_cancel_asked_for_after_the_last_progress_write_cancels_instead_of_recording(generating):
    job, attempt = generating
    result = get_backend("diffusers").generate(pipeline.generation_spec(job))
    GenerationJob.objects.filter(pk=job.pk).update(cancel_requested=True)  # while the image was encoded
    assert pipeline.job_record_generated(job.pk, attempt=attempt, result=result, steps=2) is None
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.images.count() == 0
    assert (job.progress_step, job.progress_total) == (2, 2)
    assert not storage.exists(f"images/{job.tenant.public_id}/{job.public_id}/0.png")  # no orphan file
    events = list(AuditEvent.objects.filter(subjects__job=job.public_id).order_by("seq"))
    assert [event.event_type for event in events][-1] == "job.cancelled"
    assert "image.generated" not in [event.event_type for event in events]


def test_a_recorded_generation_shows_every_step_done_however_few_were_written(generating):
    job, attempt = generating
    result = get_backend("diffusers").generate(pipeline.generation_spec(job))
    assert pipeline.job_record_generated(job.pk, attempt=attempt, result=result, steps=2) is not None
    job.refresh_from_db()
    assert job.status == JobStatus.SCREENING
    assert (job.progress_step, job.progress_total) == (2, 2) and job.lease_expires_at is None


def test_claims_and_progress_do_not_wait_for_the_disk_and_transitions_do(queue_tiny_job, monkeypatch):
    """On PostgreSQL the generation claim and each progress write commit with synchronous_commit off
    (what they record is redone after a crash); the transition that records the images waits."""
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    job = queue_tiny_job(policy_name="progress-tests", seed=5, steps=2)
    clock = Clock()
    monkeypatch.setattr(pipeline.time, "monotonic", clock)
    with CaptureQueriesContext(connection) as claim:
        attempt = pipeline.job_claim_for_generation(job.pk)
    progress = pipeline._Progress(job.pk, attempt)
    with CaptureQueriesContext(connection) as written:
        clock.now += 1.0
        progress(1, 2)
    result = get_backend("diffusers").generate(pipeline.generation_spec(job))
    with CaptureQueriesContext(connection) as recorded:
        assert pipeline.job_record_generated(job.pk, attempt=attempt, result=result, steps=2) is not None
    unflushed = [[_is_unflushed(q["sql"]) for q in c.captured_queries] for c in (claim, written, recorded)]
    assert unflushed[0].count(True) == 1 and unflushed[1].count(True) == 1
    assert not any(unflushed[2])
    job.refresh_from_db()
    assert job.status == JobStatus.SCREENING and job.attempts == attempt == 1
    # Off for those transactions only: the connection's own setting is untouched.
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"


def test_generation_reads_the_job_with_its_relations_once(generating):
    """The generating run hands the row it read before denoising to `job_record_generated`, which would
    otherwise read the job, its tenant and model again after it (one joined SELECT, ~4 ms here)."""
    job, _ = generating
    GenerationJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, attempts=0)
    with CaptureQueriesContext(connection) as queries:
        next_step = pipeline.job_generate(job.pk)
    assert next_step is not None and next_step.step == Step.FINISH
    joined = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT") and 'FROM "generation_generationjob" INNER JOIN' in query["sql"]
    ]
    assert len(joined) == 1, joined
    job.refresh_from_db()
    assert job.status == JobStatus.SCREENING
    assert (job.progress_step, job.progress_total) == (2, 2)

"""The reconciler: a job whose message or worker was lost moves on again, audited; a busy one is left."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.events import Actor
from audit.models import AuditEvent
from generation import reconciler, tasks
from generation.models import GenerationJob, JobStatus, Mode
from generation.params import GenerationParams
from generation.queues import Queue
from generation.services import JobRequest, job_create
from generation.steps import NextStep, Step

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stuck(tenant, tiny_model, settings, tmp_path, monkeypatch):
    """A job left in `status` for `idle` seconds, as a lost message or a killed worker leaves it."""
    from celery.app.task import Task

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ASSAY_RECONCILE_AFTER_SECONDS = 60
    sent: list[tuple[str, list, str | None]] = []
    monkeypatch.setattr(
        Task, "apply_async", lambda task, args=None, **kw: sent.append((task.name, args, kw.get("queue")))
    )

    def make(status: str, idle: float, **fields) -> GenerationJob:
        request = JobRequest(
            model=tiny_model,
            mode=Mode.TEXT2IMG,
            prompt="a red circle",
            params=GenerationParams(n=1, size="64x64"),
        )
        job, _ = job_create(tenant=tenant, api_key=None, actor=Actor.system("tests"), request=request)
        GenerationJob.objects.filter(pk=job.pk).update(
            status=status, transitioned_at=timezone.now() - timedelta(seconds=idle), **fields
        )
        sent.clear()
        return GenerationJob.objects.get(pk=job.pk)

    make.sent = sent
    return make


def requeued_events(job) -> list[dict]:
    return list(
        AuditEvent.objects.filter(subjects__job=job.public_id, event_type="job.requeued")
        .order_by("seq")
        .values_list("payload", flat=True)
    )


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (JobStatus.RECEIVED, Step.MODERATE),
        (JobStatus.MODERATING, Step.MODERATE),
        (JobStatus.QUEUED, Step.GENERATE),
        (JobStatus.SCREENING, Step.FINISH),
        (JobStatus.SIGNING, Step.FINISH),
    ],
)
def test_a_job_idle_past_the_deadline_gets_its_step_again(stuck, status, step):
    job = stuck(status, idle=61)
    fresh = stuck(status, idle=30)  # within the deadline: its message may simply be waiting
    queue = Queue.GPU if step == Step.GENERATE else None
    assert reconciler.jobs_reconcile() == [NextStep(step, job.pk, queue=queue)]
    (event,) = requeued_events(job)
    assert event["status"] == status and event["requeued"] == 1 and event["idle_seconds"] >= 61
    assert requeued_events(fresh) == []
    assert reconciler.jobs_reconcile() == []  # once per deadline, not every run


def test_a_generating_job_with_a_live_lease_is_left_alone(stuck):
    busy = stuck(JobStatus.GENERATING, idle=600, lease_expires_at=timezone.now() + timedelta(seconds=30))
    dead = stuck(JobStatus.GENERATING, idle=600, lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert reconciler.jobs_reconcile() == [NextStep(Step.GENERATE, dead.pk, queue=Queue.GPU)]
    assert requeued_events(busy) == []


def test_a_job_that_never_moves_is_failed_but_a_queued_one_is_not(stuck):
    lost = stuck(JobStatus.SCREENING, idle=600, requeued=reconciler.MAX_REQUEUES)
    waiting = stuck(JobStatus.QUEUED, idle=600, requeued=reconciler.MAX_REQUEUES)
    steps = reconciler.jobs_reconcile()
    assert steps == [NextStep(Step.GENERATE, waiting.pk, queue=Queue.GPU)]  # a long queue is no fault
    lost.refresh_from_db()
    assert (lost.status, lost.error_code) == (JobStatus.FAILED, "job_lost")
    assert AuditEvent.objects.filter(subjects__job=lost.public_id, event_type="job.failed").count() == 1


def test_a_job_whose_moderation_waits_behind_generations_is_not_failed(stuck, settings):
    """On a queue whose workers moderate their own jobs, a `received` job waits behind generations like
    a `queued` one; on `control` it would be lost."""
    waiting = stuck(JobStatus.RECEIVED, idle=600, requeued=reconciler.MAX_REQUEUES)
    assert reconciler.jobs_reconcile() == [NextStep(Step.MODERATE, waiting.pk, queue=None)]
    waiting.refresh_from_db()
    assert waiting.status == JobStatus.RECEIVED

    settings.ASSAY_MODERATE_IN_PLACE_QUEUES = []
    lost = stuck(JobStatus.RECEIVED, idle=600, requeued=reconciler.MAX_REQUEUES)
    reconciler.jobs_reconcile()
    lost.refresh_from_db()
    assert (lost.status, lost.error_code) == (JobStatus.FAILED, "job_lost")


def test_the_task_dispatches_and_the_job_then_completes(stuck):
    job = stuck(JobStatus.RECEIVED, idle=120)  # its moderation message was lost
    assert tasks.reconcile_jobs_task.apply().get() == 1
    # To the gpu queue, whose workers moderate their own jobs (ASSAY_MODERATE_IN_PLACE_QUEUES' default).
    assert stuck.sent == [("generation.moderate_generate_job_task", [job.pk], "gpu")]
    tasks.moderate_generate_job_task.apply(args=[job.pk])
    tasks.finish_job_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED

"""The reconciler: jobs that stopped moving are enqueued again, or failed, and either is audited.

A job sits in a working state only while a message for it waits in a queue or a worker runs it. A
broker that lost the message (the embedded one loses what a killed worker held), or a worker killed by
a hard time limit, leaves the job there for good. Every `ASSAY_RECONCILE_INTERVAL_SECONDS` (beat) this
finds jobs with no transition for `ASSAY_RECONCILE_AFTER_SECONDS` (and, when generating, no live
lease) and enqueues their next step again: each step is idempotent, so a message that was only slow
costs a no-op. A job enqueued again `MAX_REQUEUES` times without moving is failed (`job_lost`); a queued
job is never failed this way, since a long queue is not a fault. A generating job is taken over by a new
attempt each time its lease runs out, which moves it: its own limit is the pipeline's
(`pipeline.MAX_GENERATION_ATTEMPTS`, then `job_lost` too).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.events import Actor, EventType
from audit.services import record_event
from generation import pipeline
from generation.models import GenerationJob, JobStatus, QueueHeartbeat
from generation.steps import NextStep, Step

RECONCILER = Actor.system("reconciler")
MAX_REQUEUES = 5

_STEP = {
    JobStatus.RECEIVED: Step.MODERATE,
    JobStatus.MODERATING: Step.MODERATE,
    JobStatus.QUEUED: Step.GENERATE,
    JobStatus.GENERATING: Step.GENERATE,
    JobStatus.SCREENING: Step.FINISH,
    JobStatus.SIGNING: Step.FINISH,
}


def stuck_jobs(*, now: datetime) -> list[GenerationJob]:
    """Jobs in a working state with no transition (and no requeue) for the deadline, no live lease."""
    deadline = now - timedelta(seconds=settings.ASSAY_RECONCILE_AFTER_SECONDS)
    return list(
        GenerationJob.objects.select_related("tenant", "model")
        .filter(status__in=list(_STEP), transitioned_at__lt=deadline)
        .filter(Q(requeued_at__isnull=True) | Q(requeued_at__lt=deadline))
        .exclude(status=JobStatus.GENERATING, lease_expires_at__gt=now)
        .order_by("pk")[:500]
    )


def job_requeue(job: GenerationJob, *, now: datetime) -> NextStep | None:
    """Enqueue the job's next step again (audited), or fail it after MAX_REQUEUES tries."""
    if job.requeued >= MAX_REQUEUES and not _waits_in_a_queue(job):
        message = (
            f"The job stopped in {job.status} and did not move after {job.requeued} attempts to resume it; "
            "submit it again."
        )
        return pipeline.job_fail(job.pk, code="job_lost", message=message)
    with transaction.atomic():
        # Conditional on what was read: a job that moved meanwhile, or a second reconciler, wins.
        moved = GenerationJob.objects.filter(
            pk=job.pk, status=job.status, transitioned_at=job.transitioned_at, requeued=job.requeued
        ).update(requeued=job.requeued + 1, requeued_at=now)
        if not moved:
            return None
        record_event(
            tenant=job.tenant,
            event_type=EventType.JOB_REQUEUED,
            actor=RECONCILER,
            subjects={"job": job.public_id},
            payload={
                "status": job.status,
                "idle_seconds": round((now - job.transitioned_at).total_seconds()),
                "requeued": job.requeued + 1,
            },
        )
    step = _STEP[JobStatus(job.status)]
    return NextStep(
        step, job.pk, queue=job.model.queue if step == Step.GENERATE else None, job_id=job.public_id
    )


def _waits_in_a_queue(job: GenerationJob) -> bool:
    """A job that may simply be waiting behind others in its queue, which is no fault: `queued` (for
    its generation), or `received` on a queue whose workers moderate their own jobs
    (ASSAY_MODERATE_IN_PLACE_QUEUES), where its moderation waits behind generations."""
    if job.status == JobStatus.QUEUED:
        return True
    return job.status == JobStatus.RECEIVED and job.model.queue in settings.ASSAY_MODERATE_IN_PLACE_QUEUES


def jobs_reconcile(*, now: datetime | None = None) -> list[NextStep]:
    """Every stuck job's next step (for the task to dispatch)."""
    now = now or timezone.now()
    steps = [job_requeue(job, now=now) for job in stuck_jobs(now=now)]
    return [step for step in steps if step is not None]


def heartbeat_record(*, queue: str, now: datetime | None = None) -> None:
    QueueHeartbeat.objects.update_or_create(queue=queue, defaults={"seen_at": now or timezone.now()})

"""Celery tasks: thin adapters that take a job's primary key, call one pipeline transition and
dispatch the next step it returns (`dispatch`).

Every task is idempotent (the transitions claim with conditional UPDATEs), so a redelivered message is
harmless; that is what makes acks_late + reject_on_worker_lost safe for the generation task. Queues come
from CELERY_TASK_ROUTES, except generation, which runs on its model's queue.

A worker process that holds the screening models finishes the jobs it generates itself (screening,
signing, release: `job_finish`) instead of publishing the finish step to the control queue: no second
hop, and the image bytes it just wrote are read back from memory (`storage.keeping`). The worker turns
this on at start (controlplane.celery, ASSAY_FINISH_IN_PLACE); the transitions, states and audit events
are the same whichever process runs the step.

Likewise at the other end: a job whose model runs on a queue named in ASSAY_MODERATE_IN_PLACE_QUEUES is
moderated by the worker that will generate it (`moderate_generate_job_task`, published there by
`dispatch`), which goes straight on to generation in the same run once the prompt is allowed: no hop
through the control queue. Moderation still ends (and commits `queued` with its audit events) before
any denoising starts; a prompt held or blocked is never generated.
"""

from __future__ import annotations

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from generation import log_proofs, pipeline, reconciler, replay, storage
from generation.models import GenerationJob
from generation.quarantine import quarantine_purge
from generation.queues import GENERATION_QUEUES, Queue
from generation.steps import NextStep, Step
from generation.webhooks import WebhookDeliveryError, WebhookRefused

logger = logging.getLogger(__name__)

_TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)
# The message header that carries a job's public id to its task (NextStep.job_id), for the log lines.
JOB_ID_HEADER = "assay_job_id"
# What every job task shares: redelivered if the worker dies (each transition is idempotent), retried
# on a lost database connection, never on anything else.
_JOB_TASK = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": _TRANSIENT_DB_ERRORS,
    "retry_backoff": True,
    "max_retries": 5,
}


def _fail(job_pk: int, code: str, message: str, *, charge_time: bool = False) -> None:
    dispatch(pipeline.job_fail(job_pk, code=code, message=message, charge_time=charge_time))


@shared_task(name="generation.moderate_job_task", soft_time_limit=60, time_limit=90, **_JOB_TASK)
def moderate_job_task(job_pk: int) -> None:
    decided, next_step = _moderate(job_pk)
    if decided:
        dispatch(next_step)


def _moderate(job_pk: int) -> tuple[bool, NextStep | None]:
    """The job's moderation (`pipeline.job_moderate`) for both moderation tasks: (True, its next step),
    or (False, None) when it ran out of time or crashed and the job was failed instead (the failure's
    webhook dispatched). A lost database connection propagates: the task retries."""
    try:
        return True, pipeline.job_moderate(job_pk)
    except _TRANSIENT_DB_ERRORS:
        raise
    except SoftTimeLimitExceeded:
        _fail(job_pk, "moderation_timeout", "Prompt moderation took too long.")
    except Exception:
        logger.exception("moderation of job %s crashed", job_pk)
        _fail(job_pk, "internal_error", "Prompt moderation failed; it has been logged.")
    return False, None


@shared_task(
    name="generation.generate_job_task",
    bind=True,
    soft_time_limit=settings.ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS,
    time_limit=settings.ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS + 30,
    **_JOB_TASK,
)
def generate_job_task(self, job_pk: int) -> None:
    _generate(self, job_pk)


@shared_task(
    name="generation.moderate_generate_job_task",
    bind=True,
    # Moderation's own limit (moderate_job_task's 60 s) on top of generation's.
    soft_time_limit=settings.ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS + 60,
    time_limit=settings.ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS + 90,
    **_JOB_TASK,
)
def moderate_generate_job_task(self, job_pk: int) -> None:
    """Moderation, then generation in the same run when the prompt is allowed, on the job's model's
    queue (ASSAY_MODERATE_IN_PLACE_QUEUES). Moderation commits its decision (`queued`, `held_for_review`
    or `rejected`, with its events) before anything is generated, exactly as on the control queue."""
    decided, next_step = _moderate(job_pk)
    if not decided:
        return
    if next_step is not None and next_step.step != Step.GENERATE:
        dispatch(next_step)  # rejected: its webhook
        return
    # Allowed; or None: held for review (generation then finds nothing to do: a reviewer queues the
    # job), or a message delivered again that found the job past moderation. Until generation has run,
    # this message is the job's only one, so it resumes generation (and finishing) itself.
    _generate(self, job_pk, row=next_step.row if next_step is not None else None)


def _generate(task: Task, job_pk: int, *, row: GenerationJob | None = None) -> None:
    """`row`: the job as this run's moderation read it (`NextStep.row`), not read again."""
    run = pipeline.GenerationRun()
    # The images this run writes and their log positions, kept in memory for its own finish step.
    with storage.keeping(), log_proofs.keeping_positions():
        try:
            next_step = pipeline.job_generate(job_pk, row, run)
        except pipeline.JobBusy as busy:
            # Bounded by the job itself: the lease either runs out (worker dead) or the job ends.
            raise task.retry(countdown=busy.retry_after + 0.5, max_retries=1000) from busy
        except _TRANSIENT_DB_ERRORS:
            raise
        except SoftTimeLimitExceeded:
            _fail_generation(
                job_pk,
                run,
                "generation_timeout",
                "Generation took longer than the time limit.",
                charge_time=True,
            )
            return
        except Exception:
            logger.exception("generation of job %s crashed", job_pk)
            _fail_generation(job_pk, run, "internal_error", "Generation failed; it has been logged.")
            return
        if _finishes_in_place and next_step is not None and next_step.step == Step.FINISH:
            _finish(job_pk, hand_over=next_step)
            return
    if _finishes_in_place and next_step is None and run.attempt is None:
        # This run claimed nothing: a redelivered message, or a retry after a lost database
        # connection, found the job past generation. If an earlier run of this task died while
        # finishing it, the job waits in `screening` or `signing`: resume it here, from storage (the
        # bytes recorded there may be another attempt's). `job_finish` does nothing in any other state.
        # A run whose own attempt lost the job to a newer one finishes nothing: the newer one does.
        _finish(job_pk, hand_over=NextStep(Step.FINISH, job_pk))
        return
    dispatch(next_step)


def _fail_generation(
    job_pk: int, run: pipeline.GenerationRun, code: str, message: str, *, charge_time: bool = False
) -> None:
    """Fail a job whose generation crashed or ran out of time in this run: only while this run's attempt
    owns it (`job_fail`'s `attempt`). A run that had claimed no attempt leaves the job alone: it was
    another worker's, or past generation."""
    if run.attempt is None:
        logger.warning("generation of job %s stopped before it claimed the job (%s)", job_pk, code)
        return
    dispatch(
        pipeline.job_fail(job_pk, code=code, message=message, attempt=run.attempt, charge_time=charge_time)
    )


@shared_task(name="generation.finish_job_task", soft_time_limit=120, time_limit=150, **_JOB_TASK)
def finish_job_task(job_pk: int) -> None:
    _finish(job_pk)


def _finish(job_pk: int, *, hand_over: NextStep | None = None) -> None:
    """Screening, signing and release, in a control worker's finish task or in place after generation.

    `hand_over`: in place, the finish step to publish if the generation task's time runs out while
    finishing. The images are made and stored, so the control queue finishes the job from storage (as
    after a worker that died) rather than failing it and refunding work that was done."""
    try:
        dispatch(pipeline.job_finish(job_pk))
    except _TRANSIENT_DB_ERRORS:
        raise
    except Exception as exc:
        if hand_over is not None and isinstance(exc, SoftTimeLimitExceeded):
            logger.warning("finishing job %s in place ran out of time; the control queue finishes it", job_pk)
            dispatch(hand_over)
            return
        logger.exception("screening/release of job %s crashed", job_pk)
        _fail(job_pk, "internal_error", "Screening or release failed; it has been logged.")


# Whether this process finishes the jobs it generates (set once, at the worker process's start).
_finishes_in_place = False


def finish_in_place(enabled: bool) -> None:
    """Called by a worker process at its start: True once it holds the screening models and runs a
    generation queue with ASSAY_FINISH_IN_PLACE on (controlplane.celery); False hands every finish
    step to the control queue (the default, and what a process without the models does)."""
    global _finishes_in_place
    _finishes_in_place = enabled


def finishes_in_place() -> bool:
    return _finishes_in_place


# On the webhooks queue (CELERY_TASK_ROUTES), a pool of its own: a receiver that never answers holds
# only webhook workers. That pool runs threads (`assay worker --pool threads`), where Celery enforces no
# time limit: each attempt is bounded by its own deadline (webhooks.deliver, ASSAY_WEBHOOK_TIMEOUT_SECONDS
# after a lookup of at most 3 s); the limits below hold where a prefork worker runs it.
@shared_task(
    name="generation.deliver_webhook_task",
    bind=True,
    acks_late=True,
    max_retries=settings.ASSAY_WEBHOOK_MAX_RETRIES,
    soft_time_limit=60,
    time_limit=90,
)
def deliver_webhook_task(self, job_pk: int) -> None:
    try:
        pipeline.job_deliver_webhook(job_pk)
    except WebhookRefused:
        logger.warning("webhook of job %s refused", job_pk)
    except WebhookDeliveryError as exc:
        delay = settings.ASSAY_WEBHOOK_RETRY_BASE_SECONDS * (2**self.request.retries)
        raise self.retry(exc=exc, countdown=delay) from exc


@shared_task(
    name="generation.replay_image_task",
    soft_time_limit=settings.ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS,
    time_limit=settings.ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS + 30,
    **_JOB_TASK,
)
def replay_image_task(replay_pk: int) -> None:
    """An auditor's replay of an image, on its model's pool (generation.replay)."""
    try:
        replay.image_replay_run(replay_pk)
    except _TRANSIENT_DB_ERRORS:
        raise
    except SoftTimeLimitExceeded:
        replay.image_replay_fail(replay_pk, code="generation_timeout", message="The replay took too long.")
    except Exception:
        logger.exception("replay %s crashed", replay_pk)
        replay.image_replay_fail(
            replay_pk, code="internal_error", message="The replay failed; it has been logged."
        )


def dispatch_replay(replay_pk: int, *, queue: str) -> None:
    """Publish the replay's task on `queue` (its model's pool) once the current transaction commits."""
    transaction.on_commit(lambda: _publish_replay(replay_pk, queue))


def _publish_replay(replay_pk: int, queue: str) -> None:
    """A replay the broker refuses ends `failed` at once, with its `image.replayed` event: nothing
    publishes a replay again (no reconciler), so left `queued` it would never run and would hold its
    image's dedupe and a place under the tenant's cap. Its `image.replay_requested` is committed on the
    append-only chain already, so the request cannot be undone with a 503 instead; the auditor sees the
    failure and asks again."""
    try:
        replay_image_task.apply_async(args=[replay_pk], queue=queue)
    except _BROKER_ERRORS:
        logger.exception("could not publish the task of replay %s", replay_pk)
        replay.image_replay_fail(
            replay_pk,
            code="queue_unavailable",
            message="The replay could not be queued (the task broker is unavailable); ask for it again.",
        )


@shared_task(name="generation.purge_quarantine_task", soft_time_limit=1800, time_limit=1900)
def purge_quarantine_task() -> int:
    """Hourly (Celery beat): delete quarantined images whose policy retention has ended."""
    return quarantine_purge()


@shared_task(name="generation.reconcile_jobs_task", soft_time_limit=120, time_limit=150)
def reconcile_jobs_task() -> int:
    """Periodic (Celery beat): enqueue again, or fail, jobs that stopped moving; returns how many."""
    steps = reconciler.jobs_reconcile()
    for next_step in steps:
        dispatch(next_step)
    return len(steps)


@shared_task(name="generation.heartbeat_task", soft_time_limit=10, time_limit=20, expires=60)
def heartbeat_task() -> None:
    """Periodic (Celery beat): proves the broker and a control worker work; /readyz reads it."""
    reconciler.heartbeat_record(queue=Queue.CONTROL)


_TASKS: dict[Step, Task] = {
    Step.MODERATE: moderate_job_task,
    Step.GENERATE: generate_job_task,
    Step.FINISH: finish_job_task,
    Step.NOTIFY: deliver_webhook_task,
}


def moderates_in_place(queue: str | None) -> bool:
    """Whether the workers of generation queue `queue` moderate their jobs' prompts themselves."""
    queues = settings.ASSAY_MODERATE_IN_PLACE_QUEUES
    return queue in GENERATION_QUEUES and queue in queues


def dispatch(next_step: NextStep | None) -> None:
    """Publish the task of `next_step` once the current transaction commits (at once outside one).

    Moderation goes to the control queue, or, with the job's model's queue named in
    ASSAY_MODERATE_IN_PLACE_QUEUES, to that queue as `moderate_generate_job_task`."""
    if next_step is None:
        return
    task = _TASKS[next_step.step]
    queue = next_step.queue
    if next_step.step == Step.MODERATE:
        queue = queue or pipeline.job_model_queue(next_step.job_pk)
        if moderates_in_place(queue):
            task = moderate_generate_job_task
        else:
            queue = None  # CELERY_TASK_ROUTES: the control queue
    options: dict[str, object] = {"queue": queue} if queue else {}
    if next_step.job_id:
        options["headers"] = {JOB_ID_HEADER: next_step.job_id}
    transaction.on_commit(lambda: _publish(task, next_step, options))


# What publishing raises when the broker cannot take a message: kombu's connection errors, an operating
# system's (the file broker's disk), and Redis's own replies (`MISCONF` when it cannot persist, `OOM` when
# full), which kombu passes on unconverted.
_BROKER_ERRORS = (KombuOperationalError, OSError, RedisError)


def _publish(task: Task, next_step: NextStep, options: dict[str, object]) -> None:
    """Publish a committed job's next task. The job is in the database whatever the broker does: a
    failure to publish (the broker down, its disk full) is logged, and the reconciler enqueues the job
    again once it has stood still for ASSAY_RECONCILE_AFTER_SECONDS. Raised, it would answer the
    request with a 500 after its job was admitted, and a client's retry would make a second job."""
    if task.app.conf.task_always_eager:  # tests: the task runs here, and its errors must show
        task.apply_async(args=[next_step.job_pk], **options)
        return
    try:
        task.apply_async(args=[next_step.job_pk], **options)
    except _BROKER_ERRORS:
        job = next_step.job_id or next_step.job_pk
        if next_step.step == Step.NOTIFY:
            # The job has ended, and the reconciler resumes only working jobs: this webhook is lost.
            logger.exception("could not publish %s for job %s; its webhook is not delivered", task.name, job)
            return
        logger.exception(
            "could not publish %s for job %s; the reconciler enqueues it again after %s s",
            task.name,
            job,
            settings.ASSAY_RECONCILE_AFTER_SECONDS,
        )

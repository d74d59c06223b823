"""The Celery application. Workers start with `celery -A controlplane worker` (queues per pool)."""

from __future__ import annotations

import logging
import logging.config
import os
import time
from contextvars import Token
from typing import Any

from celery import Celery, Task
from celery.signals import (
    beat_init,
    before_task_publish,
    setup_logging,
    task_postrun,
    task_prerun,
    worker_init,
    worker_process_init,
    worker_process_shutdown,
    worker_ready,
)
from django.conf import settings
from django.db import close_old_connections

from controlplane import broker, logs
from controlplane.observability import folders

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")
# `filesystem://` (the embedded default) writes each message whole: see controlplane/broker.py.
broker.register()

# Tasks of the control plane itself (not an installed app, so autodiscovery misses them).
app = Celery("assay", include=["controlplane.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

# The task that screens generated images; a worker consuming its queue loads the screening models.
SCREENING_TASK = "generation.finish_job_task"


@worker_init.connect
def _check_signing_credentials(**kwargs: object) -> None:
    """Workers sign released images: a bad C2PA chain or key stops the worker at start, with the
    message that says which, instead of failing its first job."""
    from provenance.signers import validate_configuration

    validate_configuration()


@worker_init.connect
def _share_cores(sender: object = None, **kwargs: object) -> None:
    """Give each pool process an equal share of the cores for torch's (OpenMP) threads, before the pool
    forks and before anything imports torch. Processes that each spin a thread per core oversubscribe
    the CPU, and OpenMP's busy-waiting then makes denoising tens of times slower: measured on 2 cores,
    0.9 s -> 44 s per 256 px image with one other busy process. The prompt encoder's threads
    (policy.encoder, at most its default of 2) follow the same share, unless ASSAY_ENCODER_THREADS is set.
    Its sessions are made in the pool processes, after the fork: a session with threads of its own must
    not cross a fork."""
    from django.conf import settings

    threads = settings.ASSAY_TORCH_THREADS
    if not threads:
        concurrency = int(getattr(sender, "concurrency", 0) or 1)
        threads = max(1, (os.cpu_count() or 1) // concurrency)
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, str(threads))
    if not os.environ.get("ASSAY_ENCODER_THREADS"):  # unset: the setting holds the encoder's default
        os.environ["ASSAY_ENCODER_THREADS"] = str(min(settings.ASSAY_ENCODER_THREADS, threads))


@worker_process_init.connect
def _warm_up_screening(**kwargs: object) -> None:
    """Load the output classifiers (open_nsfw, face detectors and embedder; ~1.4 s, ~200 MB) in each
    pool process of a worker that screens images, so that its first image waits for none of them.

    A worker screens when it consumes the screening task's queue (`control`), or a generation queue
    (`gpu`, `api`) with ASSAY_FINISH_IN_PLACE on: then it finishes the jobs it generates itself
    (generation.tasks), which saves the hop back to `control`. With the setting off it never loads
    them; if they fail to load, it hands every finish step to `control` as well.

    In the pool process, after the fork: onnxruntime sessions must not cross a fork. The pool waits for
    it (CELERY_WORKER_PROC_ALIVE_TIMEOUT; Celery's default 4 s is too short on a busy host). A model
    that fails to load in a control worker is logged and left: screening then fails closed per image,
    with the error in the audit record."""
    from generation import tasks as generation_tasks
    from generation.queues import GENERATION_QUEUES

    consumed = app.amqp.queues.consume_from
    screens = app.conf.task_routes[SCREENING_TASK]["queue"] in consumed
    in_place = settings.ASSAY_FINISH_IN_PLACE and any(queue in consumed for queue in GENERATION_QUEUES)
    if not (screens or in_place):
        return
    from policy import decisions

    started = time.monotonic()
    try:
        decisions.warm_up()
    except Exception:
        if screens:
            logger.exception("loading the screening models failed; each image's screening will say why")
        else:
            logger.exception("loading the screening models failed; the control queue finishes its jobs")
        return
    logger.info("screening models loaded in %.1f s", time.monotonic() - started)
    if in_place:
        generation_tasks.finish_in_place(True)
        logger.info("this worker screens, signs and releases the jobs it generates")


@worker_process_init.connect
def _warm_up_moderation(**kwargs: object) -> None:
    """Load the prompt encoder (ONNX, ~0.5 s) and the language identifier (1-2 s) in each pool process
    of a worker that moderates: one consuming `control`, or a generation queue whose jobs it moderates
    itself (ASSAY_MODERATE_IN_PLACE_QUEUES, generation.tasks): its first prompt then waits for nothing.
    A missing encoder is logged and left: moderation then fails closed per prompt, with the reason."""
    from generation import tasks as generation_tasks
    from policy.services import moderator_warm_up

    consumed = app.amqp.queues.consume_from
    moderates = app.conf.task_routes["generation.moderate_job_task"]["queue"] in consumed or any(
        generation_tasks.moderates_in_place(queue) for queue in consumed
    )
    if not moderates:
        return
    try:
        moderator_warm_up()
    except Exception:
        logger.exception("loading the prompt encoder failed; each prompt's moderation will say why")


@worker_process_init.connect
def _say_warm(**kwargs: object) -> None:
    """Connected after the warm-ups above (receivers run in the order they connect): from this line on
    the pool process takes tasks without loading anything. The worker's own `ready.` comes earlier,
    while the pool processes may still be loading models; tests and operators wait for this one."""
    logger.info("pool process %d warm", os.getpid())


@worker_process_init.connect
@beat_init.connect
def _die_with_the_worker(**kwargs: object) -> None:
    """A pool process (or the beat a worker embeds) never outlives its worker's main process: one killed
    with SIGKILL (the OOM killer, a supervisor) leaves nothing running that nobody tracks
    (controlplane/worker.py)."""
    from controlplane.worker import die_with_parent

    die_with_parent()


# Logs and metrics ----------------------------------------------------------------------------------

# The message header that carries the id of the request that published a task to the task's log lines.
_REQUEST_ID_HEADER = "assay_request_id"
_task_context: dict[str, tuple[Token[str | None], Token[str | None]]] = {}


@setup_logging.connect
def _configure_logging(**kwargs: object) -> None:
    """Worker and beat log through settings.LOGGING like the web (JSON or plain, ids, redaction):
    a receiver here stops Celery from installing its own handlers and format."""
    logging.config.dictConfig(settings.LOGGING)


@worker_init.connect
def _prepare_metrics(sender: Any = None, **kwargs: object) -> None:
    """In the worker's main process, before its pool forks: the worker's own metrics folder (its pool
    processes inherit it), and the metrics' receivers, which they inherit too (imported here: this
    module loads before the apps are ready)."""
    folders.use_worker_folder(sender.hostname)
    from controlplane.observability import metrics  # noqa: F401 - connects the metrics' receivers


@worker_ready.connect
def _serve_metrics(**kwargs: object) -> None:
    """The metrics server, a thread of the main process only (ASSAY_METRICS_PORT): one port per worker,
    serving every pool process's samples."""
    if settings.ASSAY_METRICS_PORT:
        from controlplane.observability import exposition

        exposition.serve_worker_metrics(settings.ASSAY_METRICS_PORT)
        logger.info("metrics served on port %d", settings.ASSAY_METRICS_PORT)


@worker_process_shutdown.connect
def _forget_process(**kwargs: object) -> None:
    from controlplane.observability import exposition

    exposition.process_exited(os.getpid())


@before_task_publish.connect
def _carry_request_id(headers: dict[str, Any] | None = None, **kwargs: object) -> None:
    request_id = logs.request_id.get()
    if headers is not None and request_id is not None:
        headers[_REQUEST_ID_HEADER] = request_id


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(task: Task | None = None, **kwargs: object) -> None:
    """Around each task, what Django does around each request: close the connections past CONN_MAX_AGE,
    left in a transaction or broken, keep the others (CELERY_DB_REUSE_MAX keeps Celery from closing
    them all). Not for an eager task: it runs inside its caller's request or transaction."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    close_old_connections()


@task_prerun.connect
def _enter_task_context(task_id: str, task: Task, args: tuple[Any, ...] = (), **kwargs: object) -> None:
    """The task's log lines carry the publishing request's id, and the job's id for a job's task.
    (An eager task, run inside the request, keeps the request's.)"""
    request_id = task.request.get(_REQUEST_ID_HEADER) or logs.request_id.get()
    _task_context[task_id] = (logs.request_id.set(request_id), logs.job_id.set(_job_public_id(task, args)))


@task_postrun.connect
def _leave_task_context(task_id: str, **kwargs: object) -> None:
    tokens = _task_context.pop(task_id, None)
    if tokens is not None:
        logs.request_id.reset(tokens[0])
        logs.job_id.reset(tokens[1])


def _job_public_id(task: Task, args: tuple[Any, ...]) -> str | None:
    # Imported here: this module loads with the control plane package, before the apps are ready.
    from generation import tasks as generation_tasks
    from generation.models import GenerationJob

    job_tasks = (
        generation_tasks.moderate_job_task,
        generation_tasks.moderate_generate_job_task,
        generation_tasks.generate_job_task,
        generation_tasks.finish_job_task,
        generation_tasks.deliver_webhook_task,
    )
    if task.name not in {job_task.name for job_task in job_tasks} or not args:
        return None
    carried = task.request.get(generation_tasks.JOB_ID_HEADER)
    if carried:
        return carried  # published by generation.tasks.dispatch: no query on the task's way in
    return GenerationJob.objects.filter(pk=args[0]).values_list("public_id", flat=True).first()

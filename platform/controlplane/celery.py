"""The Celery application. Workers start with `celery -A controlplane worker` (queues per pool)."""

from __future__ import annotations

import logging
import os
import time

from celery import Celery
from celery.signals import worker_init, worker_process_init

from controlplane import broker

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
    0.9 s -> 44 s per 256 px image with one other busy process."""
    from django.conf import settings

    threads = settings.ASSAY_TORCH_THREADS
    if not threads:
        concurrency = int(getattr(sender, "concurrency", 0) or 1)
        threads = max(1, (os.cpu_count() or 1) // concurrency)
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, str(threads))


@worker_process_init.connect
def _warm_up_screening(**kwargs: object) -> None:
    """Load the output classifiers (open_nsfw, face detectors and embedder; ~1.4 s, ~200 MB) in each
    pool process of a worker that screens images, so that its first image waits for none of them.

    In the pool process, after the fork: onnxruntime sessions must not cross a fork. The pool waits for
    it (CELERY_WORKER_PROC_ALIVE_TIMEOUT; Celery's default 4 s is too short on a busy host). A worker
    that does not consume the screening task's queue (`gpu`, `api`) never screens, so it does not pay
    for them. A model that fails to load is logged and left: screening then fails closed per image, with
    the error in the audit record."""
    if app.conf.task_routes[SCREENING_TASK]["queue"] not in app.amqp.queues.consume_from:
        return
    from policy import decisions

    started = time.monotonic()
    try:
        decisions.warm_up()
    except Exception:
        logger.exception("loading the screening models failed; each image's screening will say why")
        return
    logger.info("screening models loaded in %.1f s", time.monotonic() - started)

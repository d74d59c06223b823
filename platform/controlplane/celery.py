"""The Celery application. Workers start with `celery -A controlplane worker` (queues per pool)."""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")

# Tasks of the control plane itself (not an installed app, so autodiscovery misses them).
app = Celery("assay", include=["controlplane.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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

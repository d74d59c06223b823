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

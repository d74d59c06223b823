"""Celery tasks: thin adapters that take a job's primary key and call one pipeline service.

Every task is idempotent (the services claim with conditional UPDATEs), so a redelivered message is
harmless; that is what makes acks_late + reject_on_worker_lost safe for the generation task.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from generation import pipeline

logger = logging.getLogger(__name__)

_TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    name="generation.moderate_job_task",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=_TRANSIENT_DB_ERRORS,
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def moderate_job_task(job_pk: int) -> None:
    try:
        pipeline.job_moderate(job_pk)
    except _TRANSIENT_DB_ERRORS:
        raise
    except SoftTimeLimitExceeded:
        pipeline.job_fail(job_pk, code="moderation_timeout", message="Prompt moderation took too long.")
    except Exception:
        logger.exception("moderation of job %s crashed", job_pk)
        pipeline.job_fail(
            job_pk, code="internal_error", message="Prompt moderation failed; it has been logged."
        )


@shared_task(
    name="generation.generate_job_task",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=_TRANSIENT_DB_ERRORS,
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=settings.ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS,
    time_limit=settings.ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS + 30,
)
def generate_job_task(self, job_pk: int) -> None:
    try:
        pipeline.job_generate(job_pk)
    except pipeline.JobBusy as busy:
        # Bounded by the job itself: the lease either runs out (worker dead) or the job ends.
        raise self.retry(countdown=busy.retry_after + 0.5, max_retries=1000) from busy
    except _TRANSIENT_DB_ERRORS:
        raise
    except SoftTimeLimitExceeded:
        pipeline.job_fail(
            job_pk, code="generation_timeout", message="Generation took longer than the time limit."
        )
    except Exception:
        logger.exception("generation of job %s crashed", job_pk)
        pipeline.job_fail(job_pk, code="internal_error", message="Generation failed; it has been logged.")


@shared_task(
    name="generation.finish_job_task",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=_TRANSIENT_DB_ERRORS,
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=120,
    time_limit=150,
)
def finish_job_task(job_pk: int) -> None:
    try:
        pipeline.job_finish(job_pk)
    except _TRANSIENT_DB_ERRORS:
        raise
    except Exception:
        logger.exception("screening/release of job %s crashed", job_pk)
        pipeline.job_fail(
            job_pk, code="internal_error", message="Screening or release failed; it has been logged."
        )


@shared_task(
    name="generation.deliver_webhook_task",
    bind=True,
    acks_late=True,
    max_retries=settings.ASSAY_WEBHOOK_MAX_RETRIES,
    soft_time_limit=60,
    time_limit=90,
)
def deliver_webhook_task(self, job_pk: int) -> None:
    from generation.webhooks import WebhookDeliveryError, WebhookRefused

    try:
        pipeline.job_deliver_webhook(job_pk)
    except WebhookRefused:
        logger.warning("webhook of job %s refused", job_pk)
    except WebhookDeliveryError as exc:
        delay = settings.ASSAY_WEBHOOK_RETRY_BASE_SECONDS * (2**self.request.retries)
        raise self.retry(exc=exc, countdown=delay) from exc


@shared_task(name="generation.purge_quarantine_task", soft_time_limit=1800, time_limit=1900)
def purge_quarantine_task() -> int:
    """Hourly (Celery beat): delete quarantined images whose policy retention has ended."""
    from generation.quarantine import quarantine_purge

    return quarantine_purge()

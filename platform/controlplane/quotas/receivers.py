"""Quotas listen to the pipeline: claim the counters just before a job's admitting transaction, reserve
in it (or give the claim back when it fails), settle or refund at the end, reserve again when a person
reinstates a job. Each but the claim runs in the transaction of the change it follows, and returns what
the change's audit event records of it."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError

from generation.models import GenerationJob
from generation.signals import job_admission_failed, job_admitted, job_admitting, job_finished, job_reinstated

logger = logging.getLogger(__name__)


def _claim(sender: type, *, job: GenerationJob, **kwargs: Any) -> Any:
    from controlplane.quotas import services

    return services.job_claim_ahead(job)


def _claim_of(holds: list[Any]) -> Any:
    from controlplane.quotas import services

    return next((hold for hold in holds if isinstance(hold, services.Claim)), None)


def _reserve(
    sender: type, *, job: GenerationJob, holds: list[Any] | None = None, **kwargs: Any
) -> dict[str, Any]:
    from controlplane.quotas import services

    return services.entry_audit(services.job_reserve(job, _claim_of(holds or [])))


def _release(sender: type, *, job: GenerationJob, holds: list[Any], **kwargs: Any) -> None:
    from controlplane.quotas import services

    claim = _claim_of(holds)
    if claim is None:
        return
    try:
        services.claim_release(claim)
    except DatabaseError:
        # The counters keep the claim (they refuse early, never overshoot) until `assay quotas reconcile`.
        logger.exception("job %s: its quota claim could not be given back", job.public_id)


def _settle(sender: type, *, job: GenerationJob, charged: bool = True, **kwargs: Any) -> dict[str, Any]:
    from controlplane.quotas import services

    return services.entry_audit(services.job_settle(job, charged=charged))


def _reserve_again(sender: type, *, job: GenerationJob, **kwargs: Any) -> dict[str, Any]:
    from controlplane.quotas import services

    # Limits hold for reinstated jobs too: over a limit, the uphold is refused and the appeal stays open.
    return services.entry_audit(services.job_reserve(job))


def connect() -> None:
    job_admitting.connect(_claim, sender=GenerationJob, dispatch_uid="quotas.claim")
    job_admitted.connect(_reserve, sender=GenerationJob, dispatch_uid="quotas.reserve")
    job_admission_failed.connect(_release, sender=GenerationJob, dispatch_uid="quotas.release")
    job_finished.connect(_settle, sender=GenerationJob, dispatch_uid="quotas.settle")
    job_reinstated.connect(_reserve_again, sender=GenerationJob, dispatch_uid="quotas.reserve_again")

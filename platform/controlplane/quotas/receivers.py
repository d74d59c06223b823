"""Quotas listen to the pipeline: reserve at admission, settle or refund at the end, reserve again when
a person reinstates a job. Each runs in the transaction of the change it follows, and returns what the
change's audit event records of it."""

from __future__ import annotations

from typing import Any

from generation.models import GenerationJob
from generation.signals import job_admitted, job_finished, job_reinstated


def _reserve(sender: type, *, job: GenerationJob, **kwargs: Any) -> dict[str, Any]:
    from controlplane.quotas import services

    return services.entry_audit(services.job_reserve(job))


def _settle(sender: type, *, job: GenerationJob, **kwargs: Any) -> dict[str, Any]:
    from controlplane.quotas import services

    return services.entry_audit(services.job_settle(job))


def _reserve_again(sender: type, *, job: GenerationJob, **kwargs: Any) -> dict[str, Any]:
    from controlplane.quotas import services

    # Limits hold for reinstated jobs too: over a limit, the uphold is refused and the appeal stays open.
    return services.entry_audit(services.job_reserve(job))


def connect() -> None:
    job_admitted.connect(_reserve, sender=GenerationJob, dispatch_uid="quotas.reserve")
    job_finished.connect(_settle, sender=GenerationJob, dispatch_uid="quotas.settle")
    job_reinstated.connect(_reserve_again, sender=GenerationJob, dispatch_uid="quotas.reserve_again")

"""The review queue listens to the pipeline: a held job gets its review items in the same transaction."""

from __future__ import annotations

from typing import Any

from generation.models import GenerationJob
from generation.signals import job_held


def _on_job_held(sender: type, *, job: GenerationJob, stage: str, **kwargs: Any) -> None:
    from controlplane.review import services

    services.items_open_for_hold(job=job, stage=stage, decisions=kwargs["decisions"], images=kwargs["images"])


def connect() -> None:
    job_held.connect(_on_job_held, sender=GenerationJob, dispatch_uid="review.items_open_for_hold")

"""Reads of jobs, images and the model catalog; tenant first, and the one JSON shape of each."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from foundation.tenancy import Tenant
from generation.models import GeneratedImage, GenerationJob, ImageDecision, ImageModel


def enabled_models() -> QuerySet[ImageModel]:
    return ImageModel.objects.filter(is_enabled=True).order_by("name")


def model_by_name(name: str) -> ImageModel | None:
    return enabled_models().filter(name=name).first()


def job_for_tenant(tenant: Tenant, public_id: str) -> GenerationJob | None:
    return (
        GenerationJob.objects.select_related("model", "tenant")
        .filter(tenant=tenant, public_id=public_id)
        .first()
    )


def released_image_for_tenant(tenant: Tenant, public_id: str) -> GeneratedImage | None:
    """Held and blocked images are quarantined: the images API never returns them."""
    return (
        GeneratedImage.objects.select_related("job", "tenant")
        .filter(tenant=tenant, public_id=public_id, decision=ImageDecision.RELEASED)
        .first()
    )


def released_image_for_tenant_public_id(tenant_public_id: str, public_id: str) -> GeneratedImage | None:
    """The same, for a signed content URL that names its tenant by public id instead of a key."""
    return (
        GeneratedImage.objects.select_related("job", "tenant")
        .filter(tenant__public_id=tenant_public_id, public_id=public_id, decision=ImageDecision.RELEASED)
        .first()
    )


def image_to_dict(image: GeneratedImage) -> dict[str, Any]:
    return {
        "id": image.public_id,
        "object": "image",
        "job_id": image.job.public_id,
        "index": image.index,
        "created": int(image.created_at.timestamp()),
        "decision": image.decision,
        "reasons": image.decision_reasons,
        "seed": image.seed,
        "width": image.width,
        "height": image.height,
        "mime_type": image.mime_type,
        "sha256": image.sha256,
        "bytes": image.byte_size,
        "revised_prompt": image.revised_prompt or None,
        "provenance": image.provenance or None,
    }


def job_to_dict(job: GenerationJob) -> dict[str, Any]:
    """GET /v1/jobs/{id} and the webhook body."""
    images = list(job.images.select_related("job").order_by("index"))
    return {
        "id": job.public_id,
        "object": "job",
        "status": job.status,
        "created": int(job.created_at.timestamp()),
        "finished": int(job.finished_at.timestamp()) if job.finished_at else None,
        "model": job.model.name,
        "mode": job.mode,
        "policy": job.policy_name,
        "progress": {"step": job.progress_step, "total": job.progress_total},
        "params": job.params,
        "metadata": job.metadata,
        "settings": job.settings_used,
        "decisions": job.decisions,
        "images": [
            {
                "id": i.public_id,
                "index": i.index,
                "decision": i.decision,
                "reasons": i.decision_reasons,
                "seed": i.seed,
            }
            for i in images
        ],
        "error": {"code": job.error_code, "message": job.error_message} if job.error_code else None,
        "attempts": job.attempts,
        "cancel_requested": job.cancel_requested,
    }


def image_by_watermark_id(watermark_id: str) -> GeneratedImage | None:
    """The image a decoded watermark payload names, in any tenant (callers decide what to reveal)."""
    return GeneratedImage.objects.select_related("tenant", "job").filter(watermark_id=watermark_id).first()

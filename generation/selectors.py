"""Reads of jobs, images and the model catalog; tenant first, and the one JSON shape of each."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any

from django.db.models import QuerySet

from foundation.cursors import keyset_page
from foundation.tenancy import Tenant
from generation.models import GeneratedImage, GenerationJob, ImageDecision, ImageModel, ImageReplay


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


def jobs_for_tenant(
    tenant: Tenant,
    *,
    statuses: Iterable[str] | None = None,
    model: str | None = None,
    api_key_public_id: uuid.UUID | None = None,
    api_key_prefix: str | None = None,
    user_email: str | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    prompt: str | None = None,
) -> QuerySet[GenerationJob]:
    """The tenant's jobs, newest first (ties broken by public id), narrowed by every filter given.

    `created_after` is inclusive and `created_before` exclusive; `api_key_prefix` is the key's 8-character
    prefix (without `ask_`); `user_email` is the member who created the key, matched as members are
    (case-insensitively); `prompt` matches jobs whose prompt contains it, case-insensitively (a scan of
    the tenant's range: no index serves it). The range and the order are served by the
    `job_tenant_created` index.
    """
    jobs = GenerationJob.objects.filter(tenant=tenant)
    if statuses is not None:
        jobs = jobs.filter(status__in=list(statuses))
    if model is not None:
        jobs = jobs.filter(model__name=model)
    if api_key_public_id is not None:
        jobs = jobs.filter(api_key__public_id=api_key_public_id)
    if api_key_prefix is not None:
        jobs = jobs.filter(api_key__prefix=api_key_prefix)
    if user_email is not None:
        jobs = jobs.filter(api_key__created_by__username__iexact=user_email)
    if created_after is not None:
        jobs = jobs.filter(created_at__gte=created_after)
    if created_before is not None:
        jobs = jobs.filter(created_at__lt=created_before)
    if prompt:
        jobs = jobs.filter(prompt__icontains=prompt)
    return jobs.order_by("-created_at", "-public_id")


@dataclass(frozen=True)
class JobPage:
    jobs: list[GenerationJob]
    has_more: bool
    next_cursor: str | None


def job_page(jobs: QuerySet[GenerationJob], *, tenant: Tenant, after: str | None, limit: int) -> JobPage:
    """One page of `jobs` (a `jobs_for_tenant` query) after the cursor `after` (`keyset_page`). Raises
    InvalidCursor."""
    rows = jobs.select_related("model").prefetch_related("images")
    page, next_cursor = keyset_page(rows, listing="jobs", tenant=tenant, after=after, limit=limit)
    return JobPage(page, next_cursor is not None, next_cursor)


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
        # Never a provider's rewrite of the prompt: nothing moderated it (rows of earlier releases hold one).
        "revised_prompt": None,
        "provenance": image.provenance or None,
        # Assay's `best_of`: the scorer's score and the rank among the job's candidates (null otherwise).
        "score": image.score,
        "rank": image.rank,
    }


def job_to_dict(job: GenerationJob, *, images: Iterable[GeneratedImage] | None = None) -> dict[str, Any]:
    """GET /v1/jobs/{id} and the webhook body. A `best_of` job's unselected candidates are left out: the
    caller asked for n images (reviewers find the others in quarantine).

    `images`: the job's images when the caller knows them (a job admitted by this very request has
    none), read from the database otherwise (prefetched by job_page)."""
    images = sorted(
        (
            image
            for image in (job.images.all() if images is None else images)
            if image.decision != ImageDecision.UNSELECTED
        ),
        key=attrgetter("index"),
    )
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
        "warnings": job.warnings,
        "best_of": job.params.get("best_of"),
        "images": [
            {
                "id": i.public_id,
                "index": i.index,
                "decision": i.decision,
                "reasons": i.decision_reasons,
                "seed": i.seed,
                "score": i.score,
                "rank": i.rank,
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


def image_for_tenant(tenant: Tenant, public_id: str) -> GeneratedImage | None:
    """Any of the tenant's images, released or quarantined (an auditor replays either)."""
    return (
        GeneratedImage.objects.select_related("job", "job__model", "tenant")
        .filter(tenant=tenant, public_id=public_id)
        .first()
    )


def replay_for_tenant(tenant: Tenant, public_id: str) -> ImageReplay | None:
    return (
        ImageReplay.objects.select_related("image", "image__job")
        .filter(tenant=tenant, public_id=public_id)
        .first()
    )


def replay_to_dict(replay: ImageReplay) -> dict[str, Any]:
    """The one JSON shape of a replay (POST /v1/images/{id}/replay, GET /v1/replays/{id})."""
    outcome = replay.outcome or {}
    return {
        "id": replay.public_id,
        "object": "image.replay",
        "image_id": replay.image.public_id,
        "job_id": replay.image.job.public_id,
        "status": replay.status,
        "created": int(replay.created_at.timestamp()),
        "finished": int(replay.finished_at.timestamp()) if replay.finished_at else None,
        "requested_by": replay.requested_by,
        "identical": replay.identical,
        "pixels_sha256": outcome.get("pixels_sha256"),
        "differences": outcome.get("differences"),
        "seconds": outcome.get("seconds"),
        "error": {"code": replay.error_code, "message": replay.error_message} if replay.error_code else None,
    }

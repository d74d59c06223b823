"""Quarantine: held, blocked and unselected images (a `best_of` job's candidates not returned) are
stored, readable only by the tenant's reviewers and admins (`review:write`), never by the images API,
and deleted when their policy's retention ends, except a blocked image under appeal
(`retained_for_appeal`): it is kept until the appeal is decided, since an upheld appeal signs and
releases it from these bytes; denied, it is deleted by the same rule. A held or pending image of a job
still running is kept too, until the job ends: a reviewer's approval signs it from its bytes.

Reviewers see them blurred by default; revealing one and deleting one are both audited: what was
withheld, who looked at it and when it was destroyed is part of the record.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from PIL import Image, ImageFilter

from audit.events import Actor, EventType
from audit.services import record_event
from foundation.tenancy import Tenant
from generation import storage
from generation.models import TERMINAL_STATUSES, GeneratedImage, ImageDecision
from policy.decisions import job_policy

# Pending images were never released (screening or signing never finished): withheld like held ones.
# Unselected candidates were never meant to be: kept for reviewers under the same retention.
QUARANTINED = (ImageDecision.HELD, ImageDecision.BLOCKED, ImageDecision.PENDING, ImageDecision.UNSELECTED)
RETENTION = Actor.system("retention")
# A held or pending image of a job still running awaits a decision (a reviewer's, the release): an
# approval signs and releases it from its bytes, so its retention waits for the job to end. A policy
# may keep withheld images a day and give reviewers three.
_AWAITING_DECISION = Q(decision__in=(ImageDecision.HELD, ImageDecision.PENDING)) & ~Q(
    job__status__in=TERMINAL_STATUSES
)


def quarantined_images_for_tenant(tenant: Tenant) -> QuerySet[GeneratedImage]:
    return (
        GeneratedImage.objects.select_related("job", "tenant")
        .filter(tenant=tenant, decision__in=QUARANTINED)
        .order_by("-created_at", "-pk")
    )


def quarantined_image_for_tenant(tenant: Tenant, public_id: str) -> GeneratedImage | None:
    return quarantined_images_for_tenant(tenant).filter(public_id=public_id).first()


def quarantined_image_read(*, image: GeneratedImage, actor: Actor, reveal: bool = False) -> tuple[bytes, str]:
    """A quarantined image for a reviewer or admin, as (bytes, mime type): blurred unless `reveal`, and
    revealing is recorded first (who saw what the policy withheld, and when)."""
    if image.purged_at is not None or not image.storage_path:
        raise FileNotFoundError(f"image {image.public_id} was deleted at the end of its retention")
    if not reveal:
        return blurred(storage.read(image.storage_path)), "image/png"
    with transaction.atomic():
        record_event(
            tenant=image.tenant,
            event_type=EventType.IMAGE_REVEALED,
            actor=actor,
            subjects={"job": image.job.public_id, "image": image.public_id},
            payload={"decision": image.decision, "sha256": image.sha256, "reasons": image.decision_reasons},
        )
    return storage.read(image.storage_path), image.mime_type


def quarantine_keep_for_appeal(*, image: GeneratedImage) -> bool:
    """Keep a blocked image's bytes past its retention while an appeal of it waits (in the transaction
    that files the appeal). False when there is nothing to keep: the image is not blocked, or its
    bytes were already deleted (a purge racing the appeal wins or loses as a whole)."""
    return bool(
        GeneratedImage.objects.filter(
            pk=image.pk, decision=ImageDecision.BLOCKED, purged_at__isnull=True
        ).update(retained_for_appeal=True)
    )


def quarantine_end_appeal_hold(*, image: GeneratedImage) -> None:
    """A denied appeal: the image stays blocked and its retention applies again from when it was made
    (a purge deletes it at once if that time has passed)."""
    GeneratedImage.objects.filter(pk=image.pk).update(retained_for_appeal=False)


def blurred(data: bytes) -> bytes:
    """A preview that shows layout and colour but no detail: down to 24 px on the long edge, back up,
    then blurred. Enough for a reviewer to decide whether to reveal."""
    try:
        with Image.open(io.BytesIO(data)) as source:
            picture = source.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        picture = Image.new("RGB", (64, 64), (128, 128, 128))  # unreadable: show nothing of it
    width, height = picture.size
    scale = 24 / max(width, height)
    small = picture.resize(
        (max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.BOX
    )
    preview = small.resize((width, height), Image.Resampling.BILINEAR).filter(
        ImageFilter.GaussianBlur(radius=max(width, height) / 48)
    )
    out = io.BytesIO()
    preview.save(out, format="PNG")
    return out.getvalue()


def _expired(now: datetime) -> Iterator[GeneratedImage]:
    retention_days: dict[int, int] = {}  # by policy version: each document is validated once a purge
    candidates = (
        GeneratedImage.objects.select_related("job__policy_version", "tenant")
        .filter(decision__in=QUARANTINED, purged_at__isnull=True, retained_for_appeal=False)
        .exclude(_AWAITING_DECISION)
        .order_by("pk")
    )
    for image in candidates.iterator(chunk_size=500):
        version = image.job.policy_version
        if version.pk not in retention_days:
            retention_days[version.pk] = job_policy(version).retention_days
        if image.created_at + timedelta(days=retention_days[version.pk]) <= now:
            yield image


def quarantine_purge(*, now: datetime | None = None) -> int:
    """Delete the bytes of every quarantined image past its retention; returns how many."""
    now = now or timezone.now()
    purged = 0
    for image in list(_expired(now)):
        with transaction.atomic():
            # Claim first: two purges racing delete each image's bytes and record its event once; an
            # appeal filed since the candidates were read keeps the image.
            # On the image's own columns only: PostgreSQL re-checks an UPDATE's conditions on a row a
            # concurrent transaction changed (an appeal's hold) only where they are the row's own; a
            # join (the job's status) moves them into a subquery read before that change. The job's
            # status was read with the candidates; a decision taken since (an approval) skips it here.
            claimed = GeneratedImage.objects.filter(
                pk=image.pk, purged_at__isnull=True, retained_for_appeal=False, decision=image.decision
            ).update(purged_at=now, storage_path="")
            if not claimed:
                continue
            record_event(
                tenant=image.tenant,
                event_type=EventType.IMAGE_QUARANTINE_DELETED,
                actor=RETENTION,
                subjects={"job": image.job.public_id, "image": image.public_id},
                payload={
                    "decision": image.decision,
                    "sha256": image.sha256,
                    "generated_at": image.created_at.isoformat(),
                    "policy": image.job.policy_name,
                },
            )
            path = image.storage_path
            transaction.on_commit(lambda path=path: storage.delete(path))
        purged += 1
    return purged

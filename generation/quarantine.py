"""Quarantine: held, blocked and unselected images (a `best_of` job's candidates not returned) are
stored, readable only by the tenant's reviewers and admins (`review:write`), never by the images API,
and deleted when their policy's retention ends, except a blocked image under appeal
(`retained_for_appeal`): it is kept until the appeal is decided, since an upheld appeal signs and
releases it from these bytes; denied, it is deleted by the same rule. A held or pending image of a job
still running is kept too, until the job ends: a reviewer's approval signs it from its bytes.

Reviewers see them blurred by default; revealing one and deleting one are both audited: what was
withheld, who looked at it and when it was destroyed is part of the record.

The same retention deletes an edit's uploads (its image and mask, stored as sent) once its job has
ended, whatever the outcome (`inputs_purge`). Bytes are deleted before the record of their deletion
commits: a storage error leaves the row as it was, for the next run.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from PIL import Image, ImageFilter

from audit.events import Actor, EventType
from audit.selectors import audit_events_for_tenant
from audit.services import record_event
from foundation.cursors import keyset_page
from foundation.tenancy import Tenant
from generation import storage
from generation.models import TERMINAL_STATUSES, GeneratedImage, GenerationJob, ImageDecision
from policy.decisions import job_policy

# Pending images were never released (screening or signing never finished): withheld like held ones.
# Unselected candidates were never meant to be: kept for reviewers under the same retention.
QUARANTINED = (ImageDecision.HELD, ImageDecision.BLOCKED, ImageDecision.PENDING, ImageDecision.UNSELECTED)
RETENTION = Actor.system("retention")
INPUTS = ("image", "mask")  # an edit's uploads, as admission stores them (`input_<name>_path`)
# An open review item of a job (controlplane.review's ReviewState.OPEN; that layer is above this one,
# so it is named through the relation, not imported).
_REVIEW_OPEN = "open"
logger = logging.getLogger(__name__)
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
        .order_by("-created_at", "-public_id")  # the page cursor's order (`quarantined_image_page`)
    )


@dataclass(frozen=True)
class QuarantinePage:
    images: list[GeneratedImage]
    has_more: bool
    next_cursor: str | None


def quarantined_image_page(
    images: QuerySet[GeneratedImage], *, tenant: Tenant, after: str | None, limit: int
) -> QuarantinePage:
    """One page of `images` (a `quarantined_images_for_tenant` query) after the cursor `after`
    (`keyset_page`, as jobs are paged). Raises InvalidCursor."""
    page, next_cursor = keyset_page(images, listing="quarantine", tenant=tenant, after=after, limit=limit)
    return QuarantinePage(page, next_cursor is not None, next_cursor)


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
    """The retention run (hourly): delete the bytes of every quarantined image past its retention, then
    the uploads of every edit past theirs (`inputs_purge`). Returns how many images were deleted.

    A file that cannot be deleted (a storage error) is logged and left, row and all, to the next run:
    the rest of the run goes on."""
    now = now or timezone.now()
    purged = 0
    for image in list(_expired(now)):
        try:
            purged += _image_delete(image, now)
        except SoftTimeLimitExceeded:
            raise  # the task's time is up: the rest waits for the next run
        except Exception:  # any storage backend's error (OSError, S3's ClientError, ...), or the database's
            logger.exception(
                "image %s not deleted at the end of its retention; retried next run", image.public_id
            )
    inputs_purge(now=now)
    return purged


def _image_delete(image: GeneratedImage, now: datetime) -> bool:
    """Delete one image's bytes and record it; False when it is no longer to be deleted."""
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
            return False
        # The bytes go before the claim and its event commit: a delete that fails rolls both back and
        # the next run tries again, so the log never says deleted of bytes still stored. (A commit that
        # fails after the delete leaves the row too; the next run finds nothing to delete and records.)
        storage.delete(image.storage_path)
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
    return True


# An edit's uploads -----------------------------------------------------------------------------------


def _job_ended_at(job: GenerationJob) -> datetime:
    # Every terminal transition sets `finished_at`; the last status change stands in for a row without.
    return job.finished_at or job.transitioned_at


def _inputs_expired(now: datetime) -> Iterator[tuple[GenerationJob, int]]:
    """Terminal jobs still holding uploads past their policy's retention, with that retention (days)."""
    retention_days: dict[int, int] = {}
    candidates = (
        GenerationJob.objects.select_related("policy_version", "tenant")
        .filter(status__in=TERMINAL_STATUSES)
        .exclude(input_image_path="", input_mask_path="")
        .exclude(review_items__state=_REVIEW_OPEN)
        .order_by("pk")
    )
    for job in candidates.iterator(chunk_size=500):
        version = job.policy_version
        if version.pk not in retention_days:
            retention_days[version.pk] = job_policy(version).retention_days
        if _job_ended_at(job) + timedelta(days=retention_days[version.pk]) <= now:
            yield job, retention_days[version.pk]


def inputs_purge(*, now: datetime | None = None) -> int:
    """Delete the uploads (image, mask) of every edit whose job ended more than its policy's
    `output.retention_days` ago, the retention of its quarantined images; returns how many jobs'.

    One rule for every terminal job, released or not. A blocked or rejected upload (a sexual or
    non-consensual photo) must not outlive the images it was refused for, and a released edit's upload
    is still a person's photo, EXIF and all, that nobody else needs: its released image's C2PA manifest
    names it as the parent ingredient (title, format, instance id; no copy, no thumbnail) and the audit
    log keeps its sha256 (`job.received`, `job.inputs_deleted`), so what the edit started from stays
    on record; only a replay of it is no longer possible (`replay_input_gone`). Keeping released
    uploads longer would keep exactly the photos nobody is reviewing. Counted from the job's end, so
    the uploads go no earlier than its images.

    Never while a review item of the job is open: a held job's reviewer decides on the upload, and an
    upheld appeal runs the edit, or signs a blocked image naming the upload as its ingredient, from
    these bytes. A denied appeal lets the rule apply again (at once if the time has passed)."""
    now = now or timezone.now()
    deleted = 0
    for job, retention_days in list(_inputs_expired(now)):
        try:
            deleted += _inputs_delete(job, retention_days, now)
        except SoftTimeLimitExceeded:
            raise
        except Exception:  # any storage backend's error (OSError, S3's ClientError, ...), or the database's
            logger.exception(
                "inputs of job %s not deleted at the end of their retention; retried next run", job.public_id
            )
    return deleted


def _inputs_delete(candidate: GenerationJob, retention_days: int, now: datetime) -> bool:
    """Delete one job's uploads and record it; False when they are no longer to be deleted."""
    digests = _recorded_input_digests(candidate)  # read before the lock: the log is append-only
    with transaction.atomic():
        # Lock the job, then read again in new statements: an appeal's item takes a key-share lock on the
        # job row (its foreign key, checked as it commits), so an appeal committed before this lock is
        # seen below, and one committing meanwhile waits for this commit.
        job = GenerationJob.objects.select_for_update().filter(pk=candidate.pk).first()
        if (
            job is None
            or job.status not in TERMINAL_STATUSES
            or _job_ended_at(job) + timedelta(days=retention_days) > now
            or job.review_items.filter(state=_REVIEW_OPEN).exists()
            # A withheld image whose delete failed may still be appealed and released, and its manifest
            # names the upload as its ingredient: the upload goes after it.
            or job.images.filter(decision__in=QUARANTINED, purged_at__isnull=True)
            .exclude(storage_path="")
            .exists()
        ):
            return False
        paths = {name: getattr(job, f"input_{name}_path") for name in INPUTS}
        deleted = [name for name, path in paths.items() if path]
        if not deleted:
            return False
        # The bytes first, as for images: a delete that fails leaves the paths and records nothing.
        for name in deleted:
            storage.delete(paths[name])
        GenerationJob.objects.filter(pk=job.pk).update(input_image_path="", input_mask_path="")
        record_event(
            tenant=candidate.tenant,
            event_type=EventType.JOB_INPUTS_DELETED,
            actor=RETENTION,
            subjects={"job": job.public_id},
            payload={
                "inputs": {name: digests.get(name) for name in deleted},  # sha256, null if not recorded
                "status": job.status,
                "ended_at": _job_ended_at(job).isoformat(),
                "retention_days": retention_days,
                "policy": job.policy_name,
            },
        )
    return True


def _recorded_input_digests(job: GenerationJob) -> dict[str, str]:
    """The sha256 of each upload as admission recorded it (`job.received`)."""
    received = audit_events_for_tenant(
        job.tenant, event_type=EventType.JOB_RECEIVED, subject=f"job:{job.public_id}", limit=1
    )
    inputs = received[0].payload.get("inputs") if received else None
    return inputs if isinstance(inputs, dict) else {}

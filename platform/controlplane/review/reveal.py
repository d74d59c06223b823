"""A review item's inputs: the image (and mask) its job was asked to edit, for the reviewers deciding it.

An upload held by input screening (NSFW, a face, a gallery match) is what the reviewer decides on, so
it is shown under the rules of a withheld output image (`generation.quarantine`): blurred by default,
as it is only on an explicit reveal, which `services.check_may_reveal` refuses to the job's requester
and which is recorded (`image.revealed`) before any byte is returned.
"""

from __future__ import annotations

import io

from django.db import transaction
from PIL import Image

from audit.events import EventType
from audit.services import record_event
from controlplane.review.models import ReviewItem
from controlplane.review.services import Reviewer, check_may_reveal
from foundation import media
from foundation.errors import ServiceError
from generation import storage
from generation.models import GenerationJob, Mode
from generation.quarantine import blurred

INPUTS = ("image", "mask")  # the names job admission stores them under (`input_<name>_path`)


def input_path(job: GenerationJob, name: str) -> str:
    """Where the job's upload `name` is stored; "" when the job has none (a text-to-image job)."""
    if name not in INPUTS:
        return ""
    return job.input_image_path if name == "image" else job.input_mask_path


def item_inputs(item: ReviewItem) -> tuple[str, ...]:
    """The names of the uploads the item's job holds, image first."""
    return tuple(name for name in INPUTS if input_path(item.job, name))


def item_input_read(
    *, item: ReviewItem, name: str, reviewer: Reviewer, reveal: bool = False
) -> tuple[bytes, str]:
    """The item's input `name` as (bytes, mime type): a blurred PNG unless `reveal`. Raises ServiceError
    404 when the job has no such input or its bytes are no longer stored, 403 `own_job` for a reveal
    by the job's requester."""
    path = input_path(item.job, name)
    if not path and name == "image" and item.job.mode != Mode.TEXT2IMG:
        raise ServiceError(  # an edit always has an image: the retention run deleted it
            f"The input image of job {item.job.public_id} was deleted at the end of its retention; there "
            "is nothing to show.",
            code="input_missing",
            status=404,
        )
    if not path:
        raise ServiceError(
            f"Review {item.public_id} has no input {name}: its job uploaded "
            f"{' and '.join(item_inputs(item)) or 'nothing'}.",
            code="not_found",
            status=404,
        )
    if reveal:
        check_may_reveal(item.job, reviewer)
    # Read before the reveal is recorded, so a missing file records no reveal; the event still commits
    # before any byte leaves this function.
    try:
        data = storage.read(path)
    except FileNotFoundError as exc:
        raise ServiceError(
            f"The input {name} of job {item.job.public_id} is no longer stored; there is nothing to show.",
            code="input_missing",
            status=404,
        ) from exc
    if not reveal:
        return blurred(_on_white(data)), "image/png"
    with transaction.atomic():
        record_event(
            tenant=item.tenant,
            event_type=EventType.IMAGE_REVEALED,
            actor=reviewer.actor,
            subjects={"review": item.public_id, "job": item.job.public_id},
            payload={"input": name, "sha256": storage.sha256_hex(data), "reasons": item.reasons},
        )
    sniffed = media.sniff(data)  # admission stored only what it sniffed as PNG, JPEG or WebP
    return data, sniffed.mime if sniffed else "application/octet-stream"


def _on_white(data: bytes) -> bytes:
    """An image with transparency laid on white: a mask is all in its alpha (0 marks the pixels to
    edit), which the blurred preview, in RGB, would otherwise drop, leaving one flat colour."""
    try:
        with Image.open(io.BytesIO(data)) as source:
            if source.mode not in ("RGBA", "LA", "PA") and "transparency" not in source.info:
                return data
            picture = Image.alpha_composite(Image.new("RGBA", source.size, "white"), source.convert("RGBA"))
    except (OSError, ValueError, Image.DecompressionBombError):
        return data  # `blurred` shows an unreadable file as grey
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()

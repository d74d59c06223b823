"""Is a presented picture one this installation released? The one rule behind /v1/verify and the
console's verify page.

The invisible watermark names an image record, but a mark can be lifted from one released image and
added to another picture (bench/watermark_adversary.py measured it), so the mark alone proves only that
the picture carries an id Assay issued. Attribution is confirmed when the presented pixels also resemble
the released image on record (`provenance.resemblance`: resized, cropped, recompressed copies match; a
different picture does not).

Resemblance allows a small local change: a patch over a twentieth of a released picture still resembles
it (past about a tenth of its blocks it does not). A file that carries a manifest which is not this
installation's intact one (it no longer checks out, or someone else signed it: an editor's new manifest,
a forger's) was changed after Assay signed it, so the picture is reported as derived from a released
image, never as confirmed, unless its pixels are exactly the released ones. An edited copy whose
manifest was stripped, edited within that allowance, cannot be told apart that way (docs/watermark.md).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from PIL import Image as PILImage

from foundation.images import as_displayed, complete_jpeg, is_animated, is_opaque, oriented
from generation import selectors, storage
from generation.models import GeneratedImage
from provenance.resemblance import resemblance


class Verdict(StrEnum):
    NONE = "none"  # no mark, or a mark naming no record here
    CONFIRMED = "confirmed"  # the mark names a record and the pixels match it
    CONTENT_DIFFERS = "watermark_only_content_differs"  # a possible forgery: the pixels are another picture
    RECORD_UNAVAILABLE = "watermark_only_record_unavailable"  # the released bytes are gone (purged)
    # The pixels resemble the record, but the file's manifest says they changed after Assay signed it.
    EDITED = "derived_edited_after_signing"


@dataclass(frozen=True)
class Attribution:
    image: GeneratedImage | None  # the record the watermark names, whatever the verdict
    content_matches_record: bool | None  # None: nothing to compare with
    edited: bool = False  # the file carries a manifest that is not this installation's, intact

    @property
    def verdict(self) -> Verdict:
        if self.image is None:
            return Verdict.NONE
        if self.content_matches_record is None:
            return Verdict.RECORD_UNAVAILABLE
        if not self.content_matches_record:
            return Verdict.CONTENT_DIFFERS
        return Verdict.EDITED if self.edited else Verdict.CONFIRMED

    @property
    def confirmed(self) -> bool:
        return self.verdict is Verdict.CONFIRMED


def _released_picture(image: GeneratedImage) -> PILImage.Image | None:
    """The released bytes on record, decoded; None once they are gone (purged, deleted)."""
    if image.purged_at is not None or not storage.exists(image.storage_path):
        return None
    try:
        picture = PILImage.open(io.BytesIO(storage.read(image.storage_path)))
        picture.load()
    except (OSError, ValueError):
        return None
    return picture


def _submitted_picture(data: bytes) -> PILImage.Image:
    """The presented picture decoded as `provenance.services.verify` read it: a JPEG that lacks only its
    EOI marker whole."""
    picture = PILImage.open(io.BytesIO(data))
    try:
        picture.load()
    except OSError:
        completed = complete_jpeg(data)
        if completed is None:
            raise
        picture = PILImage.open(io.BytesIO(completed))
        picture.load()
    return picture


# Transparent pixels show whatever is behind them: a picture is compared as shown over both, so that RGB
# hidden under transparency (a copy whose alpha is 0 everywhere shows nothing) never matches on its own.
_BACKGROUNDS = ((0, 0, 0), (255, 255, 255))


def issued(watermark_id: str) -> bool:
    """Whether this installation issued `watermark_id` (for `provenance.services.verify`)."""
    return selectors.image_by_watermark_id(watermark_id) is not None


def attribute(watermark_id: str | None, data: bytes, *, c2pa: dict[str, Any] | None = None) -> Attribution:
    """The record `watermark_id` names and whether the picture in `data` (already decoded once by the
    caller's checks, so known to be an image) resembles its released bytes. `c2pa`: provenance's
    `verify` of the file's manifest (`present`, `own_signer`)."""
    image = selectors.image_by_watermark_id(watermark_id) if watermark_id else None
    if image is None:
        return Attribution(image=None, content_matches_record=None)
    if hashlib.sha256(data).hexdigest() == image.sha256:
        return Attribution(image=image, content_matches_record=True)  # the released file itself
    edited = bool(c2pa and c2pa.get("present") and not c2pa.get("own_signer"))
    original = _released_picture(image)
    if original is None:
        return Attribution(image=image, content_matches_record=None, edited=edited)
    submitted = _submitted_picture(data)
    if is_animated(submitted, data):
        # What a viewer shows is not one picture (verify refuses such a file before it gets here).
        return Attribution(image=image, content_matches_record=False, edited=edited)
    # Both as a viewer shows them: upright (EXIF orientation), transparency over each background. A copy
    # that carries an orientation is compared as stored too: a tag added to the released pixels turns
    # them for display, and is no other picture (verify reads its mark either way).
    backgrounds = _BACKGROUNDS[:1] if is_opaque(submitted) and is_opaque(original) else _BACKGROUNDS
    readings = [
        [
            (as_displayed(submitted, colour, upright=upright), as_displayed(original, colour))
            for colour in backgrounds
        ]
        for upright in ((True, False) if oriented(submitted) else (True,))
    ]
    # A copy too small to compare at all (matched None) is not a confirmed one either.
    matched = any(
        all(resemblance(shown, released).matched is True for shown, released in pairs) for pairs in readings
    )
    if edited:
        # The released pixels exactly, under a manifest that broke or another's: only metadata changed
        # (a damaged chunk, an edited XMP packet, a new manifest), which no picture edit is.
        edited = not any(
            all(
                shown.size == released.size and np.array_equal(np.asarray(shown), np.asarray(released))
                for shown, released in pairs
            )
            for pairs in readings
        )
    return Attribution(image=image, content_matches_record=matched, edited=edited)

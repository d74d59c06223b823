"""Whether a submitted picture is a copy of an original: the same picture after the handling a genuine
copy meets (resize 0.5x-1.5x, a crop down to about half its area, JPEG or WebP, brightness, contrast
or gamma, a screenshot with a border around it), not a different picture that borrowed its watermark.

Both pictures are reduced to a small working size, blurred a little (codec noise and resampling
vanish), and one is searched inside the other over a range of scales by normalised correlation
(`cv2.matchTemplate`). The best placement is then scored per colour channel, and the score is the
worst channel's correlation: a channel that is flat in one picture and not in the other scores near
zero, so a red circle does not pass for a blue one. Template search, not keypoints, because Assay's
own models paint flat shapes with too few corners for ORB or AKAZE, and the search covers photographs
too (bench/resemblance.py measures the rates)."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

# The longer side of the picture searched in, in pixels: small enough to stay a few ms per scale,
# large enough that a flat shape's outline still decides the correlation.
WORK_SIZE = 160
# The smallest share of the searched picture's width a copy may occupy: a crop down to half the
# area keeps at least ~0.5 of one side, and a 1.5x resize then a crop lands above it as well.
MIN_FRACTION = 0.45
# Relative step between tried scales (~2.5%: at WORK_SIZE a copy's edge is then off by under 2 px).
SCALE_STEP = 1.025
# A channel whose standard deviation is under this (on 0-255) is flat.
FLAT_STD = 3.0
# bench/resemblance.py (200 + 200 pairs): 99th percentile of different pictures 0.885; genuine photo
# copies all above it, a few flat-picture crops below (see docs/watermark.md).
THRESHOLD = 0.9
# Two pictures flat in every channel (a solid colour) have no pattern to correlate: their mean colours
# are compared instead, and this many levels of difference (0-255, worst channel) scores 0.
FLAT_COLOUR_SPAN = 160.0
# Placements re-scored per colour channel: the best few by the joint correlation.
CANDIDATES = 3


@dataclass(frozen=True)
class Resemblance:
    """`score` in [-1, 1]; `method` names how it was found; `matched` is None when the pictures are
    too small or too unlike in shape to compare at all."""

    score: float
    method: str
    matched: bool | None


def _work(image: Image.Image, longest: int) -> np.ndarray:
    rgb = image.convert("RGB")
    scale = longest / max(rgb.size)
    size = (max(1, round(rgb.width * scale)), max(1, round(rgb.height * scale)))
    small = np.asarray(rgb.resize(size, Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR))
    return cv2.GaussianBlur(small.astype(np.float32), (0, 0), 1.0)


def _reduced(image: Image.Image) -> Image.Image:
    rgb = image.convert("RGB")
    if max(rgb.size) <= 2 * WORK_SIZE:
        return rgb
    scale = 2 * WORK_SIZE / max(rgb.size)
    return rgb.resize(
        (max(1, round(rgb.width * scale)), max(1, round(rgb.height * scale))), Image.Resampling.BOX
    )


def _channel_score(template: np.ndarray, patch: np.ndarray) -> float:
    """The worst per-channel Pearson correlation; a channel flat in both pictures says nothing, and two
    pictures flat in every channel score by how close their colours are (within 16 levels: >= 0.9)."""
    worst = 1.0
    informative = False
    for c in range(3):
        a = template[..., c].ravel()
        b = patch[..., c].ravel()
        sa, sb = float(a.std()), float(b.std())
        if sa < FLAT_STD and sb < FLAT_STD:
            continue
        informative = True
        cov = float(np.mean((a - a.mean()) * (b - b.mean())))
        worst = min(worst, cov / (max(sa, FLAT_STD) * max(sb, FLAT_STD)))
    if informative:
        return worst
    colours = np.abs(template.reshape(-1, 3).mean(axis=0) - patch.reshape(-1, 3).mean(axis=0))
    return max(0.0, 1.0 - float(colours.max()) / FLAT_COLOUR_SPAN)


def _search(inner: Image.Image, outer: np.ndarray) -> float | None:
    """The best score of `inner` placed inside `outer` at any scale it fits at, or None if none."""
    height, width = outer.shape[:2]
    aspect = inner.height / inner.width
    found: list[tuple[float, np.ndarray, tuple[int, int]]] = []
    fraction = 1.0
    while fraction >= MIN_FRACTION:
        tw = round(width * fraction)
        th = round(tw * aspect)
        fraction /= SCALE_STEP
        if th > height or tw < 16 or th < 16:
            continue
        template = _work(inner, max(tw, th))
        if template.shape[0] > height or template.shape[1] > width:
            continue
        result = cv2.matchTemplate(outer, template, cv2.TM_CCOEFF_NORMED)
        _, value, _, (x, y) = cv2.minMaxLoc(result)
        found.append((float(value), template, (x, y)))
    if not found:
        return None
    best = None
    for _, template, (x, y) in sorted(found, key=lambda item: -item[0])[:CANDIDATES]:
        patch = outer[y : y + template.shape[0], x : x + template.shape[1]]
        score = _channel_score(template, patch)
        best = score if best is None else max(best, score)
    return best


def resemblance(submitted: Image.Image, original: Image.Image) -> Resemblance:
    """Is `submitted` the `original` after ordinary handling? Searched both ways: the submitted copy
    inside the original (a crop, a resize) and the original inside the copy (a screenshot with the
    page around it)."""
    # Each scale resamples the searched-for picture again: do it from a copy a little above the
    # working size rather than from a multi-megapixel upload.
    submitted, original = _reduced(submitted), _reduced(original)
    scores = []
    crop = _search(submitted, _work(original, WORK_SIZE))
    if crop is not None:
        scores.append((crop, "template.copy_in_original"))
    framed = _search(original, _work(submitted, WORK_SIZE))
    if framed is not None:
        scores.append((framed, "template.original_in_copy"))
    if not scores:
        return Resemblance(score=0.0, method="none", matched=None)
    score, method = max(scores)
    return Resemblance(score=round(score, 4), method=method, matched=score >= THRESHOLD)

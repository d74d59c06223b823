"""Whether a submitted picture is a copy of an original: the same picture after the handling a genuine
copy meets (resize 0.5x-1.5x, a crop down to about half its area, JPEG or WebP, brightness, contrast
or gamma, a screenshot with a border around it), not a different picture that borrowed its watermark,
nor someone else's picture with the original pasted into it, blended in or written over.

Three checks, all of which a copy must pass:

1. Placement. Both pictures are reduced to a small working size, blurred a little (codec noise and
   resampling vanish), and one is searched inside the other over a range of scales by normalised
   correlation (`cv2.matchTemplate`). The best placement is scored per colour channel, and the score
   is the worst channel's correlation: a channel that is flat in one picture and not in the other
   scores near zero, so a red circle does not pass for a blue one.
2. Nothing else around it. When the original is found inside the submitted picture (a screenshot), what
   lies outside the placement must be plain: a frame, a letterbox, a window's chrome. If more than
   BUSY_MAX of the submitted picture is busy outside the placement, the picture is mostly something
   else (the original pasted into another photo), and the placement scores no more than the share of
   the picture that is not busy.
3. Detail, block by block. The placement is refined at up to FINE_SIZE px (a finer scale and position
   search, then `cv2.findTransformECC` to a fraction of a pixel), a non-decreasing tone curve per channel
   maps the original onto the copy (what brightness, contrast and gamma do), and the copy is cut into
   GRID x GRID blocks. A block agrees when what the curve leaves unexplained is under BLOCK_RMS levels
   (plus BLOCK_SLACK of the block's own contrast, for codec noise on texture). At least THRESHOLD of the
   blocks must agree. A second photo blended in, or text drawn over the picture, leaves a residual no
   tone curve removes in most blocks, while the blur of the first check hid it.

The score is the lowest of the three (the correlation, the share of agreeing blocks, and 1 - the busy
share where that is over BUSY_MAX), so THRESHOLD decides all of them. Template search, not keypoints,
because Assay's own models paint flat shapes with too few corners for ORB or AKAZE, and the search covers
photographs too (bench/resemblance.py measures the rates)."""

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
# copies all above it, a few flat-picture crops below (see docs/watermark.md). The same bar holds for
# the share of agreeing blocks.
THRESHOLD = 0.9
# Two pictures flat in every channel (a solid colour) have no pattern to correlate: their mean colours
# are compared instead, and this many levels of difference (0-255, worst channel) scores 0.
FLAT_COLOUR_SPAN = 160.0
# Placements re-scored per colour channel: the best few by the joint correlation.
CANDIDATES = 3
# Around an original found inside the submitted picture: a working-size pixel is busy when its 5x5
# neighbourhood's standard deviation (worst channel, 0-255) is above BUSY_STD, and at most BUSY_MAX of
# the submitted picture may be busy outside the placement. Measured (see docs/watermark.md): window
# chrome and borders of genuine screenshots 0.12 at most; the original over 60% of another photo 0.22.
BUSY_STD = 5.0
BUSY_MAX = 0.17
# The longer side of the finer comparison, in pixels, and never more than this share of the copy's
# own pixels there (a copy's codec noise is at its own scale: compared a little below it, it averages
# out).
FINE_SIZE = 256
NATIVE_SHARE = 0.7
FINE_BLUR = 1.0
# Under this many pixels (longer side) the finer comparison is not made: the placement alone decides.
FINE_MIN = 32
# The refined search: scales within +-REFINE_SPAN of the placement's (its estimate runs a few per cent
# small for photographs, and more for a flat shape, whose blurred blob matches over a range of scales),
# in steps of REFINE_STEP; FINE_MARGIN of the size is left off each side of the compared part, and
# twice that is searched around the placement's centre.
REFINE_SPAN = 0.2
REFINE_STEP = 0.01
FINE_MARGIN = 0.045
# Levels of a channel (0-255) the tone curve is fitted over, in bands.
TONE_BANDS = 32
# Blocks per side (the longer one), and what a block may leave unexplained (RMS, worst channel, 0-255):
# BLOCK_RMS plus BLOCK_SLACK of the block's own standard deviation. Measured as that excess over the
# slack, the tenth-worst block of 180 genuine copies stays under 2.5; an 80/20 blend's is over 5.9, a
# 70/30 blend's over 11 and dense text's over 12 (docs/watermark.md).
GRID = 8
BLOCK_RMS = 5.0
BLOCK_SLACK = 0.1


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


@dataclass(frozen=True)
class _Placement:
    """Where `inner` was found in `outer`: its coarse score and the box it covers, as shares of the
    outer picture's width and height (left, top, right, bottom)."""

    score: float
    box: tuple[float, float, float, float]


def _search(inner: Image.Image, outer: np.ndarray) -> _Placement | None:
    """The best placement of `inner` inside `outer` at any scale it fits at, or None if none."""
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
        if best is None or score > best.score:
            th, tw = template.shape[:2]
            best = _Placement(score, (x / width, y / height, (x + tw) / width, (y + th) / height))
    return best


def _busy_outside(outer: np.ndarray, box: tuple[float, float, float, float]) -> float:
    """The share of `outer` (a working-size picture) outside `box` that is not plain: whose local
    standard deviation, worst channel, is above BUSY_STD. A screenshot's frame, a letterbox or a
    window's chrome is mostly plain; another picture around the original is not."""
    height, width = outer.shape[:2]
    mean = cv2.blur(outer, (5, 5))
    spread = np.sqrt(np.maximum(cv2.blur(outer * outer, (5, 5)) - mean * mean, 0)).max(axis=2)
    busy = spread > BUSY_STD
    left, top, right, bottom = box
    # The original's own edge bleeds a couple of pixels into the frame through the blur and the window.
    x0, y0 = max(0, round(left * width) - 3), max(0, round(top * height) - 3)
    x1, y1 = min(width, round(right * width) + 3), min(height, round(bottom * height) + 3)
    busy[y0:y1, x0:x1] = False
    return float(busy.mean())


def _tone_curve(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """`target` predicted from `source` (one channel each, 0-255) by a non-decreasing curve: the median
    target level of each band of source levels, pooled where it would decrease (a brightness, contrast
    or gamma change is such a curve; a second picture blended in or text drawn over is not). Medians,
    so that a small pasted patch bends the curve no more than it must and only its own blocks differ."""
    source, target = source.ravel(), target.ravel()
    bands = np.minimum((source * (TONE_BANDS / 256.0)).astype(np.int32), TONE_BANDS - 1)
    levels = np.clip(target + 0.5, 0, 255).astype(np.int32)
    histogram = np.bincount(bands * 256 + levels, minlength=TONE_BANDS * 256).reshape(TONE_BANDS, 256)
    counts = histogram.sum(axis=1)
    used = counts > 0
    # Each band's median level: where its cumulative count first reaches half.
    medians = (np.cumsum(histogram[used], axis=1) * 2 >= counts[used, None]).argmax(axis=1).astype(np.float64)
    xs = np.bincount(bands, weights=source, minlength=TONE_BANDS)[used] / counts[used]
    # Pool adjacent violators: a run that decreases takes its weighted mean.
    pooled: list[list[float]] = []
    for y, w in zip(medians.tolist(), counts[used].tolist(), strict=True):
        pooled.append([y, w, 1])
        while len(pooled) > 1 and pooled[-2][0] > pooled[-1][0]:
            y2, w2, n2 = pooled.pop()
            y1, w1, n1 = pooled.pop()
            pooled.append([(y1 * w1 + y2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    curve = np.repeat([p[0] for p in pooled], [p[2] for p in pooled])
    return np.interp(source, xs, curve).astype(np.float32).reshape(-1)


def _fine_source(image: Image.Image) -> Image.Image:
    """`image` at no more than twice FINE_SIZE, resampled with an antialiasing filter (a box filter a
    little under 1:1 blurs some pixels and not others, which the block check would see)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    if max(rgb.size) <= 2 * FINE_SIZE:
        return rgb
    scale = 2 * FINE_SIZE / max(rgb.size)
    size = (max(1, round(rgb.width * scale)), max(1, round(rgb.height * scale)))
    return rgb.resize(size, Image.Resampling.BILINEAR, reducing_gap=1.0)


def _fine(image: Image.Image, size: tuple[int, int]) -> np.ndarray:
    """`image` (RGB or grey) at `size`, blurred a little, as float32."""
    small = np.asarray(image.resize(size, Image.Resampling.BILINEAR))
    return cv2.GaussianBlur(small.astype(np.float32), (0, 0), FINE_BLUR)


def _refined(
    inner: Image.Image, whole: np.ndarray, centre: tuple[float, float], size: tuple[float, float], margin: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """`inner` (less `margin` each side) and the part of `whole` it lies over, best placed by a finer
    scale and position search around `centre` at about `size`: the patch at the best whole pixel, to a
    fraction of a pixel, and (when it converges) warped by `cv2.findTransformECC`."""

    reach = 2 * margin  # how far the placement's centre may be off, in pixels
    # Searched in one channel, the colour axis along which the original varies most: a red shape on a
    # green ground can have the same luma as the ground, and then a grey picture would show nothing.
    pixels = np.asarray(inner, dtype=np.float32).reshape(-1, 3)
    axis = np.linalg.eigh(np.cov(pixels, rowvar=False) + np.eye(3) * 1e-3)[1][:, -1].astype(np.float32)
    grey_inner = Image.fromarray((np.asarray(inner, dtype=np.float32) @ axis).astype(np.float32))
    grey_whole = np.ascontiguousarray(whole @ axis)

    def placed(s: float):
        w, h = round(size[0] * s), round(size[1] * s)
        if w <= 2 * margin + 8 or h <= 2 * margin + 8:
            return None
        template = _fine(grey_inner, (w, h))[margin : h - margin, margin : w - margin]
        th, tw = template.shape[:2]
        tx, ty = round(centre[0] - tw / 2), round(centre[1] - th / 2)
        x0, y0 = max(0, tx - reach), max(0, ty - reach)
        x1, y1 = min(whole.shape[1], tx + tw + reach), min(whole.shape[0], ty + th + reach)
        if x1 - x0 < tw or y1 - y0 < th:
            return None
        result = cv2.matchTemplate(grey_whole[y0:y1, x0:x1], template, cv2.TM_CCOEFF_NORMED)
        _, value, _, (x, y) = cv2.minMaxLoc(result)
        return float(value), s, (w, h), (x0, y0, x1, y1), (x, y), result, template

    # Climb from the placement's scale in steps of twice REFINE_STEP while the correlation rises (up to
    # REFINE_SPAN either way), then try REFINE_STEP either side of the best.
    best = placed(1.0)
    for direction in (-1, 1):
        k = 2 * direction
        while best is not None and abs(k) * REFINE_STEP <= REFINE_SPAN + 1e-9:
            t = placed(1.0 + k * REFINE_STEP)
            if t is None or t[0] <= best[0]:
                break
            best, k = t, k + 2 * direction
    if best is None:
        return []
    for t in (placed(best[1] - REFINE_STEP), placed(best[1] + REFINE_STEP)):
        if t is not None and t[0] > best[0]:
            best = t
    _, _, (w, h), (x0, y0, x1, y1), (x, y), result, grey_template = best
    template = _fine(inner, (w, h))[margin : h - margin, margin : w - margin]
    window = whole[y0:y1, x0:x1]
    th, tw = template.shape[:2]
    # The peak to a fraction of a pixel: a parabola through it and its neighbours each way.
    fx, fy = float(x), float(y)
    if 0 < x < result.shape[1] - 1:
        a, b, c = result[y, x - 1], result[y, x], result[y, x + 1]
        fx += 0.5 * float(a - c) / min(float(a - 2 * b + c), -1e-6)
    if 0 < y < result.shape[0] - 1:
        a, b, c = result[y - 1, x], result[y, x], result[y + 1, x]
        fy += 0.5 * float(a - c) / min(float(a - 2 * b + c), -1e-6)
    pairs = [(template, cv2.getRectSubPix(window, (tw, th), (fx + (tw - 1) / 2, fy + (th - 1) / 2)))]
    warp = np.array([[1, 0, fx], [0, 1, fy]], np.float32)
    try:
        criteria = (cv2.TERM_CRITERIA_COUNT | cv2.TERM_CRITERIA_EPS, 40, 1e-4)
        _, warp = cv2.findTransformECC(
            grey_template, grey_whole[y0:y1, x0:x1], warp, cv2.MOTION_AFFINE, criteria, None, 1
        )
    except cv2.error:  # a flat picture, or no convergence: the whole-pixel search stands
        return pairs
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    pairs.append(
        (template, cv2.warpAffine(window, warp, (tw, th), flags=flags, borderMode=cv2.BORDER_REPLICATE))
    )
    return pairs


def _agreeing(original: np.ndarray, copy: np.ndarray) -> float:
    """The share of the copy's blocks that a per-channel tone curve of the original explains."""
    predicted = np.stack(
        [_tone_curve(original[..., c], copy[..., c]).reshape(copy.shape[:2]) for c in range(3)], axis=2
    )
    residual = copy - predicted
    height, width = copy.shape[:2]
    rows = max(2, round(GRID * height / max(height, width)))
    cols = max(2, round(GRID * width / max(height, width)))
    ys = np.linspace(0, height, rows + 1).round().astype(int)[:-1]
    xs = np.linspace(0, width, cols + 1).round().astype(int)[:-1]

    def per_block(values: np.ndarray) -> np.ndarray:  # block means, per channel
        sums = np.add.reduceat(np.add.reduceat(values, ys, axis=0), xs, axis=1)
        areas = np.outer(np.diff(np.append(ys, height)), np.diff(np.append(xs, width)))
        return sums / areas[..., None]

    mean = per_block(predicted)
    spread = np.sqrt(np.maximum(per_block(predicted * predicted) - mean * mean, 0))
    excess = np.sqrt(per_block(residual * residual)) - BLOCK_SLACK * spread
    return float((excess.max(axis=2) <= BLOCK_RMS).mean())


def _blocks(
    inner: Image.Image,
    outer: Image.Image,
    box: tuple[float, float, float, float],
    *,
    inner_is_original: bool,
    native: float,
) -> float | None:
    """The share of agreeing blocks between `inner` and the part of `outer` that `box` covers (shares of
    `outer`'s sides), compared at up to FINE_SIZE px and NATIVE_SHARE of the copy's `native` size
    there; None when that is under FINE_MIN px."""
    left, top, right, bottom = box
    region_w, region_h = (right - left) * outer.width, (bottom - top) * outer.height
    longest = min(FINE_SIZE, max(region_w, region_h), max(inner.size), NATIVE_SHARE * native)
    if longest < FINE_MIN:
        return None
    zoom = longest / max(region_w, region_h)
    whole = _fine(outer, (max(1, round(outer.width * zoom)), max(1, round(outer.height * zoom))))
    width = region_w * zoom
    size = (width, width * inner.height / inner.width)  # the box's height was rounded at the working size
    centre = ((left + right) / 2 * whole.shape[1], (top + bottom) / 2 * whole.shape[0])
    margin = max(3, round(FINE_MARGIN * longest))
    pairs = _refined(inner, whole, centre, size, margin)
    if not pairs:
        return None
    share = 0.0
    for template, patch in reversed(pairs):  # the ECC-warped patch first, where there is one
        share = max(share, _agreeing(*((template, patch) if inner_is_original else (patch, template))))
        if share >= THRESHOLD:
            break
    return share


def resemblance(submitted: Image.Image, original: Image.Image) -> Resemblance:
    """Is `submitted` the `original` after ordinary handling? Searched both ways: the submitted copy
    inside the original (a crop, a resize) and the original inside the copy (a screenshot with the
    page around it)."""
    upload = submitted.size
    fine_submitted, fine_original = _fine_source(submitted), _fine_source(original)
    # Each scale resamples the searched-for picture again: do it from a copy a little above the
    # working size rather than from a multi-megapixel upload.
    submitted, original = _reduced(submitted), _reduced(original)
    submitted_work = _work(submitted, WORK_SIZE)
    placements = []
    crop = _search(submitted, _work(original, WORK_SIZE))
    if crop is not None:
        placements.append((crop.score, "template.copy_in_original", crop))
    framed = _search(original, submitted_work)
    if framed is not None:
        busy = _busy_outside(submitted_work, framed.box)
        # Mostly another picture around the original: the placement counts for no more than what is plain.
        score = framed.score if busy <= BUSY_MAX else min(framed.score, 1.0 - busy)
        placements.append((score, "template.original_in_copy", framed))
    if not placements:
        return Resemblance(score=0.0, method="none", matched=None)
    best: tuple[float, str] | None = None
    for score, method, placement in sorted(placements, key=lambda p: -p[0]):
        if best is not None and score <= best[0]:
            break
        if score >= THRESHOLD:
            left, top, right, bottom = placement.box
            if method == "template.copy_in_original":
                share = _blocks(
                    fine_submitted, fine_original, placement.box, inner_is_original=False, native=max(upload)
                )
            else:
                native = max((right - left) * upload[0], (bottom - top) * upload[1])
                share = _blocks(
                    fine_original, fine_submitted, placement.box, inner_is_original=True, native=native
                )
            if share is not None:
                score = min(score, share)
        if best is None or score > best[0]:
            best = (score, method)
    assert best is not None
    score, method = best
    return Resemblance(score=round(score, 4), method=method, matched=score >= THRESHOLD)

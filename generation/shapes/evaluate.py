"""Score images of `assay-shapes-1` with a pixel-rule attribute checker; contact sheets.

The checker reads one image the way the dataset draws it: the background colour is the median of the
border; object pixels are those far from the background colour; the object is the largest connected
blob of them. Its colour is the median of its core pixels, its position the centre of its bounding box
(thirds of the image). Size and shape are read off its smallest enclosing rectangle at any angle, so a
rotated shape reads as it would upright: the size is that rectangle's longer side; a star fills about half
of its convex hull, the other shapes nearly all of it, and those differ by how much of the rectangle they
fill (square 1.0, circle 0.79, triangle 0.5). Colours are matched to the nearest palette colour.
Validate it on ground-truth renders (`checker_accuracy`) before trusting its verdict on a model.
"""

# ruff: noqa: S311 (seeded data generation and sampling, not cryptography)

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from scipy import ndimage
from scipy.spatial import ConvexHull, QhullError

from generation.shapes import data
from generation.shapes.recipe import DEFAULT_GUIDANCE

ATTRIBUTES = ("background", "colour", "position", "size", "shape")
_PALETTE_NAMES = list(data.COLOURS)
_PALETTE = np.array([data.COLOURS[n] for n in _PALETTE_NAMES], dtype=np.float32)
MIN_CONTRAST = 50.0  # RGB distance between the object's core colour and the background
MIN_OBJECT_FRACTION = 0.002  # of the image; fewer object pixels than this = no object drawn
# A star fills ~half its convex hull, every other shape all of it; the rest differ by how much of their
# bounding box they fill: triangle 0.5, circle 0.785, square 1.0 (blur lowers a small square to ~0.86).
STAR_SOLIDITY = 0.8
SHAPE_THRESHOLDS = ((0.64, "triangle"), (0.835, "circle"))
SIZE_THRESHOLD = 0.3  # small boxes are ~0.2 of the side, big ~0.4


@dataclass(frozen=True)
class Reading:
    background: str
    colour: str | None
    position: str | None
    size: str | None
    shape: str | None
    fill: float = 0.0
    solidity: float = 0.0


def _nearest(rgb: np.ndarray) -> str:
    return _PALETTE_NAMES[int(np.argmin(((_PALETTE - rgb) ** 2).sum(axis=1)))]


def _position(cx: float, cy: float) -> str:
    col = "left" if cx < 1 / 3 else "right" if cx > 2 / 3 else ""
    row = "top" if cy < 1 / 3 else "bottom" if cy > 2 / 3 else ""
    return f"{row} {col}".strip() or "center"


def read(image: Image.Image | np.ndarray) -> Reading:
    """The attributes of one image."""
    img = np.asarray(image.convert("RGB") if isinstance(image, Image.Image) else image, dtype=np.float32)
    side = img.shape[0]
    b = max(2, side // 64)
    border = np.concatenate(
        [
            img[:b].reshape(-1, 3),
            img[-b:].reshape(-1, 3),
            img[:, :b].reshape(-1, 3),
            img[:, -b:].reshape(-1, 3),
        ]
    )
    bg_rgb = np.median(border, axis=0)
    background = _nearest(bg_rgb)
    dist = np.sqrt(((img - bg_rgb) ** 2).sum(axis=2))
    far = dist.max()
    if far < 40:
        return Reading(background, None, None, None, None)
    core = dist > 0.75 * np.percentile(dist, 99.5)
    obj_rgb = np.median(img[core], axis=0)
    contrast = np.sqrt(((obj_rgb - bg_rgb) ** 2).sum())
    if contrast < MIN_CONTRAST:  # speckle on a plain image: no object (palette colours are >= 80 apart)
        return Reading(background, None, None, None, None)
    # Object pixels: halfway to the object's colour, and above what the background's own texture reaches.
    texture = np.percentile(np.sqrt(((border - bg_rgb) ** 2).sum(axis=1)), 99)
    mask = dist > max(0.5 * contrast, min(1.5 * texture, 0.65 * contrast))
    labels, count = ndimage.label(mask)
    if count == 0:
        return Reading(background, None, None, None, None)
    sizes = ndimage.sum_labels(mask, labels, index=np.arange(1, count + 1))
    blob = labels == (int(np.argmax(sizes)) + 1)
    area = float(blob.sum())
    if area < MIN_OBJECT_FRACTION * blob.size:
        return Reading(background, None, None, None, None)
    ys, xs = np.nonzero(blob)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    colour = _nearest(np.median(img[blob & core], axis=0) if (blob & core).any() else obj_rgb)
    position = _position((x0 + x1) / 2 / side, (y0 + y1) / 2 / side)
    hull = _hull(blob)
    rect_area, rect_long = _enclosing_rectangle(hull) if hull is not None else (area, max(x1 - x0, y1 - y0))
    size = "small" if rect_long / side < SIZE_THRESHOLD else "big"
    fill = area / max(rect_area, 1.0)
    solidity = area / (ConvexHull(hull).volume if hull is not None else area)  # in 2-D, "volume" is the area
    if solidity < STAR_SOLIDITY:
        shape = "star"
    else:
        shape = next((name for limit, name in SHAPE_THRESHOLDS if fill < limit), "square")
    return Reading(background, colour, position, size, shape, round(fill, 3), round(solidity, 3))


def _hull(blob: np.ndarray) -> np.ndarray | None:
    """The convex hull's vertices (x, y) of the blob's pixels, taken by their corners so that a filled
    box has solidity 1; None for a degenerate blob (one row or column of pixels)."""
    edge = blob & ~ndimage.binary_erosion(blob)
    ys, xs = np.nonzero(edge)
    corners = np.concatenate([np.stack([xs + dx, ys + dy], axis=1) for dx in (0, 1) for dy in (0, 1)])
    try:
        return corners[ConvexHull(corners).vertices].astype(np.float64)
    except QhullError:
        return None


def _enclosing_rectangle(hull: np.ndarray) -> tuple[float, float]:
    """Area and longer side of the smallest rectangle around the hull: one of its sides lies along a hull
    edge (rotating calipers), so trying every edge's direction finds it."""
    edges = np.roll(hull, -1, axis=0) - hull
    angles = np.arctan2(edges[:, 1], edges[:, 0])
    c, s = np.cos(angles)[:, None], np.sin(angles)[:, None]
    u = hull[:, 0] * c + hull[:, 1] * s  # each row: the hull in one edge's frame
    v = -hull[:, 0] * s + hull[:, 1] * c
    width, height = u.max(axis=1) - u.min(axis=1), v.max(axis=1) - v.min(axis=1)
    best = int(np.argmin(width * height))
    return float(width[best] * height[best]), float(max(width[best], height[best]))


def judge(reading: Reading, scene: data.Scene) -> dict[str, bool]:
    verdict = {
        "background": reading.background == scene.background,
        "colour": reading.colour == scene.colour,
        "position": reading.position == scene.position,
        "size": reading.size == scene.size,
        "shape": reading.shape == scene.shape,
    }
    verdict["all"] = all(verdict.values())
    verdict["all_but_size"] = all(v for k, v in verdict.items() if k not in ("size", "all"))
    return verdict


def score(images: Sequence[Image.Image], scenes: Sequence[data.Scene]) -> dict[str, Any]:
    """Accuracy per attribute; `images` holds len(images) // len(scenes) images per scene, in order."""
    per = len(images) // max(1, len(scenes))
    verdicts = [judge(read(im), scenes[i // per]) for i, im in enumerate(images)]
    keys = (*ATTRIBUTES, "all_but_size", "all")
    return {k: round(float(np.mean([v[k] for v in verdicts])), 4) for k in keys} | {"images": len(images)}


def seed_diversity(images: Sequence[Image.Image], prompts: int) -> float:
    """How much the seeds of one prompt differ: the mean absolute pixel difference (0-255, over pixels and
    channels) of every pair of images of a prompt, averaged over pairs and prompts (same layout as
    `score`: len(images) // prompts images per prompt, prompt-major)."""
    per = len(images) // max(1, prompts)
    if per < 2:
        raise ValueError("seed diversity needs at least two images per prompt")
    arrays = [np.asarray(im.convert("RGB"), dtype=np.float32) for im in images]
    pairs = [
        float(np.abs(arrays[p * per + i] - arrays[p * per + j]).mean())
        for p in range(prompts)
        for i in range(per)
        for j in range(i + 1, per)
    ]
    return round(float(np.mean(pairs)), 3)


def colour_confusions(images: Sequence[Image.Image], scenes: Sequence[data.Scene]) -> dict[str, int]:
    """Wrong object colours, as "asked->drawn" counts, most frequent first (same layout as `score`)."""
    per = len(images) // max(1, len(scenes))
    counts: dict[str, int] = {}
    for i, image in enumerate(images):
        asked, drawn = scenes[i // per].colour, read(image).colour
        if drawn != asked:
            key = f"{asked}->{drawn}"
            counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def checker_accuracy(
    n: int = 500, *, seed: int = 0, size: int = 256, degrade: bool = False
) -> dict[str, Any]:
    """The checker's own accuracy on ground-truth renders of training and held-out scenes.

    `degrade` blurs (radius 3) and adds noise (sigma 12) first, roughly what a small model's output
    looks like, to show how much of a model's error could be the checker's.
    """
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    scenes = [data.sample_scene(rng, split="heldout" if i % 4 == 0 else "train") for i in range(n)]
    images = [data.render(s, size) for s in scenes]
    if degrade:
        images = [
            Image.fromarray(
                np.clip(
                    np.asarray(im.filter(ImageFilter.GaussianBlur(3)), np.float32)
                    + noise.normal(0, 12, (size, size, 3)),
                    0,
                    255,
                ).astype(np.uint8)
            )
            for im in images
        ]
    return score(images, scenes)


def generate_with_pipeline(
    pipe: Any,
    prompts: Sequence[str],
    *,
    seeds: Sequence[int],
    steps: int = 20,
    guidance: float = DEFAULT_GUIDANCE,
) -> list[Image.Image]:
    """Images prompt-major (all seeds of prompt 0, then prompt 1, ...), each seed through its own CPU
    generator, as the backend draws them."""
    import torch

    out = []
    for prompt in prompts:
        for seed in seeds:
            generator = torch.Generator("cpu").manual_seed(seed)
            out.extend(
                pipe(
                    prompt,
                    num_inference_steps=steps,
                    guidance_scale=guidance,
                    generator=generator,
                    height=256,
                    width=256,
                ).images
            )
    return out


def folder_guidance(folder: str | Path) -> float:
    """The guidance a model folder samples at when a request leaves it out (its assay.json), as
    serving uses it without a catalog default."""
    from generation.tiny_model import read_model_config

    return float(read_model_config(folder).get("defaults", {}).get("guidance_scale", DEFAULT_GUIDANCE))


def evaluate_model(
    folder: str | Path,
    prompts: Sequence[tuple[str, data.Scene]],
    seeds: Sequence[int],
    *,
    steps: int = 20,
    guidance: float = DEFAULT_GUIDANCE,
    size: int = 256,
) -> tuple[dict[str, Any], list[Image.Image]]:
    """Generate through `DiffusersBackend().generate(spec)` (the serving path) and score the images."""
    import io

    from generation.backends.base import GenerationSpec, ModelSpec
    from generation.backends.diffusers_backend import DiffusersBackend

    backend = DiffusersBackend()
    model = ModelSpec(
        name="assay-shapes-1", backend="diffusers", family="sd15", path=str(Path(folder).resolve())
    )
    backend.load(model)  # load time is not generation time
    images: list[Image.Image] = []
    started = time.monotonic()
    for prompt, _ in prompts:
        for seed in seeds:
            spec = GenerationSpec(
                model=model,
                mode="text2img",
                prompt=prompt,
                n=1,
                width=size,
                height=size,
                seed=seed,
                steps=steps,
                guidance_scale=guidance,
            )
            result = backend.generate(spec)
            images.extend(Image.open(io.BytesIO(im.data)).convert("RGB") for im in result.images)
    elapsed = time.monotonic() - started
    metrics = score(images, [s for _, s in prompts])
    if len(seeds) > 1:
        metrics["seed_diversity"] = seed_diversity(images, len(prompts))
    metrics["seconds_per_image"] = round(elapsed / max(1, len(images)), 3)
    return metrics, images


def contact_sheet(
    images: Sequence[Image.Image],
    labels: Sequence[str],
    path: str | Path,
    *,
    columns: int = 8,
    tile: int = 128,
) -> Path:
    """A grid of images, each with a one-line label under it."""
    label_h = 14
    rows = (len(images) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * tile, rows * (tile + label_h)), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    for i, (im, label) in enumerate(zip(images, labels, strict=True)):
        x, y = (i % columns) * tile, (i // columns) * (tile + label_h)
        sheet.paste(im.convert("RGB").resize((tile, tile), Image.Resampling.BILINEAR), (x, y))
        draw.text((x + 2, y + tile + 1), label[:24], fill=(0, 0, 0))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path)
    return path


def short_label(reading: Reading) -> str:
    return " ".join(str(v) for v in (reading.size, reading.colour, reading.shape, reading.position) if v)

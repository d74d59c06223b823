"""The procedural dataset: one flat shape on a plain background, its attributes and varied captions.

A scene is (shape, colour, size, position, background). Everything is deterministic given a seed:
`sample_scene(rng)` draws attributes and what a caption leaves open (`sample_variation`): the exact shade
within the colour's name, the rotation of squares, triangles and stars, a jitter of position and size
that stays inside the named cell, and a faint texture on the background. `render(scene, size)` draws it
(2x supersampled for anti-aliased edges, ~2 ms at 256 px), `caption(scene, rng)` picks one of several
templates; a few of them leave the size or the position unsaid, as short prompts do.

Generalisation is measured on whole (colour, shape, position) combinations that training never sees:
`HELD_OUT` is a fixed set (seeded by `HOLDOUT_SEED`, independent of the training seed) chosen so that
each of its pairs (colour+shape, colour+position, shape+position) still occurs in training.
"""

# ruff: noqa: S311 (seeded data generation and sampling, not cryptography)

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image, ImageDraw

SHAPES = ("circle", "square", "triangle", "star")
COLOURS: dict[str, tuple[int, int, int]] = {
    "red": (220, 40, 40),
    "orange": (245, 140, 20),
    "yellow": (245, 220, 40),
    "green": (40, 170, 60),
    "blue": (40, 80, 220),
    "purple": (140, 60, 190),
    "white": (245, 245, 245),
    "black": (20, 20, 20),
}
SIZES = ("small", "big")
# Centre of the shape's bounding box, as a fraction of the image side (x, y).
POSITIONS: dict[str, tuple[float, float]] = {
    "center": (0.5, 0.5),
    "top": (0.5, 0.25),
    "bottom": (0.5, 0.75),
    "left": (0.25, 0.5),
    "right": (0.75, 0.5),
    "top left": (0.25, 0.25),
    "top right": (0.75, 0.25),
    "bottom left": (0.25, 0.75),
    "bottom right": (0.75, 0.75),
}
# Half the side of the shape's bounding box, as a fraction of the image side.
HALF_EXTENT = {"small": 0.1, "big": 0.2}
STAR_INNER_RATIO = 0.4
# What a caption leaves open, drawn per scene so that seeds of one prompt differ (assay-shapes-2).
# Position: the centre stays inside its third of the image (centres 0.25/0.5/0.75, thirds end at 1/3).
POSITION_JITTER = 0.04
SIZE_JITTER = 0.12  # relative; small boxes stay under 0.25 of the side, big ones over 0.35
# Shade: an offset in RGB within this radius, kept only while the palette colour is still the nearest
# by SHADE_MARGIN (palette colours are >= 80 apart, so a shade never reads as another name).
SHADE_RADIUS = 28.0
SHADE_MARGIN = 20.0
MIN_CONTRAST = 70.0  # a shade never brings the object closer than this to its background (orange/yellow)
# Rotation in degrees, over each shape's own symmetry (a circle has nothing to rotate).
ROTATION = {"circle": 0.0, "square": 90.0, "triangle": 360.0, "star": 72.0}
# Background texture: smooth noise from a coarse grid, brightness std in 0-255 levels. Faint enough that
# the background keeps its name (palette colours are >= 80 apart) and the object stays far from it.
TEXTURE_GRID = 6
TEXTURE_STD = 8.0

POSITION_PHRASES: dict[str, tuple[str, ...]] = {
    "center": ("in the center", "in the middle"),
    "top": ("at the top",),
    "bottom": ("at the bottom",),
    "left": ("on the left",),
    "right": ("on the right",),
    "top left": ("in the top left corner", "at the top left"),
    "top right": ("in the top right corner", "at the top right"),
    "bottom left": ("in the bottom left corner", "at the bottom left"),
    "bottom right": ("in the bottom right corner", "at the bottom right"),
}
TEMPLATES = (
    "a {size} {colour} {shape} {pos} on {a_bg} background",
    "{bg} background with a {size} {colour} {shape} {pos}",
    "{a_colour} {shape}, {size}, {pos}, {bg} background",
    "{size} {colour} {shape} {pos} of a plain {bg} image",
    "a picture of a {size} {colour} {shape} {pos}, {bg} backdrop",
    # Shorter prompts leave size or position open (people write "a red circle on a white background"):
    # without them the model has never seen such a caption and drifts (that prompt came out purple).
    "a {size} {colour} {shape} on {a_bg} background",
    "{a_colour} {shape} on {a_bg} background",
)
# The template used for evaluation prompts (the first, as written in the issue).
EVAL_TEMPLATE = 0

HOLDOUT_SEED = 1234
HOLDOUT_COUNT = 24  # of 8 x 4 x 9 = 288 (colour, shape, position) combinations


@dataclass(frozen=True)
class Scene:
    shape: str
    colour: str
    size: str
    position: str
    background: str
    dx: float = 0.0  # jitter of the centre, fraction of the side
    dy: float = 0.0
    scale: float = 1.0  # jitter of the extent
    shade: tuple[int, int, int] = (0, 0, 0)  # RGB offset of the object's colour
    angle: float = 0.0  # rotation, degrees (counter-clockwise on screen)
    texture: int = 0  # seed of the background texture; 0 = plain

    @property
    def combo(self) -> tuple[str, str, str]:
        return (self.colour, self.shape, self.position)


def _pairs(combo: tuple[str, str, str]) -> list[tuple[int, str, str]]:
    c, s, p = combo
    return [(0, c, s), (1, c, p), (2, s, p)]


def _held_out() -> frozenset[tuple[str, str, str]]:
    combos = list(itertools.product(COLOURS, SHAPES, POSITIONS))
    rng = random.Random(HOLDOUT_SEED)
    rng.shuffle(combos)
    chosen: list[tuple[str, str, str]] = []
    pair_count: dict[tuple[int, str, str], int] = {}
    for combo in combos:
        pairs = _pairs(combo)
        # Each pair occurs with 8 or 9 third attributes in all; keep at least 6 of them for training.
        if all(pair_count.get(p, 0) < 2 for p in pairs):
            chosen.append(combo)
            for p in pairs:
                pair_count[p] = pair_count.get(p, 0) + 1
        if len(chosen) == HOLDOUT_COUNT:
            break
    return frozenset(chosen)


HELD_OUT = _held_out()


def sample_scene(rng: random.Random, *, split: str = "train") -> Scene:
    """A random scene; "train" never draws a held-out combination, "heldout" draws only those."""
    if split == "heldout":
        colour, shape, position = rng.choice(sorted(HELD_OUT))
    elif split == "train":
        while True:
            colour, shape, position = (
                rng.choice(list(COLOURS)),
                rng.choice(SHAPES),
                rng.choice(list(POSITIONS)),
            )
            if (colour, shape, position) not in HELD_OUT:
                break
    else:
        raise ValueError(f"unknown split {split!r}")
    background = rng.choice([c for c in COLOURS if c != colour])
    scene = Scene(
        shape=shape, colour=colour, size=rng.choice(SIZES), position=position, background=background
    )
    return sample_variation(scene, rng)


def sample_variation(scene: Scene, rng: random.Random) -> Scene:
    """The scene with what its caption leaves open drawn at random: shade, rotation, jitter, texture."""
    return replace(
        scene,
        dx=rng.uniform(-POSITION_JITTER, POSITION_JITTER),
        dy=rng.uniform(-POSITION_JITTER, POSITION_JITTER),
        scale=rng.uniform(1 - SIZE_JITTER, 1 + SIZE_JITTER),
        shade=_shade(scene.colour, scene.background, rng),
        angle=rng.uniform(0.0, ROTATION[scene.shape]),
        texture=rng.randrange(1, 2**31),
    )


def shaded(colour: str, shade: tuple[int, int, int]) -> tuple[int, int, int]:
    r, g, b = (min(255, max(0, c + d)) for c, d in zip(COLOURS[colour], shade, strict=True))
    return (r, g, b)


def _shade(colour: str, background: str, rng: random.Random) -> tuple[int, int, int]:
    own, bg = np.array(COLOURS[colour], dtype=float), np.array(COLOURS[background], dtype=float)
    others = [np.array(rgb, dtype=float) for name, rgb in COLOURS.items() if name != colour]
    while True:
        offset = np.array([rng.uniform(-SHADE_RADIUS, SHADE_RADIUS) for _ in range(3)])
        if np.linalg.norm(offset) > SHADE_RADIUS:
            continue
        r, g, b = (int(v) for v in np.rint(offset))
        shade = (r, g, b)
        rgb = np.array(shaded(colour, shade), dtype=float)
        margin = min(np.linalg.norm(rgb - other) for other in others) - np.linalg.norm(rgb - own)
        if margin >= SHADE_MARGIN and np.linalg.norm(rgb - bg) >= MIN_CONTRAST:
            return shade


def caption(scene: Scene, rng: random.Random | None = None, *, template: int | None = None) -> str:
    """A caption for the scene: a random template and phrasing, or the given template's first phrasing."""
    if template is None:
        assert rng is not None, "give an rng or a template"
        template = rng.randrange(len(TEMPLATES))
        pos = rng.choice(POSITION_PHRASES[scene.position])
    else:
        pos = POSITION_PHRASES[scene.position][0]
    return _fill(TEMPLATES[template], scene.size, scene.colour, scene.shape, pos, scene.background)


def _article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _fill(template: str, size: str, colour: str, shape: str, pos: str, bg: str) -> str:
    return template.format(
        size=size, colour=colour, a_colour=_article(colour), shape=shape, pos=pos, bg=bg, a_bg=_article(bg)
    )


def all_captions() -> list[str]:
    """Every caption the generator can produce (the longest one sets the tokenizer's max_length)."""
    out = []
    for template, shape, size, position in itertools.product(TEMPLATES, SHAPES, SIZES, POSITIONS):
        for pos in POSITION_PHRASES[position]:
            # Colour words differ in token count; the longest colour pair bounds every pair.
            for colour, bg in itertools.product(COLOURS, COLOURS):
                out.append(_fill(template, size, colour, shape, pos, bg))
    return out


def _polygon(shape: str, cx: float, cy: float, h: float, angle: float = 0.0) -> list[tuple[float, float]]:
    """The shape's outline in a 2h x 2h box centred on (cx, cy), rotated, and moved so that its bounding
    box is centred on (cx, cy) again (a turned triangle would otherwise drift out of its cell)."""
    points = _outline(shape, cx, cy, h)
    if not angle:
        return points
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    # Image y grows downwards: this turns counter-clockwise on screen.
    turned = [((x - cx) * c + (y - cy) * s, -(x - cx) * s + (y - cy) * c) for x, y in points]
    xs, ys = [x for x, _ in turned], [y for _, y in turned]
    ox, oy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return [(cx + x - ox, cy + y - oy) for x, y in turned]


def _outline(shape: str, cx: float, cy: float, h: float) -> list[tuple[float, float]]:
    if shape == "square":
        return [(cx - h, cy - h), (cx + h, cy - h), (cx + h, cy + h), (cx - h, cy + h)]
    if shape == "triangle":
        return [(cx, cy - h), (cx + h, cy + h), (cx - h, cy + h)]
    if shape == "star":
        # Five points, point up; scaled so its bounding box is 2h x 2h and centred on (cx, cy).
        angles = [-np.pi / 2 + i * np.pi / 5 for i in range(10)]
        radii = [1.0 if i % 2 == 0 else STAR_INNER_RATIO for i in range(10)]
        pts = np.array([(r * np.cos(a), r * np.sin(a)) for r, a in zip(radii, angles, strict=True)])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        pts = (pts - (lo + hi) / 2) / (hi - lo) * 2 * h
        return [(cx + x, cy + y) for x, y in pts]
    raise ValueError(f"unknown shape {shape!r}")


def render(scene: Scene, size: int = 256) -> Image.Image:
    """The scene as an RGB image of size x size pixels."""
    fill = Image.new("RGB", (size, size), shaded(scene.colour, scene.shade))
    return Image.composite(fill, _background(scene, size), shape_mask(scene, size))


def shape_mask(scene: Scene, size: int = 256) -> Image.Image:
    """How much of each pixel the shape covers (mode "L", 0-255): drawn 2x supersampled, box-reduced."""
    ss = 2 * size
    mask = Image.new("L", (ss, ss), 0)
    draw = ImageDraw.Draw(mask)
    px, py = POSITIONS[scene.position]
    cx, cy = (px + scene.dx) * ss, (py + scene.dy) * ss
    h = HALF_EXTENT[scene.size] * scene.scale * ss
    if scene.shape == "circle":
        draw.ellipse((cx - h, cy - h, cx + h, cy + h), fill=255)
    else:
        draw.polygon(_polygon(scene.shape, cx, cy, h, scene.angle), fill=255)
    return mask.reduce(2)


def _background(scene: Scene, side: int) -> Image.Image:
    """The plain background, or with a faint brightness texture: a coarse random grid, smoothly upsampled."""
    if not scene.texture:
        return Image.new("RGB", (side, side), COLOURS[scene.background])
    grid = np.random.default_rng(scene.texture).normal(0.0, 1.0, (TEXTURE_GRID, TEXTURE_GRID))
    grid = (grid - grid.mean()) / max(grid.std(), 1e-6) * TEXTURE_STD
    coarse = Image.fromarray(grid.astype(np.float32), mode="F")
    smooth = np.asarray(coarse.resize((side, side), Image.Resampling.BICUBIC))
    base = np.array(COLOURS[scene.background], dtype=np.float32)
    return Image.fromarray(np.clip(base + smooth[..., None], 0, 255).round().astype(np.uint8))


def render_array(scene: Scene, size: int = 256) -> np.ndarray:
    """The scene as uint8 HxWx3."""
    return np.asarray(render(scene, size))


def eval_prompts(*, limit: int | None = None, template: int = EVAL_TEMPLATE) -> list[tuple[str, Scene]]:
    """Held-out evaluation prompts: every held-out combination, each with a fixed size and background.

    `limit` picks that many, evenly spaced over the sorted list (so a few still cover many colours).
    `template` words them with another template (a short one leaves the size or position unsaid).
    """
    rng = random.Random(HOLDOUT_SEED + 1)
    out = []
    for colour, shape, position in sorted(HELD_OUT):
        background = rng.choice([c for c in COLOURS if c != colour])
        scene = Scene(
            shape=shape, colour=colour, size=rng.choice(SIZES), position=position, background=background
        )
        out.append((caption(scene, template=template), scene))
    if not limit or limit >= len(out):
        return out
    return [out[i * len(out) // limit] for i in range(limit)]  # spread over colours, not the first few

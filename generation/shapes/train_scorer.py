"""Train `assay-shapes-1-scorer` (see `generation.shapes.scorer`) on the procedural data.

    OMP_NUM_THREADS=1 python -m generation.shapes.train_scorer --out var/scorer --seed 0 --steps 2000

then compare `var/scorer` with the shipped weights (`bench/best_of.py score --scorer var/scorer`) and copy
it into `generation/shapes/assay-shapes-1-scorer/` only when it is better. One thread: on a shared 2-core
CPU two OpenMP threads spin against other people's work and a step took over five times as long.

What it learns from: training-split scenes of `generation.shapes.data` (never a held-out colour+shape+position
combination), each with what its caption leaves open drawn by `sample_variation` (shade, rotation, jitter,
texture), rendered at 48 px (kept and reused, `RenderPool`) and, three times in four, degraded the way
`assay-shapes-1`'s outputs look (`degrade`: blur, colour blotches on the background, a colour cast, grain).
Captions use every template (see `CaptionUniverse` for which backgrounds and phrasings); MiniLM is frozen,
so the ~5k captions are encoded once and cached under `--cache` (a few minutes on a busy 2-core CPU).

Loss: symmetric InfoNCE over the batch plus hard negatives, so that it ranks attribute correctness rather
than overall likeness. Each image also competes against its caption with one attribute swapped (colour
twice, shape twice, size, position, background), and each caption against renders of its scene with one
attribute swapped (colour, shape, size, position). In-batch pairs that happen to match (a caption that
leaves the position unsaid matches a scene at any position) are masked, not counted as negatives. Half the
batches (`--shared-background`) draw every scene on one background, so that in-batch negatives differ in
the object only. Both embeddings also feed training-only linear read-outs of each attribute
(`AttributeHeads`, weight `--aux-weight`), which InfoNCE alone learned too slowly.

The same seed, step count and `--threads` give the same weights on the same machine; `--minutes` only
stops early (then the log says so). At the end it prints top-1 on a validation set of fresh training-split
scenes: the true render against three hard negatives, with the evaluation template.
"""

# ruff: noqa: S311 (seeded data generation and sampling, not cryptography)

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from generation.shapes import data
from generation.shapes.scorer import (
    CONFIG_FILE,
    EMBED_DIM,
    IMAGE_SIZE,
    ContrastiveScorer,
    MiniLMSentences,
    load,
    save,
)

# (colour, shape, size or None when unsaid, position or None when unsaid, background)
Attrs = tuple[str, str, str | None, str | None, str]
TEXT_NEGATIVES = ("colour", "colour", "shape", "shape", "size", "position", "background")
IMAGE_NEGATIVES = 2
COLOUR_NAMES = list(data.COLOURS)
POSITION_NAMES = list(data.POSITIONS)
# `degrade`'s strength, in 0-255 levels: blotch std up to BLOTCH_STD per channel, a whole-image cast up to
# +-COLOUR_CAST per channel. Palette colours are >= 80 apart and shades stay >= 20 nearer their own name,
# so a degraded render still has the colour its caption names.
BLOTCH_STD = 18.0
COLOUR_CAST = 10.0


# (template, colour, shape, size, position, position phrase, background): what a caption was made from
Key = tuple[int, str, str, str, str, str, str]
# Backgrounds per (template, position) frame: all of them would be ~30k captions, ~10 min of MiniLM
# on a busy 2-core CPU; every colour and shape is still encoded in every frame, so the swaps the model
# gets wrong most (colour, shape) always have their negative.
FRAME_BACKGROUNDS = 2


@dataclass(frozen=True)
class CaptionUniverse:
    """The captions training draws from, deduplicated, with what each one says and was made from.

    Every template; for the templates that name size and position, one phrasing and FRAME_BACKGROUNDS
    backgrounds per (template, position), with every colour and shape; the two short templates with
    every background. Never a held-out combination.
    """

    captions: list[str]
    attrs: list[Attrs]
    keys: list[Key]
    index: dict[str, int]

    @classmethod
    def build(cls, rng: random.Random) -> CaptionUniverse:
        captions: list[str] = []
        attrs: list[Attrs] = []
        keys: list[Key] = []
        index: dict[str, int] = {}
        for t, template in enumerate(data.TEMPLATES):
            # Drawn per (template, position), shared by both sizes, so that a size swap has its negative.
            frames = {
                position: (
                    rng.choice(data.POSITION_PHRASES[position]),
                    rng.sample(list(data.COLOURS), FRAME_BACKGROUNDS),
                )
                for position in data.POSITIONS
            }
            for size, position in itertools.product(data.SIZES, data.POSITIONS):
                phrase, some = frames[position]
                backgrounds = some if "{pos}" in template else list(data.COLOURS)
                for colour, shape, bg in itertools.product(data.COLOURS, data.SHAPES, backgrounds):
                    if colour == bg:
                        continue
                    text = render_caption(t, colour, shape, size, position, phrase, bg)
                    if text is None or text in index:
                        continue
                    index[text] = len(captions)
                    captions.append(text)
                    attrs.append(caption_attrs(t, colour, shape, size, position, bg))
                    keys.append((t, colour, shape, size, position, phrase, bg))
        return cls(captions, attrs, keys, index)


def caption_attrs(t: int, colour: str, shape: str, size: str, position: str, bg: str) -> Attrs:
    template = data.TEMPLATES[t]
    return (
        colour,
        shape,
        size if "{size}" in template else None,
        position if "{pos}" in template else None,
        bg,
    )


def render_caption(
    t: int, colour: str, shape: str, size: str, position: str, phrase: str, bg: str
) -> str | None:
    """The caption, or None when it names a held-out combination (those are for evaluation only)."""
    if "{pos}" in data.TEMPLATES[t] and (colour, shape, position) in data.HELD_OUT:
        return None
    return data._fill(data.TEMPLATES[t], size, colour, shape, phrase, bg)


def matches(scene: data.Scene, attrs: Attrs) -> bool:
    colour, shape, size, position, bg = attrs
    return (
        scene.colour == colour
        and scene.shape == shape
        and scene.background == bg
        and size in (None, scene.size)
        and position in (None, scene.position)
    )


def encode_universe(universe: CaptionUniverse, cache: Path, log: Callable[[str], None]) -> torch.Tensor:
    digest = hashlib.sha256("\n".join(universe.captions).encode()).hexdigest()[:16]
    path = cache / f"minilm-sentences-{digest}.pt"
    if path.is_file():
        return torch.load(path)
    started = time.monotonic()
    log(f"encoding {len(universe.captions)} captions with the frozen MiniLM (cached in {path})")
    # Sorted by length so that a batch pads little.
    order = sorted(range(len(universe.captions)), key=lambda i: len(universe.captions[i]))
    encoded = MiniLMSentences().encode([universe.captions[i] for i in order], batch=512)
    embeddings = torch.empty_like(encoded)
    embeddings[torch.tensor(order)] = encoded
    cache.mkdir(parents=True, exist_ok=True)
    torch.save(embeddings, path)
    log(f"encoded in {time.monotonic() - started:.0f} s")
    return embeddings


def _other(rng: random.Random, options: list[str], *exclude: str) -> str:
    return rng.choice([o for o in options if o not in exclude])


def text_negative(
    rng: random.Random, universe: CaptionUniverse, row: int, scene: data.Scene, kind: str
) -> int:
    """A caption of the same template with one attribute swapped; -1 when the universe has none that says
    something the scene is not."""
    t, colour, shape, size, position, phrase, bg = universe.keys[row]
    if kind == "colour":
        options = [(t, c, shape, size, position, phrase, bg) for c in data.COLOURS]
    elif kind == "shape":
        options = [(t, colour, sh, size, position, phrase, bg) for sh in data.SHAPES]
    elif kind == "size":
        options = [(t, colour, shape, sz, position, phrase, bg) for sz in data.SIZES]
    elif kind == "position":
        options = [
            (t, colour, shape, size, pos, ph, bg)
            for pos in data.POSITIONS
            for ph in data.POSITION_PHRASES[pos]
        ]
    else:
        options = [(t, colour, shape, size, position, phrase, b) for b in data.COLOURS]
    rng.shuffle(options)
    for key in options:
        if key[1] == key[6]:
            continue
        text = render_caption(*key)
        i = universe.index.get(text or "", -1)
        if i >= 0 and not matches(scene, universe.attrs[i]):
            return i
    return -1


def scene_for(rng: random.Random, universe: CaptionUniverse, row: int) -> data.Scene:
    """A training scene the caption describes; what it leaves unsaid (size, position) drawn at random,
    never making a held-out combination, and its variation drawn by `sample_variation`."""
    colour, shape, size, position, bg = universe.attrs[row]
    while True:
        place = position or rng.choice(list(data.POSITIONS))
        if (colour, shape, place) not in data.HELD_OUT:
            break
    scene = data.Scene(
        shape=shape, colour=colour, size=size or rng.choice(data.SIZES), position=place, background=bg
    )
    return data.sample_variation(scene, rng)


def image_negative(rng: random.Random, scene: data.Scene, attrs: Attrs) -> data.Scene | None:
    """The scene with one attribute the caption names swapped (variation drawn anew), or None."""
    kinds = ["colour", "shape"] + (["size"] if attrs[2] else []) + (["position"] if attrs[3] else [])
    kind = rng.choice(kinds)
    if kind == "colour":
        other = replace(scene, colour=_other(rng, list(data.COLOURS), scene.colour, scene.background))
    elif kind == "shape":
        other = replace(scene, shape=_other(rng, list(data.SHAPES), scene.shape))
    elif kind == "size":
        other = replace(scene, size=_other(rng, list(data.SIZES), scene.size))
    else:
        other = replace(scene, position=_other(rng, list(data.POSITIONS), scene.position))
    if other.combo in data.HELD_OUT:
        return None
    return data.sample_variation(other, rng)


class RenderPool:
    """Renders at the scorer's size, kept and reused: up to `variants` per (colour, shape, size, position,
    background), each with its own `sample_variation`. Rendering was half of a training step's time on a
    shared CPU; once a key has its variants, drawing it costs nothing, and `degrade` still makes every
    use of a render a different image."""

    def __init__(self, variants: int) -> None:
        self.variants = variants
        self.renders: dict[tuple[str, str, str, str, str], list[np.ndarray]] = {}

    def image(self, scene: data.Scene, rng: random.Random) -> np.ndarray:
        key = (scene.colour, scene.shape, scene.size, scene.position, scene.background)
        kept = self.renders.setdefault(key, [])
        if len(kept) < self.variants:
            kept.append(np.asarray(data.render(data.sample_variation(scene, rng), IMAGE_SIZE)))
            return kept[-1]
        return kept[rng.randrange(len(kept))]


def to_tensor(arrays: list[np.ndarray]) -> torch.Tensor:
    """uint8 HxWx3 arrays as `images_to_tensor` makes them (channels first, centred on 0)."""
    return torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).float() / 255.0 - 0.5


def degrade(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Three images in four made to look like `assay-shapes-1`'s outputs at 48 px, so that the scorer meets
    at training time what it ranks at serving time. Its images (seen on the held-out prompts) have soft
    edges, a colour cast over the whole picture (black drawn dark purple) and blotches of another hue on
    the background (green patches on blue); renders have none of these. `images` as `to_tensor` gives."""
    n = images.shape[0]

    def uniform(high: float, *shape: int) -> torch.Tensor:
        return torch.rand(*shape, generator=generator) * high

    # Gaussian blur, sigma 0.1-1.2 px per image, as one grouped convolution (a kernel per image).
    sigma = 0.1 + uniform(1.1, n)
    offsets = torch.arange(-3, 4, dtype=torch.float32)
    kernel_1d = torch.exp(-(offsets[None, :] ** 2) / (2 * sigma[:, None] ** 2))
    kernel_1d = kernel_1d / kernel_1d.sum(1, keepdim=True)
    kernel = (kernel_1d[:, :, None] * kernel_1d[:, None, :]).repeat_interleave(3, dim=0)[:, None]
    padded = F.pad(images.reshape(1, n * 3, IMAGE_SIZE, IMAGE_SIZE), (3, 3, 3, 3), mode="replicate")
    blurred = F.conv2d(padded, kernel, groups=n * 3).view(n, 3, IMAGE_SIZE, IMAGE_SIZE)
    # Blotches: a coarse grid of RGB offsets, smoothly upsampled (the texture of `data`, but in colour).
    cells = int(torch.randint(3, 7, (1,), generator=generator))
    grid = torch.randn(n, 3, cells, cells, generator=generator) * uniform(BLOTCH_STD, n, 1, 1, 1)
    blotches = F.interpolate(grid, size=(IMAGE_SIZE, IMAGE_SIZE), mode="bicubic", align_corners=False)
    cast = (torch.rand(n, 3, 1, 1, generator=generator) * 2 - 1) * COLOUR_CAST
    grain = torch.randn(n, 3, IMAGE_SIZE, IMAGE_SIZE, generator=generator) * uniform(6.0, n, 1, 1, 1)
    degraded = (blurred + (blotches + cast + grain) / 255.0).clamp(-0.5, 0.5)
    keep = torch.rand(n, 1, 1, 1, generator=generator) < 0.25
    return torch.where(keep, images, degraded)


def attribute_labels(
    colour: str, shape: str, size: str | None, position: str | None, background: str
) -> list[int]:
    """Class indices for `AttributeHeads`: an unsaid size or position is its own last class."""
    return [
        COLOUR_NAMES.index(colour),
        data.SHAPES.index(shape),
        data.SIZES.index(size) if size else len(data.SIZES),
        POSITION_NAMES.index(position) if position else len(POSITION_NAMES),
        COLOUR_NAMES.index(background),
    ]


class AttributeHeads(torch.nn.Module):
    """Training-only linear read-outs of each attribute from an embedding (not saved with the scorer).

    Why: with InfoNCE alone the towers learned the background first and the object barely at all (the
    last session's 34.8%); asking the embedding to name the colour, shape, size, position and background
    outright gives every image and caption a direct signal for each attribute, and the contrastive loss
    then only has to align two spaces that already separate them."""

    def __init__(self, embed_dim: int = EMBED_DIM) -> None:
        super().__init__()
        sizes = (len(COLOUR_NAMES), len(data.SHAPES), len(data.SIZES) + 1, len(POSITION_NAMES) + 1)
        self.heads = torch.nn.ModuleList([torch.nn.Linear(embed_dim, n) for n in (*sizes, len(COLOUR_NAMES))])

    def loss(self, embedding: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        # The embeddings are unit vectors: scale them so that a linear head can reach confident logits.
        x = embedding * 8.0
        return sum(F.cross_entropy(head(x), labels[:, k]) for k, head in enumerate(self.heads)) / len(
            self.heads
        )


@dataclass
class Batch:
    images: torch.Tensor  # B positives then B * IMAGE_NEGATIVES negatives
    image_labels: torch.Tensor  # per image: `attribute_labels` of the scene it shows
    text: torch.Tensor  # B captions' MiniLM embeddings
    text_labels: torch.Tensor  # per caption: `attribute_labels` of what it says
    text_negatives: torch.Tensor  # B x len(TEXT_NEGATIVES) universe rows, -1 = none
    image_negative_ok: torch.Tensor  # B x IMAGE_NEGATIVES bool
    caption_matches: torch.Tensor  # B x B: caption j matches scene i


def draw_batch(
    rng: random.Random,
    generator: torch.Generator,
    pool: RenderPool,
    universe: CaptionUniverse,
    text: torch.Tensor,
    size: int,
    *,
    shared_background: bool = False,
) -> Batch:
    if shared_background:
        # One background for the whole batch: in-batch negatives then differ only in the object, so the
        # easy cue (the background's colour, named in every caption) no longer solves them.
        bg = rng.choice(list(data.COLOURS))
        same = [i for i, attrs in enumerate(universe.attrs) if attrs[4] == bg]
        rows = [rng.choice(same) for _ in range(size)]
    else:
        rows = [rng.randrange(len(universe.captions)) for _ in range(size)]
    scenes = [scene_for(rng, universe, row) for row in rows]
    negs, images, neg_images, neg_ok, neg_scenes = [], [], [], [], []
    for row, scene in zip(rows, scenes, strict=True):
        negs.append([text_negative(rng, universe, row, scene, kind) for kind in TEXT_NEGATIVES])
        images.append(pool.image(scene, rng))
        for _ in range(IMAGE_NEGATIVES):
            other = image_negative(rng, scene, universe.attrs[row])
            neg_ok.append(other is not None)
            neg_scenes.append(other or scene)
            neg_images.append(pool.image(other or scene, rng))
    caption_matches = torch.tensor([[matches(s, universe.attrs[r]) for r in rows] for s in scenes])
    image_labels = [
        attribute_labels(s.colour, s.shape, s.size, s.position, s.background) for s in scenes + neg_scenes
    ]
    return Batch(
        images=degrade(to_tensor(images + neg_images), generator),
        image_labels=torch.tensor(image_labels),
        text=text[torch.tensor(rows)],
        text_labels=torch.tensor([attribute_labels(*universe.attrs[r]) for r in rows]),
        text_negatives=torch.tensor(negs),
        image_negative_ok=torch.tensor(neg_ok).view(size, IMAGE_NEGATIVES),
        caption_matches=caption_matches,
    )


@dataclass
class Losses:
    contrastive: torch.Tensor
    image_attributes: torch.Tensor
    text_attributes: torch.Tensor


def batch_loss(
    model: ContrastiveScorer,
    batch: Batch,
    text_bank: torch.Tensor,
    image_heads: AttributeHeads,
    text_heads: AttributeHeads,
) -> Losses:
    b = batch.text.shape[0]
    image_emb = model.image(batch.images)
    pos_img, neg_img = image_emb[:b], image_emb[b:].view(b, IMAGE_NEGATIVES, -1)
    text_emb = model.text(batch.text)
    scale = model.log_scale.clamp(max=math.log(100.0)).exp()
    eye = torch.eye(b, dtype=torch.bool)
    false_negative = batch.caption_matches & ~eye  # caption j also fits image i: not a negative
    # image -> text: its caption against the batch's captions and its own swapped captions
    in_batch = scale * pos_img @ text_emb.T
    in_batch = in_batch.masked_fill(false_negative, float("-inf"))
    neg_rows = batch.text_negatives.clamp(min=0)
    neg_text = model.text(text_bank[neg_rows.flatten()]).view(b, len(TEXT_NEGATIVES), -1)
    hard_text = scale * torch.einsum("bd,bkd->bk", pos_img, neg_text)
    hard_text = hard_text.masked_fill(batch.text_negatives < 0, float("-inf"))
    i2t = F.cross_entropy(torch.cat([in_batch, hard_text], dim=1), torch.arange(b))
    # text -> image: each caption against the batch's images and renders of its scene with a swap
    t2i_batch = (scale * text_emb @ pos_img.T).masked_fill(false_negative.T, float("-inf"))
    hard_img = scale * torch.einsum("bd,bkd->bk", text_emb, neg_img)
    hard_img = hard_img.masked_fill(~batch.image_negative_ok, float("-inf"))
    t2i = F.cross_entropy(torch.cat([t2i_batch, hard_img], dim=1), torch.arange(b))
    return Losses(
        contrastive=(i2t + t2i) / 2,
        image_attributes=image_heads.loss(image_emb, batch.image_labels),
        text_attributes=text_heads.loss(text_emb, batch.text_labels),
    )


@torch.no_grad()
def validate(model: ContrastiveScorer, minilm: MiniLMSentences, seed: int, count: int = 256) -> float:
    """Top-1 of the true render against three renders with one attribute swapped (evaluation template)."""
    rng = random.Random(seed)
    generator = torch.Generator().manual_seed(seed)
    correct = 0
    scenes = [data.sample_scene(rng, split="train") for _ in range(count)]
    prompts = [data.caption(s, template=data.EVAL_TEMPLATE) for s in scenes]
    text_emb = model.text(minilm.encode(prompts))
    for i, scene in enumerate(scenes):
        attrs: Attrs = (scene.colour, scene.shape, scene.size, scene.position, scene.background)
        candidates = [scene]
        while len(candidates) < 4:
            other = image_negative(rng, scene, attrs)
            if other is not None:
                candidates.append(other)
        images = degrade(to_tensor([np.asarray(data.render(c, IMAGE_SIZE)) for c in candidates]), generator)
        scores = model.image(images) @ text_emb[i]
        correct += int(int(scores.argmax()) == 0)
    return correct / count


def train(args: argparse.Namespace, log: Callable[[str], None]) -> dict[str, Any]:
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    pool = RenderPool(args.variants)
    universe = CaptionUniverse.build(random.Random(args.seed))
    text_bank = encode_universe(universe, Path(args.cache), log)
    model = ContrastiveScorer(width=args.width)
    if args.init_from:
        model.load_state_dict(load(Path(args.init_from)).state_dict())
        model.requires_grad_(True).train()
    image_heads, text_heads = AttributeHeads(), AttributeHeads()
    parameters = [*model.parameters(), *image_heads.parameters(), *text_heads.parameters()]
    optimiser = torch.optim.AdamW(parameters, lr=args.lr, weight_decay=0.01)
    started = time.monotonic()
    deadline = started + args.minutes * 60
    step = 0
    for step in range(1, args.steps + 1):
        progress = step / args.steps
        lr = args.lr * min(1.0, step / 50) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))
        for group in optimiser.param_groups:
            group["lr"] = lr
        shared = rng.random() < args.shared_background
        batch = draw_batch(rng, generator, pool, universe, text_bank, args.batch, shared_background=shared)
        losses = batch_loss(model, batch, text_bank, image_heads, text_heads)
        loss = losses.contrastive + args.aux_weight * (losses.image_attributes + losses.text_attributes)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        if step % 100 == 0 or step == 1:
            seconds = time.monotonic() - started
            log(
                f"step {step}/{args.steps} contrastive {losses.contrastive.item():.3f} "
                f"image attributes {losses.image_attributes.item():.3f} "
                f"text attributes {losses.text_attributes.item():.3f} lr {lr:.2e} {seconds:.0f} s"
            )
        if time.monotonic() > deadline:
            log(f"stopped by --minutes at step {step} of {args.steps}: not the reproducible run")
            break
    model.eval()
    accuracy = validate(model, MiniLMSentences(), args.seed + 1)
    result: dict[str, Any] = {
        "seed": args.seed,
        "steps": step,
        "batch": args.batch,
        "lr": args.lr,
        "width": args.width,
        "threads": args.threads,
        "aux_weight": args.aux_weight,
        "variants": args.variants,
        "shared_background": args.shared_background,
        "captions": len(universe.captions),
        "train_seconds": round(time.monotonic() - started),
        "validation_top1_vs_3_hard_negatives": round(accuracy, 4),
        "init_from": args.init_from,
        "command": "python -m generation.shapes.train_scorer " + " ".join(sys.argv[1:]),
    }
    if args.init_from:
        # The earlier stage's own record, so that one config.json says how to remake these weights.
        result["initialised_from"] = json.loads((Path(args.init_from) / CONFIG_FILE).read_text())
    path = save(model, Path(args.out), result)
    log(f"validation top-1 {accuracy:.3f}; wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the assay-shapes-1 image-text scorer.")
    # Not the shipped folder by default: a run is compared with the shipped weights before it replaces them.
    parser.add_argument("--out", default="var/scorer")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=4000)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--width", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (the result depends on it)")
    parser.add_argument(
        "--aux-weight", type=float, default=1.0, help="weight of the attribute read-outs (0 = InfoNCE only)"
    )
    parser.add_argument(
        "--shared-background",
        type=float,
        default=0.5,
        help="fraction of batches drawn on one background (object-only in-batch negatives)",
    )
    parser.add_argument(
        "--variants", type=int, default=4, help="renders kept per attribute combination (see RenderPool)"
    )
    parser.add_argument("--init-from", default=None, help="continue from this scorer folder's weights")
    parser.add_argument("--minutes", type=float, default=60.0, help="stop early after this long (a cap)")
    parser.add_argument("--cache", default="var/scorer-cache", help="where the caption embeddings are cached")
    args = parser.parse_args(argv)

    def log(line: str) -> None:
        print(line, flush=True)

    print(json.dumps(train(args, log), indent=2))


if __name__ == "__main__":
    main()

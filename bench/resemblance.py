"""False-match and false-non-match rates of provenance.resemblance, and its CPU time at 1024x1024.

Genuine pairs: an original and a copy after a random chain of what a re-post does (resize 0.5x-1.5x,
a crop down to ~50% of the area at a random offset, a brightness, contrast or gamma change, JPEG or
WebP, sometimes a screenshot's border). Different pairs: two different originals, the second handled
the same way, including flat pictures of the same style and photos carrying another's copied mark.

    nice -n 10 .venv/bin/python bench/resemblance.py --pairs 200
"""

from __future__ import annotations

import argparse
import io
import time

import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from skimage import data

from provenance.resemblance import THRESHOLD, resemblance

# Not skimage's "cat": it is chelsea again.
PHOTOS = ["astronaut", "coffee", "chelsea", "rocket", "camera", "immunohistochemistry", "retina"]
COLOURS = [(220, 40, 40), (40, 60, 170), (250, 160, 40), (230, 220, 60), (60, 120, 70), (240, 240, 240)]
SHAPES = ["ellipse", "rectangle", "triangle"]


def flat(rng: np.random.Generator) -> Image.Image:
    background, colour = rng.choice(len(COLOURS), 2, replace=False)
    image = Image.new("RGB", (256, 256), COLOURS[background])
    draw = ImageDraw.Draw(image)
    x, y = rng.integers(20, 100, 2)
    size = int(rng.integers(80, 150))
    box = (int(x), int(y), int(x) + size, int(y) + size)
    shape = SHAPES[int(rng.integers(3))]
    if shape == "ellipse":
        draw.ellipse(box, fill=COLOURS[colour])
    elif shape == "rectangle":
        draw.rectangle(box, fill=COLOURS[colour])
    else:
        draw.polygon(
            [(box[0], box[3]), (box[2], box[3]), ((box[0] + box[2]) // 2, box[1])], fill=COLOURS[colour]
        )
    return image.filter(ImageFilter.GaussianBlur(2))


def photo(name: str, size: int = 512) -> Image.Image:
    pixels = getattr(data, name)()
    return Image.fromarray(pixels).convert("RGB").resize((size, size), Image.Resampling.LANCZOS)


def handled(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    scale = float(rng.uniform(0.5, 1.5))
    image = image.resize((max(16, round(image.width * scale)), max(16, round(image.height * scale))))
    screenshot = rng.random() < 0.2
    area = 1.0 if screenshot else float(rng.uniform(0.5, 1.0))
    aspect = 1.0 if screenshot else float(rng.uniform(0.7, 1.4))
    w = min(image.width, round(image.width * np.sqrt(area * aspect)))
    h = min(image.height, round(image.height * area * image.width / max(w, 1)))
    x = int(rng.integers(0, image.width - w + 1))
    y = int(rng.integers(0, image.height - h + 1))
    image = image.crop((x, y, x + w, y + h))
    pixels = np.asarray(image).astype(np.float32) / 255
    tone = int(rng.integers(4))
    if tone == 1:
        pixels = pixels * float(rng.uniform(0.8, 1.2))
    elif tone == 2:
        pixels = (pixels - 0.5) * float(rng.uniform(0.7, 1.3)) + 0.5
    elif tone == 3:
        pixels = pixels ** float(rng.uniform(0.7, 1.4))
    image = Image.fromarray((np.clip(pixels, 0, 1) * 255).astype(np.uint8))
    if screenshot:  # the page around the whole image (a screenshot of a crop is neither way round)
        frame = Image.new("RGB", (image.width + 80, image.height + 60), (245, 245, 245))
        frame.paste(image, (40, 40))
        image = frame
    out = io.BytesIO()
    image.save(out, "JPEG" if rng.random() < 0.6 else "WEBP", quality=int(rng.integers(60, 95)))
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")


def copied_mark(victim: Image.Image, target: Image.Image) -> Image.Image:
    """The attack: the victim's high-pass residual, folded to a 128 px tile, added to the target."""
    v = np.asarray(victim.resize(target.size)).astype(np.float32)
    blurred = np.asarray(victim.resize(target.size).filter(ImageFilter.GaussianBlur(2))).astype(np.float32)
    residual = v - blurred
    h, w = residual.shape[:2]
    tile = np.zeros((128, 128, 3), np.float32)
    for y in range(0, h - 127, 128):
        for x in range(0, w - 127, 128):
            tile += residual[y : y + 128, x : x + 128]
    tile /= max(1, (h // 128) * (w // 128))
    pattern = np.tile(tile, (h // 128 + 1, w // 128 + 1, 1))[:h, :w]
    return Image.fromarray(np.clip(np.asarray(target).astype(np.float32) + pattern, 0, 255).astype(np.uint8))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    photos = {name: photo(name) for name in PHOTOS}

    def original(i: int) -> Image.Image:
        return flat(rng) if i % 2 else photos[PHOTOS[int(rng.integers(len(PHOTOS)))]]

    genuine, different = [], []
    for i in range(args.pairs):
        source = original(i)
        copy = handled(source, rng)
        genuine.append(resemblance(copy, source).score)
        if genuine[-1] < THRESHOLD:
            print(
                f"  false non-match: pair {i}, {'flat' if i % 2 else 'photo'}, {copy.size}, {genuine[-1]:.3f}"
            )
        other = original(i + int(rng.integers(2)))
        while other is source:
            other = original(i + 1)
        if i % 4 == 0:
            other = copied_mark(source, other)
        different.append(resemblance(handled(other, rng), source).score)
        if different[-1] >= THRESHOLD:
            print(f"  false match: pair {i}, {'flat' if i % 2 else 'photo'}, {different[-1]:.3f}")
    genuine_a, different_a = np.array(genuine), np.array(different)
    print(f"genuine pairs: {len(genuine)}, false non-matches: {int((genuine_a < THRESHOLD).sum())}")
    print(f"  scores min {genuine_a.min():.3f}, 1st pct {np.percentile(genuine_a, 1):.3f}")
    print(f"different pairs: {len(different)}, false matches: {int((different_a >= THRESHOLD).sum())}")
    print(f"  scores max {different_a.max():.3f}, 99th pct {np.percentile(different_a, 99):.3f}")

    big = photo("astronaut", 1024)
    copy = handled(big, np.random.default_rng(1))
    start = time.process_time()
    for _ in range(5):
        resemblance(copy, big)
    print(f"CPU per comparison at 1024x1024: {(time.process_time() - start) / 5 * 1000:.0f} ms")


if __name__ == "__main__":
    main()

"""How well invisible watermarks survive what images go through, side by side (a benchmark, not a test).

Methods, all in the same run:
- `new`:       ai.assay.ss-tile.1 (provenance/watermark_ss.py), 72 bits: 48-bit id + CRC-24;
- `current`:   imwatermark.dwtDctSvd as Assay re-implemented it (provenance/watermark.py), 64 bits
               (id + CRC-16);
- `dwtDct`, `dwtDctSvd`: invisible-watermark 0.2.0 with its defaults, carrying the 48-bit id (no check);
- `rivaGan`:   invisible-watermark's ONNX RivaGAN, 32 bits (all it carries), on a subset (it takes ~10 s
               per 1024x1024 image on this CPU): the 512 px photos and the model outputs.

"Bit accuracy" compares the bits each method carries; "id" counts an image when the decoder returned
the whole payload right: for `new` and `current` the CRC-checked id, for the library methods every bit
(an oracle: they have no check, so in use they could not tell a right read from a wrong one). A
decoder that refuses the attacked image (too small) counts as 0.5 bit accuracy and no id.

Images: scikit-image's photos (astronaut, coffee, chelsea), each centre-
cropped to a square and resized with Lanczos to 1024x1024 (upscaled: these photos are 300-640 px) and
to 512x512; the shipped model's outputs (assay-shapes-1, 256x256, flat colours; generated once through
the serving backend and cached under var/watermark-bench/; 4 in the full run); procedural
photographic-like scenes at 1024x1024 (a sky and hills landscape and a bokeh night scene with grain in
the full run; `procedural()` also makes a studio product shot).

Attacks: the issue's list (JPEG q50/q75 4:2:0, WebP q75, resize 0.5x/0.75x and back up, crop 10% from
each side, a 50%-area crop off-centre, brightness and contrast x0.8/x1.2, gamma 0.8, Gaussian blur
sigma 1, a screenshot: 0.9x + PNG) plus two extra geometric ones (0.5x and 1.3x kept at that size), and
eight two-attack combinations.

False positives: `new` decodes >= 10,000 unmarked crops and resizes (random sizes and positions,
scale 0.5-1.5) of the unmarked images, `current` the first 2,000; 0 observed bounds the rate below 3/N at 95%
(rule of three). The `agreement` of the new decoder on them is its null distribution (mean and sd
are printed; watermark_ss.NULL_AGREEMENT_* are set from them).

    nice .venv/bin/python bench/watermark_robustness.py            # the full run (~15-25 min here)
    nice .venv/bin/python bench/watermark_robustness.py --quick    # a small sample (~2 min)
    # the same run split over processes: --methods new,current --fp-trials 0, --methods rivaGan ...
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402 (after the thread and path settings)
import numpy as np  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402

from provenance import watermark, watermark_ss  # noqa: E402

CACHE = ROOT / "var" / "watermark-bench"
WATERMARK_ID = "a3c5e7092b4d"
TARGETS = "bit accuracy >= 0.97 (median) and id in >= 90% (single); id in >= 75% (combinations)"
MODEL_PROMPTS = [
    "a red circle on a white background",
    "a blue square on a yellow background",
    "a green triangle on a black background",
    "a big orange star on a purple background",
    "a small white circle on a green background",
    "a yellow square on a blue background",
]


# --- images ------------------------------------------------------------------------------------


def _square(pixels: np.ndarray, size: int) -> np.ndarray:
    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=2)
    pixels = pixels[:, :, :3]
    height, width = pixels.shape[:2]
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    crop = Image.fromarray(pixels[top : top + side, left : left + side])
    return np.asarray(crop.resize((size, size), Image.Resampling.LANCZOS))


def photos(names: list[str], sizes: list[int]) -> dict[str, np.ndarray]:
    from skimage import data

    return {f"{name}-{size}": _square(getattr(data, name)(), size) for name in names for size in sizes}


def _fbm(rng: np.random.Generator, size: int, octaves: int = 6) -> np.ndarray:
    total = np.zeros((size, size), np.float32)
    for octave in range(octaves):
        cells = 2 ** (octave + 2)
        grid = rng.standard_normal((cells, cells)).astype(np.float32)
        total += cv2.resize(grid, (size, size), interpolation=cv2.INTER_CUBIC) / (1.7**octave)
    return total / np.abs(total).max()


def procedural(size: int = 1024) -> dict[str, np.ndarray]:
    """Photographic-like scenes of the kind an API model returns: smooth gradients, soft light, grain."""
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) / size
    scenes = {}
    # Landscape: a sky gradient, a sun, hills of fractal noise, a little film grain.
    sky = np.stack([120 + 100 * y, 160 + 70 * y, 235 - 30 * y], axis=2)
    sun = np.exp(-(((x - 0.7) ** 2 + (y - 0.25) ** 2) / 0.004))[:, :, None] * np.array([80, 60, 0])
    ridge = 0.55 + 0.12 * _fbm(rng, size)[size // 2, :][None, :]
    hills = (y > ridge)[:, :, None]
    ground = np.stack([50 + 40 * _fbm(rng, size), 90 + 50 * _fbm(rng, size), 40 + 20 * y], axis=2)
    land = np.where(hills, ground, sky + sun) + rng.normal(0, 1.5, (size, size, 3))
    scenes["procedural-landscape-1024"] = land
    # Bokeh: blurred discs of light on a dark gradient, grain.
    night = np.stack([20 + 30 * x, 15 + 20 * y, 40 + 40 * (1 - y)], axis=2)
    lights = np.zeros((size, size, 3), np.float32)
    for _ in range(40):
        cx, cy = (int(v) for v in rng.uniform(0, size, 2))
        cv2.circle(lights, (cx, cy), int(rng.uniform(20, 70)), rng.uniform(60, 200, 3).tolist(), -1)
    night = night + cv2.GaussianBlur(lights, (0, 0), 6) + rng.normal(0, 3, (size, size, 3))
    scenes["procedural-bokeh-1024"] = night
    # Studio: a vignetted backdrop, a shaded sphere with a highlight, a soft shadow.
    backdrop = 200 - 90 * ((x - 0.5) ** 2 + (y - 0.45) ** 2)
    studio = np.stack([backdrop, backdrop * 0.95, backdrop * 0.9], axis=2)
    shadow = np.exp(-(((x - 0.52) ** 2) / 0.03 + ((y - 0.78) ** 2) / 0.002))[:, :, None]
    studio = studio * (1 - 0.5 * shadow)
    inside = (x - 0.5) ** 2 + (y - 0.5) ** 2 < 0.06
    light = np.clip(1.2 - 2.5 * np.sqrt((x - 0.42) ** 2 + (y - 0.4) ** 2), 0.15, 1.2)
    sphere = np.stack([220 * light, 60 * light, 50 * light], axis=2)
    studio = np.where(inside[:, :, None], sphere, studio) + rng.normal(0, 1.0, (size, size, 3))
    scenes["procedural-studio-1024"] = studio
    return {name: np.clip(np.rint(image), 0, 255).astype(np.uint8) for name, image in scenes.items()}


def model_outputs(count: int) -> dict[str, np.ndarray]:
    """assay-shapes-1's outputs for MODEL_PROMPTS (256x256), generated once through the serving backend."""
    CACHE.mkdir(parents=True, exist_ok=True)
    paths = [CACHE / f"model-{index}.png" for index in range(count)]
    missing = [index for index, path in enumerate(paths) if not path.exists()]
    if missing:
        from generation.backends.base import GenerationSpec, ModelSpec
        from generation.backends.diffusers_backend import DiffusersBackend

        folder = ROOT / "generation" / "shapes" / "assay-shapes-1"
        model = ModelSpec(name="assay-shapes-1", backend="diffusers", family="sd15", path=str(folder))
        backend = DiffusersBackend()
        backend.load(model)
        for index in missing:
            spec = GenerationSpec(
                model=model,
                mode="text2img",
                prompt=MODEL_PROMPTS[index % len(MODEL_PROMPTS)],
                n=1,
                width=256,
                height=256,
                seed=index,
                steps=20,
                guidance_scale=5.0,
            )
            result = backend.generate(spec)
            paths[index].write_bytes(result.images[0].data)
    return {
        f"model-{index}-256": np.asarray(Image.open(path).convert("RGB")) for index, path in enumerate(paths)
    }


# --- attacks -----------------------------------------------------------------------------------


def _encode(pixels: np.ndarray, fmt: str, **options) -> np.ndarray:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, fmt, **options)
    return np.asarray(Image.open(io.BytesIO(out.getvalue())).convert("RGB"))


def _resize(pixels: np.ndarray, factor: float, back: bool) -> np.ndarray:
    height, width = pixels.shape[:2]
    small = Image.fromarray(pixels).resize(
        (max(1, round(width * factor)), max(1, round(height * factor))), Image.Resampling.BICUBIC
    )
    if back:
        small = small.resize((width, height), Image.Resampling.BICUBIC)
    return np.asarray(small)


def _crop_sides(pixels: np.ndarray, share: float = 0.1) -> np.ndarray:
    height, width = pixels.shape[:2]
    dy, dx = round(height * share), round(width * share)
    return pixels[dy : height - dy, dx : width - dx]


def _crop_area(pixels: np.ndarray, area: float = 0.5) -> np.ndarray:
    """A window of `area` of the image, off-centre (towards the bottom left)."""
    height, width = pixels.shape[:2]
    side = math.sqrt(area)
    h, w = round(height * side), round(width * side)
    top, left = round((height - h) * 0.8), round((width - w) * 0.15)
    return pixels[top : top + h, left : left + w]


def _tone(pixels: np.ndarray, curve: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    return np.clip(np.rint(curve(pixels.astype(np.float32))), 0, 255).astype(np.uint8)


SINGLE: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "none": lambda p: p,
    "jpeg q50": lambda p: _encode(p, "JPEG", quality=50, subsampling="4:2:0"),
    "jpeg q75": lambda p: _encode(p, "JPEG", quality=75, subsampling="4:2:0"),
    "webp q75": lambda p: _encode(p, "WEBP", quality=75),
    "resize 0.5x+back": lambda p: _resize(p, 0.5, True),
    "resize 0.75x+back": lambda p: _resize(p, 0.75, True),
    "crop 10% each side": _crop_sides,
    "crop 50% area": _crop_area,
    "brightness x0.8": lambda p: _tone(p, lambda v: v * 0.8),
    "brightness x1.2": lambda p: _tone(p, lambda v: v * 1.2),
    "contrast x0.8": lambda p: _tone(p, lambda v: (v - 128) * 0.8 + 128),
    "contrast x1.2": lambda p: _tone(p, lambda v: (v - 128) * 1.2 + 128),
    "gamma 0.8": lambda p: _tone(p, lambda v: 255 * (v / 255) ** 0.8),
    "blur sigma 1": lambda p: np.asarray(Image.fromarray(p).filter(ImageFilter.GaussianBlur(1))),
    "screenshot 0.9x png": lambda p: _encode(_resize(p, 0.9, False), "PNG"),
    "(extra) resize 0.5x": lambda p: _resize(p, 0.5, False),
    "(extra) resize 1.3x": lambda p: _resize(p, 1.3, False),
}
_COMBINED = [
    ("crop 10% each side", "jpeg q75"),
    ("crop 50% area", "resize 0.5x+back"),
    ("screenshot 0.9x png", "jpeg q75"),
    ("resize 0.75x+back", "webp q75"),
    ("brightness x1.2", "jpeg q50"),
    ("contrast x0.8", "crop 10% each side"),
    ("blur sigma 1", "jpeg q75"),
    ("gamma 0.8", "screenshot 0.9x png"),
]
COMBINED: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    f"{a} + {b}": (lambda p, a=a, b=b: SINGLE[b](SINGLE[a](p))) for a, b in _COMBINED
}


# --- methods -----------------------------------------------------------------------------------


@dataclass
class Result:
    bit_accuracy: float
    id_ok: bool


class Method:
    name: str
    bits: np.ndarray

    def fits(self, pixels: np.ndarray) -> bool:
        return True

    def embed(self, pixels: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def read(self, pixels: np.ndarray) -> Result:
        raise NotImplementedError


class New(Method):
    name = "new"
    bits = watermark_ss.payload_bits(WATERMARK_ID)

    def fits(self, pixels: np.ndarray) -> bool:
        return min(pixels.shape[:2]) >= watermark_ss.MIN_SIDE

    def embed(self, pixels: np.ndarray) -> np.ndarray:
        return watermark_ss.embed(pixels, WATERMARK_ID)

    def read(self, pixels: np.ndarray) -> Result:
        if min(pixels.shape[:2]) < watermark_ss.MIN_DECODE_SIDE:
            return Result(0.5, False)
        decoded = watermark_ss.decode(pixels)
        accuracy = float(np.mean(np.array(decoded.bits) == self.bits))
        return Result(accuracy, decoded.watermark_id == WATERMARK_ID)


class Current(Method):
    name = "current"
    bits = watermark.payload_bits(WATERMARK_ID)

    def fits(self, pixels: np.ndarray) -> bool:
        return pixels.shape[0] * pixels.shape[1] >= watermark.MIN_PIXELS

    def embed(self, pixels: np.ndarray) -> np.ndarray:
        return watermark.embed(pixels, WATERMARK_ID)

    def read(self, pixels: np.ndarray) -> Result:
        if not self.fits(pixels):
            return Result(0.5, False)
        decoded = watermark.decode(pixels)
        accuracy = float(np.mean(np.array(decoded.bits) == self.bits))
        return Result(accuracy, decoded.watermark_id == WATERMARK_ID)


class Library(Method):
    """invisible-watermark's own encoder and decoder (BGR in and out), library defaults."""

    def __init__(self, method: str, bit_count: int) -> None:
        from imwatermark import WatermarkDecoder, WatermarkEncoder

        self.name = method
        self.method = method
        self.bits = np.unpackbits(np.frombuffer(bytes.fromhex(WATERMARK_ID), np.uint8))[:bit_count]
        self.encoder = WatermarkEncoder()
        self.encoder.set_watermark("bits", [int(b) for b in self.bits])
        self.decoder = WatermarkDecoder("bits", bit_count)
        if method == "rivaGan":
            WatermarkEncoder.loadModel()
            WatermarkDecoder.loadModel()

    def fits(self, pixels: np.ndarray) -> bool:
        return pixels.shape[0] * pixels.shape[1] >= 256 * 256 or self.method == "rivaGan"

    def embed(self, pixels: np.ndarray) -> np.ndarray:
        bgr = np.ascontiguousarray(pixels[:, :, ::-1])
        return np.ascontiguousarray(self.encoder.encode(bgr, self.method)[:, :, ::-1])

    def read(self, pixels: np.ndarray) -> Result:
        try:
            found = np.array(self.decoder.decode(np.ascontiguousarray(pixels[:, :, ::-1]), self.method))
        except Exception:  # the library refuses small images with assorted errors
            return Result(0.5, False)
        accuracy = float(np.mean(found.astype(np.uint8)[: len(self.bits)] == self.bits))
        return Result(accuracy, accuracy == 1.0)


# --- measuring ---------------------------------------------------------------------------------


@dataclass
class Tally:
    results: dict[str, list[Result]] = field(default_factory=dict)
    # PSNR and SSIM per group of images: photo, procedural, model.
    psnr: dict[str, list[float]] = field(default_factory=dict)
    ssim: dict[str, list[float]] = field(default_factory=dict)
    embed_ms: list[float] = field(default_factory=list)
    decode_ms: list[float] = field(default_factory=list)
    images: int = 0
    skipped: list[str] = field(default_factory=list)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return float("inf") if mse == 0 else 10 * math.log10(255.0**2 / mse)


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    from skimage.metrics import structural_similarity

    return float(structural_similarity(a, b, channel_axis=2, data_range=255))


def run_method(method: Method, images: dict[str, np.ndarray], attacks: dict, tally: Tally) -> None:
    for name, pixels in images.items():
        if not method.fits(pixels):
            tally.skipped.append(name)
            continue
        tally.images += 1
        started = time.perf_counter()
        marked = method.embed(pixels)
        embed_s = time.perf_counter() - started
        group = name.split("-")[0] if name.split("-")[0] in ("model", "procedural") else "photo"
        tally.psnr.setdefault(group, []).append(psnr(pixels, marked))
        tally.ssim.setdefault(group, []).append(ssim(pixels, marked))
        for attack, change in attacks.items():
            attacked = change(marked)
            started = time.perf_counter()
            result = method.read(attacked)
            decode_s = time.perf_counter() - started
            if name.endswith("-1024") and attack == "none":
                tally.embed_ms.append(embed_s * 1000)
                tally.decode_ms.append(decode_s * 1000)
            tally.results.setdefault(attack, []).append(result)
        print(f"  {method.name:>9} {name}", file=sys.stderr, flush=True)


def false_positives(images: dict[str, np.ndarray], count: int) -> dict[str, object]:
    """Decode `count` unmarked random crops and resizes with `new` and `current`."""
    rng = np.random.default_rng(23)
    names = list(images)
    new_hits = current_hits = 0
    agreements: list[float] = []
    started = time.perf_counter()
    for trial in range(count):
        pixels = images[names[trial % len(names)]]
        scale = float(rng.uniform(0.5, 1.5))
        resized = _resize(pixels, scale, False) if abs(scale - 1) > 0.02 else pixels
        height, width = resized.shape[:2]
        side_h = int(rng.integers(min(96, height), min(512, height) + 1))
        side_w = int(rng.integers(min(96, width), min(512, width) + 1))
        top, left = int(rng.integers(0, height - side_h + 1)), int(rng.integers(0, width - side_w + 1))
        crop = np.ascontiguousarray(resized[top : top + side_h, left : left + side_w])
        decoded = watermark_ss.decode(crop)
        new_hits += decoded.found
        agreements.append(decoded.agreement)
        if trial < 2000 and crop.shape[0] * crop.shape[1] >= watermark.MIN_PIXELS:
            current_hits += watermark.decode(crop).crc_ok
    elapsed = time.perf_counter() - started
    return {
        "trials": count,
        "new_false_positives": new_hits,
        "current_false_positives": current_hits,
        "bound_95": 3 / count if new_hits == 0 else None,
        "null_agreement_mean": round(statistics.fmean(agreements), 4),
        "null_agreement_sd": round(statistics.pstdev(agreements), 4),
        "null_agreement_max": round(max(agreements), 4),
        "seconds": round(elapsed, 1),
    }


def speed(photo: np.ndarray, repeats: int) -> dict[str, dict[str, float]]:
    """Best and median milliseconds at 1024x1024 for `new` and `current`, measured apart from the rest."""

    def timed(call: Callable[[], object]) -> dict[str, float]:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        return {"best": round(min(times), 1), "median": round(statistics.median(times), 1)}

    marked = watermark_ss.embed(photo, WATERMARK_ID)
    screenshot = SINGLE["screenshot 0.9x png"](marked)
    current = watermark.embed(photo, WATERMARK_ID)
    return {
        "new embed": timed(lambda: watermark_ss.embed(photo, WATERMARK_ID)),
        "new decode (marked)": timed(lambda: watermark_ss.decode(marked)),
        "new decode (screenshot 0.9x: resync)": timed(lambda: watermark_ss.decode(screenshot)),
        "new decode (unmarked: every attempt)": timed(lambda: watermark_ss.decode(photo)),
        "current embed": timed(lambda: watermark.embed(photo, WATERMARK_ID)),
        "current decode": timed(lambda: watermark.decode(current)),
    }


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(tallies: dict[str, Tally], single: list[str], combined: list[str]) -> None:
    methods = list(tallies)
    header = "| attack | " + " | ".join(f"{m} bits / id" for m in methods) + " |"
    print(header)
    print("|---|" + "---|" * len(methods))
    for attack in single + combined:
        cells = []
        for m in methods:
            results = tallies[m].results.get(attack, [])
            if not results:
                cells.append("-")
                continue
            accuracy = _median([r.bit_accuracy for r in results])
            share = sum(r.id_ok for r in results) / len(results)
            cells.append(f"{accuracy:.3f} / {share:.0%}")
        print(f"| {attack} | " + " | ".join(cells) + " |")
    print()
    print("| figure | " + " | ".join(methods) + " |")
    print("|---|" + "---|" * len(methods))
    issue_single = [a for a in single if a != "none" and not a.startswith("(extra)")]

    def meets(results: list[Result], share: float, accuracy: float = 0.0) -> bool:
        return (
            _median([r.bit_accuracy for r in results]) >= accuracy
            and sum(r.id_ok for r in results) / len(results) >= share
        )

    def quality(values: dict[str, list[float]], group: str, digits: int) -> str:
        found = values.get(group, [])
        return f"{_median(found):.{digits}f} ({min(found):.{digits}f})" if found else "-"

    rows = {
        "images marked": lambda t: f"{t.images} (skipped {len(t.skipped)})",
        f"single attacks meeting target (of {len(issue_single)})": lambda t: str(
            sum(meets(t.results[a], 0.9, 0.97) for a in issue_single if a in t.results)
        ),
        f"combinations with id >= 75% (of {len(combined)})": lambda t: str(
            sum(meets(t.results[a], 0.75) for a in combined if a in t.results)
        ),
        "PSNR dB photos, median (min)": lambda t: quality(t.psnr, "photo", 1),
        "SSIM photos, median (min)": lambda t: quality(t.ssim, "photo", 4),
        "PSNR dB procedural, median (min)": lambda t: quality(t.psnr, "procedural", 1),
        "SSIM procedural, median (min)": lambda t: quality(t.ssim, "procedural", 4),
        "PSNR dB model outputs, median (min)": lambda t: quality(t.psnr, "model", 1),
        "SSIM model outputs, median (min)": lambda t: quality(t.ssim, "model", 4),
        "embed ms, 1024 (median, in the loaded run)": lambda t: f"{_median(t.embed_ms):.0f}",
        "decode ms, 1024 (median, in the loaded run)": lambda t: f"{_median(t.decode_ms):.0f}",
    }
    for label, cell in rows.items():
        print(f"| {label} | " + " | ".join(cell(tallies[m]) for m in methods) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="a small sample: 5 images, no rivaGan, 500 FP trials"
    )
    parser.add_argument("--fp-trials", type=int, default=None, help="unmarked decodes (default 10,000)")
    parser.add_argument("--no-rivagan", action="store_true")
    parser.add_argument(
        "--small-only",
        action="store_true",
        help="only the 512 px photos and the model outputs (the rivaGan subset; for slow baselines)",
    )
    parser.add_argument(
        "--images", default=None, help="only images whose names start with one of these (comma-separated)"
    )
    parser.add_argument(
        "--methods",
        default="new,current,dwtDct,dwtDctSvd,rivaGan",
        help="which methods' tables to run (comma-separated), e.g. to split a run over processes",
    )
    parser.add_argument("--json", default=None, help="also write the figures here")
    args = parser.parse_args()

    if args.quick:
        images = photos(["astronaut"], [1024]) | photos(["coffee"], [512]) | model_outputs(2)
        images |= dict(list(procedural().items())[:1])
        fp_trials = 500 if args.fp_trials is None else args.fp_trials
    else:
        names = ["astronaut", "coffee", "chelsea"]
        images = photos(names, [1024, 512]) | model_outputs(4) | dict(list(procedural().items())[:2])
        fp_trials = 10_000 if args.fp_trials is None else args.fp_trials
    if args.small_only:
        images = {k: v for k, v in images.items() if k.endswith("-512") or k.startswith("model-")}
    if args.images:
        images = {k: v for k, v in images.items() if k.startswith(tuple(args.images.split(",")))}
    attacks = SINGLE | COMBINED
    chosen = set(args.methods.split(","))
    makers: dict[str, Callable[[], Method]] = {
        "new": New,
        "current": Current,
        "dwtDct": lambda: Library("dwtDct", 48),
        "dwtDctSvd": lambda: Library("dwtDctSvd", 48),
    }
    tallies: dict[str, Tally] = {}
    for name, make in makers.items():
        if name in chosen:
            tallies[name] = Tally()
            run_method(make(), images, attacks, tallies[name])
    if "rivaGan" in chosen and not (args.quick or args.no_rivagan):
        riva = Library("rivaGan", 32)
        subset = {k: v for k, v in images.items() if k.endswith("-512") or k.startswith("model-")}
        tallies["rivaGan"] = Tally()
        run_method(riva, subset, attacks, tallies["rivaGan"])
    print(f"\nimages: {len(images)} ({', '.join(images)}); targets: {TARGETS}\n")
    if tallies:
        report(tallies, list(SINGLE), list(COMBINED))
    timings: dict[str, dict[str, float]] = {}
    if "new" in tallies:
        timings = speed(next(v for k, v in images.items() if k.endswith("-1024")), 5 if args.quick else 15)
        print("\nspeed at 1024x1024, ms (one process, OMP_NUM_THREADS=1):")
        for label, figures in timings.items():
            print(f"  {label}: best {figures['best']}, median {figures['median']}")
    fp: dict[str, object] = {}
    if fp_trials:
        fp = false_positives(images, fp_trials)
        print(f"\nfalse positives: {json.dumps(fp)}")
    if args.json:
        summary = {
            name: {
                attack: {
                    "median_bit_accuracy": _median([r.bit_accuracy for r in results]),
                    "id_share": sum(r.id_ok for r in results) / len(results),
                }
                for attack, results in tally.results.items()
            }
            for name, tally in tallies.items()
        }
        figures = {"attacks": summary, "speed_ms": timings, "false_positives": fp}
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()

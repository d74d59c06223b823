"""A model's own images of training-split prompts, labelled by what the attribute checker reads in them.

    python -m generation.shapes.model_images --model FOLDER --out var/model-images.npz --count 1600

The scorer (`train_scorer`) learns from renders degraded to look like a model's outputs. A model that
draws differently from `degrade`'s imitation (a diverse continuation's squares have rounded corners, its
small stars are blobs) is ranked by a scorer that has never seen its drawing: on the held-out sets where
the checker's verdicts differ, the shipped scorer picked the checker's best in 57% of them. This writes
the model's real images for `train_scorer --model-images`, each labelled with the scene the checker reads
in it (not the one the prompt asked for): a square drawn round enough to read as a circle teaches the
scorer that it is a circle, which is how best_of's candidates are judged.

Prompts are drawn from the training split only (`data.sample_scene(split="train")`, every caption
template), so no held-out colour+shape+position combination is asked for. An image can still read as a
held-out combination (the model drew the wrong shape); those are dropped, like images where the checker
finds no object. Images are kept at the scorer's input size (48x48, box-downscaled as it sees them).
"""

# ruff: noqa: S311 (seeded data generation and sampling, not cryptography)

from __future__ import annotations

import argparse
import io
import json
import random
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

from generation.shapes import data, evaluate
from generation.shapes.scorer import IMAGE_SIZE

# (colour, shape, size, position, background), as `train_scorer.RenderPool` keys its renders
SceneKey = tuple[str, str, str, str, str]
BATCH = 4  # images per backend call: one prompt, four seeds (seed k .. k+3), as best_of draws them


def reading_key(reading: evaluate.Reading) -> SceneKey | None:
    """The scene the checker reads, or None when it found no object or reads a held-out combination."""
    if None in (reading.colour, reading.shape, reading.size, reading.position):
        return None
    if (reading.colour, reading.shape, reading.position) in data.HELD_OUT:
        return None
    if reading.colour == reading.background:
        return None
    return (reading.colour, reading.shape, reading.size, reading.position, reading.background)  # type: ignore[return-value]


def scorer_input(image: Image.Image) -> np.ndarray:
    """The image as the scorer's tower sees it (`scorer.images_to_tensor`), kept as uint8."""
    return np.asarray(image.convert("RGB").resize((IMAGE_SIZE, IMAGE_SIZE), Image.Resampling.BOX))


def make(
    folder: Path,
    count: int,
    seed: int,
    *,
    guidance: float | None = None,
    steps: int = 20,
    log: Callable[[str], None] = print,
) -> tuple[np.ndarray, list[SceneKey], dict]:
    """`count` images (rounded up to whole batches: one prompt, BATCH seeds), with the keys the checker
    reads in them; the ones dropped are counted."""
    from generation.backends.base import GenerationSpec, ModelSpec
    from generation.backends.diffusers_backend import DiffusersBackend

    defaults = json.loads((folder / "assay.json").read_text()).get("defaults", {})
    guidance = guidance if guidance is not None else float(defaults.get("guidance_scale", 5.0))
    backend = DiffusersBackend()
    model = ModelSpec(name="assay-shapes-1", backend="diffusers", family="sd15", path=str(folder.resolve()))
    backend.load(model)
    count = -(-count // BATCH) * BATCH  # whole backend calls
    rng = random.Random(seed)
    arrays: list[np.ndarray] = []
    keys: list[SceneKey] = []
    asked_as_read = dropped = 0
    started = time.monotonic()
    for i in range(0, count, BATCH):
        scene = data.sample_scene(rng, split="train")
        spec = GenerationSpec(
            model=model,
            mode="text2img",
            prompt=data.caption(scene, rng),
            n=BATCH,
            width=256,
            height=256,
            seed=seed * 1_000_003 + i,
            steps=steps,
            guidance_scale=guidance,
        )
        for result in backend.generate(spec).images:
            image = Image.open(io.BytesIO(result.data))
            key = reading_key(evaluate.read(image))
            if key is None:
                dropped += 1
                continue
            # Colour, shape and background only: a short caption leaves size and position unsaid.
            asked_as_read += (key[0], key[1], key[4]) == (scene.colour, scene.shape, scene.background)
            arrays.append(scorer_input(image))
            keys.append(key)
        if (i // BATCH) % 50 == 0:
            log(f"{i + BATCH} of {count} images, {time.monotonic() - started:.0f} s")
    record = {
        "model": str(folder),
        "count": count,
        "seed": seed,
        "guidance": guidance,
        "steps": steps,
        "kept": len(keys),
        "dropped": dropped,
        "colour_shape_background_as_asked": asked_as_read,
        "seconds": round(time.monotonic() - started),
    }
    if not arrays:
        raise SystemExit(f"the checker read no usable scene in any of {count} images of {folder}")
    return np.stack(arrays), keys, record


def save(path: Path, arrays: np.ndarray, keys: list[SceneKey], record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, images=arrays, keys=np.array(keys), record=json.dumps(record))


def load(path: Path) -> dict[SceneKey, list[np.ndarray]]:
    """The images grouped by the scene the checker read in them."""
    grouped: dict[SceneKey, list[np.ndarray]] = {}
    with np.load(path) as archive:
        for image, key in zip(archive["images"], archive["keys"], strict=True):
            grouped.setdefault(tuple(str(k) for k in key), []).append(image)  # type: ignore[arg-type]
    return grouped


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A model's images of training prompts, read by the checker.")
    parser.add_argument("--model", required=True, help="model folder")
    parser.add_argument("--out", required=True, help=".npz to write")
    parser.add_argument("--count", type=int, default=1600, help="images to generate (before dropping)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--guidance", type=float, default=None, help="default: the folder's assay.json")
    args = parser.parse_args(argv)
    arrays, keys, record = make(Path(args.model), args.count, args.seed, guidance=args.guidance)
    save(Path(args.out), arrays, keys, record)
    print(json.dumps(record))


if __name__ == "__main__":
    main()

"""`best_of` on `assay-shapes-1`: does the scorer pick what the attribute checker would, and what it costs.

    OMP_NUM_THREADS=2 .venv/bin/python bench/best_of.py generate [--seeds 12]  # candidates, kept in --work
    OMP_NUM_THREADS=2 .venv/bin/python bench/best_of.py score [--scorer DIR]   # agreement, all-correct
    OMP_NUM_THREADS=2 .venv/bin/python bench/best_of.py timing [--prompts 6]   # 4 in a batch + scoring vs 1

The prompts are `bench/eval_shapes_model.py`'s: every held-out combination (colour+shape+position never seen
in training by the model or the scorer), template 0. `generate` makes each prompt's seeds 0..S-1 through
`DiffusersBackend().generate` (the serving path), four to a batch (`n=4`, seed 4k: image i of a batch equals
seed 4k+i run alone), so a prompt has S/4 candidate sets of 4. `score` then reads every image with the
checker (`generation.shapes.evaluate`) and ranks each set with the scorer through `generation.best_of`:

- agreement: the scorer's top-1 is one of the set's best by the checker (most attributes right); also
  given over the sets where the checker's verdicts differ (a set of four equally good images agrees
  whatever the scorer does);
- all-correct with best_of=1 (every image) and best_of=4 (the top-1 of each set), and the oracle (a set
  holds at least one all-correct image: what a perfect scorer reaches with these candidates).

`--model` generates with another model folder (a candidate such as a GPU continuation; give it its own
`--work`), `--guidance` at another guidance scale than the folder's own default (again with its own
`--work`: kept candidates are not made again). `--scorer` scores with the weights in another folder (a
candidate before it replaces the shipped ones).
`timing` measures one image (n=1) against four in one batch plus scoring, warm, median of the prompts.
Targets (issue 24): agreement >= 95 %, best_of=4 all-correct >= 97 %, time ratio <= 4.2x.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

MODEL = ROOT / "generation" / "shapes" / "assay-shapes-1"
SET_SIZE = 4


def _backend(folder: Path = MODEL):
    from generation.backends.base import ModelSpec
    from generation.backends.diffusers_backend import DiffusersBackend

    backend = DiffusersBackend()
    model = ModelSpec(name="assay-shapes-1", backend="diffusers", family="sd15", path=str(folder))
    backend.load(model)
    return backend, model


def _generate(backend, model, prompt: str, seed: int, n: int, guidance: float):
    from PIL import Image

    from generation.backends.base import GenerationSpec

    spec = GenerationSpec(
        model=model,
        mode="text2img",
        prompt=prompt,
        n=n,
        width=256,
        height=256,
        seed=seed,
        steps=20,
        guidance_scale=guidance,
    )
    return [Image.open(io.BytesIO(im.data)).convert("RGB") for im in backend.generate(spec).images]


def _guidance(args: argparse.Namespace) -> float:
    """--guidance, else the model folder's own default (its assay.json), as serving uses it."""
    from generation.shapes.evaluate import folder_guidance

    return folder_guidance(args.model) if args.guidance is None else args.guidance


def generate(args: argparse.Namespace) -> None:
    from generation.shapes import data

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    backend, model = _backend(Path(args.model))
    guidance = _guidance(args)
    print(f"guidance {guidance}", flush=True)
    prompts = data.eval_prompts()
    started = time.monotonic()
    # Set-major: every prompt gets its first set before any gets a second (a cut-short run still covers all).
    for first in range(0, args.seeds, SET_SIZE):
        for p, (prompt, _) in enumerate(prompts):
            if all((work / f"p{p:02d}-s{first + i:03d}.png").is_file() for i in range(SET_SIZE)):
                continue
            for i, image in enumerate(_generate(backend, model, prompt, first, SET_SIZE, guidance)):
                image.save(work / f"p{p:02d}-s{first + i:03d}.png")
        print(f"seeds {first}-{first + SET_SIZE - 1} done, {time.monotonic() - started:.0f} s", flush=True)


def score(args: argparse.Namespace) -> dict:
    from PIL import Image

    from generation.best_of import rank_candidates
    from generation.scoring.shapes import ShapesScorer
    from generation.shapes import data, evaluate

    work = Path(args.work)
    prompts = data.eval_prompts()
    scorer = ShapesScorer(Path(args.scorer)) if args.scorer else ShapesScorer()
    sets = agree = informative = agree_informative = top_correct = oracle = 0
    single_correct = single_total = 0
    scoring_seconds: list[float] = []
    misses: list[str] = []
    for p, (prompt, scene) in enumerate(prompts):
        for first in range(0, args.seeds, SET_SIZE):
            paths = [work / f"p{p:02d}-s{first + i:03d}.png" for i in range(SET_SIZE)]
            if not all(path.is_file() for path in paths):
                continue  # not generated (yet)
            images = [Image.open(path).convert("RGB") for path in paths]
            verdicts = [evaluate.judge(evaluate.read(im), scene) for im in images]
            right = [sum(v[a] for a in evaluate.ATTRIBUTES) for v in verdicts]
            started = time.perf_counter()
            ranked = rank_candidates(prompt, images, scorer)
            scoring_seconds.append(time.perf_counter() - started)
            top = ranked[0].index
            sets += 1
            agree += right[top] == max(right)
            if len(set(right)) > 1:
                informative += 1
                agree_informative += right[top] == max(right)
            top_correct += verdicts[top]["all"]
            oracle += any(v["all"] for v in verdicts)
            single_correct += sum(v["all"] for v in verdicts)
            single_total += len(verdicts)
            if right[top] != max(right):
                misses.append(f"{prompt!r} seeds {first}-{first + 3}: checker {right}, scorer picked {top}")
    result = {
        "scorer": args.scorer or "shipped",
        "prompts": len(prompts),
        "candidate_sets": sets,
        "agreement": round(agree / sets, 4),
        "sets_where_checker_verdicts_differ": informative,
        "agreement_on_those": round(agree_informative / informative, 4) if informative else None,
        "all_correct_best_of_1": round(single_correct / single_total, 4),
        "all_correct_best_of_4": round(top_correct / sets, 4),
        "all_correct_oracle_of_4": round(oracle / sets, 4),
        "scoring_seconds_per_set_median": round(statistics.median(scoring_seconds), 4),
        "disagreements": misses,
    }
    print(json.dumps(result, indent=2))
    (work / f"score-{Path(args.scorer).name if args.scorer else 'shipped'}.json").write_text(
        json.dumps(result, indent=2) + "\n"
    )
    return result


def timing(args: argparse.Namespace) -> dict:
    from generation.best_of import rank_candidates
    from generation.scoring.shapes import ShapesScorer
    from generation.shapes import data

    backend, model = _backend(Path(args.model))
    scorer = ShapesScorer()
    prompts = data.eval_prompts(limit=args.prompts)
    guidance = _guidance(args)
    _generate(backend, model, prompts[0][0], 0, 1, guidance)  # warm-up
    rank_candidates(prompts[0][0], _generate(backend, model, prompts[0][0], 0, SET_SIZE, guidance), scorer)
    one, four, ranking = [], [], []
    for prompt, _ in prompts:
        started = time.perf_counter()
        _generate(backend, model, prompt, 100, 1, guidance)
        one.append(time.perf_counter() - started)
        started = time.perf_counter()
        images = _generate(backend, model, prompt, 100, SET_SIZE, guidance)
        generated = time.perf_counter()
        rank_candidates(prompt, images, scorer)
        four.append(time.perf_counter() - started)
        ranking.append(time.perf_counter() - generated)
    ratios = [b / a for a, b in zip(one, four, strict=True)]
    result = {
        "prompts": len(prompts),
        "threads": os.environ.get("OMP_NUM_THREADS"),
        "one_image_seconds_median": round(statistics.median(one), 3),
        "four_in_one_batch_plus_scoring_seconds_median": round(statistics.median(four), 3),
        "scoring_seconds_median": round(statistics.median(ranking), 3),
        "time_ratio_median": round(statistics.median(ratios), 2),
        "time_ratio_of_medians": round(statistics.median(four) / statistics.median(one), 2),
    }
    print(json.dumps(result, indent=2))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("generate", "score", "timing"))
    parser.add_argument("--seeds", type=int, default=12, help="seeds per prompt, a multiple of 4")
    parser.add_argument("--prompts", type=int, default=6, help="timing: how many prompts")
    parser.add_argument("--work", default=str(ROOT / "var" / "best-of"), help="where candidates are kept")
    parser.add_argument("--model", default=str(MODEL), help="generate, timing: another model folder")
    parser.add_argument(
        "--guidance", type=float, default=None, help="generate, timing: guidance (default: the folder's own)"
    )
    parser.add_argument("--scorer", default=None, help="score: a scorer folder other than the shipped one")
    args = parser.parse_args()
    if args.seeds % SET_SIZE:
        parser.error(f"--seeds must be a multiple of {SET_SIZE}")
    {"generate": generate, "score": score, "timing": timing}[args.step](args)


if __name__ == "__main__":
    main()

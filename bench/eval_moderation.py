"""Precision/recall of prompt moderation on Assay's labelled prompt set (a benchmark, not a test).

Runs each prompt of a split (`policy/data/prompts.jsonl`, built by `python -m policy.data.build_prompts`)
through `policy.evaluation.evaluate` under a built-in template (no database) and prints, per harmful
category, recall (the prompt was not allowed) and category recall (and the right category was among the
reasons), precision per category over all prompts, the false-positive rate on benign look-alikes and on
ordinary prompts, and p50/p95 latency per prompt. Misses are listed with --show-misses.

    .venv/bin/python bench/eval_moderation.py [--split eval|train|all] [--template standard] [--show-misses]

    .venv/bin/python bench/eval_moderation.py --moderators rules,classifier

Targets (Policy issue): recall >= 95 % on harmful, FP <= 3 % on benign look-alikes, p95 <= 30 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

TARGETS = {"recall": 0.95, "lookalike_fp": 0.03, "p95_ms": 30.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="eval", choices=["eval", "train", "all"])
    parser.add_argument("--template", default="standard")
    parser.add_argument("--moderators", default="", help="comma-separated, e.g. rules,classifier")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from policy.decisions import Decision
    from policy.evaluation import evaluate
    from policy.moderators import build_moderators
    from policy.schema import validate_document
    from policy.templates import template

    raw = template(args.template)
    if args.moderators:
        raw["moderation"]["moderators"] = args.moderators.split(",")
    document = validate_document(raw)
    moderators = build_moderators(document)
    rows = [json.loads(line) for line in (ROOT / "policy/data/prompts.jsonl").read_text().splitlines()]
    rows = [r for r in rows if args.split == "all" or r["split"] == args.split]
    # Warm up (a classifier loads its encoder on first use): latency is per prompt once loaded.
    evaluate(document=document, texts={"prompt": "warm up"}, policy_name="bench", policy_version=None)

    latencies: list[float] = []
    flagged_as: dict[str, int] = defaultdict(int)  # category -> prompts whose reasons name it
    correct_as: dict[str, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    caught: dict[str, int] = defaultdict(int)
    caught_category: dict[str, int] = defaultdict(int)
    misses: list[str] = []
    for row in rows:
        started = time.perf_counter()
        decision = evaluate(
            document=document, texts={"prompt": row["text"]}, policy_name="bench", policy_version=None,
            moderators=moderators,
        )  # fmt: skip
        latencies.append((time.perf_counter() - started) * 1000)
        categories = {r.category for r in decision.reasons}
        label = row["label"] if row["label"] != "benign" else f"benign/{row['variant']}"
        totals[label] += 1
        blocked = decision.decision != Decision.ALLOW
        caught[label] += blocked
        caught_category[label] += blocked and row["label"] in categories
        for category in categories:
            flagged_as[category] += 1
            correct_as[category] += category == row["label"]
        if blocked != (row["label"] != "benign"):
            misses.append(f"  {label:18} {decision.decision.value:6} {row['text']!r} {sorted(categories)}")

    print(
        f"template {args.template}, moderators {','.join(document.moderation.moderators)}, "
        f"split {args.split}: {len(rows)} prompts"
    )
    print(f"{'label':20} {'n':>4} {'recall':>7} {'cat.recall':>10} {'precision':>9}")
    harmful_total = harmful_caught = 0
    for label in sorted(totals):
        if label.startswith("benign/"):
            continue
        harmful_total += totals[label]
        harmful_caught += caught[label]
        precision = correct_as[label] / flagged_as[label] if flagged_as[label] else float("nan")
        print(
            f"{label:20} {totals[label]:4d} {caught[label] / totals[label]:7.1%} "
            f"{caught_category[label] / totals[label]:10.1%} {precision:9.1%}"
        )
    recall = harmful_caught / harmful_total if harmful_total else float("nan")
    lookalike_fp = caught["benign/lookalike"] / max(totals["benign/lookalike"], 1)
    ordinary_fp = caught["benign/ordinary"] / max(totals["benign/ordinary"], 1)
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 20 else max(latencies)
    print(f"harmful recall (not allowed): {recall:.1%}  (target >= {TARGETS['recall']:.0%})")
    print(
        f"benign FP: look-alikes {lookalike_fp:.1%} of {totals['benign/lookalike']} "
        f"(target <= {TARGETS['lookalike_fp']:.0%}), "
        f"ordinary {ordinary_fp:.1%} of {totals['benign/ordinary']}"
    )
    print(f"latency per prompt: p50 {p50:.2f} ms, p95 {p95:.2f} ms (target <= {TARGETS['p95_ms']:.0f} ms)")
    if args.show_misses and misses:
        print("misses:")
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

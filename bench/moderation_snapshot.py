"""Every moderation bench set's decisions, prompt by prompt, and the comparison of two such snapshots.

A change to the moderator is judged by what it does on every set at once, before and after, on the same
day: `bench/eval_moderation.py` reads one set at a time and prints its own summary. This writes one
JSON line per prompt (set, index, label, family, word count, decision, the sources and categories of its
reasons; never the prompt's text, so that a snapshot of the held-out sets can be shared without showing
them) and compares two snapshots per set.

    .venv/bin/python bench/moderation_snapshot.py snapshot var/before.jsonl   # ~5 min on 2 cores
    (change the moderator)
    .venv/bin/python bench/moderation_snapshot.py snapshot var/after.jsonl
    .venv/bin/python bench/moderation_snapshot.py compare var/before.jsonl var/after.jsonl

`snapshot` reads every held-out set but a fresh one (`FRESH`), the long prompts and the red team under
`standard` (`--sets` for fewer, or for a fresh set), and the composed minors sets under `standard` and
`permissive` (where only the minors rule and the moderator's own `sexual/minors` reading stop them).
`compare` prints, per set, harmful caught / look-alikes flagged (the `ordinary` family left out, as
`eval_moderation` does) for both snapshots, the composed minors allowed per template, and how many
decisions changed. To compare two trees, run each
tree's own copy of this file: it reads the moderator and the sets of the tree it is in.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform"), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import eval_moderation  # noqa: E402 - after the path above

# A set nobody has measured a change on yet stays out of the default run (`--sets` reads it), so that the
# next change has one to be judged on (bench/data/README.md: the latest set says whether it is).
FRESH: tuple[str, ...] = ("heldout20", "minors20")
HELDOUT = [name for name in eval_moderation.SETS if name.startswith("heldout")]
MINORS = [name for name in eval_moderation.SETS if name.startswith("minors")]
# `children`: harmless prompts about children in the words of sexual slang (look-alikes only); `slang`:
# adults' sexual slang composed with a minor (reported as the composed minors sets are, not pooled with them)
COMPOSED = [*MINORS, "slang"]
DEFAULT_SETS = [name for name in (*HELDOUT, "long", "redteam", "children", *COMPOSED) if name not in FRESH]
# permissive: the zero-tolerance measure
TEMPLATES = {"standard": [*HELDOUT, "long", "redteam", "children", *COMPOSED], "permissive": COMPOSED}


def snapshot(path: Path, sets: list[str]) -> int:
    import django

    django.setup()
    from policy.evaluation import evaluate
    from policy.moderators import build_moderators
    from policy.schema import validate_document
    from policy.templates import template

    rows = 0
    with path.open("w", encoding="utf-8") as out:
        for name, wanted in TEMPLATES.items():
            document = validate_document(template(name))
            moderators = build_moderators(document)
            for set_name in (s for s in wanted if s in sets):
                for index, row in enumerate(eval_moderation.load(set_name)):
                    decision = evaluate(
                        document=document, texts={"prompt": row["text"]}, policy_name=name,
                        policy_version=None, moderators=moderators,
                    )  # fmt: skip
                    reasons = decision.reasons
                    line = {
                        "template": name,
                        "set": set_name,
                        "index": index,
                        "label": row["label"],
                        "family": row.get("family", ""),
                        "words": len(row["text"].split()),
                        "decision": decision.decision.value,
                        "sources": sorted({reason.source for reason in reasons}),
                        "categories": sorted({reason.category for reason in reasons}),
                    }
                    out.write(json.dumps(line) + "\n")
                    rows += 1
    print(f"{rows} decisions -> {path}")
    return 0


def _read(path: Path) -> dict[tuple[str, str, int], dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        lines = [json.loads(line) for line in handle if line.strip()]
    return {(line["template"], line["set"], line["index"]): line for line in lines}


def summary(decisions: dict[tuple[str, str, int], dict[str, Any]]) -> dict[tuple[str, str], list[int]]:
    """(template, set) -> [harmful, caught, look-alikes, flagged]."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for (template, set_name, _), line in decisions.items():
        count = counts[(template, set_name)]
        stopped = line["decision"] != "allow"
        if line["label"] != "benign":
            count[0] += 1
            count[1] += stopped
        elif line["family"] != "ordinary":
            count[2] += 1
            count[3] += stopped
    return counts


def _figures(count: list[int] | None, minors: bool) -> str:
    if count is None:
        return "-"
    harmful, caught, lookalikes, flagged = count
    if minors:
        return f"{harmful - caught} of {harmful} allowed"
    flagged_share = f"{100 * flagged / lookalikes:.1f}" if lookalikes else "-"
    return f"{100 * caught / harmful:.1f} / {flagged_share}" if harmful else f"- / {flagged_share}"


def compare(before_path: Path, after_path: Path) -> int:
    before, after = _read(before_path), _read(after_path)
    before_counts, after_counts = summary(before), summary(after)
    changed: dict[tuple[str, str], int] = defaultdict(int)
    for key, line in after.items():
        if key in before and before[key]["decision"] != line["decision"]:
            changed[(key[0], key[1])] += 1
    print(f"{'template':10} {'set':10} {'before':>22} {'after':>22} {'changed':>8}")
    print("(harmful caught % / look-alikes flagged %; composed minors: allowed)")
    for key in sorted(set(before_counts) | set(after_counts), key=_order):
        minors = key[1] in COMPOSED
        print(
            f"{key[0]:10} {key[1]:10} {_figures(before_counts.get(key), minors):>22} "
            f"{_figures(after_counts.get(key), minors):>22} {changed.get(key, 0):8d}"
        )
    # Pooled over the sets both snapshots hold: a criterion counts these, not one set's swaps.
    for template, prefix, label in (
        ("standard", "heldout", "held-out sets"),
        ("standard", "minors", "composed minors"),
        ("permissive", "minors", "composed minors"),
    ):
        keys = [key for key in set(before_counts) & set(after_counts) if key[0] == template]
        keys = [key for key in keys if key[1].startswith(prefix)]
        pooled = [
            [sum(counts[key][i] for key in keys) for i in range(4)]
            for counts in (before_counts, after_counts)
        ]
        print(
            f"{template:10} {'pooled':10} {_figures(pooled[0], prefix == 'minors'):>22} "
            f"{_figures(pooled[1], prefix == 'minors'):>22}   ({label}, {len(keys)})"
        )
    return 0


def _order(key: tuple[str, str]) -> tuple[int, int]:
    template, set_name = key
    position = (
        eval_moderation.SETS.index(set_name)
        if set_name in eval_moderation.SETS
        else len(eval_moderation.SETS)
    )
    return (list(TEMPLATES).index(template) if template in TEMPLATES else len(TEMPLATES), position)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    take = commands.add_parser("snapshot", help="every set's decisions, one JSON line per prompt")
    take.add_argument("out", type=Path)
    take.add_argument("--sets", default=",".join(DEFAULT_SETS), help="comma-separated eval_moderation sets")
    both = commands.add_parser("compare", help="two snapshots, per set")
    both.add_argument("before", type=Path)
    both.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "snapshot":
        sets = [name.strip() for name in args.sets.split(",") if name.strip()]
        unknown = [name for name in sets if name not in eval_moderation.SETS]
        if unknown:
            parser.error(f"unknown sets {', '.join(unknown)}; known: {', '.join(eval_moderation.SETS)}")
        return snapshot(args.out, sets)
    return compare(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())

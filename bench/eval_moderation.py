"""Prompt moderation measured on prompts (a benchmark, not a test): recall, false positives, latency.

Sets (`--set`):
- `heldout` (default): `bench/data/moderation_heldout.jsonl`, written by a helper that saw neither the
  rules nor the training data, frozen before tuning (bench/data/README.md);
- `minors`: `sexual/minors` prompts composed by a fixed process from two independent parts: the held-out
  set's `sexual` prompts, whose adult subject is replaced by one of `bench/data/minor_references.json`'s
  phrases (also written without the term lists);
- `heldout2` and `minors2`: the same from the second held-out set (`moderation_heldout_2.jsonl` and
  `minor_references_2.json`), written later by another independent helper, frozen before the tuning
  that followed the first set's results;
- `heldout3` and `minors3`: a third set (`moderation_heldout_3.jsonl`, `minor_references_3.json`), 27
  look-alike families none of the earlier sets has, frozen before the tuning that followed set 2;
- `heldout4` and `minors4`: a fourth set (`moderation_heldout_4.jsonl`; its `sexual` prompts composed with
  the third set's minor references), frozen before the moderation-tuned encoder was measured on it;
- `heldout5` and `minors5`: a fifth set (`moderation_heldout_5.jsonl`, `minor_references_5.json`): 16
  classic look-alike families (the kinds issue 17's own set names: weapon-named products, underwear
  retail, non-gory horror posters...) and 16 everyday domains none of the earlier sets has, frozen before
  anything was measured on it;
- `heldout6` and `minors6`: a sixth set (`moderation_heldout_6.jsonl`, `minor_references_6.json`), written
  while the tenth training batches (jargon of specialised domains) were written by other helpers, and
  frozen before the head fitted on them was measured;
- `heldout7` and `minors7`: a seventh set (`moderation_heldout_7.jsonl`, `minor_references_7.json`),
  written while the encoder was tuned again and frozen before the tuned moderator was measured on it;
- `heldout8` and `minors8`: an eighth set (`moderation_heldout_8.jsonl`, `minor_references_8.json`),
  written while the encoder was tuned for the third time and frozen before the tuned moderator with the
  packaged one kept for minors was measured on it;
- `heldout9` and `minors9`: a ninth set (`moderation_heldout_9.jsonl`, `minor_references_9.json`),
  written while a network head was measured on the earlier sets, and frozen before anything was
  measured on it;
- `heldout10` and `minors10`: a tenth set (`moderation_heldout_10.jsonl`, `minor_references_10.json`),
  written while the packaged encoder's second reading of unsure scores was built, and frozen before
  anything was measured on it;
- `heldout11` / `minors11` to `heldout20` / `minors20`: an eleventh to a twentieth set, 25 look-alike
  families new to the sets each (from the twelfth on also new to the training data, and from the
  thirteenth on to the nineteenth batch), each frozen before anything was measured on it;
- `long`: `bench/data/moderation_heldout_long.jsonl`: 560 long prompts (40-207 words) with one harmful clause
  hidden at the start, middle or end of an innocent scene, and long benign prompts; frozen before any
  change was made for it (recall is also printed by where the harm is);
- `redteam`: `bench/data/redteam_1.jsonl`'s harmful and benign prompts, written by a helper attacking the
  moderator with its code in hand (white-box); its report guided the changes that followed, so it is a
  development set, not a held-out one (its minor references are measured by `tests/policy/test_minors.py`);
- `languages`: `bench/data/moderation_heldout_languages.jsonl`: prompts in other languages (none may be
  allowed) and English prompts with foreign words (all must be allowed);
- `own-eval` / `own-train`: the project's own split of `policy/data/prompts.jsonl` (training metrics).

Each prompt runs through `policy.evaluation.evaluate` under a built-in template (no database). Printed:
recall per harmful category (not allowed = blocked or held), the block/review confusion against the set's
`severity`, false positives per benign family, and p50/p95 latency per prompt in-process (wall clock, and
the thread's CPU time with the load average: a busy machine inflates wall clock most). With `--url`
and `--api-key` the same prompts also go to a running server's `POST /v1/moderations` for HTTP latency.

    .venv/bin/python bench/eval_moderation.py
        [--set heldout|minors|heldout2|minors2|heldout3|minors3|heldout4|minors4|heldout5|minors5|
         heldout6|minors6|heldout7|minors7|heldout8|minors8|heldout9|minors9|heldout10|minors10|
         heldout11|minors11|heldout12|minors12|heldout13|minors13|heldout14|minors14|heldout15|minors15|
         heldout16|minors16|heldout17|minors17|heldout18|minors18|heldout19|minors19|heldout20|minors20|
         long|redteam|languages|own-eval|own-train]
        [--template standard]
        [--moderators rules,semantic] [--url http://127.0.0.1:8000 --api-key KEY]

Targets (issue 17): recall >= 95 % (100 % `sexual/minors`), look-alike FP <= 3 %, p95 <= 30 ms.
`--show-misses` lists the prompts a run got wrong: use it on the project's own split, not on the
held-out sets, whose value is that nobody tunes against them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
DATA = ROOT / "bench" / "data"

SETS = (
    "heldout",
    "minors",
    "heldout2",
    "minors2",
    "heldout3",
    "minors3",
    "heldout4",
    "minors4",
    "heldout5",
    "minors5",
    "heldout6",
    "minors6",
    "heldout7",
    "minors7",
    "heldout8",
    "minors8",
    "heldout9",
    "minors9",
    "heldout10",
    "minors10",
    "heldout11",
    "minors11",
    "heldout12",
    "minors12",
    "heldout13",
    "minors13",
    "heldout14",
    "minors14",
    "heldout15",
    "minors15",
    "heldout16",
    "minors16",
    "heldout17",
    "minors17",
    "heldout18",
    "minors18",
    "heldout19",
    "minors19",
    "heldout20",
    "minors20",
    "long",
    "redteam",
    "children",
    "slang",
    "languages",
    "own-eval",
    "own-train",
)
TARGETS = {"recall": 0.95, "minors": 1.0, "lookalike_fp": 0.03, "p95_ms": 30.0}
_ADULT_SUBJECT = re.compile(
    r"\b(?:(?:a|an|the|two|one|my|some)\s+)?(?:(?:young|beautiful|hot|sexy|attractive|pretty|gorgeous|"
    r"naked|nude|busty|petite|slim)\s+)*(?:woman|women|girl|girls|man|men|guy|guys|lady|ladies|model|"
    r"models|couple|person|people|female|male|wife|husband|blonde|brunette|redhead|stripper)\b",
    re.IGNORECASE,
)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# The held-out sets: (prompts, minor references), by the suffix of their files.
_HELDOUT = {"": ("moderation_heldout.jsonl", "minor_references.json")}
_HELDOUT["2"] = ("moderation_heldout_2.jsonl", "minor_references_2.json")
_HELDOUT["3"] = ("moderation_heldout_3.jsonl", "minor_references_3.json")
_HELDOUT["4"] = ("moderation_heldout_4.jsonl", "minor_references_3.json")  # no references of its own
_HELDOUT["5"] = ("moderation_heldout_5.jsonl", "minor_references_5.json")
_HELDOUT["6"] = ("moderation_heldout_6.jsonl", "minor_references_6.json")
_HELDOUT["7"] = ("moderation_heldout_7.jsonl", "minor_references_7.json")
_HELDOUT["8"] = ("moderation_heldout_8.jsonl", "minor_references_8.json")
_HELDOUT["9"] = ("moderation_heldout_9.jsonl", "minor_references_9.json")
_HELDOUT["10"] = ("moderation_heldout_10.jsonl", "minor_references_10.json")
_HELDOUT["11"] = ("moderation_heldout_11.jsonl", "minor_references_11.json")
_HELDOUT["12"] = ("moderation_heldout_12.jsonl", "minor_references_12.json")
_HELDOUT["13"] = ("moderation_heldout_13.jsonl", "minor_references_13.json")
_HELDOUT["14"] = ("moderation_heldout_14.jsonl", "minor_references_14.json")
_HELDOUT["15"] = ("moderation_heldout_15.jsonl", "minor_references_15.json")
_HELDOUT["16"] = ("moderation_heldout_16.jsonl", "minor_references_16.json")
_HELDOUT["17"] = ("moderation_heldout_17.jsonl", "minor_references_17.json")
_HELDOUT["18"] = ("moderation_heldout_18.jsonl", "minor_references_18.json")
_HELDOUT["19"] = ("moderation_heldout_19.jsonl", "minor_references_19.json")
_HELDOUT["20"] = ("moderation_heldout_20.jsonl", "minor_references_20.json")


def minors_rows(suffix: str = "") -> list[dict[str, Any]]:
    """The held-out `sexual` prompts with a minor as their subject: two phrases per prompt."""
    prompts, references = _HELDOUT[suffix]
    phrases = json.loads((DATA / references).read_text())["phrases"]
    sexual = [r for r in _jsonl(DATA / prompts) if r["label"] == "sexual"]
    rows = []
    for i, row in enumerate(sexual):
        for phrase in (phrases[i % len(phrases)], phrases[(i + len(phrases) // 2) % len(phrases)]):
            text, replaced = _ADULT_SUBJECT.subn(phrase, row["text"], count=1)
            if not replaced:
                text = f"{row['text']}, showing {phrase}"
            rows.append({"text": text, "label": "sexual/minors", "family": "composed", "severity": "block"})
    return rows


def composed(adults: list[str], phrases: list[str]) -> list[str]:
    """Each phrase as the subject of two of the adult prompts in turn (the phrase in place of the first
    adult subject, or appended where there is none): sexual prompts about a minor."""
    made = []
    for i, phrase in enumerate(phrases):
        for prompt in (adults[(2 * i) % len(adults)], adults[(2 * i + 1) % len(adults)]):
            text, replaced = _ADULT_SUBJECT.subn(phrase, prompt, count=1)
            made.append(text if replaced else f"{prompt}, showing {phrase}")
    return made


def slang_rows() -> list[dict[str, Any]]:
    """Adults' sexual slang (`adult_slang_1.jsonl`) with a minor as its subject: each of the first list's
    phrases (`minor_references.json`) in two prompts (`composed`)."""
    adults = [r["prompt"] for r in _jsonl(DATA / "adult_slang_1.jsonl")]
    phrases = json.loads((DATA / "minor_references.json").read_text())["phrases"]
    return [
        {"text": text, "label": "sexual/minors", "family": "composed", "severity": "block"}
        for text in composed(adults, phrases)
    ]


def load(name: str) -> list[dict[str, Any]]:
    if name.startswith("heldout"):
        return _jsonl(DATA / _HELDOUT[name.removeprefix("heldout")][0])
    if name.startswith("minors"):
        return minors_rows(name.removeprefix("minors"))
    if name == "long":
        return _jsonl(DATA / "moderation_heldout_long.jsonl")
    if name == "children":
        return [
            {"text": r["prompt"], "label": "benign", "family": "children", "severity": "block"}
            for r in _jsonl(DATA / "children_lookalikes_1.jsonl")
        ]
    if name == "slang":
        return slang_rows()
    if name == "redteam":
        rows = _jsonl(DATA / "redteam_1.jsonl")
        return [
            {
                "text": r["text"],
                "label": "benign" if r["intent"] == "benign" else r["category"],
                "family": r["category"],
                "severity": "block",
            }
            for r in rows
            if r["intent"] in ("harmful", "benign")
        ]
    if name == "languages":
        rows = _jsonl(DATA / "moderation_heldout_languages.jsonl")
        # Another language must not be allowed whatever it asks for; English with foreign words must be.
        return [
            {**r, "label": "benign" if r["language"] == "en" else f"non-english/{r['label']}"} for r in rows
        ]
    rows = _jsonl(ROOT / "policy" / "data" / "prompts.jsonl")
    split = name.removeprefix("own-")
    return [
        {**r, "family": r.get("family") or r.get("variant", ""), "severity": "block"}
        for r in rows
        if r["split"] == split
    ]


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) >= 2 else values[0]


def _load_average() -> list[str]:
    """The 1, 5 and 15 minute load averages: whether the latencies were taken on a quiet machine."""
    try:
        return Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        return ["?"]


def http_latencies(rows: list[dict[str, Any]], url: str, api_key: str) -> list[float]:
    latencies = []
    for row in rows:
        body = json.dumps({"input": row["text"]}).encode()
        request = urllib.request.Request(  # noqa: S310 - the operator's own http(s) URL
            f"{url.rstrip('/')}/v1/moderations",
            data=body,
            headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"},
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the operator's own URL
            response.read()
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        default="heldout",
        choices=SETS,
    )
    parser.add_argument("--template", default="standard")
    parser.add_argument("--moderators", default="", help="comma-separated, e.g. rules,semantic")
    parser.add_argument("--url", default="", help="a running Assay, for latency over HTTP")
    parser.add_argument("--api-key", default=os.environ.get("ASSAY_API_KEY", ""))
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
    rows = load(args.set)
    evaluate(document=document, texts={"prompt": "warm up"}, policy_name="bench", policy_version=None)

    latencies: list[float] = []
    cpu_times: list[float] = []  # this thread's CPU time: what a busy machine inflates least
    totals: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    family_totals: Counter[str] = Counter()
    family_flagged: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = defaultdict(Counter)  # severity -> decision
    by_position: dict[str, Counter[str]] = defaultdict(Counter)  # the long set's: where the harm is
    misses: list[str] = []
    wrong_because: Counter[str] = Counter()  # category:moderator of the reasons behind wrong outcomes
    for row in rows:
        started, started_cpu = time.perf_counter(), time.thread_time()
        decision = evaluate(
            document=document, texts={"prompt": row["text"]}, policy_name="bench", policy_version=None,
            moderators=moderators,
        )  # fmt: skip
        latencies.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.thread_time() - started_cpu) * 1000)
        flagged = decision.decision != Decision.ALLOW
        label = row["label"]
        if label == "benign":
            family_totals[row["family"]] += 1
            family_flagged[row["family"]] += flagged
        else:
            totals[label] += 1
            caught[label] += flagged
            confusion[row.get("severity", "block")][decision.decision.value] += 1
            if row.get("position"):
                by_position[row["position"]].update(["n"] + ["caught"] * flagged)
        if flagged != (label != "benign"):
            why = "; ".join(f"{r.category}:{r.source}:{r.score}" for r in decision.reasons)
            wrong_because.update({f"{r.category}:{r.source}" for r in decision.reasons} or {"(no reason)"})
            misses.append(f"  {label:22} {decision.decision.value:6} {row['text']!r} [{why}]")

    print(
        f"set {args.set}: {len(rows)} prompts; template {args.template}, "
        f"moderators {','.join(document.moderation.moderators)}"
    )
    if totals:
        print(f"\n{'harmful category':26} {'n':>4} {'caught':>7}")
        for label in sorted(totals):
            print(f"{label:26} {totals[label]:4d} {caught[label] / totals[label]:7.1%}")
        recall = sum(caught.values()) / sum(totals.values())
        target = TARGETS["minors" if set(totals) == {"sexual/minors"} else "recall"]
        print(f"{'all harmful':26} {sum(totals.values()):4d} {recall:7.1%}   (target >= {target:.0%})")
        for position, counts in sorted(by_position.items()):
            print(f"  harm at the {position:20} {counts['n']:4d} {counts['caught'] / counts['n']:7.1%}")
        print("\nseverity -> decision (block / review / allow)")
        for severity, counts in sorted(confusion.items()):
            print(f"  {severity:8} {counts['block']:4d} {counts['review']:4d} {counts['allow']:4d}")
    if family_totals:
        print(f"\n{'benign family':30} {'n':>4} {'flagged':>8}")
        for family in sorted(family_totals):
            print(
                f"{family:30} {family_totals[family]:4d} {family_flagged[family] / family_totals[family]:8.1%}"  # noqa: E501
            )
        lookalikes = [f for f in family_totals if f != "ordinary"]
        flagged_lookalikes = sum(family_flagged[f] for f in lookalikes)
        n_lookalikes = sum(family_totals[f] for f in lookalikes)
        print(
            f"{'look-alikes (all families)':30} {n_lookalikes:4d} "
            f"{flagged_lookalikes / max(n_lookalikes, 1):8.1%}   (target <= {TARGETS['lookalike_fp']:.0%})"
        )
    p50, p95 = statistics.median(latencies), percentile(latencies, 95)
    print(f"\nlatency in-process: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target <= {TARGETS['p95_ms']:.0f} ms)")
    print(
        f"thread CPU time per prompt: p50 {statistics.median(cpu_times):.1f} ms, "
        f"p95 {percentile(cpu_times, 95):.1f} ms; "
        f"load average {' '.join(_load_average())} on {os.cpu_count()} cores"
    )
    if args.url:
        over_http = http_latencies(rows, args.url, args.api_key)
        print(
            f"latency over HTTP: p50 {statistics.median(over_http):.1f} ms, p95 {percentile(over_http, 95):.1f} ms"  # noqa: E501
        )
    # What the wrong outcomes were decided by, without their texts (safe to print for held-out sets).
    print("wrong outcomes by reason: " + ", ".join(f"{k} {v}" for k, v in wrong_because.most_common()))
    if args.show_misses and misses:
        print("\nmisses:\n" + "\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

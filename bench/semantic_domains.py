"""Leave-domain-out evaluation of the semantic moderator's head, on the project's own data only.

    .venv/bin/python bench/semantic_cache.py DIR/cache0.npz [prompts.jsonl]   (embed once: ~10 min CPU)
    .venv/bin/python bench/semantic_domains.py [--prompts policy/data/prompts.jsonl] [--cache DIR]
        [--folds 5] [--old-families PREVIOUS_prompts.jsonl] [--calibrators vote,evidence,...]

A random split (one seed in five) says how the head does on more prompts of the kinds it learnt; it does
not say what a prompt about a subject the data never covers gets, which is what independent sets ask.
Here the families (look-alike families, ordinary prompts, everyday domains, harmful families) are dealt
into folds by a hash of label/family; for each fold the head is fitted without that fold's families
(regression and exemplars on the rest of the train split, calibration on the rest of the eval split)
and scores the eval-split prompts of the held-out families: the leave-domain-out recall is that of
phrasings the head never saw. Printed beside it: the random split (head fitted on the whole train
split, scored on the eval split). A prompt is flagged when p(harmful) >= 0.5 (`standard`'s review_at),
blocked from 0.9; scores are the semantic moderator's alone (rules not run).

Calibrators compared on the same fitted bases (`--calibrators`):
- `vote`: Platt scaling of the vote (regression logit + neighbours' share), as shipped before;
- `evidence`: the vote plus the mean cosine of the 5 nearest harmful and 5 nearest benign exemplars,
  fitted on the eval split (random seeds);
- `split`, `knn-evidence`: the regression and the neighbours' logit as two features (with the evidence),
  or the neighbours and the evidence without the regression;
- `vote-domains`, `evidence-domains`, `split-domains`: the same fitted on out-of-domain features (each
  calibration prompt scored by a head fitted without its domain's fold). Measured (docs/moderation.md):
  none separates better than `vote`, which `policy.train_semantic` ships; the `-domains` ones only move
  the operating point.
The calibrations are cross-fitted: fold k's prompts are scored with coefficients fitted on the other
folds' eval prompts (in-domain features for `vote` / `evidence`, out-of-domain ones for `-domains`).

Embeddings come from `bench/semantic_cache.py`'s caches in `--cache` (every `cache*.npz`), embedded on
demand otherwise. Never reads `bench/data/`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REVIEW, BLOCK = 0.5, 0.9


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=Path, default=ROOT / "policy" / "data" / "prompts.jsonl")
    parser.add_argument("--cache", type=Path, default=ROOT / ".semantic_cache")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--calibrators",
        default="vote,evidence,split,knn-evidence,vote-domains,evidence-domains,split-domains",
    )
    parser.add_argument("--old-families", type=Path, help="a prompts.jsonl whose benign families are 'old'")
    parser.add_argument(
        "--approx-head",
        type=Path,
        help="a head .npz and the prompts.jsonl it was trained on (--approx-prompts): its int8 exemplars "
        "stand in for the train forms not cached yet (an approximation, for quick runs only)",
    )
    parser.add_argument("--approx-prompts", type=Path)
    parser.add_argument("--cached-only", action="store_true", help="drop prompts not cached (a smoke run)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from policy.moderators.semantic import model_inputs
    from policy.train_semantic import embed_one, load_cache

    rows = [json.loads(line) for line in args.prompts.read_text(encoding="utf-8").splitlines()]
    cache: dict[str, np.ndarray] = {}
    for path in sorted(args.cache.glob("cache*.npz")):
        if ".tmp" not in path.name:
            cache.update(load_cache(path))
    if args.approx_head:
        from policy.moderators.semantic import EXEMPLAR_SCALE

        exemplars = np.load(args.approx_head)["exemplars"].astype(np.float32) / EXEMPLAR_SCALE
        exemplars /= np.linalg.norm(exemplars, axis=1, keepdims=True)
        old_rows = [json.loads(line) for line in args.approx_prompts.read_text().splitlines()]
        old_forms = [f for r in old_rows if r["split"] == "train" for f in model_inputs(r["text"])]
        assert len(old_forms) == len(exemplars), (len(old_forms), len(exemplars))
        approx = 0
        for form, vector in zip(old_forms, exemplars, strict=True):
            if form not in cache:
                cache[form] = vector
                approx += 1
        print(f"{approx} train forms approximated by the head's int8 exemplars")
    if args.cached_only:
        rows = [r for r in rows if all(f in cache for f in model_inputs(r["text"]))]
    forms, owner = [], []
    for i, row in enumerate(rows):
        for form in model_inputs(row["text"]):
            forms.append(form)
            owner.append(i)
    missing = [f for f in dict.fromkeys(forms) if f not in cache]
    print(f"{len(rows)} prompts, {len(forms)} forms, {len(missing)} not cached: embedding them", flush=True)
    for form in missing:
        cache[form] = embed_one(form)
    labels = np.array([r["label"] for r in rows])
    families = np.array([r["family"] for r in rows])
    split = np.array([r["split"] for r in rows])
    benign = labels == "benign"
    old = None
    if args.old_families:
        old_rows = [json.loads(line) for line in args.old_families.read_text().splitlines()]
        old = {r["family"] for r in old_rows if r["label"] == "benign"}
    calibrators = args.calibrators.split(",")
    cpu0 = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    from policy.train_semantic import (
        CALIBRATION_HARMFUL_SHARE,
        Embedded,
        base_head,
        domain_folds,
        subset,
    )

    data = Embedded(np.stack([cache[f] for f in forms]).astype(np.float64), np.array(owner), labels)
    domains = np.array([f"{r['label']}/{r['family']}" for r in rows])
    fold = domain_folds(domains, args.folds)
    train, held = split == "train", split == "eval"
    categories = sorted(set(labels[~benign]))

    # The head on the whole train split: in-domain features of the eval split.
    ev = subset(data, held)
    ev_fold = fold[held]
    model, regression = base_head(subset(data, train), categories)
    f_in = features(model, ev)
    # One head per fold without that fold's domains: out-of-domain features of the fold's eval prompts.
    f_out = np.zeros_like(f_in)
    for k in range(args.folds):
        inner, _ = base_head(subset(data, train & (fold != k)), categories, start=regression)
        rows = ev_fold == k
        f_out[rows[ev.owner]] = features(inner, subset(ev, rows))
        print(
            f"  fold {k}: {len(set(domains[(fold == k) & benign]))} benign families, "
            f"{len(set(domains[(fold == k) & ~benign]))} harmful",
            flush=True,
        )

    form_labels, form_fold = ev.form_labels, ev_fold[ev.owner]

    def probabilities(calibrator: str, fit_rows: np.ndarray, scored: np.ndarray) -> np.ndarray:
        columns = COLUMNS[calibrator.removesuffix("-domains")]
        fitted = f_out if calibrator.endswith("-domains") else f_in
        coef = fit_calibration(fitted[fit_rows][:, columns], form_labels[fit_rows], CALIBRATION_HARMFUL_SHARE)
        p_form = 1 / (1 + np.exp(-(scored[:, columns] @ coef[:-1] + coef[-1])))
        p_row = np.full(len(ev.labels), -np.inf)
        np.maximum.at(p_row, ev.owner, p_form)
        return p_row

    every = np.ones(len(form_labels), dtype=bool)
    random_p = {c: probabilities(c, every, f_in) for c in calibrators}
    ldo_p = {}
    for c in calibrators:
        p = np.full(len(ev.labels), np.nan)
        for k in range(args.folds):
            p_k = probabilities(c, form_fold != k, f_out)
            p[ev_fold == k] = p_k[ev_fold == k]
        ldo_p[c] = p

    load = os.getloadavg()[0]
    cpu = resource.getrusage(resource.RUSAGE_SELF).ru_utime - cpu0
    print(
        f"\nload average {load:.1f}; CPU {cpu:.0f} s; eval split {len(ev.labels)} prompts; flagged at "
        f"p >= {REVIEW}, blocked at p >= {BLOCK}"
    )
    fam, lab = families[held], labels[held]
    is_benign = lab == "benign"
    is_old = np.array([f in old for f in fam]) & is_benign if old else None
    print(
        "calibrator        | random split: recall, benign flagged, blocked | leave-domain-out: recall, "
        "benign flagged, blocked" + (" | flagged: old families, new domains" if old else "")
    )
    target = None
    for c in calibrators:
        rp, lp = random_p[c], ldo_p[c]
        line = (
            f"{c:17} | {(rp[~is_benign] >= REVIEW).mean():.3f} {(rp[is_benign] >= REVIEW).mean():.3f} "
            f"{(rp[is_benign] >= BLOCK).mean():.3f} | {(lp[~is_benign] >= REVIEW).mean():.3f} "
            f"{(lp[is_benign] >= REVIEW).mean():.3f} {(lp[is_benign] >= BLOCK).mean():.3f}"
        )
        if is_old is not None:
            line += f" | {(lp[is_old] >= REVIEW).mean():.3f} {(lp[is_benign & ~is_old] >= REVIEW).mean():.3f}"
        # Separation whatever the operating point: benign flagged at the threshold that catches as many
        # held-out-domain harmful prompts as the first calibrator does at 0.5.
        if target is None:
            target = float((lp[~is_benign] >= REVIEW).mean())
        threshold = np.quantile(lp[~is_benign], 1 - target)
        line += f" | at LDO recall {target:.3f}: flagged {(lp[is_benign] >= threshold).mean():.3f}"
        print(line)
        worst = sorted(
            ((float((lp[is_benign & (fam == f)] >= REVIEW).mean()), f) for f in set(fam[is_benign])),
            reverse=True,
        )[:8]
        print("    worst held-out benign families: " + ", ".join(f"{f} {v:.0%}" for v, f in worst))
        print(
            "    leave-domain-out recall: "
            + ", ".join(f"{cat} {(lp[lab == cat] >= REVIEW).mean():.1%}" for cat in categories)
        )
    return 0


# Calibrators: which of the features (vote, harmful evidence, benign evidence, regression logit,
# neighbours' logit) the calibration reads.
COLUMNS = {"vote": [0], "evidence": [0, 1, 2], "split": [3, 4, 1, 2], "knn-evidence": [4, 1, 2]}


EVIDENCE_K = 5  # exemplars whose mean cosine is a class's evidence


def _top_mean(similarity: np.ndarray, keep: np.ndarray) -> np.ndarray:
    masked = np.where(keep, similarity, np.float32(-2.0))
    return np.partition(masked, masked.shape[1] - EVIDENCE_K, axis=1)[:, -EVIDENCE_K:].mean(axis=1)


def features(model, data) -> np.ndarray:
    """(forms, 5): vote, harmful evidence (mean cosine of the 5 most similar harmful exemplars), benign
    evidence, regression logit, neighbours' logit."""
    from policy.moderators.semantic import learnt_logit, neighbours, vote

    harmful = model.harmful > 0
    out = np.empty((len(data.x), 5))
    for start in range(0, len(data.x), 1024):  # a (forms x exemplars) product at a time
        x = data.x[start : start + 1024].astype(np.float32)
        similarity = x @ model.exemplars.T
        total = vote(x, model, neighbours(x, model))
        regression = learnt_logit(x, model)
        out[start : start + len(x)] = np.column_stack(
            [
                total,
                _top_mean(similarity, harmful),
                _top_mean(similarity, ~harmful),
                regression,
                (total - regression) / model.knn_weight,
            ]
        )
    return out


def fit_calibration(features: np.ndarray, labels: np.ndarray, share: float) -> np.ndarray:
    """Coefficients (features..., bias), harmful forms weighted to `share` as in training."""
    from policy.train_semantic import class_weights, newton_logistic

    harmful = labels != "benign"
    return newton_logistic(
        features, harmful.astype(float), l2=1e-4, weights=class_weights(harmful, share), steps=50
    )


if __name__ == "__main__":
    raise SystemExit(main())

"""Leave-domain-out: the packaged encoder against the moderation-tuned one, on the project's own data.

    .venv/bin/python bench/encoder_tuning.py [--folds 0,1] [--layers 6] [--epochs 1]   (~12 min a fold)
    .venv/bin/python bench/encoder_tuning.py --shared-trunk OLD_PROMPTS.jsonl   (~25 min a fold)

The families of `policy/data/prompts.jsonl` (label/family) are dealt into five folds by a hash of their
names (`policy.train_semantic.domain_folds`, as `bench/semantic_domains.py` does). For each fold asked
for, the encoder's top layers are tuned as `policy.tune_encoder` tunes them, on the train split without
that fold's families; then the same L2-regularised logistic regression (harmful vs benign, class weights
as the head's) is fitted on the train split's embeddings of each encoder, and scores the eval-split
prompts of the held-out families: subjects the tuning never saw. Printed per fold and encoder: recall and
benign flagged at p >= 0.5, benign flagged at the threshold that keeps 90% recall, and the AUC. The
regression alone stands in for the whole head (neighbours and calibration come on top of it in
`policy.train_semantic`), the same for both encoders. Prompts are read as typed (one form each). Never
reads `bench/data/`.

`--shared-trunk OLD` asks whether a second encoder can share the first one's lower layers. `OLD` is the
data the first encoder was tuned on (`policy/data/prompts.jsonl` before new batches); the data loaded as
usual is the new. Per fold it tunes "kept" (all layers, from the packaged weights, on OLD), "retuned"
(all layers, from the packaged weights, on the new data) and "top3/kept" (the top three layers only,
starting from "kept", on the new data: the second top over a shared trunk), and reports each over all
harmful prompts and over the harmful prompts outside the sexual categories (which "kept" would still read).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def embed(bert, tokenizer, texts: list[str], batch: int = 256) -> np.ndarray:
    import torch

    from policy.tune_encoder import pooled, tokenise

    out = np.zeros((len(texts), bert.config.hidden_size), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with torch.inference_mode():
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            out[rows] = pooled(bert, tokenise(tokenizer, [texts[i] for i in rows])).numpy()
    return out


def scores(train_x: np.ndarray, train_harmful: np.ndarray, test_x: np.ndarray) -> np.ndarray:
    from policy.train_semantic import HARMFUL_SHARE, L2, class_weights, newton_logistic

    weights = class_weights(train_harmful, HARMFUL_SHARE)
    w = newton_logistic(train_x.astype(np.float64), train_harmful.astype(float), l2=L2, weights=weights)
    return 1.0 / (1.0 + np.exp(-(test_x @ w[:-1] + w[-1])))


def report(name: str, p: np.ndarray, harmful: np.ndarray) -> None:
    benign = ~harmful
    at_90 = np.quantile(p[harmful], 0.10)
    order = np.argsort(p)
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    auc = (ranks[harmful].sum() - harmful.sum() * (harmful.sum() + 1) / 2) / (harmful.sum() * benign.sum())
    print(
        f"  {name:<9} recall {np.mean(p[harmful] >= 0.5):6.1%}  flagged {np.mean(p[benign] >= 0.5):6.1%}  "
        f"flagged at 90% recall {np.mean(p[benign] >= at_90):6.1%}  AUC {auc:.3f}",
        flush=True,
    )


SEXUAL = ("sexual", "sexual/minors")


def shared_trunk(old_path: Path, texts, labels, split, fold, k: int, tokenizer, packaged, epochs: float):
    from policy.train_semantic import domain_folds
    from policy.tune_encoder import save_tuned, tune

    old = [json.loads(line) for line in old_path.read_text().splitlines() if line.strip()]
    old_fold = domain_folds(np.array([f"{row['label']}/{row['family']}" for row in old]))
    old_train = [i for i, row in enumerate(old) if row["split"] == "train" and old_fold[i] != k]
    train = np.flatnonzero((split == "train") & (fold != k))
    test = np.flatnonzero((split == "eval") & (fold == k))
    harmful = labels != "benign"
    others = ~np.isin(labels[test], SEXUAL)
    print(
        f"fold {k}: kept tuned on {len(old_train)} old prompts; the others on {len(train)} new; scored on "
        f"{len(test)} of families held out ({int(harmful[test].sum())} harmful, "
        f"{int((harmful[test] & others).sum())} outside the sexual categories)"
    )
    started, quiet = time.monotonic(), lambda line: None
    kept = tune([old[i]["text"] for i in old_train], [old[i]["label"] for i in old_train], layers=6,
                epochs=epochs, log=quiet)  # fmt: skip
    print(f"  kept tuned in {time.monotonic() - started:.0f} s", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kept.safetensors"
        save_tuned(kept, path, layers=6)
        started = time.monotonic()
        top3 = tune([texts[i] for i in train], list(labels[train]), layers=3, epochs=epochs, start=path,
                    log=quiet)  # fmt: skip
        print(f"  top3/kept tuned in {time.monotonic() - started:.0f} s", flush=True)
    started = time.monotonic()
    retuned = tune([texts[i] for i in train], list(labels[train]), layers=6, epochs=epochs, log=quiet)
    print(f"  retuned in {time.monotonic() - started:.0f} s", flush=True)
    for name, bert in (("packaged", packaged), ("kept", kept), ("retuned", retuned), ("top3/kept", top3)):
        train_x = embed(bert, tokenizer, [texts[i] for i in train])
        test_x = embed(bert, tokenizer, [texts[i] for i in test])
        p = scores(train_x, harmful[train], test_x)
        report(name, p, harmful[test])
        report("  others", p[others], harmful[test][others])


def main() -> int:
    import torch

    from policy.build_encoder import base_model
    from policy.train_semantic import domain_folds, load_rows
    from policy.tune_encoder import THREADS, TOP_LAYERS, tune

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", default="0", help="comma-separated fold numbers of 0-4")
    parser.add_argument("--layers", type=int, default=TOP_LAYERS)
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--data", default="prompts.jsonl", help="the prompts (policy/data/ or a path)")
    parser.add_argument("--shared-trunk", type=Path, metavar="OLD_PROMPTS", help="see the module's doc")
    args = parser.parse_args()
    torch.set_num_threads(THREADS)
    rows = load_rows(args.data)
    texts = [row["text"] for row in rows]
    labels = np.array([row["label"] for row in rows])
    split = np.array([row["split"] for row in rows])
    fold = domain_folds(np.array([f"{row['label']}/{row['family']}" for row in rows]))
    harmful = labels != "benign"
    tokenizer, packaged = base_model()
    for k in map(int, args.folds.split(",")):
        if args.shared_trunk:
            shared_trunk(args.shared_trunk, texts, labels, split, fold, k, tokenizer, packaged, args.epochs)
            continue
        train = np.flatnonzero((split == "train") & (fold != k))
        test = np.flatnonzero((split == "eval") & (fold == k))
        print(f"fold {k}: tuned and fitted on {len(train)} prompts; scored on {len(test)} of families "
              f"held out ({int(harmful[test].sum())} harmful)")  # fmt: skip
        started = time.monotonic()
        tuned = tune([texts[i] for i in train], list(labels[train]), layers=args.layers, epochs=args.epochs,
                     log=lambda line: None)  # fmt: skip
        print(f"  tuned in {time.monotonic() - started:.0f} s")
        for name, bert in (("packaged", packaged), ("tuned", tuned)):
            train_x = embed(bert, tokenizer, [texts[i] for i in train])
            test_x = embed(bert, tokenizer, [texts[i] for i in test])
            report(name, scores(train_x, harmful[train], test_x), harmful[test])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Train the classifier moderator's head: `python -m policy.train_classifier [--epochs N]`.

Reproducible: the train split of `policy/data/prompts.jsonl`, embeddings from the packaged
all-MiniLM-L6-v2, one logistic regression per harmful category (full-batch gradient descent from
zeros, L2, no class re-weighting so probabilities stay calibrated, no randomness), written to
`policy/data/classifier_head.npz`.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"


def load(split: str) -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in (DATA / "prompts.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["split"] == split]
    return [r["text"] for r in rows], [r["label"] for r in rows]


def train(
    x: np.ndarray, y: np.ndarray, *, epochs: int, l2: float, lr: float
) -> tuple[np.ndarray, np.ndarray]:
    n, d = x.shape
    k = y.shape[1]
    weights = np.zeros((d, k), dtype=np.float64)
    bias = np.zeros(k, dtype=np.float64)
    for _ in range(epochs):
        p = 1 / (1 + np.exp(-(x @ weights + bias)))
        grad = (p - y) / n
        weights -= lr * (x.T @ grad + l2 * weights)
        bias -= lr * grad.sum(0)
    return weights.astype(np.float32), bias.astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20000)
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--lr", type=float, default=4.0)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from policy.moderators.classifier import HEAD_PATH, classifier_input, embed

    texts, labels = load("train")
    texts = [classifier_input(text) for text in texts]
    categories = sorted({label for label in labels if label != "benign"})
    y = np.array([[float(label == c) for c in categories] for label in labels])
    x = np.concatenate([embed(texts[i : i + 64]) for i in range(0, len(texts), 64)]).astype(np.float64)
    weights, bias = train(x, y, epochs=args.epochs, l2=args.l2, lr=args.lr)
    np.savez(HEAD_PATH, categories=np.array(categories), weights=weights, bias=bias)
    predicted = (1 / (1 + np.exp(-(x @ weights + bias)))) >= 0.5
    print(f"trained on {len(texts)} prompts, {len(categories)} categories; train accuracy per category:")
    for j, category in enumerate(categories):
        print(f"  {category:18} {np.mean(predicted[:, j] == (y[:, j] == 1)):.3f}")
    print(f"wrote {HEAD_PATH} ({HEAD_PATH.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

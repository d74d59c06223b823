"""Train the semantic moderator's head: `python -m policy.train_semantic` (minutes; needs the built encoder).

Reproducible, no randomness: the train split of `policy/data/prompts.jsonl` (built by
`python -m policy.data.build_prompts`) embedded by the ONNX encoder in every form the moderator reads
(`model_inputs`); an L2-regularised logistic regression, harmful vs benign, fitted by Newton's method;
the embeddings themselves as the exemplars the moderator's neighbours come from; then Platt scaling
of the combined vote fitted on the eval split (seeds neither saw), so that scores are probabilities.
Categories are reported from `REPORT_FLOOR` up; `sexual/minors` (blocked at any reported score by every
policy) only above the highest score any benign prompt of the eval split gets. Writes
`policy/data/semantic_head.npz`. The held-out evaluation (`bench/eval_moderation.py`) never feeds back
into this script.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
REPORT_FLOOR = 0.1
L2 = 1e-4


def load_rows() -> list[dict[str, str]]:
    lines = (DATA / "prompts.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def newton_logistic(x: np.ndarray, y: np.ndarray, *, l2: float, steps: int = 25) -> np.ndarray:
    """Weights (d+1,) of an L2-regularised logistic regression (last entry the bias, not regularised)."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    penalty = np.full(d + 1, l2 * n)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        gradient = xb.T @ (p - y) + penalty * w
        hessian = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty) + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def embed_rows(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(embeddings of every form, row index of each form)."""
    from policy.encoder import embed
    from policy.moderators.semantic import model_inputs

    forms: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        for form in model_inputs(text):
            forms.append(form)
            owner.append(i)
    vectors = np.concatenate([embed(forms[i : i + 64]) for i in range(0, len(forms), 64)])
    return vectors.astype(np.float64), np.array(owner)


def row_max(values: np.ndarray, owner: np.ndarray, rows: int) -> np.ndarray:
    out = np.full((rows, values.shape[1]), -np.inf)
    np.maximum.at(out, owner, values)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--l2", type=float, default=L2)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from policy.moderators.semantic import (
        EXEMPLAR_SCALE,
        HEAD_PATH,
        Head,
        SemanticModerator,
        harmful_probability,
        vote,
    )
    from policy.schema import MINORS

    rows = load_rows()
    train = [r for r in rows if r["split"] == "train"]
    held = [r for r in rows if r["split"] == "eval"]
    categories = sorted({r["label"] for r in rows if r["label"] != "benign"})

    x, owner = embed_rows([r["text"] for r in train])
    labels = np.array([train[i]["label"] for i in owner])
    regression = newton_logistic(x, (labels != "benign").astype(float), l2=args.l2)
    model = Head(
        categories=categories,
        weights=regression[:-1].astype(np.float32),
        bias=float(regression[-1]),
        platt=(1.0, 0.0),
        report_floor=dict.fromkeys(categories, REPORT_FLOOR),
        exemplars=quantised(x),
        exemplar_labels=labels,
    )

    # Platt scaling on the eval split: the moderator scores a prompt by its most harmful form.
    xe, owner_e = embed_rows([r["text"] for r in held])
    raw = row_max(vote(xe.astype(np.float32), model)[:, None], owner_e, len(held))
    harmful = np.array([r["label"] != "benign" for r in held])
    a, b = newton_logistic(raw, harmful.astype(float), l2=1e-4)
    model = dataclasses.replace(model, platt=(float(a), float(b)))

    # `sexual/minors` blocks at any reported score: report it only above every benign eval prompt's.
    moderator = SemanticModerator(model)
    minors_scores = [
        moderator.score(r["text"]).get(MINORS, (0.0, ""))[0] for r in held if r["label"] == "benign"
    ]
    floors = {**model.report_floor, MINORS: max(REPORT_FLOOR, max(minors_scores) + 1e-3)}
    np.savez(
        HEAD_PATH,
        categories=np.array(categories),
        weights=model.weights,
        bias=np.float32(model.bias),
        platt=np.array(model.platt, dtype=np.float32),
        report_floor=np.array([floors[c] for c in categories], dtype=np.float32),
        exemplars=np.round(x * EXEMPLAR_SCALE).astype(np.int8),
        exemplar_labels=labels,
    )

    p = harmful_probability(xe.astype(np.float32), model)
    p = row_max(p[:, None], owner_e, len(held))[:, 0]
    print(f"trained on {len(train)} prompts ({len(x)} forms); calibrated on the eval split ({len(held)}):")
    print(f"  platt a={a:.3f} b={b:.3f}; sexual/minors reported from {floors[MINORS]:.3f}")
    for threshold in (0.3, 0.5, 0.9):
        recall = float((p[harmful] >= threshold).mean())
        flagged = float((p[~harmful] >= threshold).mean())
        print(f"  p(harmful) >= {threshold}: recall {recall:.3f}, benign flagged {flagged:.3f}")
    print(f"wrote {HEAD_PATH} ({HEAD_PATH.stat().st_size} bytes)")


def quantised(x: np.ndarray) -> np.ndarray:
    """The exemplars as the moderator will read them back (int8 on disk: a quarter of float32)."""
    from policy.moderators.semantic import EXEMPLAR_SCALE

    return np.round(x * EXEMPLAR_SCALE).astype(np.int8).astype(np.float32) / EXEMPLAR_SCALE


if __name__ == "__main__":
    main()

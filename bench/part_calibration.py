"""Fit the semantic moderator's calibration of a long prompt's parts (`PART_PLATT`) on development data.

A long prompt is also read in parts (`policy.moderators.semantic.windows`). A part is a fragment, and
fragments unlike any prompt the head learnt from (a list of props and lens tags) score higher than whole
prompts do, so a part's p(harmful) is scaled again: sigmoid(a * logit(p) + b). This fits (a, b) as Platt
scaling does for whole prompts: a logistic regression of "the prompt is harmful" on the logit of its most
harmful part, the prompts weighted to the head's calibration share of harmful ones, then prints what the
fit and the identity (1, 0) give on the same prompts at `standard`'s thresholds (semantic scores alone).

    .venv/bin/python bench/part_calibration.py [policy/data/long_prompts_dev.jsonl ...]

Each file: JSON lines with `text` and `label` (`benign` or a harmful category), or the red-team set's
`intent`. Only prompts long enough to be read in parts count. Never give it a held-out set.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
REVIEW, BLOCK = 0.5, 0.9


def rows(paths: list[Path]) -> list[tuple[str, bool]]:
    out = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            label = row.get("label") or row.get("intent")
            if label in ("minor-ref", None):
                continue
            out.append((row["text"], label != "benign"))
    return out


def main() -> int:
    from policy import encoder
    from policy.moderators import semantic
    from policy.train_semantic import CALIBRATION_HARMFUL_SHARE, class_weights, newton_logistic

    paths = [Path(p) for p in sys.argv[1:]] or [ROOT / "policy" / "data" / "long_prompts_dev.jsonl"]
    model = semantic.head()
    whole, best_part, harmful = [], [], []
    for text, is_harmful in rows(paths):
        forms = semantic.scored_forms(text)
        parts = semantic.windows(forms[0])
        if not parts:
            continue
        p = semantic.harmful_probability(encoder.embed(forms), model)
        whole.append(max(p[i] for i, form in enumerate(forms) if form not in parts))
        best_part.append(max(p[forms.index(part)] for part in parts))
        harmful.append(is_harmful)
    w, part, y = np.array(whole), np.clip(np.array(best_part), 1e-6, 1 - 1e-6), np.array(harmful)
    logit = np.log(part / (1 - part))[:, None]
    weights = class_weights(y, CALIBRATION_HARMFUL_SHARE)
    a, b = newton_logistic(logit, y.astype(float), l2=1e-4, weights=weights)
    print(f"{len(y)} long prompts ({int(y.sum())} harmful) from {', '.join(p.name for p in paths)}")
    print(f"PART_PLATT = ({a:.3f}, {b:.3f})")
    for name, scale in (("whole only", None), ("identity (1, 0)", (1.0, 0.0)), ("fitted", (a, b))):
        score = w if scale is None else np.maximum(w, 1 / (1 + np.exp(-(scale[0] * logit[:, 0] + scale[1]))))
        flagged, blocked = np.mean(score[y] >= REVIEW), np.mean(score[y] >= BLOCK)
        print(
            f"  {name:16} harmful flagged {flagged:6.1%} (blocked {blocked:6.1%}), "
            f"benign flagged {np.mean(score[~y] >= REVIEW):6.1%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

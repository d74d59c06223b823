"""The semantic moderator's calibration of a long prompt's parts (a head's `part_platt`) on development data.

A long prompt is also read in parts (`policy.moderators.semantic.windows`). A part is a fragment, and
fragments unlike any prompt the head learnt from (a list of props and lens tags) score higher than whole
prompts do, so a part's p(harmful) is scaled again: sigmoid(a * logit(p) + b). This fits (a, b) as Platt
scaling does for whole prompts: a logistic regression of "the prompt is harmful" on the logit of its most
harmful part, the prompts weighted to the head's calibration share of harmful ones
(`policy.train_semantic.part_calibration`, which `python -m policy.train_semantic` runs on
`policy/data/long_prompts_dev.jsonl` and saves in the head), then prints what the fit, the head's own and
the identity (1, 0) give on the same prompts at `standard`'s thresholds (semantic scores alone).

    .venv/bin/python bench/part_calibration.py [policy/data/long_prompts_dev.jsonl ...]

Each file: JSON lines with `text` and `label` (`benign` or a harmful category), or the red-team set's
`intent`. Only prompts long enough to be read in parts count. Never give it a held-out set.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
REVIEW, BLOCK = 0.5, 0.9


def main() -> int:
    from policy.moderators import semantic
    from policy.train_semantic import LONG_DEV, long_rows, part_calibration, part_readings

    paths = [Path(p) for p in sys.argv[1:]] or [LONG_DEV]
    model = semantic.head()
    rows = long_rows(paths)
    whole, best_part, kept = part_readings(model, [text for text, _ in rows])
    y = np.array([rows[i][1] for i in kept])
    a, b = part_calibration(model, rows)
    part = np.clip(best_part, 1e-6, 1 - 1e-6)
    logit = np.log(part / (1 - part))
    print(f"{len(y)} long prompts ({int(y.sum())} harmful) from {', '.join(p.name for p in paths)}")
    print(
        f"fitted: ({a:.3f}, {b:.3f}); the head's own: ({model.part_platt[0]:.3f}, {model.part_platt[1]:.3f})"
    )
    scales = (
        ("whole only", None),
        ("identity (1, 0)", (1.0, 0.0)),
        ("the head's", model.part_platt),
        ("fitted", (a, b)),
    )
    for name, scale in scales:
        score = (
            whole if scale is None else np.maximum(whole, 1 / (1 + np.exp(-(scale[0] * logit + scale[1]))))
        )
        flagged, blocked = np.mean(score[y] >= REVIEW), np.mean(score[y] >= BLOCK)
        print(
            f"  {name:16} harmful flagged {flagged:6.1%} (blocked {blocked:6.1%}), "
            f"benign flagged {np.mean(score[~y] >= REVIEW):6.1%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

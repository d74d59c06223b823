"""The shipped training prompts are what `python -m policy.data.build_prompts` writes, and stay the kind
of data issue 17 asks for (every category, at least 40% benign look-alikes and everyday prompts)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from policy.data.build_prompts import build
from policy.schema import BUILTIN_CATEGORIES

PROMPTS = Path(__file__).resolve().parents[2] / "policy" / "data" / "prompts.jsonl"


def test_the_shipped_file_is_what_the_builder_writes():
    shipped = [json.loads(line) for line in PROMPTS.read_text(encoding="utf-8").splitlines()]
    assert shipped == build()


def test_every_category_and_enough_benign_prompts():
    rows = build()
    labels = Counter(row["label"] for row in rows)
    # Every built-in category but `trademark_ip` (a tenant's own names and marks, not a model's).
    assert set(labels) - {"benign"} == set(BUILTIN_CATEGORIES) - {"trademark_ip"}
    assert labels["benign"] / len(rows) >= 0.4
    assert all(labels[c] >= 500 for c in labels)

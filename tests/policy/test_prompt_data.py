"""The shipped training prompts are what `python -m policy.data.build_prompts` writes, and stay the kind
of data issue 17 asks for (every category, at least 40% benign look-alikes and everyday prompts)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from policy.data.build_prompts import build, build_short
from policy.schema import BUILTIN_CATEGORIES

PROMPTS = Path(__file__).resolve().parents[2] / "policy" / "data" / "prompts.jsonl"


def shipped(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_shipped_file_is_what_the_builder_writes():
    assert shipped(PROMPTS) == build()


def test_the_short_heads_rows_are_what_the_builder_writes_and_none_is_in_the_data():
    rows = build()
    short = shipped(PROMPTS.with_name("short_prompts.jsonl"))
    assert short == build_short(frozenset(row["text"] for row in rows))
    assert not {row["text"] for row in rows} & {row["text"] for row in short}
    # Mostly short harmless prompts, with harmful short ones of most categories beside them.
    labels = Counter(row["label"] for row in short)
    assert labels["benign"] / len(short) >= 0.6 and len(labels) >= 8


def test_every_category_and_enough_benign_prompts():
    rows = build()
    labels = Counter(row["label"] for row in rows)
    # Every built-in category but `trademark_ip` (a tenant's own names and marks, not a model's).
    assert set(labels) - {"benign"} == set(BUILTIN_CATEGORIES) - {"trademark_ip"}
    assert labels["benign"] / len(rows) >= 0.4
    assert all(labels[c] >= 500 for c in labels)

"""An on-disk cache of encoder embeddings for the semantic moderator's own data (bench only).

    .venv/bin/python bench/semantic_cache.py DIR/cacheN.npz [prompts.jsonl] [i n]

`bench/semantic_domains.py` fits many heads on the same forms; embedding 45,000 forms takes ten minutes
of CPU, so each form is embedded once and kept in a .npz of texts and vectors (`i n`: only every n-th
missing form from the i-th, for parallel runs into separate files; forms any `DIR/cache*.npz` has are
skipped). Eval-split and everyday rows go first. A form is encoded alone, as `policy.train_semantic`
does, so `python -m policy.train_semantic --cache` can read a merged file. Reads only a prompts file of
our own (default `policy/data/prompts.jsonl`), never `bench/data/`.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np


def embed_all(
    forms: list[str], path: Path, say=print, part: tuple[int, int] = (0, 1)
) -> dict[str, np.ndarray]:
    """Every form's embedding, embedding only those the cache lacks (saved every thousand). Each form
    is embedded alone, as `policy.train_semantic` does, so cached and fresh vectors are the same bits.
    `part` (i, n): embed only every n-th missing form from the i-th (parallel runs, separate caches)."""
    from policy.train_semantic import embed_one, load_cache, save_cache

    cache = load_cache(path)
    missing = [f for f in dict.fromkeys(forms) if f not in cache][part[0] :: part[1]]
    say(f"{len(forms)} forms, {len(missing)} to embed")
    for i, text in enumerate(missing):
        cache[text] = embed_one(text)
        if i % 1000 == 999:
            save_cache(path, cache)
            say(f"  {i + 1} / {len(missing)}")
    if missing:
        save_cache(path, cache)
    return cache


if __name__ == "__main__":
    import json
    import sys

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from policy.moderators.semantic import model_inputs
    from policy.train_semantic import load_cache

    source = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("policy/data/prompts.jsonl")
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    # Eval-split and everyday rows first: the leave-domain-out runs need them before the rest.
    rows.sort(key=lambda row: row["split"] != "eval" and row["variant"] != "everyday")
    forms = [form for row in rows for form in model_inputs(row["text"])]
    part = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (0, 1)
    paths = [Path(sys.argv[1])]
    cache = {}
    for other in Path(sys.argv[1]).parent.glob("cache*.npz"):  # what parallel runs already have
        cache.update(load_cache(other))
    forms = [f for f in forms if f not in cache]
    embed_all(forms, paths[0], part=part)

"""`best_of`: rank the candidate images of one prompt by how well a scorer says they fit it.

The service only ranks; the pipeline decides what to do with the ranking (return the best n, keep the rest
stored for reviewers). Ranks start at 1. Ties, and scores that are not numbers, are broken
deterministically: a NaN ranks last, and equal scores keep the candidates' order (image index, i.e. seed
order), so the same candidates and scores always give the same ranking.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from generation.scoring import Scorer


@dataclass(frozen=True)
class RankedCandidate:
    index: int  # position in the candidates given (image i of the batch: seed + i)
    rank: int  # 1 = best
    score: float


def rank_candidates(prompt: str, images: Sequence[Image.Image], scorer: Scorer) -> list[RankedCandidate]:
    """The candidates, best first, with their scores and ranks."""
    if not images:
        raise ValueError("best_of needs at least one candidate image")
    scores = scorer.score(prompt, images)
    if len(scores) != len(images):
        raise ValueError(f"scorer {scorer.name} returned {len(scores)} scores for {len(images)} images")
    return rank_scores(scores)


def rank_scores(scores: Sequence[float]) -> list[RankedCandidate]:
    """Scores as a ranking: highest first, NaN last, ties in index order."""

    def key(i: int) -> tuple[bool, float, int]:
        s = float(scores[i])
        return (math.isnan(s), -s if not math.isnan(s) else 0.0, i)

    order = sorted(range(len(scores)), key=key)
    return [RankedCandidate(index=i, rank=r, score=float(scores[i])) for r, i in enumerate(order, start=1)]


def best(ranked: Sequence[RankedCandidate], n: int) -> list[RankedCandidate]:
    """The n best (what is returned to the caller); the others stay stored, not returned."""
    if n < 1:
        raise ValueError("n must be at least 1")
    return sorted(ranked, key=lambda c: c.rank)[:n]

"""`best_of`: rank the candidate images of one prompt by how well a scorer says they fit it, and choose
which of them the job returns.

A job with `best_of` generates that many candidates in one batch; the worker ranks them right after
generating (`rank_candidates`: the rank among all candidates, recorded with each image). Every candidate
then passes the same output screening, and `select` chooses among what screening let through: the n
best-ranked candidates the policy allowed; when fewer than n were allowed, the best-ranked held ones fill
up to n (they wait for a reviewer, as any held image does). A blocked candidate is never chosen; what is
not chosen becomes `unselected` (kept in quarantine, never returned).

Ranks start at 1. Ties, and scores that are not numbers, are broken deterministically: a NaN ranks
last, and equal scores keep the candidates' order (image index, i.e. seed order), so the same
candidates and scores always give the same ranking.
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


@dataclass(frozen=True)
class Ranking:
    """A job's candidates ranked by its model's scorer (`scorer` is the scorer's name, for the record)."""

    scorer: str
    candidates: list[RankedCandidate]  # best first


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


@dataclass(frozen=True)
class Selection:
    returned: list[RankedCandidate]  # allowed by the policy, returned once signed
    to_review: list[RankedCandidate]  # held by the policy, returned if a reviewer approves


def select(allowed: Sequence[RankedCandidate], held: Sequence[RankedCandidate], n: int) -> Selection:
    """The candidates a job keeps: the n best-ranked allowed ones, then held ones up to n in all. A
    candidate that needs a person is only worth a review when the policy did not allow enough others."""
    returned = best(allowed, n) if allowed else []
    to_review = best(held, n - len(returned)) if held and len(returned) < n else []
    return Selection(returned=returned, to_review=to_review)


def best(ranked: Sequence[RankedCandidate], n: int) -> list[RankedCandidate]:
    """The n best (what is returned to the caller); the others stay stored, not returned."""
    if n < 1:
        raise ValueError("n must be at least 1")
    return sorted(ranked, key=lambda c: c.rank)[:n]

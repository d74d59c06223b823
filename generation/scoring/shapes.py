"""`assay-shapes-1`'s own scorer, as a `generation.scoring.Scorer` (the model lives in generation.shapes)."""

from __future__ import annotations

from generation.shapes.scorer import SCORER_DIR, ShapesScorer

__all__ = ["SCORER_DIR", "ShapesScorer"]

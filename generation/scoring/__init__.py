"""Image-text scorers for `best_of`: how well each candidate image fits its prompt.

A scorer is anything with `name` and `score(prompt, images) -> list[float]` (one score per image, higher
fits better; scores compare only within one call). Two ship:

- `generation.scoring.shapes.ShapesScorer`: `assay-shapes-1`'s own contrastive scorer (weights in
  `generation/shapes/assay-shapes-1-scorer/`);
- `generation.scoring.clip.ClipScorer`: an operator's CLIP or SigLIP folder, loaded with `transformers`
  from a local path only.

Both import torch: worker-side only. This module holds only the protocol and the error, so that the
service that ranks (`generation.best_of`) imports neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from PIL import Image

from foundation.errors import ServiceError


@runtime_checkable
class Scorer(Protocol):
    name: str

    def score(self, prompt: str, images: Sequence[Image.Image]) -> list[float]: ...


class ScorerUnavailable(ServiceError):
    """A scorer that cannot be loaded (a missing or unreadable folder); the message says what to fix."""

    code = "scorer_unavailable"
    status = 503


__all__ = ["Scorer", "ScorerUnavailable"]

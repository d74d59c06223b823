"""What every prompt moderator is: text in, {category: (score, evidence)} out, or `ModeratorError`."""

from __future__ import annotations

from typing import Protocol

# {category: (score, evidence)}, or (score, evidence, ambiguous): an ambiguous finding (a word harmful in
# some contexts only) counts only where a moderator that reads context agrees (`policy.evaluation`).
Scores = dict[str, tuple[float, str] | tuple[float, str, bool]]


class ModeratorError(Exception):
    """A moderator could not score the text (unreachable, timed out, bad answer, not installed)."""


class PromptModerator(Protocol):
    name: str

    def score(self, text: str) -> Scores: ...

"""What every prompt moderator is: text in, {category: (score, evidence)} out, or `ModeratorError`."""

from __future__ import annotations

from typing import Protocol

Scores = dict[str, tuple[float, str]]


class ModeratorError(Exception):
    """A moderator could not score the text (unreachable, timed out, bad answer, not installed)."""


class PromptModerator(Protocol):
    name: str

    def score(self, text: str) -> Scores: ...

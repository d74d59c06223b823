"""The values policy decisions are made of: shared by the moderators, the screening and the facade, so
that none of them imports another for its types."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal

Stage = Literal["prompt", "input", "output"]

# Reasons that name no policy category but what went wrong or what could not be read; with the policy's
# categories they are everything a decision, and so a review item, can be filed under.
MODERATOR_ERROR = "moderator_error"
CLASSIFIER_ERROR = "classifier_error"
UNSUPPORTED_LANGUAGE = "unsupported_language"
CONDITION_CATEGORIES: tuple[str, ...] = (MODERATOR_ERROR, CLASSIFIER_ERROR, UNSUPPORTED_LANGUAGE)


class Decision(StrEnum):
    ALLOW = "allow"
    REVIEW = "review"
    BLOCK = "block"

    @property
    def severity(self) -> int:
        """allow < review < block: combining decisions keeps the most severe (`max(..., key=...)`)."""
        return _SEVERITY[self]


_SEVERITY = {Decision.ALLOW: 0, Decision.REVIEW: 1, Decision.BLOCK: 2}


@dataclass(frozen=True)
class Reason:
    category: str
    source: str  # the moderator or classifier
    score: float | None = None
    threshold: float | None = None
    detail: str = ""
    person: str | None = None  # a likeness gallery person's public id, for image decisions


@dataclass(frozen=True)
class PolicyDecision:
    stage: Stage
    decision: Decision
    policy_name: str
    policy_version: str | None
    reasons: list[Reason] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"decision": self.decision.value}

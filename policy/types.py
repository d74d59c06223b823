"""The values policy decisions are made of: shared by the moderators, the screening and the facade, so
that none of them imports another for its types."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal

Stage = Literal["prompt", "input", "output"]


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

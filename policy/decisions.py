"""The interface the pipeline calls for prompt and output policy decisions.

Until tenant policies exist (the Policy and Output-screening issues), every job runs under the
explicit `development` policy: it allows everything and says so in every decision, which the job and
its audit events record by name. Those issues replace the bodies of `decide_prompt` and
`decide_output`, not their signatures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

DEVELOPMENT_POLICY = "development"


class Decision(StrEnum):
    ALLOW = "allow"
    REVIEW = "review"
    BLOCK = "block"


@dataclass(frozen=True)
class Reason:
    category: str
    source: str  # the moderator or classifier
    score: float | None = None
    threshold: float | None = None
    detail: str = ""


@dataclass(frozen=True)
class PolicyDecision:
    stage: str  # "prompt" | "output"
    decision: Decision
    policy_name: str
    policy_version: str | None
    reasons: list[Reason] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"decision": self.decision.value}


def active_policy_name(tenant: Any) -> str:
    return DEVELOPMENT_POLICY


def _development(stage: str) -> PolicyDecision:
    return PolicyDecision(
        stage=stage,
        decision=Decision.ALLOW,
        policy_name=DEVELOPMENT_POLICY,
        policy_version=None,
        reasons=[
            Reason(category="none", source=DEVELOPMENT_POLICY, detail="development policy: nothing screened")
        ],
    )


def decide_prompt(*, tenant: Any, policy_name: str, texts: dict[str, str]) -> PolicyDecision:
    """Screen the prompt, negative prompt and edit instructions of a job."""
    return _development("prompt")


def decide_output(*, tenant: Any, policy_name: str, image: bytes, mime_type: str) -> PolicyDecision:
    """Screen one generated image: allow releases it, review holds it, block quarantines it."""
    return _development("output")

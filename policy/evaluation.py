"""Turn moderator scores into a decision: max per category across moderators and texts, compared with
the policy's thresholds. A moderator that fails makes the decision at least `on_error` (never allow)."""

from __future__ import annotations

from collections.abc import Mapping

from policy.moderators import build_moderators
from policy.moderators.base import ModeratorError, PromptModerator
from policy.schema import BUILTIN_CATEGORIES, CategoryRule, PolicyDocument
from policy.types import Decision, PolicyDecision, Reason

# Scores below this are a moderator's noise floor (OpenAI scores every text ~1e-5 in every category),
# not a signal: without it `sexual/minors`, blocked at any score, would block everything.
MIN_SCORE = 0.01
_DEFAULT_RULE = CategoryRule()

# ({category: (score, moderator, evidence)} keeping the max, [(moderator, error)])
Scored = tuple[dict[str, tuple[float, str, str]], list[tuple[str, str]]]


def category_scores(moderators: list[PromptModerator | ModeratorError], text: str) -> Scored:
    """({category: (score, moderator, evidence)} keeping the max, [(moderator, error)])."""
    scores: dict[str, tuple[float, str, str]] = {}
    errors: list[tuple[str, str]] = []
    for moderator in moderators:
        if isinstance(moderator, ModeratorError):
            errors.append(("unavailable", str(moderator)))
            continue
        try:
            result = moderator.score(text)
        except Exception as exc:  # any failure of a moderator fails closed, never open
            errors.append((moderator.name, f"{type(exc).__name__}: {exc}"))
            continue
        for category, (score, evidence) in result.items():
            if category not in scores or scores[category][0] < score:
                scores[category] = (float(score), moderator.name, evidence)
    return scores, errors


def evaluate(
    *,
    document: PolicyDocument,
    texts: Mapping[str, str],
    policy_name: str,
    policy_version: str | None,
    moderators: list[PromptModerator | ModeratorError] | None = None,
) -> PolicyDecision:
    """Screen each text (prompt, negative prompt, edit instructions) under `document`."""
    moderators = build_moderators(document) if moderators is None else moderators
    scored = {field: category_scores(moderators, text) for field, text in texts.items() if text}
    return decide(document=document, scored=scored, policy_name=policy_name, policy_version=policy_version)


def decide(
    *, document: PolicyDocument, scored: Mapping[str, Scored], policy_name: str, policy_version: str | None
) -> PolicyDecision:
    """The decision for scores already taken, per text field."""
    decision = Decision.ALLOW
    reasons: list[Reason] = []
    for field, (scores, errors) in scored.items():
        for source, error in errors:
            on_error = Decision(document.moderation.on_error)
            decision = max(decision, on_error, key=lambda d: d.severity)
            reasons.append(
                Reason(
                    category="moderator_error",
                    source=source,
                    detail=f"{field}: moderator failed, failing closed ({on_error.value}): {error}"[:500],
                )
            )
        for category, (score, source, evidence) in sorted(scores.items()):
            if score < MIN_SCORE:
                continue
            rule = document.rule(category) or (_DEFAULT_RULE if category in BUILTIN_CATEGORIES else None)
            if rule is None:
                continue
            if score >= rule.block_at:
                outcome, threshold = Decision.BLOCK, rule.block_at
            elif score >= rule.review_at:
                outcome, threshold = Decision.REVIEW, rule.review_at
            else:
                continue
            decision = max(decision, outcome, key=lambda d: d.severity)
            reasons.append(
                Reason(
                    category=category,
                    source=source,
                    score=round(score, 4),
                    threshold=threshold,
                    detail=f"{field}: {outcome.value}: {evidence}"[:500],
                )
            )
    return PolicyDecision(
        stage="prompt",
        decision=decision,
        policy_name=policy_name,
        policy_version=policy_version,
        reasons=reasons,
    )

"""Tests that kill mutants bench/mutation.py found surviving in the prompt-policy decision.

The minors rule composes two findings: a minor named in the text (policy.minors) and sexual content
scored by any moderator. The rules moderator composes them itself for its own words, so here the sexual
score comes from another moderator: the OpenAI moderator against the local OpenAI stand-in, set to
score every input's `sexual` exactly."""

from __future__ import annotations

import pytest

from policy.decisions import Decision
from policy.evaluation import evaluate
from policy.minors import SEXUAL_FLOOR
from policy.schema import validate_document
from policy.templates import template
from tests.fakes.openai_server import FakeOpenAI

MINOR = "a portrait of a teenager on a beach"
ADULT = "a portrait of a woman on a beach"


@pytest.fixture
def openai_scores(settings):
    """Decides a text under the `standard` template screened by the OpenAI moderator alone, which scores
    every input with `scores` (category -> score); `without` drops categories' rules from the template."""
    with FakeOpenAI() as server:
        settings.ASSAY_OPENAI_BASE_URL = server.base_url
        settings.ASSAY_OPENAI_API_KEY = server.api_key

        def decide(text: str, *, without: tuple[str, ...] = (), **scores: float):
            server.moderation_overrides = {name.replace("_", "-"): score for name, score in scores.items()}
            raw = template("standard")
            raw["moderation"]["moderators"] = ["openai"]
            for category in without:
                del raw["categories"][category]
            return evaluate(
                document=validate_document(raw),
                texts={"prompt": text},
                policy_name="t@draft",
                policy_version=None,
            )

        yield decide


def test_sexual_content_from_any_moderator_plus_a_minor_is_blocked_as_minors(openai_scores):
    """Survivor: `_minors_rule` returning early unless minors already scored 1.0."""
    decision = openai_scores(MINOR, sexual=0.4)  # below `standard`'s review threshold (0.5)
    assert decision.decision == Decision.BLOCK
    (reason,) = [r for r in decision.reasons if r.category == "sexual/minors"]
    assert reason.score == 1.0 and reason.source == "openai"
    assert "teenager" in reason.detail


def test_the_same_score_without_a_minor_is_allowed(openai_scores):
    assert openai_scores(ADULT, sexual=0.4).decision == Decision.ALLOW


def test_the_sexual_floor_is_inclusive(openai_scores):
    assert openai_scores(MINOR, sexual=SEXUAL_FLOOR).decision == Decision.BLOCK
    assert openai_scores(MINOR, sexual=SEXUAL_FLOOR - 0.01).decision == Decision.ALLOW


def test_a_builtin_category_the_document_has_no_rule_for_gets_the_default_rule(openai_scores):
    """Survivor: `category not in BUILTIN_CATEGORIES` choosing the default rule. A policy that leaves
    out a built-in category still screens it (review at 0.5, block at 0.8), never lets it through."""
    assert openai_scores(ADULT, self_harm=0.85).decision == Decision.REVIEW  # the template blocks at 0.9
    decision = openai_scores(ADULT, self_harm=0.85, without=("self-harm",))
    assert decision.decision == Decision.BLOCK
    (reason,) = decision.reasons
    assert (reason.category, reason.threshold) == ("self-harm", 0.8)
    assert openai_scores(ADULT, self_harm=0.6, without=("self-harm",)).decision == Decision.REVIEW

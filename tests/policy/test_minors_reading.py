"""The minors rule's second reading: a moderator that keeps a second encoder for prompts that name a minor
(`minors_reading`: the semantic moderator's packaged encoder beside a tuned one) is asked when the first
readings find no sexual content, its reading counts, and its failure fails closed."""

from __future__ import annotations

import pytest

from policy.decisions import Decision
from policy.evaluation import category_scores, decide
from policy.minors import SEXUAL_FLOOR, as_adult
from policy.moderators.rules import RulesModerator
from policy.moderators.semantic import confirmed_minors
from policy.schema import MINORS, validate_document
from policy.templates import template

MINOR = "a portrait of a teenager on a beach"
ADULT = "a portrait of a woman on a beach"


class SecondReading:
    """A moderator that scores nothing itself and answers `minors_reading` with `reading` (or raises)."""

    name = "semantic"
    categories = ["sexual", "sexual/minors", "violence"]

    def __init__(self, reading: tuple[float, str] | Exception | None) -> None:
        self.reading = reading
        self.asked: list[str] = []

    def score(self, text: str) -> dict:
        return {}

    def minors_reading(self, text: str) -> tuple[float, str] | None:
        self.asked.append(text)
        if isinstance(self.reading, Exception):
            raise self.reading
        return self.reading


def _decision(moderator: SecondReading, text: str):
    document = validate_document(template("standard"))
    scored = category_scores([RulesModerator(document), moderator], text)
    return scored, decide(document=document, scored={"prompt": scored}, policy_name="t", policy_version=None)


def test_a_second_reading_at_the_sexual_floor_makes_a_prompt_naming_a_minor_minors():
    moderator = SecondReading((SEXUAL_FLOOR, "packaged encoder, sexual: nearest exemplars: sexual"))
    scored, decision = _decision(moderator, MINOR)
    assert moderator.asked == [MINOR]
    assert decision.decision == Decision.BLOCK
    score, source, evidence = scored.scores[MINORS]
    assert (score, source) == (1.0, "semantic")
    assert "teenager" in evidence and "packaged encoder" in evidence


def test_a_second_reading_below_the_floor_decides_nothing():
    moderator = SecondReading((SEXUAL_FLOOR - 0.01, "packaged encoder"))
    scored, decision = _decision(moderator, MINOR)
    assert moderator.asked == [MINOR]
    assert MINORS not in scored.scores and decision.decision == Decision.ALLOW


def test_without_a_minor_the_second_reading_is_not_asked():
    moderator = SecondReading((0.99, "packaged encoder"))
    _, decision = _decision(moderator, ADULT)
    assert moderator.asked == [] and decision.decision == Decision.ALLOW


def test_wording_that_decides_alone_needs_no_second_reading():
    moderator = SecondReading((0.0, "packaged encoder"))
    scored, decision = _decision(moderator, "a teenager posing in lingerie")
    assert moderator.asked == [] and scored.scores[MINORS][0] == 1.0
    assert decision.decision == Decision.BLOCK


@pytest.mark.parametrize("failure", [RuntimeError("encoder gone"), ValueError("bad head")])
def test_a_failing_second_reading_fails_closed(failure):
    scored, decision = _decision(SecondReading(failure), MINOR)
    assert scored.errors == [("semantic", f"{type(failure).__name__}: {failure}")]
    # `standard` holds a prompt a moderator failed on (its `moderation.on_error`).
    assert decision.decision == Decision.REVIEW
    assert [r.category for r in decision.reasons] == ["moderator_error"]


class Scoring(SecondReading):
    """A second reading that also scores texts: `scores` by text, nothing for the others."""

    def __init__(self, scores: dict[str, dict]) -> None:
        super().__init__((0.99, "packaged encoder"))
        self.scores = scores
        self.scored: list[str] = []

    def score(self, text: str) -> dict:
        self.scored.append(text)
        return self.scores.get(text, {})


def test_a_moderators_own_minors_reading_is_sexual_content_and_asks_nothing_more():
    """A `sexual/minors` score below 1.0 (the semantic moderator's own reading) of a prompt that names a
    minor: the rule makes it 1.0 at once, without the adult reading or the second reading."""
    moderator = Scoring({MINOR: {MINORS: (0.5, "nearest exemplars: sexual/minors")}})
    scored, decision = _decision(moderator, MINOR)
    assert moderator.scored == [MINOR] and moderator.asked == []
    assert scored.scores[MINORS][:2] == (1.0, "semantic") and decision.decision == Decision.BLOCK


def test_a_minors_reading_of_the_adult_form_counts_as_sexual_content():
    adult = as_adult(MINOR)
    moderator = Scoring({adult: {MINORS: (SEXUAL_FLOOR, "nearest exemplars: sexual/minors")}})
    scored, decision = _decision(moderator, MINOR)
    assert moderator.scored == [MINOR, adult] and moderator.asked == []
    score, source, evidence = scored.scores[MINORS]
    assert (score, source) == (1.0, "semantic") and f"read as {adult!r}" in evidence
    assert decision.decision == Decision.BLOCK


# A tuned encoder's `sexual/minors` vote for a prompt that names no minor (`confirmed_minors`).
VOTE = {"sexual/minors": (0.85, "nearest exemplars: sexual/minors 0.7"), "violence": (0.1, "v")}


def test_an_unconfirmed_minors_vote_counts_as_sexual():
    scores = confirmed_minors(VOTE, [{"sexual": (0.4, "packaged")}])
    assert "sexual/minors" not in scores and scores["violence"] == VOTE["violence"]
    score, evidence = scores["sexual"]
    assert score == 0.85 and evidence.startswith(VOTE["sexual/minors"][1]) and "no minor named" in evidence
    assert "sexual/minors" in VOTE  # the moderator's own scores are not changed in place


def test_a_higher_sexual_score_stands_when_the_minors_vote_is_dropped():
    scores = confirmed_minors(VOTE | {"sexual": (0.9, "own")}, [{}])
    assert scores == {"sexual": (0.9, "own"), "violence": VOTE["violence"]}


@pytest.mark.parametrize("packaged", [[{"sexual/minors": (0.5, "packaged")}], None])
def test_a_confirmed_vote_or_one_encoder_keeps_the_minors_vote(packaged):
    assert confirmed_minors(VOTE, packaged) == VOTE

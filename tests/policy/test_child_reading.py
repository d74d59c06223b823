"""The child reading: where a sexual text names no minor in words, the minors rule asks the semantic
moderator whether it shows a person under 18 by meaning (`child_reading`, `policy.train_child_head`); at
its threshold the text is `sexual/minors`. Asked only for sexual text; its failure fails closed."""

from __future__ import annotations

import pytest

from policy.decisions import Decision
from policy.evaluation import category_scores, decide, evaluate
from policy.minors import minor_reference
from policy.moderators.rules import RulesModerator
from policy.moderators.semantic import SemanticModerator, child_head
from policy.schema import MINORS, validate_document
from policy.templates import template

# Sexual wording, and a child the words of the minors rule do not name.
SEXUAL_CHILD = "a person who still has a bedtime of seven o'clock, posing nude"
ORDINARY_CHILD = "a person who still has a bedtime of seven o'clock, reading in bed"


class ChildReading:
    """A moderator that scores nothing itself and answers `child_reading` with `reading` (or raises)."""

    name = "semantic"
    categories = ["sexual", "sexual/minors"]

    def __init__(self, reading: tuple[float, float, str] | Exception | None) -> None:
        self.reading = reading
        self.asked: list[str] = []

    def score(self, text: str) -> dict:
        return {}

    def child_reading(self, text: str) -> tuple[float, float, str] | None:
        self.asked.append(text)
        if isinstance(self.reading, Exception):
            raise self.reading
        return self.reading


def _decision(moderator: ChildReading, text: str, name: str = "permissive"):
    document = validate_document(template(name))
    scored = category_scores([RulesModerator(document), moderator], text)
    return scored, decide(document=document, scored={"prompt": scored}, policy_name=name, policy_version=None)


def test_the_words_name_no_minor_here():
    assert minor_reference(SEXUAL_CHILD) is None and minor_reference(ORDINARY_CHILD) is None


def test_a_child_reading_at_its_threshold_makes_a_sexual_text_minors():
    moderator = ChildReading((0.91, 0.9, "child reading 0.91 of '...'"))
    scored, decision = _decision(moderator, SEXUAL_CHILD)
    assert moderator.asked == [SEXUAL_CHILD]
    assert decision.decision == Decision.BLOCK
    score, _, evidence = scored.scores[MINORS]
    assert score == 1.0 and "child reading 0.91" in evidence and "nude" in evidence


def test_a_child_reading_below_its_threshold_decides_nothing():
    moderator = ChildReading((0.89, 0.9, "child reading 0.89"))
    scored, decision = _decision(moderator, SEXUAL_CHILD)
    assert moderator.asked == [SEXUAL_CHILD]
    assert MINORS not in scored.scores and decision.decision == Decision.ALLOW  # adult content allowed


def test_a_text_that_is_not_sexual_is_not_read_for_a_child():
    moderator = ChildReading((0.99, 0.9, "child reading 0.99"))
    scored, decision = _decision(moderator, ORDINARY_CHILD, "standard")
    assert moderator.asked == [] and MINORS not in scored.scores and decision.decision == Decision.ALLOW


def test_a_minor_the_words_name_needs_no_child_reading():
    moderator = ChildReading((0.0, 0.9, "child reading 0.00"))
    scored, _ = _decision(moderator, "a teenager posing nude")
    assert moderator.asked == [] and scored.scores[MINORS][0] == 1.0


@pytest.mark.parametrize("failure", [RuntimeError("encoder gone"), ValueError("bad head")])
def test_a_failing_child_reading_fails_closed(failure):
    scored, decision = _decision(ChildReading(failure), SEXUAL_CHILD, "standard")
    assert scored.errors == [("semantic", f"{type(failure).__name__}: {failure}")]
    assert decision.decision == Decision.REVIEW
    assert [r.category for r in decision.reasons] == ["moderator_error"]


def test_the_child_head_ships_with_a_threshold_from_its_adults():
    model = child_head()
    assert model is not None and model.weights.shape == (384,)
    assert 0.5 < model.threshold < 1.0  # the 99th percentile of the adults' scores


@pytest.mark.parametrize(
    ("text", "child"),
    [
        ("a boy who is younger than his first smartphone, in his underwear, seductive pose", True),
        ("a 30-year-old woman posing nude on a bed", False),
        ("a kindergarten teacher, 29, posing nude on a bed at home", False),
    ],
)
def test_the_shipped_child_reading_reads_a_child_and_an_adult(text, child):
    probability, threshold, evidence = SemanticModerator().child_reading(text)  # type: ignore[misc]
    assert (probability >= threshold) is child, evidence


def test_under_permissive_a_child_the_words_miss_is_blocked_and_an_adult_is_not():
    document = validate_document(template("permissive"))

    def decided(text: str):
        return evaluate(
            document=document, texts={"prompt": text}, policy_name="permissive", policy_version=None
        )

    child = decided("a boy who is younger than his first smartphone, in his underwear, seductive pose")
    assert child.decision == Decision.BLOCK
    assert [reason.category for reason in child.reasons] == [MINORS]
    assert "child reading" in child.reasons[0].detail
    assert decided("a 30-year-old woman posing nude on a bed").decision == Decision.ALLOW


def test_a_child_reading_exactly_at_its_threshold_counts():
    scored, _ = _decision(ChildReading((0.9, 0.9, "child reading 0.90")), SEXUAL_CHILD)
    assert scored.scores[MINORS][0] == 1.0


class SexualScore(ChildReading):
    """A child reading beside a `sexual` score of its own for every text (no sexual wording needed)."""

    def __init__(self, sexual: float) -> None:
        super().__init__((0.95, 0.9, "child reading 0.95"))
        self.sexual = sexual

    def score(self, text: str) -> dict:
        return {"sexual": (self.sexual, "nearest exemplars: sexual")}


def test_a_sexual_score_at_the_floor_without_sexual_wording_asks_the_child_reading():
    from policy.minors import SEXUAL_FLOOR, suggestive_term

    assert suggestive_term(ORDINARY_CHILD) is None
    at_floor = SexualScore(SEXUAL_FLOOR)
    scored, decision = _decision(at_floor, ORDINARY_CHILD, "standard")
    assert at_floor.asked == [ORDINARY_CHILD] and scored.scores[MINORS][0] == 1.0
    assert decision.decision == Decision.BLOCK
    below = SexualScore(SEXUAL_FLOOR - 0.01)
    scored, _ = _decision(below, ORDINARY_CHILD, "standard")
    assert below.asked == [] and MINORS not in scored.scores


def test_a_quantile_is_chosen_by_its_cross_validated_cost():
    from policy.train_child_head import CrossValidation, cheapest

    def result(children_read, adults_read):
        return CrossValidation(children_read, 100, adults_read, 1000, report="")

    # A child missed weighs three adults read as children: 0.97 costs 3 x 20 + 50 = 110, 0.98 3 x 30 + 30
    # = 120, 0.99 3 x 40 + 10 = 130.
    results = {0.97: result(80, 50), 0.98: result(70, 30), 0.99: result(60, 10)}
    assert [r.cost for r in results.values()] == [110, 120, 130]
    assert cheapest(results) == 0.97
    # Five more children and ten fewer adults read at 0.99 (3 x 35 + 0 = 105) make it the cheapest; a tie
    # goes to the higher quantile.
    assert cheapest({**results, 0.99: result(65, 0)}) == 0.99
    assert cheapest({0.98: result(70, 20), 0.985: result(70, 20)}) == 0.985

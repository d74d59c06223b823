"""The semantic moderator's speed-ups change no score: a prompt's forms are encoded in one batched call (each
distinct token sequence once), and a prompt naming a minor is read as written and as about an adult in
that same call."""

from __future__ import annotations

import numpy as np
import pytest

from policy import encoder
from policy.decisions import Decision
from policy.evaluation import evaluate
from policy.minors import SEXUAL_FLOOR, as_adult, minor_reference, suggestive_term
from policy.moderators import semantic
from policy.moderators.semantic import REMEMBERED, SemanticModerator, head, scored_forms
from policy.schema import validate_document
from policy.templates import template

FORMS = [
    "a watercolor of a fox in the snow",
    "p0rn0graphic ph0t0 of a n.u.d.e w0man",
    "pornographic photo of a nude woman",
    "a person standing on the ledge of a tall building, about to let go and fall to the street below",
    "b",
]
CHILD = "two children building a sandcastle on a sunny beach with their parents"


class CountingSession:
    """The encoder session, counting calls and the rows each one encodes."""

    def __init__(self, session) -> None:
        self._session = session
        self.rows: list[int] = []

    def run(self, outputs, feeds):
        self.rows.append(len(feeds["input_ids"]))
        return self._session.run(outputs, feeds)


@pytest.fixture
def counted(monkeypatch) -> CountingSession:
    """Counts the moderation encoder's calls in `.rows`, and the packaged encoder's (kept beside a
    tuned one) in `.packaged.rows`."""
    kept = (False, True) if encoder.has_packaged() else (False,)
    sessions = {packaged: encoder._session(packaged) for packaged in kept}
    counting = CountingSession(sessions[False][0])
    counting.packaged = CountingSession(sessions[True][0] if True in sessions else None)
    by_encoder = {False: (counting, sessions[False][1])}
    if True in sessions:
        by_encoder[True] = (counting.packaged, sessions[True][1])
    monkeypatch.setattr(encoder, "_session", lambda packaged=False: by_encoder[packaged])
    return counting


def test_batched_and_one_by_one_embeddings_agree():
    batched = encoder.embed(FORMS)
    alone = np.stack([encoder.embed([form])[0] for form in FORMS])
    assert batched.shape == (len(FORMS), 384) and batched.dtype == np.float32
    # Padding is masked out of the mean: only float rounding differs.
    assert np.abs(batched - alone).max() <= 1e-5


def test_a_repeated_form_is_encoded_once(counted):
    # The tokenizer is uncased: the same words in capitals are the same token sequence.
    texts = ["a red circle", "a cat on a mat", "A RED CIRCLE", "a red circle"]
    embeddings = encoder.embed(texts)
    assert counted.rows == [2]
    assert embeddings.shape == (4, 384)
    assert (embeddings[0] == embeddings[2]).all() and (embeddings[0] == embeddings[3]).all()
    assert np.abs(embeddings[1] - encoder.embed(["a cat on a mat"])[0]).max() <= 1e-5


def test_a_prompt_and_its_leetspeak_reading_take_one_encoder_call(counted):
    # Digits that are no disguise: the prompt as typed and with the digits read as letters.
    text = "a 1950s pin-up photo of a woman"
    assert len(scored_forms(text)) == 2
    SemanticModerator().score(text)
    assert counted.rows == [2]


def test_a_harmless_prompt_naming_a_minor_is_read_twice_and_the_rule_asks_nothing_more(counted):
    assert minor_reference(CHILD)
    decision = evaluate(
        document=validate_document(template("standard")),
        texts={"prompt": CHILD},
        policy_name="t",
        policy_version=None,
    )
    assert decision.decision == Decision.ALLOW
    # The prompt, then its adult reading (it did not read as sexual, so the minors rule asks how it reads
    # about an adult): answered from memory, no third call. Beside a tuned encoder, the packaged one
    # reads both in one call (`minors_reading`).
    assert counted.rows == [1, 1]
    assert counted.packaged.rows == ([2] if encoder.has_packaged() else [])


def test_an_adult_reading_that_would_not_be_remembered_is_not_read_ahead(counted):
    """ "a young girl smiling in a park" is read by the shipped head, its adult reading ("a person smiling in
    a park", six words) by the short head (over the packaged encoder where a tuned one ships): that one is
    scored on its own when the minors rule asks."""
    text = "a young girl smiling in a park"
    adult = as_adult(text)
    assert minor_reference(text) and not semantic.is_short(text) and semantic.is_short(adult)
    moderator = SemanticModerator()
    moderator.score(text)
    assert counted.rows == [1] and counted.packaged.rows == []
    moderator.score(adult)
    if encoder.has_packaged():
        assert counted.rows == [1] and counted.packaged.rows == [1]
    else:
        assert counted.rows == [1, 1]


def test_a_prompt_naming_a_minor_that_reads_as_sexual_is_read_once(counted):
    """The minors rule blocks it on that reading and never asks how it reads about an adult."""
    text = "cowgirl style pov shot of a 14 year old, sweaty, 4k"
    assert minor_reference(text) and not suggestive_term(text)
    moderator = SemanticModerator()
    scores = moderator.score(text)
    assert max(scores.get(category, (0.0,))[0] for category in ("sexual", "sexual/minors")) >= SEXUAL_FLOOR
    assert sum(counted.rows) == len(scored_forms(text))
    decision = evaluate(
        document=validate_document(template("standard")),
        texts={"prompt": text},
        policy_name="t",
        policy_version=None,
    )
    assert decision.decision == Decision.BLOCK
    assert any(r.category == "sexual/minors" and r.score == 1.0 for r in decision.reasons)


def test_a_prompt_naming_a_minor_with_suggestive_wording_is_read_once(counted):
    """The minors rule decides such a prompt on its wording alone and never asks for the adult reading,
    so the moderator does not read it ahead: one row, and the prompt is blocked as before."""
    text = "a 12 year old girl in the altogether by the lake, film photo"
    assert minor_reference(text) and suggestive_term(text)
    decision = evaluate(
        document=validate_document(template("standard")),
        texts={"prompt": text},
        policy_name="t",
        policy_version=None,
    )
    assert decision.decision == Decision.BLOCK
    minors = [r for r in decision.reasons if r.category == "sexual/minors"]
    assert minors and minors[0].score == 1.0 and "suggestive wording" in minors[0].detail
    assert sum(counted.rows) == len(scored_forms(text))  # the prompt's own forms, no adult reading


def test_the_adult_reading_scores_as_if_it_were_asked_alone():
    adult = as_adult(CHILD)
    together = SemanticModerator()
    together.score(CHILD)
    remembered = together.score(adult)
    alone = SemanticModerator().score(adult)
    assert remembered.keys() == alone.keys()
    for category, (score, evidence) in alone.items():
        assert remembered[category][0] == pytest.approx(score, abs=1e-5)
        assert remembered[category][1] == evidence


def test_scores_match_the_reading_of_each_form_alone():
    """What the moderator scores from a batch is what it scored one form at a time."""
    model = head()
    text = "a 1950s pin-up photo of a nude woman"
    assert len(scored_forms(text)) == 2
    embeddings = np.stack([encoder.embed([form])[0] for form in scored_forms(text)])
    p = semantic.harmful_probability(embeddings, model)
    scores = SemanticModerator().score(text)
    # The leading category gets the probability of the form that looks most harmful.
    assert scores["sexual"][0] == pytest.approx(float(p.max()), abs=1e-5)


def test_remembered_scores_are_bounded_and_copies():
    moderator = SemanticModerator()
    first = moderator.score("a red circle")
    first["sexual"] = (1.0, "changed by a caller")
    assert "sexual" not in moderator.score("a red circle")
    for n in range(REMEMBERED + 5):
        moderator.score(f"a red circle number {n}")
    assert len(moderator._remembered) == REMEMBERED


def test_the_shipped_exemplar_search_answers_as_the_float32_product():
    """The shipped head's search (an int8 product, then float32 on the candidates) finds the same 25
    nearest exemplars as the float32 product of the whole bank, in the same order."""
    model = head()
    embeddings = encoder.embed([*FORMS, CHILD])
    similarity = embeddings @ model.exemplars.T
    index, nearest = model.search.nearest(embeddings, semantic.NEIGHBOURS)
    expected = np.argsort(-similarity, axis=1, kind="stable")[:, : semantic.NEIGHBOURS]
    np.testing.assert_array_equal(index, expected)
    np.testing.assert_allclose(nearest, np.take_along_axis(similarity, expected, axis=1), atol=1e-6)

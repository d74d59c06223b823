"""What screening a generated image skips because it cannot matter: face detection when nobody is in the
tenant's likeness gallery and the stage's face rule allows every face. The decision and its reasons are
those the classifier would have led to; with anyone in the gallery, or a face rule that holds or
blocks, it runs (and fails closed)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from policy.schema import OutputRules
from policy.screening import decide
from policy.screening.likeness import GalleryPerson, LikenessClassifier
from policy.screening.nsfw import NSFWClassifier
from policy.types import Decision


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (30, 90, 200)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def ran(monkeypatch) -> list[str]:
    """The classifiers that ran, in order; each finds one unmatched face (likeness) or nothing (nsfw)."""
    seen: list[str] = []

    def likeness(self, image):
        seen.append("likeness")
        return [decide.Finding(category="face", score=1.0, evidence="face at (1, 1, 9, 9)")]

    def nsfw(self, image):
        seen.append("nsfw")
        return [decide.Finding(category="sexual", score=0.01, evidence="open_nsfw")]

    monkeypatch.setattr(LikenessClassifier, "classify", likeness)
    monkeypatch.setattr(NSFWClassifier, "classify", nsfw)
    return seen


PERSON = GalleryPerson("p", "P", False, np.zeros((1, 128), dtype=np.float32))


@pytest.mark.parametrize(
    ("stage", "rules", "gallery", "runs", "decision"),
    [
        ("output", OutputRules(any_face="allow"), [], False, Decision.ALLOW),
        ("output", OutputRules(any_face="review"), [], True, Decision.REVIEW),
        ("output", OutputRules(any_face="allow"), [PERSON], True, Decision.ALLOW),
        ("input", OutputRules(any_face="allow", input_face="allow"), [], False, Decision.ALLOW),
        ("input", OutputRules(any_face="allow", input_face="block"), [], True, Decision.BLOCK),
    ],
    ids=["nothing-to-match-faces-allowed", "faces-held", "gallery", "input-allowed", "input-blocked"],
)
def test_face_detection_runs_only_where_a_face_can_change_the_decision(
    ran, stage, rules, gallery, runs, decision
):
    found, reasons = decide.screen(image=png(), rules=rules, gallery=gallery, stage=stage, max_pixels=10**6)
    assert ran == (["nsfw", "likeness"] if runs else ["nsfw"])
    assert found == decision
    # Skipped, it would have added nothing: an allowed face leaves no reason.
    assert bool(reasons) == (decision != Decision.ALLOW)


def test_a_classifier_that_is_skipped_cannot_fail_and_one_that_runs_still_fails_closed(monkeypatch):
    def broken(self, image):
        raise RuntimeError("face model missing")

    monkeypatch.setattr(LikenessClassifier, "classify", broken)
    monkeypatch.setattr(NSFWClassifier, "classify", lambda self, image: [])
    allowed, _ = decide.screen(
        image=png(), rules=OutputRules(any_face="allow"), gallery=[], stage="output", max_pixels=10**6
    )
    assert allowed == Decision.ALLOW  # nothing it could have found changes the decision
    held, reasons = decide.screen(
        image=png(), rules=OutputRules(any_face="allow", on_error="review"), gallery=[PERSON],
        stage="output", max_pixels=10**6,
    )  # fmt: skip
    assert held == Decision.REVIEW and reasons[0].source == "likeness"

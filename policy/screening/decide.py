"""One image's screening decision under a policy's output rules: allow (release), review (hold) or
block (quarantine), with a reason for everything that is not a plain allow.

Rules, in the order they apply to each finding:
- `sexual` (Open NSFW): at or above `output.nsfw.block_at` blocks, at or above `review_at` holds.
- a face that matches a gallery person who has consented (consent not expired): allowed, with a reason
  that names the person, so that the decision shows why a likeness was released.
- a face that matches a gallery person without consent: `output.likeness`.
- any face that is not a consenting match: `output.any_face` for a generated image, `output.input_face`
  for the uploaded input of an edit. (So with nobody in the gallery and that rule `allow`, the likeness
  classifier cannot change anything, and does not run.)
- a classifier that fails, or an image that cannot be decoded: `output.on_error` (review or block),
  never allow.
Only the classifiers listed in `output.classifiers` run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from PIL import Image

from policy.schema import OutputRules
from policy.screening.base import ClassifierError, Finding, ImageClassifier, views
from policy.screening.likeness import GalleryPerson, LikenessClassifier
from policy.screening.nsfw import NSFWClassifier
from policy.types import CLASSIFIER_ERROR, Decision, Reason

Stage = Literal["output", "input"]


def build_classifiers(
    rules: OutputRules, gallery: list[GalleryPerson], stage: Stage | None = None
) -> list[ImageClassifier]:
    """The classifiers `rules` lists, for `stage`; with a stage, less any whose findings could not
    change the decision or its reasons (`_can_matter`)."""
    built: list[ImageClassifier] = []
    for name in rules.classifiers:
        if stage is not None and not _can_matter(name, rules, gallery, stage):
            continue
        if name == "nsfw":
            built.append(NSFWClassifier())
        elif name == "likeness":
            built.append(LikenessClassifier(gallery, rules.match_distance))
    return built


def _can_matter(name: str, rules: OutputRules, gallery: list[GalleryPerson], stage: Stage) -> bool:
    """Likeness with an empty gallery finds only faces that match nobody, which `_judge` turns into the
    stage's face rule alone: when that rule allows, nothing it can find changes the decision or adds a
    reason, and face detection (~15-20 ms a 256 px image) is skipped. With anyone in the gallery, or a
    face rule that holds or blocks, it runs (and a failure of its models fails closed as always)."""
    if name != "likeness" or gallery:
        return True
    face_rule = rules.any_face if stage == "output" else rules.input_face
    return Decision(face_rule) != Decision.ALLOW


def screen(
    *,
    image: bytes,
    rules: OutputRules,
    gallery: list[GalleryPerson],
    stage: Stage,
    max_pixels: int,
    classifiers: Sequence[ImageClassifier] | None = None,
    decoded: Image.Image | None = None,
) -> tuple[Decision, list[Reason]]:
    """The decision and its reasons for one image (`stage` "output": generated, "input": an edit's upload).

    `decoded`: `image` already decoded, when the caller holds its pixels (a generation worker's own
    lossless output): used as it is when it is what `decode` would give (RGB, within `max_pixels`),
    so that screening does not decode the file again."""
    on_error = Decision(rules.on_error)
    if decoded is not None and decoded.mode == "RGB" and decoded.width * decoded.height <= max_pixels:
        pictures = [decoded]
    else:
        try:
            pictures = views(image, max_pixels=max_pixels)
        except ClassifierError as exc:
            return on_error, [_error_reason("decode", str(exc), on_error)]
    classifiers = build_classifiers(rules, gallery, stage) if classifiers is None else classifiers
    decision, reasons = Decision.ALLOW, []
    # Every picture the bytes stand for (`views`: as shown, and under a transparent layer as a model reads
    # it); the strictest outcome counts.
    for picture in pictures:
        for classifier in classifiers:
            try:
                findings = classifier.classify(picture)
            except Exception as exc:  # any failure of a classifier fails closed, never open
                outcome, found = (
                    on_error,
                    [_error_reason(classifier.name, f"{type(exc).__name__}: {exc}", on_error)],
                )
            else:
                outcome, found = _judge(findings, classifier.name, rules, stage)
            decision = max(decision, outcome, key=lambda d: d.severity)
            reasons.extend(reason for reason in found if reason not in reasons)
    return decision, reasons


def _judge(
    findings: list[Finding], source: str, rules: OutputRules, stage: Stage
) -> tuple[Decision, list[Reason]]:
    decision, reasons = Decision.ALLOW, []
    face_rule = Decision(rules.any_face if stage == "output" else rules.input_face)
    face_setting = "any_face" if stage == "output" else "input_face"
    for finding in findings:
        found: list[tuple[Decision, Reason]] = []
        if finding.category == "sexual":
            if finding.score >= rules.nsfw.block_at:
                outcome, threshold = Decision.BLOCK, rules.nsfw.block_at
            elif finding.score >= rules.nsfw.review_at:
                outcome, threshold = Decision.REVIEW, rules.nsfw.review_at
            else:
                continue
            detail = f"{stage}: {outcome.value}: {finding.evidence} score {finding.score:.4f} >= {threshold}"
            found.append((outcome, _reason(finding, source, threshold, detail)))
        elif finding.category == "likeness" and finding.consenting:
            detail = (
                f"{stage}: allow: {finding.evidence} matches a consenting person (distance {finding.score})"
            )
            found.append((Decision.ALLOW, _reason(finding, source, rules.match_distance, detail)))
        elif finding.category == "likeness":
            outcome = Decision(rules.likeness)
            detail = (
                f"{stage}: {outcome.value}: {finding.evidence} matches a protected person who has not "
                f"consented (distance {finding.score} < {rules.match_distance}; policy output.likeness)"
            )
            found.append((outcome, _reason(finding, source, rules.match_distance, detail)))
        if (
            finding.category in ("face", "likeness")
            and not finding.consenting
            and face_rule != Decision.ALLOW
        ):
            detail = f"{stage}: {face_rule.value}: {finding.evidence} (policy output.{face_setting})"
            face = Finding(category="face", score=1.0, evidence=finding.evidence)
            found.append((face_rule, _reason(face, source, None, detail)))
        for outcome, reason in found:
            if outcome != Decision.ALLOW or reason.person is not None:
                reasons.append(reason)
            decision = max(decision, outcome, key=lambda d: d.severity)
    return decision, reasons


def _reason(finding: Finding, source: str, threshold: float | None, detail: str) -> Reason:
    return Reason(
        category=finding.category,
        source=source,
        score=round(finding.score, 4),
        threshold=threshold,
        detail=detail[:500],
        person=finding.person,
    )


def _error_reason(source: str, error: str, on_error: Decision) -> Reason:
    return Reason(
        category=CLASSIFIER_ERROR,
        source=source,
        detail=f"screening failed, failing closed ({on_error.value}): {error}"[:500],
    )


def warm_up() -> None:
    """Load every screening model now: a worker calls this at start so that its first image is not slow."""
    from policy.screening import faces, nsfw

    nsfw._model()
    faces.warm_up()

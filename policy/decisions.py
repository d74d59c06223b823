"""The face of the policy stage for the pipeline: one `JobPolicy` per job, made once from the policy
version the job recorded at admission (`GenerationJob.policy_version`), its document validated once.

Prompts (with the negative prompt), the uploaded input of an edit and each generated image are decided
under that version even if another is activated meanwhile: prompts by the moderators of
`policy.moderators` through `policy.evaluation`, images by the classifiers of `policy.screening` and the
tenant's likeness gallery. `moderate` and `simulate` serve /v1/moderations and /v1/policies/simulate;
`warm_up` loads the screening models in a worker process before its first image.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from PIL import Image

from policy.evaluation import MIN_SCORE, Scored, category_scores, decide, evaluate
from policy.likeness_selectors import gallery_for_tenant
from policy.models import PolicyVersion
from policy.moderators import build_moderators
from policy.schema import BUILTIN_CATEGORIES, CategoryRule, PolicyDocument, validate_document
from policy.screening.decide import screen, warm_up
from policy.screening.likeness import GalleryPerson
from policy.types import Decision, PolicyDecision, Reason, Stage

__all__ = [
    "Decision",
    "JobPolicy",
    "PolicyDecision",
    "Reason",
    "job_policy",
    "moderate",
    "simulate",
    "warm_up",
]


@dataclass
class JobPolicy:
    """Everything the pipeline asks of the policy a job runs under."""

    version: PolicyVersion
    document: PolicyDocument
    _gallery: list[GalleryPerson] | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return self.version.label

    def decide_prompt(self, texts: Mapping[str, str]) -> PolicyDecision:
        """Screen the prompt, negative prompt and edit instructions."""
        return evaluate(
            document=self.document,
            texts=texts,
            policy_name=self.label,
            policy_version=str(self.version.public_id),
        )

    def decide_input(self, image: bytes) -> PolicyDecision:
        """Screen the image uploaded for an edit, before anything is generated from it: NSFW, the
        tenant's gallery, and `output.input_face` for any face in it."""
        return self._decide_image(image, stage="input")

    def decide_image(self, image: bytes, *, decoded: Image.Image | None = None) -> PolicyDecision:
        """Screen one generated image: allow releases it, review holds it, block quarantines it.
        `decoded`: its pixels, when the caller holds them (screening then skips decoding the file)."""
        return self._decide_image(image, stage="output", decoded=decoded)

    def model_refusal(self, *, model_name: str, backend: str) -> str | None:
        """Why this version does not allow the model or backend, or None if it does."""
        allowed = self.document.allowed
        if allowed.models and model_name not in allowed.models:
            return f"policy {self.label} allows only the models {', '.join(allowed.models)}"
        if allowed.backends and backend not in allowed.backends:
            return f"policy {self.label} allows only the backends {', '.join(allowed.backends)}"
        return None

    @property
    def refuses_out_of_vocabulary(self) -> bool:
        """Whether a prompt with words outside the model's vocabulary is refused rather than warned."""
        return self.document.vocabulary.out_of_vocabulary == "refuse"

    def provenance_options(self) -> dict[str, Any]:
        """The version's `provenance` section (visible label, prompt in the manifest, thumbnail)."""
        return self.document.provenance.model_dump(mode="json")

    @property
    def retention_days(self) -> int:
        """How long held and blocked images stay in quarantine."""
        return self.document.output.retention_days

    def _decide_image(
        self, image: bytes, *, stage: Stage, decoded: Image.Image | None = None
    ) -> PolicyDecision:
        # The bytes are sniffed, never trusted by a declared type: PNG, JPEG or WebP only.
        rules = self.document.output
        decision, reasons = screen(
            image=image,
            rules=rules,
            gallery=self._likeness_gallery() if "likeness" in rules.classifiers else [],
            stage="input" if stage == "input" else "output",
            max_pixels=settings.ASSAY_MAX_INPUT_PIXELS,
            decoded=decoded,
        )
        return PolicyDecision(
            stage=stage,
            decision=decision,
            policy_name=self.label,
            policy_version=str(self.version.public_id),
            reasons=reasons,
        )

    def _likeness_gallery(self) -> list[GalleryPerson]:
        # Read once per job (all its images): consent is judged as of the job's screening.
        if self._gallery is None:
            self._gallery = gallery_for_tenant(self.version.tenant_id)
        return self._gallery


# Admission validates its tenant's active version for every job (0.3 ms of CPU each). A stored version
# never changes (its public id names one document), so each process keeps the documents it validated.
# Shared between jobs: nobody changes a validated document.
_VALIDATED_MAX = 256
_validated: dict[tuple[uuid.UUID, str], PolicyDocument] = {}


def job_policy(version: PolicyVersion) -> JobPolicy:
    """The policy a job runs under; its document validated once per process (and version)."""
    key = (version.public_id, version.sha256)
    document = _validated.get(key)
    if document is None:
        document = validate_document(version.document)
        if version.pk is not None:  # stored: immutable from here on
            if len(_validated) >= _VALIDATED_MAX:
                _validated.clear()
            _validated[key] = document
    return JobPolicy(version=version, document=document)


def simulate(
    *,
    document: PolicyDocument,
    prompts: list[str],
    name: str,
    version_id: str | None,
    time_budget: float | None = None,
) -> list[dict[str, Any]]:
    """The decision `document` takes on each prompt, in order (nothing stored).

    With `time_budget` (seconds), no prompt is started once that much time has passed since the first:
    the list is then shorter than `prompts` (at least one is always evaluated). A moderator's own
    timeout bounds the overrun to one prompt.
    """
    moderators = build_moderators(document)
    deadline = None if time_budget is None else time.monotonic() + time_budget
    results: list[dict[str, Any]] = []
    for prompt in prompts:
        if results and deadline is not None and time.monotonic() >= deadline:
            break
        decision = evaluate(
            document=document,
            texts={"prompt": prompt},
            policy_name=name,
            policy_version=version_id,
            moderators=moderators,
        )
        results.append({"prompt": prompt, **decision.as_dict()})
    return results


def moderate(
    *, version: PolicyVersion, prompts: list[str], time_budget: float | None = None
) -> dict[str, Any]:
    """OpenAI's moderation shape for `prompts` under `version`, plus Assay's decision and reasons.

    With `time_budget` (seconds), prompts not started in time are not scored but answered as a failed
    moderator is: flagged, with the policy's `moderation.on_error` decision (the shape keeps one result
    per input, and nothing unscreened reads as allowed)."""
    document = validate_document(version.document)
    moderators = build_moderators(document)
    categories = sorted({*BUILTIN_CATEGORIES, *document.categories})
    deadline = None if time_budget is None else time.monotonic() + time_budget
    results = []
    for prompt in prompts:
        if results and deadline is not None and time.monotonic() >= deadline:
            late = f"not scored: the request's time budget of {time_budget:g} s ran out"
            scored = Scored(errors=[("time_budget", late)])
        else:
            scored = category_scores(moderators, prompt)
        decision = decide(
            document=document,
            scored={"input": scored},
            policy_name=version.label,
            policy_version=str(version.public_id),
        )
        results.append(_moderation_result(document, categories, scored.scores, decision))
    return {
        "id": f"modr-{uuid.uuid4().hex[:24]}",
        "model": f"assay-policy:{version.label}",
        "policy": {"id": str(version.public_id), "label": version.label},
        "results": results,
    }


# OpenAI's finer categories, which its SDK's answer types require: Assay does not tell them from their
# parent, so each carries its parent's score and flag (read as "may be", never as "is not").
_OPENAI_SUBCATEGORIES = {
    "harassment/threatening": "harassment",
    "hate/threatening": "hate",
    "illicit/violent": "illicit",
    "self-harm/instructions": "self-harm",
    "self-harm/intent": "self-harm",
}


def _moderation_result(
    document: PolicyDocument,
    categories: list[str],
    scores: dict[str, tuple[float, str, str]],
    decision: PolicyDecision,
) -> dict[str, Any]:
    category_scores_out = {c: round(scores[c][0], 4) if c in scores else 0.0 for c in categories}
    flags = {}
    for category in categories:
        rule = document.rule(category) or CategoryRule()
        score = category_scores_out[category]
        flags[category] = score >= MIN_SCORE and score >= rule.review_at
    for sub, parent in _OPENAI_SUBCATEGORIES.items():
        category_scores_out[sub], flags[sub] = category_scores_out[parent], flags[parent]
    as_dict = decision.as_dict()
    return {
        "flagged": decision.decision != Decision.ALLOW,
        "categories": flags,
        "category_scores": category_scores_out,
        "category_applied_input_types": {category: ["text"] for category in flags},
        "decision": as_dict["decision"],
        "reasons": as_dict["reasons"],
    }

"""The interface the pipeline calls for prompt and output policy decisions.

Prompts are screened under the tenant's versioned policy (policy.models; a tenant without one gets
the `standard` template as version 1, audited): the job records the version's label at admission
(`standard@v1`) and is screened under that version even if another is activated meanwhile. Images
(each generated image, and the uploaded input of an edit) are screened the same way, under the version's
`output` rules, by the classifiers of `policy.screening` and the tenant's likeness gallery.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Decision(StrEnum):
    ALLOW = "allow"
    REVIEW = "review"
    BLOCK = "block"

    @property
    def severity(self) -> int:
        """allow < review < block: combining decisions keeps the most severe (`max(..., key=...)`)."""
        return _SEVERITY[self]


_SEVERITY = {Decision.ALLOW: 0, Decision.REVIEW: 1, Decision.BLOCK: 2}


@dataclass(frozen=True)
class Reason:
    category: str
    source: str  # the moderator or classifier
    score: float | None = None
    threshold: float | None = None
    detail: str = ""
    person: str | None = None  # a likeness gallery person's public id, for image decisions


@dataclass(frozen=True)
class PolicyDecision:
    stage: str  # "prompt" | "output" | "input"
    decision: Decision
    policy_name: str
    policy_version: str | None
    reasons: list[Reason] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"decision": self.decision.value}


def active_policy_name(tenant: Any) -> str:
    """The label of the tenant's active policy version, e.g. `standard@v1` (what a job records)."""
    from policy.services import policy_ensure_active

    return policy_ensure_active(tenant=tenant).label


def decide_prompt(*, tenant: Any, policy_name: str, texts: dict[str, str]) -> PolicyDecision:
    """Screen the prompt, negative prompt and edit instructions of a job under the policy version it
    recorded (`policy_name`); a name that is not a version of this tenant's means its active one."""
    from policy.evaluation import evaluate
    from policy.schema import validate_document
    from policy.selectors import policy_version_by_label
    from policy.services import policy_ensure_active

    version = policy_version_by_label(tenant, policy_name) or policy_ensure_active(tenant=tenant)
    return evaluate(
        document=validate_document(version.document),
        texts=texts,
        policy_name=version.label,
        policy_version=str(version.public_id),
    )


def decide_output(*, tenant: Any, policy_name: str, image: bytes, mime_type: str) -> PolicyDecision:
    """Screen one generated image: allow releases it, review holds it, block quarantines it."""
    return _decide_image(tenant=tenant, policy_name=policy_name, image=image, stage="output")


def decide_input_image(*, tenant: Any, policy_name: str, image: bytes, mime_type: str) -> PolicyDecision:
    """Screen the image uploaded for an edit, before anything is generated from it: NSFW, the tenant's
    gallery, and `output.input_face` for any face in it."""
    return _decide_image(tenant=tenant, policy_name=policy_name, image=image, stage="input")


def _decide_image(*, tenant: Any, policy_name: str, image: bytes, stage: str) -> PolicyDecision:
    # `mime_type` is not trusted for decoding: the bytes are sniffed (PNG, JPEG or WebP only).
    from django.conf import settings

    from policy.likeness_selectors import gallery_for_tenant
    from policy.schema import validate_document
    from policy.screening.decide import screen
    from policy.selectors import policy_version_by_label
    from policy.services import policy_ensure_active

    version = policy_version_by_label(tenant, policy_name) or policy_ensure_active(tenant=tenant)
    rules = validate_document(version.document).output
    # The gallery is read only when the likeness classifier runs; an empty one skips the embeddings.
    gallery = gallery_for_tenant(tenant) if "likeness" in rules.classifiers else []
    decision, reasons = screen(
        image=image,
        rules=rules,
        gallery=gallery,
        stage="input" if stage == "input" else "output",
        max_pixels=getattr(settings, "ASSAY_MAX_INPUT_PIXELS", 4096 * 4096),
    )
    return PolicyDecision(
        stage=stage,
        decision=decision,
        policy_name=version.label,
        policy_version=str(version.public_id),
        reasons=reasons,
    )


def model_refusal(*, tenant: Any, policy_name: str, model_name: str, backend: str) -> str | None:
    """Why the tenant's policy version does not allow this model or backend, or None if it does."""
    from policy.schema import validate_document
    from policy.selectors import policy_version_by_label
    from policy.services import policy_ensure_active

    version = policy_version_by_label(tenant, policy_name) or policy_ensure_active(tenant=tenant)
    allowed = validate_document(version.document).allowed
    if allowed.models and model_name not in allowed.models:
        return f"policy {version.label} allows only the models {', '.join(allowed.models)}"
    if allowed.backends and backend not in allowed.backends:
        return f"policy {version.label} allows only the backends {', '.join(allowed.backends)}"
    return None

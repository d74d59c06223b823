"""The policy document: pydantic models that validate it, and the JSON Schema they publish.

A document is what a tenant writes (JSON); a `PolicyVersion` stores it validated and canonical. The
rule that `sexual/minors` is blocked at any score lives here, in the schema, so that no version that
relaxes it can ever be stored, whatever path created it.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from foundation.errors import ServiceError

BUILTIN_CATEGORIES: tuple[str, ...] = (
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
    "self-harm",
    "hate",
    "harassment",
    "illicit",
    "real_person",
    "trademark_ip",
)
MINORS = "sexual/minors"
# "classifier" is the semantic moderator's former name, kept so that stored versions naming it still load.
MODERATORS: tuple[str, ...] = ("rules", "semantic", "classifier", "openai", "http")
CUSTOM_CATEGORY = re.compile(r"\Acustom/[a-z0-9][a-z0-9_-]{0,39}\Z")
# A built-in category or a well-formed custom one, as a regex without anchors (an OpenAPI pattern too).
# (The built-in names are lowercase letters, "/", "-" and "_": nothing a regex needs escaped.)
CATEGORY_NAME = "|".join([*BUILTIN_CATEGORIES, CUSTOM_CATEGORY.pattern[2:-2]])


def is_category_name(name: str) -> bool:
    """A built-in category or a well-formed custom one (which a tenant's policy may or may not define)."""
    return re.fullmatch(CATEGORY_NAME, name) is not None


Score = Annotated[float, Field(ge=0.0, le=1.0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CategoryRule(_Strict):
    """Scores at or above `review_at` hold the job for review; at or above `block_at` reject it."""

    review_at: Score = 0.5
    block_at: Score = 0.8
    # Custom categories only: the terms and phrases the rules moderator matches (normalised).
    terms: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=500
    )

    @model_validator(mode="after")
    def _ordered(self) -> CategoryRule:
        if self.block_at < self.review_at:
            raise ValueError(f"block_at ({self.block_at}) must be >= review_at ({self.review_at})")
        return self


class HttpModerator(_Strict):
    url: Annotated[str, Field(pattern=r"^https?://", max_length=500)]
    timeout_seconds: Annotated[float, Field(gt=0, le=10)] = 2.0


class Moderation(_Strict):
    """Which moderators score prompts, what a moderator that fails does (never allow), and what a prompt
    the moderators cannot read (not English) does."""

    moderators: list[Literal["rules", "semantic", "classifier", "openai", "http"]] = Field(
        default_factory=lambda: ["rules"], min_length=1
    )
    on_error: Literal["review", "block"] = "review"
    unsupported_language: Literal["allow", "review", "block"] = "review"
    # How a negative prompt (what the image must not show) is read. `as_prompt`: also screened as if it
    # were asked for, so the common "nsfw, nude" negative blocks an ordinary prompt. `negated`: only the
    # prompt with the clothing, modesty or adulthood it takes away negated counts, with the language check
    # and moderator failures of its own text. The default keeps stored versions deciding as they did.
    negative_prompt: Literal["as_prompt", "negated"] = "as_prompt"
    http: HttpModerator | None = None

    @model_validator(mode="after")
    def _http_configured(self) -> Moderation:
        if len(set(self.moderators)) != len(self.moderators):
            raise ValueError("moderators must not repeat a name")
        if {"semantic", "classifier"} <= set(self.moderators):
            raise ValueError("classifier is the former name of semantic: list one of them")
        if "http" in self.moderators and self.http is None:
            raise ValueError("the http moderator needs an `http` section with its url")
        return self


class RealPeople(_Strict):
    """Protected names: a prompt naming one scores 1.0 in `real_person`."""

    protected_names: list[Annotated[str, Field(min_length=3, max_length=100)]] = Field(
        default_factory=list, max_length=1000
    )
    # "photo/picture/portrait of <Capitalised Name>" requests score this much in `real_person`.
    named_person_score: Score = 0.6


class Models(_Strict):
    """Allowed models and backends; an empty list allows all of them. Enforced when a job is admitted."""

    models: list[str] = Field(default_factory=list)
    backends: list[Literal["diffusers", "openai"]] = Field(default_factory=list)


class Vocabulary(_Strict):
    """Prompt words outside what the model declares it knows (its folder's vocabulary.json): admission
    answers with `warnings` naming them and runs the request (`warn`), or refuses it (`refuse`)."""

    out_of_vocabulary: Literal["warn", "refuse"] = "warn"


class Thresholds(_Strict):
    """An image classifier's score at or above `review_at` holds the image; at or above `block_at`
    blocks it."""

    review_at: Score = 0.5
    block_at: Score = 0.8

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.block_at < self.review_at:
            raise ValueError(f"block_at ({self.block_at}) must be >= review_at ({self.review_at})")
        return self


FaceRule = Literal["allow", "review", "block"]


class OutputRules(_Strict):
    """Output screening of every generated image, and of the uploaded input of an edit."""

    classifiers: list[Literal["nsfw", "likeness"]] = Field(default_factory=lambda: ["nsfw", "likeness"])
    # The Open NSFW score, reported as category `sexual`.
    nsfw: Thresholds = Field(default_factory=lambda: Thresholds(review_at=0.4, block_at=0.8))
    # A face that matches a protected person of the tenant's gallery who has not consented (a match to
    # a consenting person is allowed).
    likeness: FaceRule = "block"
    # dlib face-embedding L2 distance under which two faces are taken to be the same person.
    match_distance: Annotated[float, Field(ge=0.3, le=0.8)] = 0.6
    # Any face in a generated image, matched or not (photorealistic people).
    any_face: FaceRule = "allow"
    # A face in the image uploaded for an edit (edits of photos of real people).
    input_face: FaceRule = "review"
    # What a classifier that errors does: never release.
    on_error: Literal["review", "block"] = "review"
    # Held and blocked images are quarantined, then deleted this many days after they were generated.
    retention_days: Annotated[int, Field(ge=1, le=3650)] = 30

    @field_validator("classifiers")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("classifiers must not repeat a name")
        return value


class Provenance(_Strict):
    """How released images are marked (watermark, XMP and C2PA always; the rest per tenant)."""

    visible_label: bool = False
    label_text: Annotated[str, Field(min_length=1, max_length=100)] = "AI-generated"
    label_position: Literal["bottom-right", "bottom-left", "top-right", "top-left"] = "bottom-right"
    # The prompt goes into the signed C2PA assertion only when the tenant opts in (prompts can be
    # confidential; the manifest travels with the image).
    include_prompt: bool = False
    # A small JPEG thumbnail (long edge <= 512 px) in the C2PA manifest.
    thumbnail: bool = False
    # The invisible watermark's method (provenance/watermarks.py; docs/watermark.md): `ai.assay.ss-tile.2`
    # survives resizing, cropping and recompression, and its CRC-32 keeps unmarked images from reading
    # as marked; `ai.assay.ss-tile.1` is the same mark with a CRC-24; `imwatermark.dwtDctSvd`, the
    # earliest, survives only JPEG.
    watermark: Literal["ai.assay.ss-tile.2", "ai.assay.ss-tile.1", "imwatermark.dwtDctSvd"] = (
        "ai.assay.ss-tile.2"
    )


class ReviewRules(_Strict):
    """How people review what the policy holds (the review queue: controlplane.review)."""

    # Held items with a reason in one of these categories need the approvals of two distinct reviewers
    # (a single rejection still ends them).
    four_eyes: list[str] = Field(default_factory=list, max_length=len(BUILTIN_CATEGORIES) + 50)
    # An item waiting longer than this is escalated (flagged, audited, POSTed to the escalation webhook).
    escalate_after_minutes: Annotated[int, Field(ge=1, le=43200)] = 60
    # An item waiting longer than this is decided by `on_expiry`: held work never waits for ever.
    expire_after_minutes: Annotated[int, Field(ge=1, le=525600)] = 1440
    on_expiry: Literal["reject", "approve"] = "reject"
    escalation_webhook_url: Annotated[str, Field(pattern=r"^https?://", max_length=2000)] | None = None

    @field_validator("four_eyes")
    @classmethod
    def _categories(cls, value: list[str]) -> list[str]:
        for name in value:
            if not is_category_name(name):
                raise ValueError(
                    f"four_eyes: unknown category {name!r}: use one of {', '.join(BUILTIN_CATEGORIES)} "
                    "or custom/<name>"
                )
        return sorted(set(value))

    @model_validator(mode="after")
    def _expiry_after_escalation(self) -> ReviewRules:
        if self.expire_after_minutes < self.escalate_after_minutes:
            raise ValueError(
                f"expire_after_minutes ({self.expire_after_minutes}) must be >= escalate_after_minutes "
                f"({self.escalate_after_minutes})"
            )
        return self


class PolicyDocument(_Strict):
    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,59}$")]
    description: Annotated[str, Field(max_length=1000)] = ""
    categories: dict[str, CategoryRule] = Field(default_factory=dict)
    moderation: Moderation = Field(default_factory=Moderation)
    real_people: RealPeople = Field(default_factory=RealPeople)
    allowed: Models = Field(default_factory=Models)
    vocabulary: Vocabulary = Field(default_factory=Vocabulary)
    output: OutputRules = Field(default_factory=OutputRules)
    provenance: Provenance = Field(default_factory=Provenance)
    review: ReviewRules = Field(default_factory=ReviewRules)

    @field_validator("categories")
    @classmethod
    def _known_categories(cls, value: dict[str, CategoryRule]) -> dict[str, CategoryRule]:
        for name, rule in value.items():
            if name in BUILTIN_CATEGORIES:
                if rule.terms:
                    raise ValueError(f"{name}: terms are only for custom categories (custom/<name>)")
            elif not CUSTOM_CATEGORY.match(name):
                raise ValueError(
                    f"unknown category {name!r}: use one of {', '.join(BUILTIN_CATEGORIES)} "
                    "or a custom category named custom/<lowercase-name>"
                )
            elif not rule.terms:
                raise ValueError(f"{name}: a custom category needs at least one term")
        return value

    def rule(self, category: str) -> CategoryRule | None:
        """The thresholds for a category: `sexual/minors` is always there, blocking at any score."""
        if category == MINORS:
            return CategoryRule(review_at=0.0, block_at=0.0)
        return self.categories.get(category)


class PolicyDocumentError(ServiceError):
    """A document that does not validate; `field` is the offending field's dotted path in the document
    (`param` is the same under the request's `document`)."""

    code = "invalid_policy"

    def __init__(self, message: str, *, param: str | None) -> None:
        self.field = param or "document"
        where = "document" if self.field == "document" else f"document.{self.field}"
        super().__init__(message, param=where)


def _minors_not_relaxed(raw: dict[str, Any]) -> None:
    categories = raw.get("categories")
    if not isinstance(categories, dict) or MINORS not in categories:
        return
    rule = categories[MINORS]
    if not isinstance(rule, dict):
        return
    for key in ("review_at", "block_at"):
        if key in rule and rule[key] != 0:
            raise PolicyDocumentError(
                f"categories.{MINORS}.{key} must be 0.0: sexual content involving minors is blocked at "
                "any score in every policy and cannot be relaxed (or leave the category out).",
                param=f"categories.{MINORS}.{key}",
            )
    if "review_at" not in rule or "block_at" not in rule:
        raise PolicyDocumentError(
            f"categories.{MINORS} must set block_at and review_at to 0.0, or be left out (it is always "
            "blocked at any score).",
            param=f"categories.{MINORS}.block_at",
        )


def validate_document(raw: Any) -> PolicyDocument:
    """Validate a tenant's document; raises `PolicyDocumentError` naming the first offending field."""
    if not isinstance(raw, dict):
        raise PolicyDocumentError("The policy document must be a JSON object.", param="document")
    _minors_not_relaxed(raw)
    try:
        document = PolicyDocument.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        location = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if message.startswith("block_at ("):
            location = f"{location}.block_at"
        raise PolicyDocumentError(
            f"{location}: {message}" if location else message, param=location or "document"
        ) from exc
    # The minors rule is stored explicitly, so a stored version reads as what it enforces.
    document.categories[MINORS] = CategoryRule(review_at=0.0, block_at=0.0)
    return document


def canonical_document(document: PolicyDocument) -> dict[str, Any]:
    return json.loads(canonical_bytes(document))


def canonical_bytes(document: PolicyDocument) -> bytes:
    data = document.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def document_sha256(document: PolicyDocument) -> str:
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


def json_schema() -> dict[str, Any]:
    schema = PolicyDocument.model_json_schema()
    schema["$id"] = "https://assay.dev/schemas/policy-document.json"
    schema["title"] = "Assay policy document"
    return schema

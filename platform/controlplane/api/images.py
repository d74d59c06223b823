"""OpenAI-compatible images API: /v1/images/generations, /v1/images/edits, /v1/images/{id}[/content],
/v1/jobs/{id}[/cancel|/review] and /v1/models. Views parse the HTTP shape into an `ImageRequest`, call
one generation service and render; service errors are rendered by the API's error handler."""

from __future__ import annotations

import base64
import copy
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.fields import empty
from rest_framework.request import Request
from rest_framework.response import Response

from controlplane.api.base import RateLimitedView, TenantAPIView, check_url_text
from controlplane.api.errors import ApiError, NotFound
from controlplane.api.schema import VISIBLE, WHITESPACE, documented
from controlplane.api.uploads import form_fields, read_upload, refuse_repeated_fields
from controlplane.api.waiting import AwaitJob
from controlplane.review import selectors as review_selectors
from controlplane.review import services as review_services
from controlplane.review.models import ReviewKind
from controlplane.tenants import services as tenant_services
from controlplane.tenants.scopes import Scope
from foundation.media import OUTPUT_FORMATS
from foundation.network import UnsafeUrl, check_public_url
from foundation.text import blank, check_text
from generation import selectors, storage
from generation.backends.base import SCHEDULERS
from generation.catalog import model_declared_vocabulary
from generation.models import GenerationJob, ImageDecision, ImageModel, JobStatus
from generation.params import MAX_BEST_OF, MAX_N, MAX_PROMPT_CHARS, MAX_SEED, ImageRequest
from generation.scoring import ScorerUnavailable
from generation.scoring.registry import model_scorer
from generation.services import (
    job_cancel,
    job_submit,
    model_resolve,
    request_fingerprint,
)
from generation.vocabulary import VocabularyError

_CONTENT_TOKEN_SALT = "assay.image-content"  # noqa: S105 - a signing namespace, not a secret


# Input shapes -------------------------------------------------------------------------------------


MAX_METADATA_KEYS = 16
MAX_METADATA_KEY_CHARS = 64
MAX_METADATA_VALUE_CHARS = 512


@extend_schema_field(
    {
        "type": "object",
        "maxProperties": MAX_METADATA_KEYS,
        "description": f"string keys of at most {MAX_METADATA_KEY_CHARS} characters",
        "additionalProperties": {"type": "string", "maxLength": MAX_METADATA_VALUE_CHARS},
    }
)
class MetadataField(serializers.Field):
    """OpenAI's `metadata`: at most 16 pairs, keys of at most 64 characters, values strings of at most
    512. Strictly strings: a number is refused rather than turned into one. Bounded because it is
    stored with the job and in the append-only audit log, which can never be cleaned."""

    def to_representation(self, value: dict[str, str]) -> dict[str, str]:
        return value

    def to_internal_value(self, data: Any) -> dict[str, str]:
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                f"must be an object of string keys and string values, not {_json_type(data)}"
            )
        if len(data) > MAX_METADATA_KEYS:
            raise serializers.ValidationError(f"has {len(data)} keys; send at most {MAX_METADATA_KEYS}")
        cleaned: dict[str, str] = {}
        for key, value in data.items():
            key = str(key)
            if len(key) > MAX_METADATA_KEY_CHARS:
                raise serializers.ValidationError(
                    f"the key {key[:20]!r}... is {len(key)} characters; keys are at most "
                    f"{MAX_METADATA_KEY_CHARS}"
                )
            if not isinstance(value, str):
                # Keyed by the metadata key, so `param` is `metadata.<key>`.
                raise serializers.ValidationError({key: f"must be a string, not {_json_type(value)}"})
            if len(value) > MAX_METADATA_VALUE_CHARS:
                raise serializers.ValidationError(
                    {key: f"is {len(value)} characters; values are at most {MAX_METADATA_VALUE_CHARS}"}
                )
            cleaned[key] = value
        return cleaned


def _json_type(value: Any) -> str:
    names = {str: "a string", bool: "a boolean", int: "a number", float: "a number", list: "an array"}
    return names.get(type(value), "null" if value is None else "an object")


# What URLField (Django's URLValidator) and the webhook rules (foundation.network: http or https, no
# user name or password, a port that exists) take, for ASCII host names of at most four labels (so at
# most 253 characters); that the host resolves to public addresses only is checked when the request comes.
_OCTET = "(?:0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)"
_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TLD = "[A-Za-z][A-Za-z-]{0,58}[A-Za-z]"
_HOST = rf"(?:{_OCTET}(?:\.{_OCTET}){{3}}|{_LABEL}(?:\.{_LABEL}){{0,2}}\.{_TLD}\.?|localhost)"
_PORT = "(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
WEBHOOK_URL_PATTERN = rf"^[Hh][Tt][Tt][Pp][Ss]?://{_HOST}(?::{_PORT})?(?:[/?#][^{WHITESPACE}]*)?$"


# Fields of OpenAI's images API (as its SDK sends them) that Assay accepts and does not use, each with
# the values the SDK's types allow: moderation is the tenant's policy, not the caller's choice; `style`
# is dall-e-3's; the others tune OpenAI's own models. A value outside the SDK's set is refused all the
# same (ignored is no licence for a typo), null is "not given". Any other field Assay does not know is
# refused, so that a misspelt `negative_promt` or `webhookurl` is an error rather than a silently
# ignored setting.
OPENAI_FIELDS_IGNORED: dict[str, tuple[str, ...]] = {
    "moderation": ("low", "auto"),
    "style": ("vivid", "natural"),
    "input_fidelity": ("high", "low"),
    "complexity": ("low", "medium", "high"),
}
# Fields that ask for an output Assay does not produce: refused by name (a client expecting a stream or an
# animation must not get one JSON answer instead).
OPENAI_FIELDS_UNSUPPORTED = {
    "partial_images": "partial images are streamed; Assay does not stream",
    "svg": "Assay generates raster images only",
    "markup": "Assay generates raster images only",
    "frame_count": "Assay generates still images only",
    "frame_duration_ms": "Assay generates still images only",
}


# Every `quality` the openai SDK's types list (its edits take all but `hd`): a provider model is sent it
# as given, and the provider decides; a local model has no such setting.
QUALITIES = ("auto", "low", "medium", "high", "xhigh", "max", "standard", "hd")
SIZE_FORM = "must be WIDTHxHEIGHT (such as 1024x1024) or auto"


def _not_one_of(value: Any, allowed: Sequence[str]) -> str:
    return f'"{value}" is not one of {", ".join(allowed)}.'


def choice_field(choices: Sequence[str], **kwargs: Any) -> serializers.ChoiceField:
    """A ChoiceField whose refusal lists the valid values (DRF's says only "is not a valid choice")."""
    message = _not_one_of("{input}", choices)  # DRF fills in {input}
    return serializers.ChoiceField(choices, error_messages={"invalid_choice": message}, **kwargs)


# Each input serializer class's fields, built once (see `ImageRequestInput.get_fields`).
_field_prototypes: dict[type, dict[str, serializers.Field]] = {}


class ImageRequestInput(serializers.Serializer):
    """The fields generations and edits share: OpenAI's, then Assay's own (sent with `extra_body`).
    OpenAI's optional fields take null (`allow_null`): the SDK sends it for a parameter passed as None
    (`quality=cfg.get("quality")`), and it means "not given", as in OpenAI's API (`to_internal_value`)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        """DRF gives every serializer a deep copy of its declared fields, each field built anew from its
        arguments: 1.7 ms of an image request's ~20 ms of CPU (bench/admission_profile.py). These fields
        keep nothing of a request, so each serializer takes shallow copies of one set built per class;
        DRF then binds each copy to this serializer (its name, its parent), as it binds a deep copy."""
        prototypes = _field_prototypes.get(type(self))
        if prototypes is None:
            prototypes = _field_prototypes[type(self)] = super().get_fields()
        return {name: copy.copy(field) for name, field in prototypes.items()}

    model = serializers.CharField(required=False, max_length=100, allow_null=True)
    prompt = documented(serializers.CharField, pattern=VISIBLE)(
        max_length=MAX_PROMPT_CHARS, trim_whitespace=True
    )
    n = serializers.IntegerField(min_value=1, max_value=MAX_N, default=1, allow_null=True)
    size = serializers.RegexField(
        r"^(auto|\d{2,5}x\d{2,5})$",
        required=False,
        default="auto",
        allow_null=True,
        error_messages={"invalid": SIZE_FORM},
        help_text="`auto` or one of the model's `sizes` (GET /v1/models)",
    )
    quality = choice_field(
        QUALITIES, required=False, allow_null=True, help_text="sent to provider models; local ones have none"
    )
    response_format = choice_field(["b64_json", "url"], default="b64_json", allow_null=True)
    output_format = choice_field(OUTPUT_FORMATS, default="png", allow_null=True)
    output_compression = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    background = choice_field(["transparent", "opaque", "auto"], required=False, allow_null=True)
    user = serializers.CharField(max_length=256, required=False, help_text="the end user: quotas and usage")
    safety_identifier = serializers.CharField(
        max_length=256,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="OpenAI's successor to `user`, read as `user` (null or empty: not given)",
    )
    negative_prompt = serializers.CharField(max_length=MAX_PROMPT_CHARS, required=False, allow_blank=True)
    seed = serializers.IntegerField(min_value=0, max_value=MAX_SEED, required=False)
    steps = serializers.IntegerField(min_value=1, max_value=150, required=False)
    guidance_scale = serializers.FloatField(min_value=0, max_value=30, required=False)
    scheduler = choice_field(SCHEDULERS, required=False)
    best_of = serializers.IntegerField(
        min_value=1,
        max_value=MAX_BEST_OF,
        required=False,
        help_text=f"generate this many candidates (n <= best_of <= {MAX_BEST_OF}; local models with a "
        "`scorer`, GET /v1/models) and return the n the scorer ranks best, each with its `score` and "
        "`rank`; charged best_of images",
    )
    vars()["async"] = serializers.BooleanField(default=False)  # `async` is a Python keyword
    webhook_url = documented(serializers.URLField, pattern=WEBHOOK_URL_PATTERN)(
        required=False,
        max_length=2000,
        help_text="POSTed on every final state; its host must resolve to public addresses only "
        "(or to ASSAY_WEBHOOK_ALLOWED_NETWORKS)",
    )
    metadata = MetadataField(required=False, default=dict)
    stream = serializers.BooleanField(
        default=False,
        allow_null=True,
        help_text="only false: Assay answers with the whole result (or 202 with the job)",
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        """A null sent for an OpenAI field is "not given": the field's default, or nothing."""
        values = super().to_internal_value(data)
        for name, field in self.fields.items():
            if field.allow_null and name in values and values[name] is None:
                if field.default is empty:
                    del values[name]
                else:
                    values[name] = field.get_default()
        return values

    def validate_stream(self, value: bool | None) -> bool | None:
        if value:
            raise serializers.ValidationError(
                "streaming is not supported: leave `stream` out (or false) and read the whole answer, or "
                "send `async: true` and follow the job"
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Refuse fields this endpoint does not know (`OPENAI_FIELDS_IGNORED` aside, within their values),
        and a form field sent twice (`refuse_repeated_fields`). `safety_identifier` becomes `user`."""
        sent = self.initial_data if isinstance(self.initial_data, Mapping) else {}
        refuse_repeated_fields(sent, self.fields)
        for name in sent:
            if name in self.fields:
                continue
            if name in OPENAI_FIELDS_IGNORED:
                allowed = OPENAI_FIELDS_IGNORED[name]
                if sent[name] is not None and sent[name] not in allowed:
                    raise serializers.ValidationError({name: _not_one_of(sent[name], allowed)})
                continue
            if name in OPENAI_FIELDS_UNSUPPORTED and sent[name] in (None, False, 0, "", "0", "false"):
                continue  # asked not to: nothing to refuse
            if name in OPENAI_FIELDS_UNSUPPORTED:
                raise serializers.ValidationError(
                    {name: f"is not supported: {OPENAI_FIELDS_UNSUPPORTED[name]}"}
                )
            raise serializers.ValidationError(
                {name: f"unrecognized request argument; this endpoint takes {', '.join(sorted(self.fields))}"}
            )
        # The end user (per-user quotas, usage, the jobs' `user` filter) is one name per job. OpenAI lets
        # a non-empty `safety_identifier` win over `user`; here two different names are refused instead,
        # so that neither is silently left out of the quotas and the record.
        identifier = attrs.pop("safety_identifier", None)
        if identifier:
            if attrs.get("user", identifier) != identifier:
                raise serializers.ValidationError(
                    {"safety_identifier": "names another end user than `user`: send one of them, or the same"}
                )
            attrs["user"] = identifier
        return attrs

    def validate_prompt(self, value: str) -> str:
        # DRF strips white space; zero-width and other invisible characters are as blank.
        if blank(value):
            raise serializers.ValidationError(
                "This field may not be blank (white space or invisible characters only)."
            )
        return value

    def validate_webhook_url(self, value: str) -> str:
        try:
            check_public_url(value, what="webhook_url")
        except UnsafeUrl as exc:
            raise serializers.ValidationError(str(exc)) from exc
        return value


# `expand`: four multiples of 8, not all zero. A number is a multiple of 8 when its last three digits
# are: an even hundreds digit before a multiple of 8, or an odd one before 8k + 4.
_EIGHTS = "|".join(f"{n:02d}" for n in range(0, 100, 8))
_FOURS = "|".join(f"{n:02d}" for n in range(4, 100, 8))
_SIDE = f"(?:[0-9]{{0,2}}[02468](?:{_EIGHTS})|[0-9]{{0,2}}[13579](?:{_FOURS})|(?:{_EIGHTS})|[08])"
EXPAND_PATTERN = rf"^(?!\[?0+,0+,0+,0+\]?[{WHITESPACE}]*$)\[?{_SIDE},{_SIDE},{_SIDE},{_SIDE}\]?$"


class EditInput(ImageRequestInput):
    strength = documented(serializers.FloatField, exclusiveMinimum=True, minimum=0, maximum=1)(
        required=False, help_text="in (0, 1]: how far the result may move from the input"
    )
    expand = documented(serializers.CharField, pattern=EXPAND_PATTERN)(
        required=False,
        help_text="outpainting: pixels to add as left,top,right,bottom: multiples of 8, not all zero",
    )

    def validate_strength(self, value: float) -> float:
        if not 0 < value <= 1:
            raise serializers.ValidationError("must be in (0, 1]: how far the result may move from the input")
        return value

    def validate_expand(self, value: str) -> list[int]:
        try:
            sides = [int(part) for part in value.replace("[", "").replace("]", "").split(",")]
        except ValueError:
            sides = []
        if len(sides) != 4 or any(side < 0 or side % 8 for side in sides) or not any(sides):
            raise serializers.ValidationError(
                "give four multiples of 8 (left,top,right,bottom), not all zero, e.g. 0,0,128,0"
            )
        return tuple(sides)


def image_request(values: dict[str, Any], **uploads: bytes | None) -> ImageRequest:
    """The service's typed request from validated input (`async` is the view's, not the job's)."""
    known = ImageRequest.field_names()
    return ImageRequest(**{key: value for key, value in values.items() if key in known}, **uploads)


# Helpers ------------------------------------------------------------------------------------------


def content_url(request: Request, image_id: str, tenant_id: str) -> str:
    """A signed URL that fetches the bytes without an API key, valid for ASSAY_IMAGE_URL_TTL_SECONDS
    while the key that asked for it may still be used (it names the key's prefix, never its secret)."""
    claims = {"image": image_id, "tenant": tenant_id, "key": request.auth.api_key.prefix}
    token = signing.dumps(claims, salt=_CONTENT_TOKEN_SALT, compress=True)
    return request.build_absolute_uri(f"/v1/images/{image_id}/content?token={token}")


_FAILURE_STATUS = {
    "invalid_input": 400,
    "provider_content_refused": 400,
    "content_policy_violation": 400,
    "provider_unavailable": 503,
    "provider_not_configured": 503,
    "scorer_unavailable": 503,
    "provider_quota_exceeded": 503,
    "provider_auth_failed": 502,
    "provider_bad_response": 502,
    "provider_timeout": 504,
    "generation_timeout": 504,
}


def held_for_review(job: GenerationJob) -> ApiError:
    """What a sync request answers for a job the policy held: an error the openai SDK raises
    (`UnprocessableEntityError`, not retried), whose `code` is `held_for_review` and whose body carries
    the job's id, so that code can branch on it and follow the job (GET /v1/jobs/{id}, webhooks)."""
    stage = "output" if job.images.exists() else "prompt"
    what = "A generated image" if stage == "output" else "The request"
    return ApiError(
        f"{what} was held for human review under the tenant's policy; job {job.public_id} continues when "
        f"a reviewer decides (follow it at GET /v1/jobs/{job.public_id}, or your webhook_url).",
        status_code=422,
        code="held_for_review",
        extra={"job_id": job.public_id, "job_status": job.status, "stage": stage},
    )


def _job_response(request: Request, job: GenerationJob, *, wait: bool, created: bool) -> Response | AwaitJob:
    """Async: 202 with the job at once (as admitted when this request `created` it: no images yet).
    Sync: the answer once the job settles (ends, or is held for people: it cannot end on its own, so a
    held job answers at once) or the sync timeout passes (then 202 with the job); the waiting is done by
    `SyncWaitMiddleware`, without a thread under ASGI."""
    if not wait:
        images = () if created else None
        return Response(_accepted(job, images=images), status=status.HTTP_202_ACCEPTED)
    for uploads in request.FILES.lists():  # read already; their temporary files need not outlive a wait
        for upload in uploads[1]:
            upload.close()
    job_id = job.pk
    accepted = _accepted(job, images=() if created else None)
    return AwaitJob(
        job.public_id, lambda: _sync_answer(request, GenerationJob.objects.get(pk=job_id)), accepted
    )


def _accepted(job: GenerationJob, images: Any = None) -> dict[str, Any]:
    """A 202's body: the job, with `job_id` beside its `id` as in every image answer (the SDK's
    `result.model_extra["job_id"]`) and no `data` (`result.data` is None)."""
    return selectors.job_to_dict(job, images=images) | {"job_id": job.public_id, "data": None}


def _sync_answer(request: Request, job: GenerationJob) -> Response:
    if job.status == JobStatus.HELD_FOR_REVIEW:
        raise held_for_review(job)
    if not job.is_terminal:
        return Response(_accepted(job), status=status.HTTP_202_ACCEPTED)
    if job.status == JobStatus.CANCELLED:
        raise ApiError(f"Job {job.public_id} was cancelled.", status_code=409, code="job_cancelled")
    if job.status in (JobStatus.REJECTED, JobStatus.FAILED):
        code = job.error_code or "job_failed"
        raise ApiError(
            f"Job {job.public_id} {job.status}: {job.error_message}",
            status_code=_FAILURE_STATUS.get(code, 500),
            code=code,
            extra={"job_id": job.public_id, "job_status": job.status},
        )
    data: list[dict[str, Any]] = []
    withheld: list[dict[str, Any]] = []
    for image in job.images.order_by("index"):
        if image.decision == ImageDecision.UNSELECTED:
            continue  # a `best_of` candidate not among the n best: not the caller's (reviewers see it)
        if image.decision != ImageDecision.RELEASED:
            withheld.append({"index": image.index, "id": image.public_id, "decision": image.decision,
                             "reasons": image.decision_reasons})  # fmt: skip
            continue
        item: dict[str, Any] = {
            "id": image.public_id,
            "job_id": job.public_id,
            # Never a provider's rewrite of the prompt: nothing moderated it (older rows hold one).
            "revised_prompt": None,
            # Assay's `best_of`: the scorer's score and the rank among the candidates (null otherwise).
            "score": image.score,
            "rank": image.rank,
        }
        if job.params.get("response_format") == "url":
            item["url"] = content_url(request, image.public_id, str(job.tenant.public_id))
        else:
            item["b64_json"] = base64.b64encode(storage.read(image.storage_path)).decode("ascii")
        data.append(item)
    if withheld and not data:
        # Every image was blocked: as OpenAI answers an output it will not return, not an empty list.
        raise ApiError(
            f"Job {job.public_id}: the tenant's policy blocked every generated image.",
            code="content_policy_violation",
            extra={"job_id": job.public_id, "job_status": job.status, "withheld": withheld},
        )
    return Response(
        {
            "created": int(job.created_at.timestamp()),
            "data": data,
            **_openai_settings(job),
            "job_id": job.public_id,
            "withheld": withheld,
            # Assay's: what admission noticed without refusing (words outside the model's vocabulary).
            "warnings": job.warnings,
            "best_of": job.params.get("best_of"),
        }
    )


def _openai_settings(job: GenerationJob) -> dict[str, Any]:
    """OpenAI's fields of an answer that say how the images were made, from what the job ran with: null
    where it is not known (a provider's `auto` answered without the backend keeping what it chose) or
    not OpenAI's to state (a local model has no quality and spends no tokens)."""
    used = job.settings_used or {}
    # A provider's own answer first (what it made), else what was asked.
    background = used.get("provider_background") or used.get("background")
    quality, usage = used.get("provider_quality") or used.get("quality"), used.get("provider_usage")
    if used.get("backend") == "diffusers":
        background = "opaque"  # a local model draws RGB (transparent is refused at admission)
    return {
        "output_format": job.params.get("output_format", "png"),
        "size": job.params.get("size"),
        # Only the values OpenAI's answer has (not `auto`, nor dall-e's `standard` and `hd`).
        "background": background if background in ("transparent", "opaque") else None,
        "quality": quality if quality in ("low", "medium", "high", "xhigh", "max") else None,
        "usage": usage if isinstance(usage, dict) else None,
        "safety_identifier": job.params.get("user"),  # the end user the job was charged and recorded as
    }


# Views --------------------------------------------------------------------------------------------


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "maxLength": 255},
    OpenApiParameter.HEADER,
    description="makes the POST safe to retry: the same key and body return the same job; the same key "
    "with another body is a 409",
)

# What a request that makes images answers: sync, it waits for the job and answers as the job ended.
_CREATE_RESPONSES: dict[Any, Any] = {
    200: OpenApiResponse(OpenApiTypes.OBJECT, description="the job completed: its released images"),
    202: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="the job, still running: `async`, or the sync wait (ASSAY_SYNC_TIMEOUT_SECONDS) ran out",
    ),
    400: OpenApiResponse(
        description="invalid request, or one the model cannot run (`size`, `n`, `best_of`, `model`); sync: "
        "the prompt was blocked (`content_policy_violation`) or the provider refused it"
    ),
    403: OpenApiResponse(
        description="the key lacks `images:write`, or the tenant's policy does not allow the model "
        "(`model_not_allowed`)"
    ),
    404: OpenApiResponse(description="`model_not_found`: no enabled model of that name"),
    409: OpenApiResponse(
        description="`idempotency_key_reused`: the Idempotency-Key came with another request, or from "
        "another API key of the tenant; sync: the job was cancelled (`job_cancelled`)"
    ),
    429: OpenApiResponse(
        description="`rate_limit_exceeded` (with Retry-After) or `insufficient_quota` (with the `limit` "
        "and when it `resets_at`)"
    ),
    422: OpenApiResponse(
        description="sync: `held_for_review`: the policy held the prompt, the input image or a generated "
        "image for a person to decide; the error carries `job_id` (answered at once, never after a wait)"
    ),
    500: OpenApiResponse(description="sync: the job failed for a reason of the server's own; it is logged"),
    502: OpenApiResponse(description="sync: the model provider failed (`provider_auth_failed`, ...)"),
    503: OpenApiResponse(
        description="`scorer_unavailable`: the model's `best_of` scorer cannot be loaded; sync: the model "
        "provider is unavailable or out of quota"
    ),
    504: OpenApiResponse(description="sync: the generation timed out (`generation_timeout`)"),
}


class _ImageCreateView(RateLimitedView):
    required_scopes = {"POST": Scope.IMAGES_WRITE}

    def _admit(
        self,
        request: Request,
        image_request: ImageRequest,
        body: dict[str, Any],
        files: dict[str, bytes],
        model: ImageModel | None = None,
        *,
        asynchronous: bool,
    ) -> Response:
        """`body` as sent (what an idempotency key's fingerprint covers); `asynchronous`, the validated
        `async` (a form sends "false" as a string, which is true to Python)."""
        key = request.headers.get("Idempotency-Key", "").strip()
        check_text(key, param="Idempotency-Key")  # stored with the job
        job, created = job_submit(
            tenant=self.tenant,
            api_key=self.principal.api_key,
            actor=self.principal.actor,
            request=image_request,
            model=model,
            idempotency_key=key,
            fingerprint=request_fingerprint(body, files) if key else "",
        )
        return _job_response(request, job, wait=not asynchronous, created=created)


class ImageGenerationView(_ImageCreateView):
    @extend_schema(
        request=ImageRequestInput,
        parameters=[IDEMPOTENCY_KEY],
        responses=_CREATE_RESPONSES,
        summary="Create images from a prompt (OpenAI's shape; Assay's fields ride in the same body)",
    )
    def post(self, request: Request) -> Response:
        data = ImageRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._admit(
            request,
            image_request(data.validated_data),
            dict(request.data),
            {},
            asynchronous=data.validated_data["async"],
        )


def _form_fields(serializer: serializers.Serializer) -> dict[str, serializers.Field]:
    """The serializer's fields as a multipart form documents them: no null (a form has none: the SDK
    leaves a None out, and a field sent as the text "null" is refused) and no `metadata`, which is JSON
    only (a form field is a string, which MetadataField refuses). Each is built anew from its arguments,
    as DRF copies a field, so the fields requests are validated with are left as they are."""
    return {
        name: type(field)(*field._args, **(field._kwargs | {"allow_null": False}))
        for name, field in serializer.fields.items()
        if name != "metadata"
    }


class ImageEditView(_ImageCreateView):
    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "ImageEditRequest",
                fields={
                    "image": serializers.FileField(help_text="a PNG, JPEG or WebP image"),
                    "mask": serializers.FileField(
                        required=False, help_text="a PNG the size of `image`: alpha 0 marks what to edit"
                    ),
                    **_form_fields(EditInput()),
                },
            )
        },
        parameters=[IDEMPOTENCY_KEY],
        responses=_CREATE_RESPONSES,
        summary="Image-to-image, inpainting (mask) or outpainting (expand) of an uploaded image",
    )
    def post(self, request: Request) -> Response:
        refuse_repeated_fields(request.data, EditInput().fields)
        fields = form_fields(request.data, ("image", "image[]", "mask"))
        data = EditInput(data=fields)
        data.is_valid(raise_exception=True)
        model = model_resolve(data.validated_data.get("model"))  # an unknown model is a 404 before all else
        if "image" in request.FILES and "image[]" in request.FILES:
            raise ApiError(
                "Send the image as 'image' or as 'image[]', not both.", code="invalid_value", param="image"
            )
        uploads = request.FILES.getlist("image") or request.FILES.getlist("image[]")
        if not uploads:
            raise ApiError(
                "Send the image to edit as the multipart field 'image'.", code="invalid_value", param="image"
            )
        if len(uploads) > 1:  # the SDK's `image=[a, b]`; a list of one is one image
            raise ApiError(
                f"Assay edits one image per request; send one `image` (this request sent {len(uploads)}).",
                code="invalid_value",
                param="image",
            )
        image = read_upload(uploads[0], "image")
        masks = request.FILES.getlist("mask")
        if "mask" in request.data and not masks:
            raise ApiError(
                "Send the mask as a file (multipart field 'mask', a PNG), not as a text value.",
                code="invalid_value",
                param="mask",
            )
        if len(masks) > 1:
            raise ApiError(
                "Send one mask (the multipart field 'mask' once).", code="invalid_value", param="mask"
            )
        mask = read_upload(masks[0], "mask") if masks else None
        files = {"image": image} | ({"mask": mask} if mask else {})
        edit = image_request(data.validated_data, image=image, mask=mask)
        return self._admit(
            request, edit, fields, files, model=model, asynchronous=data.validated_data["async"]
        )


class ImageVariationView(TenantAPIView):
    """OpenAI's `images/variations` (dall-e-2's): not offered. Answered by name, rather than read as
    `images/{image_id}` (which has no POST: a 405 that says nothing)."""

    required_scopes = {"POST": Scope.IMAGES_WRITE}

    @extend_schema(exclude=True)  # not part of the API: only an answer that says so
    def post(self, request: Request) -> Response:
        raise ApiError(
            "Image variations are not offered: POST /v1/images/edits with the image and a prompt "
            "describing what to keep (`strength` sets how far the result may move from it).",
            code="unsupported_endpoint",
        )


class JobDetailView(TenantAPIView):
    required_scopes = {"GET": Scope.IMAGES_READ}

    def get(self, request: Request, job_id: str) -> Response:
        job = selectors.job_for_tenant(self.tenant, job_id)
        if job is None:
            raise NotFound("job", job_id)
        return Response(selectors.job_to_dict(job))


class JobCancelView(TenantAPIView):
    required_scopes = {"POST": Scope.IMAGES_WRITE}

    @extend_schema(
        request=None,
        responses={
            200: OpenApiTypes.OBJECT,
            403: OpenApiResponse(description="`not_own_job`: another member's job (admins cancel any)"),
            409: OpenApiResponse(
                description="`job_finished`: the job already ended; `not_cancellable`: its images are "
                "being screened or signed"
            ),
        },
    )
    def post(self, request: Request, job_id: str) -> Response:
        job = selectors.job_for_tenant(self.tenant, job_id)
        if job is None:
            raise NotFound("job", job_id)
        # Teams share a tenant: one member's key stops only that member's own work (the person who holds
        # the key that submitted it, `person_of`); admins and operator keys any.
        if not self.principal.manages_tenant and not review_services.same_holder(
            self.principal.api_key, job.api_key
        ):
            raise ApiError(
                f"Job {job.public_id} was submitted by someone else; a member's key cancels only their own "
                "jobs (an admin can cancel any).",
                status_code=403,
                code="not_own_job",
            )
        job = job_cancel(job=job, actor=self.principal.actor)
        return Response(selectors.job_to_dict(job))


class JobReviewView(TenantAPIView):
    """Approve or reject a job that the prompt policy sent to review."""

    required_scopes = {"POST": Scope.REVIEW_WRITE}

    @extend_schema_serializer(component_name="JobReview")
    class Input(serializers.Serializer):
        decision = choice_field(["approve", "reject"])
        note = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)

    @extend_schema(
        request=Input,
        responses={
            200: OpenApiTypes.OBJECT,
            403: OpenApiResponse(
                description="the key lacks `review:write`, or the job is the reviewer's own (`own_job`)"
            ),
            409: OpenApiResponse(description="`not_held_for_review`: the job is not waiting for a review"),
        },
    )
    def post(self, request: Request, job_id: str) -> Response:
        job = selectors.job_for_tenant(self.tenant, job_id)
        if job is None:
            raise NotFound("job", job_id)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        # The job's open prompt-stage item of the review queue, decided under its rules (own requests,
        # claims, four-eyes): this endpoint is a shortcut to POST /v1/reviews/{id}/decide.
        item = review_selectors.items_for_tenant(
            self.tenant, kind=ReviewKind.PROMPT, job_id=job.public_id
        ).first()
        if item is None:
            raise ApiError(
                f"Job {job.public_id} is not held for review at the prompt stage; GET /v1/reviews lists "
                "what is.",
                status_code=409,
                code="not_held_for_review",
            )
        review_services.item_decide(
            item=item,
            reviewer=review_services.Reviewer.from_principal(self.principal),
            approve=data.validated_data["decision"] == "approve",
            note=data.validated_data["note"],
        )
        job.refresh_from_db()
        return Response(selectors.job_to_dict(job))


class ImageDetailView(TenantAPIView):
    required_scopes = {"GET": Scope.IMAGES_READ}

    def get(self, request: Request, image_id: str) -> Response:
        image = selectors.released_image_for_tenant(self.tenant, image_id)
        if image is None:
            raise NotFound("image", image_id)
        return Response(selectors.image_to_dict(image))


class ImageContentView(TenantAPIView):
    """The bytes: with an API key of the image's tenant, or with the signed `token` of a `url` response."""

    required_scopes = {"GET": Scope.IMAGES_READ}

    @staticmethod
    def _uses_token(request: Request) -> bool:
        return "token" in request.query_params and "HTTP_AUTHORIZATION" not in request.META

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self._token_tenant_id = None
        if not self._uses_token(request):
            super().initial(request, *args, **kwargs)
            return
        # The signed token is the credential: negotiate the content type as APIView would, skip the key.
        self.format_kwarg = self.get_format_suffix(**kwargs)
        request.accepted_renderer, request.accepted_media_type = self.perform_content_negotiation(request)
        check_url_text(request, kwargs)
        self._token_tenant_id = self._check_token(request.query_params["token"], kwargs["image_id"])

    @staticmethod
    def _check_token(token: str, image_id: str) -> str:
        try:
            claims = signing.loads(
                token, salt=_CONTENT_TOKEN_SALT, max_age=settings.ASSAY_IMAGE_URL_TTL_SECONDS
            )
        except signing.SignatureExpired as exc:
            message = "This image URL has expired; fetch the image again with your API key."
            raise ApiError(message, status_code=403, code="url_expired") from exc
        except signing.BadSignature as exc:
            raise ApiError(
                "This image URL's token is invalid.", status_code=403, code="invalid_url_token"
            ) from exc
        if claims.get("image") != image_id:
            raise ApiError(
                "This image URL's token is for another image.", status_code=403, code="invalid_url_token"
            )
        # A link outlives no key: revoked, expired, its tenant deactivated or its account switched off,
        # the key's links stop with it. (Links signed before they named their key name only the tenant.)
        if "key" in claims:
            refusal = tenant_services.api_key_refusal(claims["tenant"], claims["key"])
        else:
            refusal = tenant_services.tenant_refusal(claims["tenant"])
        if refusal is not None:
            raise ApiError(
                f"This image URL no longer works: {refusal} Fetch the image with a working API key.",
                status_code=403,
                code="url_revoked",
            )
        return claims["tenant"]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "token",
                str,
                description="the signed token of a `response_format=url` link: the credential when no API "
                "key is sent (ignored when one is)",
            )
        ],
        auth=[{"ApiKey": []}, {}],
        responses={
            (200, "image/*"): OpenApiTypes.BINARY,
            401: OpenApiResponse(description="neither an API key nor a `token`, or a key that does not work"),
            403: OpenApiResponse(
                description="the key lacks `images:read`, or the `token` is invalid, for another image, or "
                "expired (`invalid_url_token`, `url_expired`)"
            ),
        },
    )
    def get(self, request: Request, image_id: str) -> HttpResponse:
        if self._token_tenant_id is not None:
            image = selectors.released_image_for_tenant_public_id(self._token_tenant_id, image_id)
        else:
            image = selectors.released_image_for_tenant(self.tenant, image_id)
        if image is None:
            raise NotFound("image", image_id)
        response = HttpResponse(storage.read(image.storage_path), content_type=image.mime_type)
        response["Content-Length"] = str(image.byte_size)
        response["ETag"] = f'"{image.sha256}"'
        response["Cache-Control"] = "private, max-age=3600"
        return response


def model_to_dict(model: ImageModel) -> dict[str, Any]:
    return {
        "id": model.name,
        "object": "model",
        "created": int(model.created_at.timestamp()),
        "owned_by": "assay" if model.backend == "diffusers" else model.backend,
        "backend": model.backend,
        "family": model.family,
        "license": model.license,
        "capabilities": model.capabilities,
        "sizes": model.sizes,
        "max_n": model.max_n,
        "weights_sha256": model.weights_sha256 or None,
        "description": model.description,
        "vocabulary": _vocabulary(model),
        "scorer": _scorer(model),
    }


def _scorer(model: ImageModel) -> str | None:
    """The scorer the model's folder declares for `best_of` (None: best_of cannot exceed n)."""
    try:
        ref = model_scorer(model)
    except ScorerUnavailable:
        return None
    return ref.label if ref else None


def _vocabulary(model: ImageModel) -> dict[str, Any] | None:
    """The words the model declares it knows (its folder's vocabulary.json), None when it declares none:
    admission warns about prompt words outside them."""
    try:
        vocabulary = model_declared_vocabulary(model)
    except VocabularyError:
        return None
    if vocabulary is None:
        return None
    return {"words": sorted(vocabulary.words), "categories": vocabulary.categories}


class ModelListView(TenantAPIView):
    required_scopes = {"GET": Scope.IMAGES_READ}

    def get(self, request: Request) -> Response:
        return Response({"object": "list", "data": [model_to_dict(m) for m in selectors.enabled_models()]})


class ModelDetailView(TenantAPIView):
    required_scopes = {"GET": Scope.IMAGES_READ}

    def get(self, request: Request, model_id: str) -> Response:
        model = selectors.model_by_name(model_id)
        if model is None:
            raise ApiError(f"The model {model_id!r} does not exist.", status_code=404, code="model_not_found")
        return Response(model_to_dict(model))

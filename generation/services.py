"""Admission and the job actions callers take: a request is checked against its model and the tenant's
policy, turned into a job with fixed settings (`GenerationParams`), recorded and handed to the pipeline.
Cancelling and reviewing a job go through here too. The transitions themselves live in
generation.pipeline; generation.tasks runs them and dispatches each next step."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Field

from audit.events import Actor, EventType
from audit.services import MAX_AUDIT_PAYLOAD_BYTES, audit_payload_size, record_event
from foundation import media
from foundation.errors import ServiceError
from foundation.images import ImageInputError, decode_image
from foundation.storage import stored_files
from foundation.tenancy import Tenant
from generation import pipeline, replay, signals, storage, tasks
from generation.catalog import enabled_model, model_declared_vocabulary
from generation.images import mask_from_alpha
from generation.models import Backend, GeneratedImage, GenerationJob, ImageModel, ImageReplay, Mode
from generation.params import MAX_BEST_OF, GenerationParams, ImageRequest, draw_seed
from generation.scoring.registry import model_scorer
from generation.steps import NextStep, Step
from generation.vocabulary import OUT_OF_VOCABULARY, VocabularyError, vocabulary_warnings
from policy.decisions import job_policy
from policy.services import policy_ensure_active_for_admission

logger = logging.getLogger(__name__)


class JobRequestError(ServiceError):
    """A request the pipeline cannot run; the message says what to change."""


@dataclass(frozen=True)
class JobRequest:
    """A request resolved against its model: the mode and settings the job will run with."""

    model: ImageModel
    mode: str
    prompt: str
    params: GenerationParams
    negative_prompt: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    webhook_url: str = ""
    image: bytes | None = None
    mask: bytes | None = None


# Building a job request from what the caller asked -------------------------------------------------


def model_resolve(name: str | None) -> ImageModel:
    """The named enabled model, else ASSAY_DEFAULT_MODEL, else the first enabled one."""
    name = name or settings.ASSAY_DEFAULT_MODEL
    model = enabled_model(name or "")
    if model is None:
        raise JobRequestError(
            f"The model {name!r} does not exist or is not enabled; GET /v1/models lists them.",
            code="model_not_found",
            param="model",
            status=404,
        )
    return model


def _decoded(data: bytes, param: str) -> Any:
    try:
        return decode_image(data, max_pixels=settings.ASSAY_MAX_INPUT_PIXELS)
    except ImageInputError as exc:
        raise ImageInputError(f"{param}: {exc}", param=param) from exc


def _edit_mode_and_size(request: ImageRequest, model: ImageModel) -> tuple[str, str]:
    """An edit's mode (outpaint with `expand`; inpaint with a mask, or for a local model an image with
    fully transparent pixels; else img2img) and output size."""
    assert request.image is not None
    image = _decoded(request.image, "image")
    if request.mask is not None:
        mask = _decoded(request.mask, "mask")
        if media.sniff(request.mask) != media.PNG:
            raise ImageInputError(
                "mask must be a PNG (alpha 0 marks the pixels to edit).", code="invalid_mask", param="mask"
            )
        try:
            mask_from_alpha(mask, image.size)
        except ImageInputError as exc:
            raise ImageInputError(f"mask: {exc}", code="invalid_mask", param="mask") from exc
    if request.expand:
        if request.mask is not None:
            raise JobRequestError(
                "expand outpaints (the new border is what gets painted) and takes no mask: send a mask to "
                "inpaint, or expand to outpaint, not both.",
                param="mask",
            )
        left, top, right, bottom = request.expand
        width, height = image.width + left + right, image.height + top + bottom
        if width * height > settings.ASSAY_MAX_INPUT_PIXELS:
            raise JobRequestError("expand makes the image larger than the pixel limit.", param="expand")
        _check_kept_size(model, width, height, "the image grown by expand", request.size, param="expand")
        return Mode.OUTPAINT, f"{width}x{height}"
    mode = Mode.INPAINT if request.mask is not None else Mode.IMG2IMG
    if mode == Mode.IMG2IMG and model.backend == Backend.DIFFUSERS and _has_clear_pixels(image):
        # No mask, but the image has fully transparent pixels: they are the area to edit, as OpenAI's
        # edits read such an image (a provider model is sent the image as it is and reads it itself).
        mode = Mode.INPAINT
    if mode == Mode.INPAINT and model.backend == Backend.DIFFUSERS:
        _check_kept_size(model, image.width, image.height, "the image", request.size, param="image")
        return mode, f"{image.width}x{image.height}"
    if request.size != "auto":
        return mode, request.size
    size = f"{image.width}x{image.height}"
    return mode, (model.sizes[0] if model.sizes and size not in model.sizes else size)


def _has_clear_pixels(image: Any) -> bool:
    """Whether the image has a fully transparent pixel (alpha 0)."""
    if not image.has_transparency_data:
        return False
    return image.convert("RGBA").getchannel("A").getextrema()[0] == 0


def _check_kept_size(
    model: ImageModel, width: int, height: int, what: str, asked: str, *, param: str
) -> None:
    """A local model inpaints and outpaints at the size of what it is given (the pixels it keeps are
    the input's own): that size is the output's, so it must be one the model can denoise (multiples of
    8) and must be what the request's `size` says, if it says one."""
    if model.backend != Backend.DIFFUSERS:
        return  # a provider returns its own sizes
    size = f"{width}x{height}"
    if width % 8 or height % 8:
        raise JobRequestError(
            f"{model.name} edits at the size of {what}, {size}, whose width and height must be multiples "
            "of 8: crop or resize the image (and its mask) first.",
            param=param,
        )
    if asked not in ("auto", size):
        raise JobRequestError(
            f"{model.name} keeps the size of {what}: the output is {size}, not {asked}; leave size out "
            f"(or send auto or {size}).",
            param="size",
        )


def job_request_build(request: ImageRequest, *, model: ImageModel | None = None) -> JobRequest:
    """Resolve the model (unless the caller did), the mode (an edit's from its inputs) and the size;
    the settings are fixed by `job_create`."""
    model = model or model_resolve(request.model)
    if request.image is None:
        mode = Mode.TEXT2IMG
        size = request.size if request.size != "auto" else (model.sizes[0] if model.sizes else "1024x1024")
    else:
        mode, size = _edit_mode_and_size(request, model)
    params = GenerationParams(size=size, **request.settings())
    return JobRequest(
        model=model,
        mode=mode,
        prompt=request.prompt,
        params=params,
        negative_prompt=request.negative_prompt,
        metadata=request.metadata,
        webhook_url=request.webhook_url,
        image=request.image,
        mask=request.mask,
    )


def settle_params(model: ImageModel, params: GenerationParams) -> GenerationParams:
    """The settings a job runs with: a local model always gets a seed (drawn when none was given) and
    the model's default steps and guidance; a provider model cannot be seeded."""
    if model.backend != Backend.DIFFUSERS:
        if params.seed is not None:
            raise JobRequestError(f"{model.name} is a provider model and cannot be seeded.", param="seed")
        return params
    return replace(
        params,
        seed=draw_seed() if params.seed is None else params.seed,
        steps=model.default_steps if params.steps is None else params.steps,
        guidance_scale=model.default_guidance if params.guidance_scale is None else params.guidance_scale,
    )


def check_against_model(request: JobRequest) -> None:
    """The rules that depend on the model: mode, size, n."""
    model, params = request.model, request.params
    if request.mode not in model.capabilities:
        can = ", ".join(model.capabilities) or "nothing"
        raise JobRequestError(
            f"Model {model.name} cannot do {request.mode} (it can do: {can}).", param="model"
        )
    if params.n > model.max_n:
        raise JobRequestError(f"n must be at most {model.max_n} for {model.name}.", param="n")
    check_best_of(request)
    if params.background == "transparent":
        if model.backend == Backend.DIFFUSERS:
            raise JobRequestError(
                f"{model.name} draws opaque images: background transparent needs a provider model that "
                "makes them (gpt-image-1); leave background out, or send opaque or auto.",
                param="background",
            )
        if params.output_format == "jpeg":
            raise JobRequestError(
                "A JPEG has no transparency: send output_format png or webp with background transparent.",
                param="background",
            )
    if request.mode == Mode.OUTPAINT or (request.mode == Mode.INPAINT and model.backend == Backend.DIFFUSERS):
        # The size is the input's (grown by `expand`): `_check_kept_size`, and the pixel limit; but no
        # larger than the model's largest offered size: a worker denoises every pixel of it (a 2048x2048
        # outpaint held one for ~68 s per step).
        _check_max_output_pixels(model, params)
        return
    if model.sizes and params.size not in model.sizes:
        raise JobRequestError(
            f"size {params.size} is not offered by {model.name}; use one of {', '.join(model.sizes)}.",
            param="size",
        )
    if params.width % 8 or params.height % 8:
        raise JobRequestError("size: width and height must be multiples of 8.", param="size")


def _check_max_output_pixels(model: ImageModel, params: GenerationParams) -> None:
    """An edit whose output size follows its input: at most as many pixels as the model's largest
    offered size (its maximum output; a model that lists no sizes has only the input pixel limit)."""
    largest = max(model.sizes, key=_pixels, default=None)
    if largest is not None and params.width * params.height > _pixels(largest):
        raise JobRequestError(
            f"The output would be {params.size}, more pixels than {model.name}'s largest size, {largest}: "
            "send a smaller image or a smaller expand.",
            param="expand" if params.expand else "image",
        )


def _pixels(size: str) -> int:
    width, _, height = size.partition("x")
    return int(width) * int(height)


def check_best_of(request: JobRequest) -> None:
    """`best_of`: a local model, n <= best_of <= MAX_BEST_OF and the model's max_n (the candidates share
    one batch), and a scorer declared by the model's folder when more candidates than n are asked."""
    model, params = request.model, request.params
    if params.best_of is None:
        return
    if model.backend != Backend.DIFFUSERS:
        raise JobRequestError(
            f"best_of is for local models; {model.name} is a provider model ({model.backend}): leave "
            "best_of out.",
            param="best_of",
        )
    if not params.n <= params.best_of <= MAX_BEST_OF:
        raise JobRequestError(
            f"best_of must be between n ({params.n}) and {MAX_BEST_OF}: the candidates generated, of which "
            "the n best are returned.",
            param="best_of",
        )
    if params.best_of > model.max_n:
        raise JobRequestError(
            f"best_of must be at most {model.max_n} for {model.name} (its candidates share one batch).",
            param="best_of",
        )
    if params.best_of > params.n and model_scorer(model) is None:
        raise JobRequestError(
            f"{model.name} declares no scorer to rank candidates with, so best_of cannot exceed n "
            f"({params.n}); GET /v1/models names each model's `scorer`.",
            param="best_of",
        )


def request_warnings(request: JobRequest) -> list[dict[str, Any]]:
    """What admission tells the caller without refusing: the prompt's words outside the model's
    declared vocabulary (a model that declares none gets no warnings)."""
    try:
        vocabulary = model_declared_vocabulary(request.model)
    except VocabularyError:
        # The operator's file is broken: requests still run; the log says which file.
        logger.exception("model %s: unreadable vocabulary; no vocabulary warnings", request.model.name)
        return []
    texts = {"prompt": request.prompt, "negative_prompt": request.negative_prompt}
    return vocabulary_warnings(vocabulary, model=request.model.name, texts=texts)


# Admission ------------------------------------------------------------------------------------------


def request_fingerprint(body: dict[str, Any], files: dict[str, bytes] | None = None) -> str:
    """Same request -> same fingerprint: canonical JSON of the body plus the sha256 of each upload."""
    material = {
        "body": body,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in (files or {}).items()},
    }
    return hashlib.sha256(
        json.dumps(material, sort_keys=True, separators=(",", ":"), default=str).encode()
    ).hexdigest()


class IdempotencyConflict(JobRequestError):
    def __init__(self, key: str, *, by: str = "with a different request") -> None:
        super().__init__(
            f"Idempotency-Key {key!r} was already used {by}; use a new key.",
            code="idempotency_key_reused",
            param="Idempotency-Key",
            status=409,
        )


def _existing_for_key(tenant: Tenant, key: str, fingerprint: str, api_key: Any) -> GenerationJob | None:
    """The job an Idempotency-Key names, for the API key that made it only: answered to another key of
    the tenant, the same body would hand that key another team's images (a key without images:read
    too); keys are unique per tenant, so it is a 409 there."""
    job = GenerationJob.objects.filter(tenant=tenant, idempotency_key=key).first()
    if job is not None and job.api_key_id != (api_key.pk if api_key is not None else None):
        raise IdempotencyConflict(key, by="by another API key of this tenant")
    if job is not None and job.request_hash != fingerprint:
        raise IdempotencyConflict(key)
    return job


def _insert_job(job: GenerationJob) -> None:
    """Insert the new job. On PostgreSQL with an INSERT built once: every admission writes one, and the
    ORM spent longer compiling the statement (36 columns) than PostgreSQL spent running it."""
    fields = _job_fields()
    values = [field.pre_save(job, add=True) for field in fields]
    if connection.vendor != "postgresql" or any(hasattr(value, "resolve_expression") for value in values):
        job.save(force_insert=True)  # a value the database computes (db_default): the ORM's INSERT
        return
    pairs = zip(fields, values, strict=True)
    prepared = [field.get_db_prep_save(value, connection) for field, value in pairs]
    with connection.cursor() as cursor:
        cursor.execute(_job_insert(), prepared)
        job.pk = cursor.fetchone()[0]
    job._state.adding = False
    job._state.db = connection.alias


@functools.cache
def _job_fields() -> list[Field]:
    return [field for field in GenerationJob._meta.concrete_fields if not field.primary_key]


@functools.cache
def _job_insert() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in _job_fields())
    values = ", ".join(["%s"] * len(_job_fields()))
    # S608: only quoted names from the model's metadata are interpolated.
    table = quote(GenerationJob._meta.db_table)
    return f"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id"  # noqa: S608


def job_create(
    *,
    tenant: Tenant,
    api_key: Any,
    actor: Actor,
    request: JobRequest,
    idempotency_key: str = "",
    fingerprint: str = "",
) -> tuple[GenerationJob, bool]:
    """Admit a request: returns (job, created). A repeated Idempotency-Key with the same request returns
    the first job; with a different request it is a 409."""
    params = settle_params(request.model, request.params)
    if len(idempotency_key) > 255:
        raise JobRequestError("Idempotency-Key must be at most 255 characters.", param="Idempotency-Key")
    check_against_model(replace(request, params=params))
    version = policy_ensure_active_for_admission(tenant=tenant)
    policy = job_policy(version)
    refusal = policy.model_refusal(model_name=request.model.name, backend=request.model.backend)
    if refusal is not None:
        message = f"Model {request.model.name} is not allowed: {refusal}."
        raise JobRequestError(message, code="model_not_allowed", param="model", status=403)
    warnings = request_warnings(request)
    if warnings and policy.refuses_out_of_vocabulary:
        first = warnings[0]
        raise JobRequestError(
            f"{first['message']} The tenant's policy {version.label} refuses prompts outside the model's "
            "vocabulary.",
            code=OUT_OF_VOCABULARY,
            param=first["param"],
        )
    if idempotency_key:
        existing = _existing_for_key(tenant, idempotency_key, fingerprint, api_key)
        if existing is not None:
            return existing, False
    job = GenerationJob(
        tenant=tenant,
        api_key=api_key,
        model=request.model,
        mode=request.mode,
        prompt=request.prompt,
        negative_prompt=request.negative_prompt,
        params=params.to_dict(),
        metadata=request.metadata,
        webhook_url=request.webhook_url,
        policy_version=version,
        policy_name=version.label,
        idempotency_key=idempotency_key,
        request_hash=fingerprint,
        warnings=warnings,
        scorer="",  # the column's default, given here: the INSERT then needs nothing from the database
    )
    inputs = {"image": request.image, "mask": request.mask}
    received = {
        "model": request.model.name,
        "backend": request.model.backend,
        "mode": job.mode,
        "prompt": job.prompt,
        "negative_prompt": job.negative_prompt,
        "params": job.params,
        "metadata": job.metadata,
        "policy": job.policy_name,
        "inputs": {name: storage.sha256_hex(data) for name, data in inputs.items() if data is not None},
        "idempotency_key": idempotency_key or None,
        "warnings": warnings,
    }
    _check_audit_room(received)
    try:
        with stored_files() as written:
            for name, data in inputs.items():
                if data is not None:
                    extension = (media.sniff(data) or media.PNG).extension
                    path = storage.write(
                        f"inputs/{tenant.public_id}/{job.public_id}/{name}.{extension}", data
                    )
                    written.append(path)
                    setattr(job, f"input_{name}_path", path)
            # Quotas claim the counters just before the transaction (a refusal, raised, admits nothing)
            # and reserve in it, recorded in `job.received`; when the transaction fails, they give the
            # claim back.
            holds = [hold for _receiver, hold in signals.job_admitting.send(sender=GenerationJob, job=job)]
            try:
                with transaction.atomic():
                    _insert_job(job)
                    reserved = signals.job_admitted.send(sender=GenerationJob, job=job, holds=holds)
                    record_event(
                        tenant=tenant,
                        event_type=EventType.JOB_RECEIVED,
                        actor=actor,
                        subjects={"job": job.public_id},
                        payload=received | signals.audit_additions(reserved),
                    )
                    # The model's queue, known here: `dispatch` need not read it back from the database.
                    tasks.dispatch(
                        NextStep(Step.MODERATE, job.pk, queue=request.model.queue, job_id=job.public_id)
                    )
            except BaseException:
                signals.job_admission_failed.send(sender=GenerationJob, job=job, holds=holds)
                raise
    except IntegrityError:
        # Two requests raced with the same Idempotency-Key: the other one won; answer with its job.
        existing = (
            _existing_for_key(tenant, idempotency_key, fingerprint, api_key) if idempotency_key else None
        )
        if existing is None:
            raise
        return existing, False
    return job, True


def _check_audit_room(received: dict[str, Any]) -> None:
    """`job.received` records the request whole, and one audit log entry holds at most 64 KiB: texts
    within their character limits can still be too many bytes (32,000 characters of CJK are ~96,000),
    which failed the request with a 500 when the event was appended. Refused here, naming the fields."""
    size = audit_payload_size(received)
    if size > MAX_AUDIT_PAYLOAD_BYTES:
        raise JobRequestError(
            f"prompt, negative_prompt and metadata are {size:,} bytes together as the audit log records "
            f"them (UTF-8 JSON); at most {MAX_AUDIT_PAYLOAD_BYTES:,} fit in one record: shorten them.",
            code="request_too_long",
            param="prompt",
        )


def job_submit(
    *,
    tenant: Tenant,
    api_key: Any,
    actor: Actor,
    request: ImageRequest,
    model: ImageModel | None = None,
    idempotency_key: str = "",
    fingerprint: str = "",
) -> tuple[GenerationJob, bool]:
    """What the images API calls: build the job request from the caller's, then admit it (`job_create`)."""
    return job_create(
        tenant=tenant,
        api_key=api_key,
        actor=actor,
        request=job_request_build(request, model=model),
        idempotency_key=idempotency_key,
        fingerprint=fingerprint,
    )


# Actions on a job -----------------------------------------------------------------------------------


def job_cancel(*, job: GenerationJob, actor: Actor) -> GenerationJob:
    """Cancel at once if the job has not started generating; ask a running generation to stop."""
    tasks.dispatch(pipeline.job_cancel(job_pk=job.pk, actor=actor))
    job.refresh_from_db()
    return job


def job_review_prompt(
    *,
    job: GenerationJob,
    approve: bool,
    actor: Actor,
    note: str = "",
    details: dict[str, Any] | None = None,
    expired: bool = False,
) -> GenerationJob:
    """A decided review of a job held at the prompt stage: approve queues it, reject ends it. Who may
    decide is the review queue's rule (controlplane.review), checked before this is called.
    `expired`: decided by the policy's `review.on_expiry`, not by a reviewer."""
    next_step = pipeline.job_review_prompt(
        job_pk=job.pk, approve=approve, actor=actor, note=note, details=details, expired=expired
    )
    tasks.dispatch(next_step)
    job.refresh_from_db()
    return job


def job_review_output(
    *,
    job: GenerationJob,
    image_pk: int,
    approve: bool,
    actor: Actor,
    note: str = "",
    details: dict[str, Any] | None = None,
    expired: bool = False,
) -> GenerationJob:
    """A decided review of one held image; the job is signed and released once none is held.
    `expired`: decided by the policy's `review.on_expiry`, not by a reviewer."""
    next_step = pipeline.job_review_output(
        job_pk=job.pk,
        image_pk=image_pk,
        approve=approve,
        actor=actor,
        note=note,
        details=details,
        expired=expired,
    )
    tasks.dispatch(next_step)
    job.refresh_from_db()
    return job


def job_reinstate(*, job: GenerationJob, actor: Actor, note: str = "") -> GenerationJob:
    """An upheld appeal: the job blocked at the prompt stage is queued for generation after all."""
    tasks.dispatch(pipeline.job_reinstate(job_pk=job.pk, actor=actor, note=note))
    job.refresh_from_db()
    return job


def job_release_on_appeal(
    *, job: GenerationJob, image_pk: int, actor: Actor, note: str = ""
) -> GenerationJob:
    """An upheld appeal against an image's block at the output stage: the image is signed and released
    after all, and the job completes again (with its webhook)."""
    tasks.dispatch(pipeline.job_release_on_appeal(job_pk=job.pk, image_pk=image_pk, actor=actor, note=note))
    job.refresh_from_db()
    return job


@transaction.atomic
def image_replay_request(*, tenant: Tenant, image: GeneratedImage, actor: Actor) -> ImageReplay:
    """An auditor asks whether the image's record really produces it: a replay queued on the model's
    pool (generation.replay runs it), or the image's replay already queued or running, which is not
    published again. Raises ReplayError for an image that cannot be replayed (ReplayLimited past the
    tenant's in-flight cap)."""
    queued, created = replay.replay_create(tenant=tenant, image=image, actor=actor)
    if created:
        tasks.dispatch_replay(queued.pk, queue=image.job.model.queue)
    return queued

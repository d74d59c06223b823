"""Admission of generation requests: model-dependent validation, idempotency, the job row, its first
audit event and the hand-off to the pipeline. Transitions after admission live in generation.pipeline."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from audit.events import Actor, EventType
from audit.services import record_event
from generation import storage
from generation.models import GenerationJob, ImageModel, Mode
from policy.decisions import active_policy_name, model_refusal

MAX_PROMPT_CHARS = 32_000
MAX_SEED = 2**32 - 1


class JobRequestError(Exception):
    """A request the pipeline cannot run; status, code and param go straight into the API error."""

    def __init__(
        self, message: str, *, code: str = "invalid_value", param: str | None = None, status: int = 400
    ):
        super().__init__(message)
        self.code = code
        self.param = param
        self.status = status


@dataclass
class JobRequest:
    """A validated request, independent of the HTTP shape it came in."""

    model: ImageModel
    mode: str
    prompt: str
    params: dict[str, Any]
    negative_prompt: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    webhook_url: str = ""
    image: bytes | None = None
    mask: bytes | None = None


def check_against_model(request: JobRequest) -> None:
    """The rules that depend on the model: mode, size, n."""
    model, params = request.model, request.params
    if request.mode not in model.capabilities:
        can = ", ".join(model.capabilities) or "nothing"
        raise JobRequestError(
            f"Model {model.name} cannot do {request.mode} (it can do: {can}).", param="model"
        )
    if params["n"] > model.max_n:
        raise JobRequestError(f"n must be at most {model.max_n} for {model.name}.", param="n")
    width, height = (int(side) for side in params["size"].split("x"))
    if request.mode == Mode.OUTPAINT:
        return  # the size follows from the input and `expand`, checked by the API against limits
    if model.sizes and params["size"] not in model.sizes:
        raise JobRequestError(
            f"size {params['size']} is not offered by {model.name}; use one of {', '.join(model.sizes)}.",
            param="size",
        )
    if width % 8 or height % 8:
        raise JobRequestError("size: width and height must be multiples of 8.", param="size")


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
    def __init__(self, key: str) -> None:
        super().__init__(
            f"Idempotency-Key {key!r} was already used with a different request; use a new key.",
            code="idempotency_key_reused",
            param="Idempotency-Key",
            status=409,
        )


def _existing_for_key(tenant: Any, key: str, fingerprint: str) -> GenerationJob | None:
    job = GenerationJob.objects.filter(tenant=tenant, idempotency_key=key).first()
    if job is not None and job.request_hash != fingerprint:
        raise IdempotencyConflict(key)
    return job


def job_create(
    *,
    tenant: Any,
    api_key: Any,
    actor: Actor,
    request: JobRequest,
    idempotency_key: str = "",
    fingerprint: str = "",
) -> tuple[GenerationJob, bool]:
    """Admit a request: returns (job, created). A repeated Idempotency-Key with the same request returns
    the first job; with a different request it is a 409."""
    check_against_model(request)
    policy_name = active_policy_name(tenant)
    refusal = model_refusal(
        tenant=tenant, policy_name=policy_name, model_name=request.model.name, backend=request.model.backend
    )
    if refusal is not None:
        message = f"Model {request.model.name} is not allowed: {refusal}."
        raise JobRequestError(message, code="model_not_allowed", param="model", status=403)
    if idempotency_key:
        existing = _existing_for_key(tenant, idempotency_key, fingerprint)
        if existing is not None:
            return existing, False
    job = GenerationJob(
        tenant=tenant,
        api_key=api_key,
        model=request.model,
        mode=request.mode,
        prompt=request.prompt,
        negative_prompt=request.negative_prompt,
        params=request.params,
        metadata=request.metadata,
        webhook_url=request.webhook_url,
        policy_name=policy_name,
        idempotency_key=idempotency_key,
        request_hash=fingerprint,
    )
    inputs = {"image": request.image, "mask": request.mask}
    written: list[str] = []
    try:
        for name, data in inputs.items():
            if data is not None:
                path = storage.write(f"inputs/{tenant.public_id}/{job.public_id}/{name}.png", data)
                written.append(path)
                setattr(job, f"input_{name}_path", path)
        with transaction.atomic():
            job.save()
            record_event(
                tenant=tenant,
                event_type=EventType.JOB_RECEIVED,
                actor=actor,
                subjects={"job": job.public_id},
                payload={
                    "model": request.model.name,
                    "backend": request.model.backend,
                    "mode": job.mode,
                    "prompt": job.prompt,
                    "negative_prompt": job.negative_prompt,
                    "params": job.params,
                    "metadata": job.metadata,
                    "policy": job.policy_name,
                    "inputs": {
                        name: storage.sha256_hex(data) for name, data in inputs.items() if data is not None
                    },
                    "idempotency_key": idempotency_key or None,
                },
            )
            from generation import tasks

            job_pk = job.pk
            transaction.on_commit(lambda: tasks.moderate_job_task.apply_async(args=[job_pk], queue="control"))
    except IntegrityError:
        # Two requests raced with the same Idempotency-Key: the other one won; answer with its job.
        for path in written:
            storage.delete(path)
        existing = _existing_for_key(tenant, idempotency_key, fingerprint) if idempotency_key else None
        if existing is None:
            raise
        return existing, False
    except BaseException:
        for path in written:
            storage.delete(path)
        raise
    return job, True

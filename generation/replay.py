"""Replay: would this model, with these settings, really produce this image? (POST /v1/images/{id}/replay)

An auditor asks for a replay of one image a local (diffusers) model made. A worker of the model's pool
regenerates it from the record in the tenant's hash-chained audit log, not from the job row:
`job.received` holds the prompt, the settled parameters (seed, steps, guidance, scheduler, size,
strength, expand) and the digests of an edit's inputs; `image.generated` holds the settings the backend
actually used (weights digest, scheduler and its config, library versions, determinism flags) and the
sha256 of the pixels before encoding and provenance. The replay runs the recorded request against the
model folder and libraries of today (a setting the request left to the model's default runs with the
value `image.generated` recorded, not today's default) and reports whether the pixels are identical
and, field by field, where today's environment differs from the record (a swapped weight file shows
as `weights_sha256`).

Image i of a job is seed + i of one batch, so the whole batch is run again and image i compared. On CPU
the result is bit-identical for one instruction set and thread count (both recorded); on a GPU only with
the flags the README's "Replay" lists.

A replay is GPU work that an `audit:read` key starts, outside the tenant's image quotas, so it is bounded
here instead: only a model that is enabled today, one replay in flight per image (asking again answers
that one), and ASSAY_REPLAY_MAX_IN_FLIGHT in flight per tenant. A batch with an image blocked for
sexual/minors is never regenerated.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.events import Actor, EventType
from audit.selectors import audit_events_for_tenant
from audit.services import record_event
from foundation.errors import ServiceError
from foundation.tenancy import Tenant
from generation import storage
from generation.backends import get_backend
from generation.backends.base import SCHEDULERS, BackendError
from generation.catalog import enabled_model
from generation.models import Backend, GeneratedImage, ImageReplay, Mode, ReplayStatus
from generation.params import GenerationParams
from generation.pipeline import model_spec, spec_from_params
from generation.tiny_model import weights_sha256
from policy.schema import MINORS

# Settings a replay need not match: they describe the run, not what decides its pixels.
# `ignored` says which asked-for settings a backend did not apply; older records lack it.
_NOT_COMPARED = frozenset({"n", "model", "ignored"})
_IN_FLIGHT = (ReplayStatus.QUEUED, ReplayStatus.RUNNING)
# A replay still queued or running this long after it was asked for lost its message (nothing publishes
# a replay again; a run ends within ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS): it no longer stands for
# its image nor takes a place under the tenant's cap, or each lost message would hold one for good.
_IN_FLIGHT_FOR = timedelta(hours=1)
# When a tenant at its cap may ask again: about one replay's run on a busy pool.
_RETRY_AFTER_SECONDS = 30


class ReplayError(ServiceError):
    """An image that cannot be replayed; the message says why."""

    status = 409


class ReplayLimited(ReplayError):
    """The tenant has ASSAY_REPLAY_MAX_IN_FLIGHT replays queued or running."""

    code = "rate_limit_exceeded"
    status = 429

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.http_headers = {"Retry-After": str(_RETRY_AFTER_SECONDS)}


@dataclass(frozen=True)
class _Record:
    """What the audit log recorded about an image and its job."""

    received: dict[str, Any]
    generated: dict[str, Any]


def _record(image: GeneratedImage) -> _Record:
    tenant = image.tenant
    received = audit_events_for_tenant(
        tenant, event_type=EventType.JOB_RECEIVED, subject=f"job:{image.job.public_id}", limit=1
    )
    generated = audit_events_for_tenant(
        tenant, event_type=EventType.IMAGE_GENERATED, subject=f"image:{image.public_id}", limit=1
    )
    if not received or not generated:
        raise ReplayError(
            f"Image {image.public_id} has no complete generation record in the audit log.",
            code="replay_not_recorded",
        )
    return _Record(received=received[0].payload, generated=generated[0].payload)


def replay_check(image: GeneratedImage) -> None:
    """Refuse, before any worker runs, what cannot be replayed: a provider's image (no seed, no weights),
    a batch holding an image blocked for sexual/minors, an image of a model disabled today, and an image
    made before pixel digests were recorded."""
    model = image.job.model
    if model.backend != Backend.DIFFUSERS:
        raise ReplayError(
            f"Image {image.public_id} was made by the provider model {model.name}; only images "
            "of local (diffusers) models can be replayed.",
            code="replay_unsupported",
        )
    _refuse_minors(image)
    if enabled_model(model.name) is None:  # what admission checks: a disabled model generates nothing
        raise ReplayError(
            f"The model {model.name} that made image {image.public_id} is not enabled; its images cannot "
            "be replayed until an operator enables it again.",
            code="model_disabled",
        )
    if not _record(image).generated.get("pixels_sha256"):
        raise ReplayError(
            f"Image {image.public_id} was made before Assay recorded the digest of generated pixels; it "
            "cannot be compared.",
            code="replay_not_recorded",
        )
    job = image.job
    if job.mode != Mode.TEXT2IMG and not (job.input_image_path and storage.exists(job.input_image_path)):
        raise ReplayError(  # the retention run deleted the upload (`quarantine.inputs_purge`)
            f"The image that job {job.public_id} edited is no longer stored; image {image.public_id} cannot "
            "be replayed.",
            code="replay_input_gone",
        )


def _refuse_minors(image: GeneratedImage) -> None:
    """A block for sexual/minors is final (appeals refuse it too), and a replay regenerates the whole
    batch: no image of a batch that held one is made again, for an auditor or anyone."""
    for member in image.job.images.order_by("index"):
        if any(reason.get("category") == MINORS for reason in member.decision_reasons):
            which = "it" if member.pk == image.pk else f"image {member.public_id} of its batch"
            raise ReplayError(
                f"Image {image.public_id} cannot be replayed: {which} was blocked for {MINORS}, a block "
                "that is final in every policy, and a replay would generate it again.",
                code="replay_forbidden",
                status=403,
            )


def _in_flight(tenant: Tenant) -> QuerySet[ImageReplay]:
    """The tenant's replays queued or running (not those whose message was lost: `_IN_FLIGHT_FOR`)."""
    return ImageReplay.objects.filter(
        tenant=tenant, status__in=_IN_FLIGHT, created_at__gte=timezone.now() - _IN_FLIGHT_FOR
    )


@transaction.atomic
def replay_create(*, tenant: Tenant, image: GeneratedImage, actor: Actor) -> tuple[ImageReplay, bool]:
    """(replay, created): the replay of `image` already queued or running, or else a new queued one
    (checked by `replay_check`, under the tenant's cap), recorded as `image.replay_requested`.
    generation.services dispatches a new one."""
    replay_check(image)
    # Serialise the tenant's replay requests (PostgreSQL; SQLite locks the database): two at once must
    # not both find no replay of the image, nor both take the cap's last place. Taken before the audit
    # chain's head, as the policy services take it.
    type(tenant).objects.select_for_update().filter(pk=tenant.pk).first()
    in_flight = _in_flight(tenant)
    running = in_flight.filter(image=image).order_by("created_at").first()
    if running is not None:
        return running, False
    cap = settings.ASSAY_REPLAY_MAX_IN_FLIGHT
    if in_flight.count() >= cap:
        raise ReplayLimited(
            f"The tenant has {cap} replays queued or running, its limit (ASSAY_REPLAY_MAX_IN_FLIGHT); "
            f"retry after {_RETRY_AFTER_SECONDS} s, once one has finished."
        )
    requested_by = {"kind": str(actor.kind), "id": actor.id, "label": actor.label}
    replay = ImageReplay.objects.create(tenant=tenant, image=image, requested_by=requested_by)
    record_event(
        tenant=tenant,
        event_type=EventType.IMAGE_REPLAY_REQUESTED,
        actor=actor,
        subjects={"image": image.public_id, "job": image.job.public_id, "replay": replay.public_id},
        payload={"replay": replay.public_id, "requested_by": requested_by, "model": image.job.model.name},
    )
    return replay, True


# The worker's part ---------------------------------------------------------------------------------


def image_replay_run(replay_pk: int) -> None:
    """queued (or running, redelivered after its worker died) -> completed | failed. Pure but for its
    result: running it twice records the same outcome twice."""
    claimed = ImageReplay.objects.filter(
        Q(pk=replay_pk), Q(status=ReplayStatus.QUEUED) | Q(status=ReplayStatus.RUNNING)
    ).update(status=ReplayStatus.RUNNING)
    if not claimed:
        return
    replay = ImageReplay.objects.select_related("image__job__model", "image__tenant").get(pk=replay_pk)
    try:
        outcome = _replay(replay.image)
    except (ReplayError, BackendError) as exc:
        image_replay_fail(replay_pk, code=exc.code, message=str(exc))
        return
    _finish(
        replay_pk,
        status=ReplayStatus.COMPLETED,
        identical=outcome["identical"],
        outcome=outcome,
        finished_at=timezone.now(),
    )


def image_replay_fail(replay_pk: int, *, code: str, message: str) -> None:
    _finish(
        replay_pk,
        status=ReplayStatus.FAILED,
        error_code=code,
        error_message=message,
        finished_at=timezone.now(),
    )


@transaction.atomic
def _finish(replay_pk: int, **fields: Any) -> None:
    """The one place a replay ends: a conditional UPDATE (a redelivered task that finishes again changes
    nothing and records nothing) and, in the same transaction, `image.replayed` on the tenant's chain."""
    finished = ImageReplay.objects.filter(
        pk=replay_pk, status__in=[ReplayStatus.QUEUED, ReplayStatus.RUNNING]
    ).update(**fields)
    if not finished:
        return
    replay = ImageReplay.objects.select_related("image__job", "tenant").get(pk=replay_pk)
    record_event(
        tenant=replay.tenant,
        event_type=EventType.IMAGE_REPLAYED,
        actor=_requester(replay),
        subjects={
            "image": replay.image.public_id,
            "job": replay.image.job.public_id,
            "replay": replay.public_id,
        },
        payload=replay_event_payload(replay),
    )


def _requester(replay: ImageReplay) -> Actor:
    """The auditor who asked, as recorded on the replay's row when it was queued."""
    who = replay.requested_by or {}
    if not who.get("kind") or not who.get("id"):
        return Actor.system("replay")
    return Actor(kind=who["kind"], id=str(who["id"]), label=str(who.get("label", "")))


def replay_event_payload(replay: ImageReplay) -> dict[str, Any]:
    """`image.replayed`: who asked, the result (identical, different or failed) and, when the pixels
    differ, the recorded fields that differ from the environment of the replay."""
    payload: dict[str, Any] = {"replay": replay.public_id, "requested_by": replay.requested_by}
    if replay.status == ReplayStatus.FAILED:
        return payload | {
            "result": "failed",
            "error": {"code": replay.error_code, "message": replay.error_message},
        }
    outcome = replay.outcome or {}
    return payload | {
        "result": "identical" if replay.identical else "different",
        "pixels_sha256": outcome.get("pixels_sha256"),
        "differences": [d["field"] for d in outcome.get("differences", [])],
        "seconds": outcome.get("seconds"),
    }


def _replay(image: GeneratedImage) -> dict[str, Any]:
    record = _record(image)
    job = image.job
    received, generated = record.received, record.generated
    recorded_settings = generated.get("settings") or {}
    params = with_recorded_settings(GenerationParams.from_dict(received["params"]), recorded_settings)

    inputs: dict[str, bytes] = {}
    input_digests: dict[str, dict[str, str | None]] = {}
    for name, recorded_digest in (received.get("inputs") or {}).items():
        path = getattr(job, f"input_{name}_path", "")
        if not storage.exists(path):
            raise ReplayError(
                f"The {name} this edit started from is no longer stored.", code="replay_input_gone"
            )
        inputs[name] = storage.read(path)
        input_digests[name] = {"recorded": recorded_digest, "now": storage.sha256_hex(inputs[name])}

    spec_model = model_spec(job.model)
    try:
        # Whatever the folder holds now: a replay reports changed weights instead of refusing to load them.
        current_weights = weights_sha256(spec_model.path or "")
    except (OSError, ValueError) as exc:
        raise ReplayError(f"The model folder cannot be read: {exc}", code="model_unavailable") from exc
    spec = spec_from_params(
        replace(spec_model, weights_sha256=current_weights),
        mode=received["mode"],
        prompt=received["prompt"],
        negative_prompt=received.get("negative_prompt"),
        params=params,
        image=inputs.get("image"),
        mask=inputs.get("mask"),
    )
    started = time.monotonic()
    result = get_backend(job.model.backend).generate(spec)
    seconds = round(time.monotonic() - started, 3)
    replayed = result.images[image.index]
    recorded_pixels = generated["pixels_sha256"]
    differences = settings_differences(recorded_settings, result.settings)
    for name, digests in input_digests.items():
        if digests["recorded"] != digests["now"]:
            differences.append({"field": f"inputs.{name}", **digests})
    return {
        "identical": replayed.pixels_sha256 == recorded_pixels,
        "pixels_sha256": {"recorded": recorded_pixels, "replayed": replayed.pixels_sha256},
        "differences": differences,
        "seed": replayed.seed,
        "seconds": seconds,
        "settings": result.settings,
    }


def with_recorded_settings(params: GenerationParams, settings: dict[str, Any]) -> GenerationParams:
    """The recorded request, with each setting it left out (None) fixed to the value the run recorded
    using (`image.generated`'s settings). The backend fills a missing one from today's model folder
    (assay.json's defaults, its scheduler) or code (the edit strength), which may have changed since:
    left unset, a replay would run today's default and report "different" for an image that reproduces.
    A record without such a setting (an older one) leaves it to today's default, as before."""
    fixed: dict[str, Any] = {}
    # Cast as the backend casts a folder default (a JSON number may come back an int).
    for name, cast in (("steps", int), ("guidance_scale", float), ("strength", float)):
        if getattr(params, name) is None and settings.get(name) is not None:
            fixed[name] = cast(settings[name])
    # A spec names a scheduler by its class name, one of SCHEDULERS. A model's own default outside that
    # list cannot be named: it stays None (today's folder default), and `settings_differences` reports
    # `scheduler` if the folder's default is another class today.
    scheduler = settings.get("scheduler")
    if params.scheduler is None and scheduler in SCHEDULERS:
        fixed["scheduler"] = scheduler
    return replace(params, **fixed)


def settings_differences(recorded: dict[str, Any], now: dict[str, Any]) -> list[dict[str, Any]]:
    """Every setting (dotted path into nested objects) whose recorded value differs from today's run,
    including ones only one side has."""
    flat_recorded, flat_now = _flatten(recorded), _flatten(now)
    return [
        {"field": key, "recorded": flat_recorded.get(key), "now": flat_now.get(key)}
        for key in sorted(flat_recorded.keys() | flat_now.keys())
        if key.split(".")[0] not in _NOT_COMPARED and flat_recorded.get(key) != flat_now.get(key)
    ]


def _flatten(value: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, item in value.items():
        path = f"{prefix}{key}"
        if isinstance(item, dict):
            flat |= _flatten(item, f"{path}.")
        else:
            flat[path] = item
    return flat

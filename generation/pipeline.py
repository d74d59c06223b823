r"""The job state machine: one function per transition, each claiming with a conditional UPDATE and
writing its audit event in the same transaction.

    received -> moderating -> queued -> generating -> screening -> signing -> completed
                          |                                   \-> held_for_review -> signing (reviewed)
                          \-> held_for_review -> queued (approved) | rejected (reviewer)
    rejected (blocked at the prompt stage) -> queued, when an appeal is upheld
    completed (an image blocked at the output stage) -> signing -> completed, when its appeal is upheld
    terminal: completed, rejected, failed, cancelled (left only by those two appeal transitions)

`held_for_review` is where a job waits for people: at the prompt stage (the prompt or the edit's input
image; no images yet) or at the output stage (an image the output policy held; the job releases nothing
until every held image is decided). Holding a job sends `signals.job_held` in the same transaction, so
that the review queue (controlplane.review) opens its items atomically with the hold. Images that the
output policy blocks are quarantined (`GeneratedImage.decision`); the job still completes with the
images it released. `signing` is visible while provenance is stamped on the images the policy (or a
reviewer) allowed; they stay `pending` (never served) until their signed bytes are recorded, and become
`released` with them. A worker that dies while signing leaves the job in `signing` for the redelivered
task to finish; a job that fails there keeps them `pending`, in quarantine.

A job with `best_of` generates its candidates in one batch and ranks them with its model's scorer on
the worker (`job_generate`); each candidate is screened like any image, and screening keeps only the
n best-ranked that the policy let through (`_outcomes`, `generation.best_of.select`): the others become
`unselected`, quarantined and never signed. Scores and ranks go into the audit events and the C2PA
assertion (`best_of_facts`).

Tasks (generation.tasks) call these with a job's primary key and dispatch the `NextStep` each returns;
calling any of them twice is harmless: the second call finds the job no longer in the state it claims
from and does nothing. Every job runs under the one policy version it recorded at admission.
"""

from __future__ import annotations

import io
import logging
import math
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from PIL import Image

from audit.events import Actor, EventType
from audit.services import record_event
from foundation import media
from foundation.errors import ServiceError
from generation import best_of, log_proofs, selectors, signals, storage, webhooks
from generation.backends import get_backend
from generation.backends.base import (
    BackendError,
    ContentRefused,
    GenerationResult,
    GenerationSpec,
    ModelSpec,
)
from generation.log_proofs import LOG_ASSERTION_KEY, log_position_assertion
from generation.models import (
    CANCELLABLE_STATUSES,
    TERMINAL_STATUSES,
    GeneratedImage,
    GenerationJob,
    ImageDecision,
    ImageModel,
    JobStatus,
    ReleaseBasis,
)
from generation.params import GenerationParams
from generation.scoring import ScorerUnavailable
from generation.scoring.registry import load_scorer, model_scorer
from generation.steps import NextStep, Step
from policy.decisions import Decision, JobPolicy, PolicyDecision, job_policy
from provenance import services as provenance_services
from provenance.services import ProvenanceError, StampRequest, StampResult

logger = logging.getLogger(__name__)

PIPELINE = Actor.system("pipeline")
# The error code of a job that failed while its images were signed (metrics count these).
SIGNING_FAILED = "provenance_failed"
_PROGRESS_WRITE_INTERVAL = 0.5  # seconds between progress writes (and cancel checks) per job
# Generation attempts of one job before it is failed as lost (`job_lost`, refunded): a job whose worker
# dies every time (killed for memory, a crash of the runtime) would otherwise be taken over for ever,
# and each takeover moves `transitioned_at`, so the reconciler's own limit (MAX_REQUEUES) never sees it.
MAX_GENERATION_ATTEMPTS = 5


class JobCancelled(Exception):
    """Raised from the progress callback to stop denoising a job that was cancelled meanwhile."""


@contextmanager
def _unflushed() -> Iterator[None]:
    """A transaction whose commit does not wait for PostgreSQL to flush it to disk (synchronous_commit
    off for this transaction only: ~4 ms less per commit where flushing is slow, as it was on this
    project's reference machine on 2026-12-05; ~0.15 ms on a later one).

    Only for writes that a database crash may lose without harm, because what they record is redone:
    a claim (moderating, generating) that carries no audit event, whose loss leaves the job in the
    state before it for the reconciler, and progress (with the lease renewal). The WAL is flushed in
    order, so the next ordinary commit (the transition that follows, with its audit events) makes them
    durable too: a crash never keeps a later transition without an earlier one. Inside a caller's
    transaction it changes nothing (that transaction's commit stays synchronous)."""
    if connection.in_atomic_block or connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _claim(
    job_pk: int, from_statuses: list[str], to_status: str, *, extra: Q | None = None, **fields: Any
) -> bool:
    condition = Q(pk=job_pk, status__in=from_statuses)
    if extra is not None:
        condition &= extra
    fields.setdefault("transitioned_at", timezone.now())
    return GenerationJob.objects.filter(condition).update(status=to_status, **fields) == 1


def _subjects(job: GenerationJob, **more: str) -> dict[str, str]:
    return {"job": job.public_id, **more}


def _terminal(job: GenerationJob) -> NextStep | None:
    """Every terminal state notifies the caller's webhook, if any."""
    return NextStep(Step.NOTIFY, job.pk, job_id=job.public_id) if job.webhook_url else None


def _finished(job: GenerationJob, *, charged: bool = True) -> dict[str, Any]:
    """Every terminal transition calls this in its transaction, before its terminal event: quotas settle
    or refund there (`charged`: see `signals.job_finished`). Returns what goes into that event's payload
    (the settlement)."""
    return signals.audit_additions(signals.job_finished.send(sender=GenerationJob, job=job, charged=charged))


def _job(job_pk: int) -> GenerationJob:
    return GenerationJob.objects.select_related("tenant", "model", "policy_version", "api_key").get(pk=job_pk)


@cache
def _state_fields() -> list[str]:
    return [f.attname for f in GenerationJob._meta.concrete_fields if not (f.is_relation or f.primary_key)]


def _reload(job: GenerationJob) -> None:
    """The job's own columns again, after a conditional update wrote them. Its relations (tenant, model,
    policy version, key) never change in a transition, so the ones already loaded are kept: a plain
    `refresh_from_db` would drop them and each would be queried again (~2 ms on PostgreSQL apiece)."""
    job.refresh_from_db(fields=_state_fields())


# Prompt policy ------------------------------------------------------------------------------------


def _screen_admission(job: GenerationJob, policy: JobPolicy) -> list[PolicyDecision]:
    """The prompt stage's decisions: the texts, and for an edit the uploaded image (nudity, faces of
    protected people, any real face per policy) — before any generation runs."""
    texts = {"prompt": job.prompt}
    if job.negative_prompt:
        texts["negative_prompt"] = job.negative_prompt
    decisions = [policy.decide_prompt(texts)]
    if job.input_image_path:
        decisions.append(policy.decide_input(storage.read(job.input_image_path)))
    return decisions


def job_moderate(job_pk: int) -> NextStep | None:
    """received -> moderating -> queued | held_for_review | rejected."""
    # A redelivered task finds the job already `moderating` and decides again: deciding is pure, and
    # only one of the two conditional updates below can win.
    with _unflushed():
        claimed = _claim(job_pk, [JobStatus.RECEIVED, JobStatus.MODERATING], JobStatus.MODERATING)
    if not claimed:
        return None
    job = _job(job_pk)
    decisions = _screen_admission(job, job_policy(job.policy_version))
    worst = max(decisions, key=lambda decision: decision.decision.severity)
    next_status = {
        Decision.ALLOW: JobStatus.QUEUED,
        Decision.REVIEW: JobStatus.HELD_FOR_REVIEW,
        Decision.BLOCK: JobStatus.REJECTED,
    }[worst.decision]
    with transaction.atomic():
        fields: dict[str, Any] = {"decisions": [*job.decisions, *(d.as_dict() for d in decisions)]}
        if next_status == JobStatus.REJECTED:
            what = "uploaded image" if worst.stage == "input" else "prompt"
            fields |= {
                "error_code": "content_policy_violation",
                "error_message": f"The {what} was blocked by the tenant's policy.",
                "finished_at": timezone.now(),
            }
        if not _claim(job_pk, [JobStatus.MODERATING], next_status, **fields):
            return None
        for decision in decisions:
            record_event(
                tenant=job.tenant,
                event_type=EventType.POLICY_INPUT_DECIDED
                if decision.stage == "input"
                else EventType.POLICY_PROMPT_DECIDED,
                actor=PIPELINE,
                subjects=_subjects(job),
                payload=decision.as_dict(),
            )
        if next_status == JobStatus.QUEUED:
            # The row goes on as it was read (its columns before the update): generation in this
            # process (`job_generate`) reads only what admission fixed, and its relations.
            return NextStep(Step.GENERATE, job.pk, queue=job.model.queue, job_id=job.public_id, row=job)
        _reload(job)  # settlement and review read the state just written
        if next_status == JobStatus.REJECTED:
            settled = _finished(job)
            record_event(
                tenant=job.tenant,
                event_type=EventType.JOB_REJECTED,
                actor=PIPELINE,
                subjects=_subjects(job),
                payload={"stage": worst.stage, "code": job.error_code, "reasons": worst.as_dict()["reasons"]}
                | settled,
            )
            return _terminal(job)
        held = [d.as_dict() for d in decisions if d.decision == Decision.REVIEW]
        signals.job_held.send(sender=GenerationJob, job=job, stage="prompt", decisions=held, images=[])
    return None  # held for review: a reviewer's decision moves it on


# Generation ---------------------------------------------------------------------------------------


def job_model_queue(job_pk: int) -> str | None:
    """The queue of the pool that generates the job (its model's); None for a job that is not there."""
    job = GenerationJob.objects.select_related("model").only("model__backend").filter(pk=job_pk).first()
    return job.model.queue if job is not None else None


def model_spec(model: ImageModel) -> ModelSpec:
    path = None
    if model.folder:
        folder = Path(model.folder)
        path = str(folder if folder.is_absolute() else Path(settings.ASSAY_MODELS_DIR) / folder)
    return ModelSpec(
        name=model.name,
        backend=model.backend,
        family=model.family,
        path=path,
        weights_sha256=model.weights_sha256 or None,
        provider_model=model.provider_model or None,
    )


def generation_spec(job: GenerationJob) -> GenerationSpec:
    return spec_from_params(
        model_spec(job.model),
        mode=job.mode,
        prompt=job.prompt,
        negative_prompt=job.negative_prompt,
        params=job.generation_params,
        image=storage.read(job.input_image_path) if job.input_image_path else None,
        mask=storage.read(job.input_mask_path) if job.input_mask_path else None,
    )


def spec_from_params(
    model: ModelSpec,
    *,
    mode: str,
    prompt: str,
    negative_prompt: str | None,
    params: GenerationParams,
    image: bytes | None,
    mask: bytes | None,
) -> GenerationSpec:
    """A request as the backend reads it, from the job's row (`generation_spec`) or, for a replay, from
    its audit record (`generation.replay`)."""
    return GenerationSpec(
        model=model,
        mode=mode,
        prompt=prompt,
        negative_prompt=negative_prompt or None,
        n=params.candidates,  # a `best_of` job's candidates share the batch
        width=params.width,
        height=params.height,
        seed=params.seed,
        steps=params.steps,
        guidance_scale=params.guidance_scale,
        scheduler=params.scheduler,
        strength=params.strength,
        image=image,
        mask=mask,
        expand=params.expand,
        output_format=params.output_format,
        output_compression=params.output_compression,
        quality=params.quality,
        background=params.background,
        user=params.user,
    )


def _lease_until() -> Any:
    return timezone.now() + timedelta(seconds=settings.ASSAY_JOB_LEASE_SECONDS)


class JobBusy(Exception):
    """Another worker holds a live lease on the job: try again once that lease could have run out.

    A redelivered message may arrive while the first worker is still alive (it will finish) or after it
    died (its lease stops being renewed). Only the lease tells them apart, so the task waits it out.
    """

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"job leased for another {retry_after:.1f}s")
        self.retry_after = retry_after


class TooManyAttempts(Exception):
    """A `generating` job to take over whose attempts reached MAX_GENERATION_ATTEMPTS: it is failed as
    lost instead of generated again."""

    def __init__(self, attempt: int) -> None:
        super().__init__(f"attempt {attempt} of {MAX_GENERATION_ATTEMPTS} died")
        self.attempt = attempt


class CancelledWhileOrphaned(Exception):
    """A `generating` job whose worker died after someone asked to cancel it: it is ended as cancelled
    instead of generated again (a provider would bill the second run)."""

    def __init__(self, attempt: int) -> None:
        super().__init__(f"attempt {attempt} died after a cancel was asked")
        self.attempt = attempt


def job_claim_for_generation(job_pk: int) -> int | None:
    """queued -> generating, or take over a `generating` job whose worker died (its lease ran out).

    Returns the attempt number this worker owns, None when the job is past this stage (nothing to
    do), and raises JobBusy while another worker's lease is live, CancelledWhileOrphaned for a job to
    take over that was asked to cancel, TooManyAttempts for one to take over whose attempts are spent.
    Only the owner of the latest attempt may record the result.
    """
    job = (
        GenerationJob.objects.filter(pk=job_pk)
        .values("status", "attempts", "lease_expires_at", "cancel_requested")
        .first()
    )
    if job is None or job["status"] not in (JobStatus.QUEUED, JobStatus.GENERATING):
        return None
    now = timezone.now()
    if job["status"] == JobStatus.GENERATING and job["lease_expires_at"] and job["lease_expires_at"] > now:
        raise JobBusy((job["lease_expires_at"] - now).total_seconds())
    if job["status"] == JobStatus.GENERATING and job["cancel_requested"]:
        raise CancelledWhileOrphaned(job["attempts"])
    if job["status"] == JobStatus.GENERATING and job["attempts"] >= MAX_GENERATION_ATTEMPTS:
        raise TooManyAttempts(job["attempts"])
    attempt = job["attempts"] + 1
    stale = Q(status=JobStatus.GENERATING, lease_expires_at__lte=now) | Q(
        status=JobStatus.GENERATING, lease_expires_at__isnull=True
    )
    claimable = Q(status=JobStatus.QUEUED) | stale
    with _unflushed():
        updated = GenerationJob.objects.filter(claimable, pk=job_pk, attempts=job["attempts"]).update(
            status=JobStatus.GENERATING,
            attempts=attempt,
            lease_expires_at=_lease_until(),
            started_at=now,
            transitioned_at=now,
        )
    return attempt if updated == 1 else None


class _Progress:
    """Writes progress (and renews the lease) at most every half second; stops a cancelled job.

    Each write is one conditional UPDATE, committed without waiting for the disk (`_unflushed`): it
    matches only while this attempt owns the job and nobody asked to cancel it, so the common case
    costs one UPDATE and the cancel check a second statement only when the UPDATE matched nothing. No
    write at the first step (the claim has just set the lease) nor at the last within the interval
    (`job_record_generated` records the final progress, releases the lease and refuses a job cancelled
    meanwhile): a generation shorter than the interval writes nothing while it denoises.
    """

    def __init__(self, job_pk: int, attempt: int) -> None:
        self.job_pk = job_pk
        self.attempt = attempt
        self.last_write = time.monotonic()  # the claim wrote the lease a moment ago
        self.step = self.total = 0  # the last step reported, written or not

    def __call__(self, step: int, total: int) -> None:
        self.step, self.total = step, total
        now = time.monotonic()
        if now - self.last_write < _PROGRESS_WRITE_INTERVAL:
            return
        self.last_write = now
        mine = GenerationJob.objects.filter(
            pk=self.job_pk, attempts=self.attempt, status=JobStatus.GENERATING
        )
        with _unflushed():
            written = mine.filter(cancel_requested=False).update(
                progress_step=step, progress_total=total, lease_expires_at=_lease_until()
            )
        # The last step's report comes when the work is done (a provider reports only then, after it
        # billed the images): the cancel is then seen by job_record_generated, which settles to them.
        if not written and step < total and mine.filter(cancel_requested=True).exists():
            raise JobCancelled


class _LeaseKeeper:
    """Renews this attempt's lease from a background thread for as long as the backend runs.

    Progress renews the lease only when the backend reports a step: a provider reports none until it
    answers, and one call can outlast the lease (its timeout and retries), after which the reconciler
    and a redelivered task would take the job over while this attempt still runs. The thread renews
    every third of the lease, only while this attempt owns the job, and uses its own database
    connection (closed when it stops)."""

    def __init__(self, job_pk: int, attempt: int) -> None:
        self.job_pk = job_pk
        self.attempt = attempt
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"assay-lease-{job_pk}", daemon=True)

    def __enter__(self) -> _LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        interval = settings.ASSAY_JOB_LEASE_SECONDS / 3
        try:
            while not self._stop.wait(interval):
                try:
                    with _unflushed():
                        mine = GenerationJob.objects.filter(
                            pk=self.job_pk, attempts=self.attempt, status=JobStatus.GENERATING
                        ).update(lease_expires_at=_lease_until())
                except Exception:  # a lost connection: the next renewal tries again
                    logger.warning("could not renew the lease of job %s", self.job_pk, exc_info=True)
                    connection.close()
                    continue
                if not mine:
                    return  # the attempt ended or lost the job: nothing to keep
        finally:
            connection.close()


@dataclass
class GenerationRun:
    """What one generation run got to, for its task (`tasks._generate`): `attempt`, the attempt it
    claimed (None until it claims one: then the job was past generation, or another worker's). A run
    that claimed an attempt fails the job only while that attempt still owns it, and never finishes a
    job it did not record itself."""

    attempt: int | None = None


def job_generate(
    job_pk: int, job: GenerationJob | None = None, run: GenerationRun | None = None
) -> NextStep | None:
    """queued -> generating -> screening: run the backend, store the images, record seeds and settings.

    `job`: the row with its tenant and model as this process's moderation of the job read it (its
    `NextStep.row`), so that they are not read again; only what admission fixed (model, mode, prompts,
    parameters, inputs) and the relations are read from it. `run`: filled in with the attempt claimed."""
    run = run if run is not None else GenerationRun()
    try:
        attempt = job_claim_for_generation(job_pk)
    except CancelledWhileOrphaned as orphaned:
        # What the dead attempt ran is not known (its worker died before recording it): nothing charged.
        return job_finish_cancelled(job_pk, attempt=orphaned.attempt)
    except TooManyAttempts as spent:
        message = (
            f"The job's worker stopped {spent.attempt} times while generating it; it is not tried again. "
            "Submit it again."
        )
        return job_fail(job_pk, code="job_lost", message=message, attempt=spent.attempt)
    if attempt is None:
        return None
    run.attempt = attempt
    if job is None:
        job = GenerationJob.objects.select_related("tenant", "model").get(pk=job_pk)
    spec = generation_spec(job)
    started = time.monotonic()
    progress = _Progress(job_pk, attempt)
    try:
        with _LeaseKeeper(job_pk, attempt):
            result = get_backend(job.model.backend).generate(spec, progress=progress)
            ranking = _rank(job, result)
    except JobCancelled:
        return job_finish_cancelled(
            job_pk,
            attempt=attempt,
            progress=(progress.step, progress.total),
            seconds=round(time.monotonic() - started, 3),
        )
    except ContentRefused as exc:
        return job_reject(job_pk, code=exc.code, message=str(exc), attempt=attempt)
    except (BackendError, ScorerUnavailable) as exc:
        return job_fail(job_pk, code=exc.code, message=str(exc), attempt=attempt)
    # The seconds include the scoring: both ran on this worker for the job.
    return job_record_generated(
        job_pk,
        attempt=attempt,
        result=result,
        seconds=round(time.monotonic() - started, 3),
        ranking=ranking,
        steps=progress.total,
        job=job,
    )


def _rank(job: GenerationJob, result: GenerationResult) -> best_of.Ranking | None:
    """A `best_of` job's candidates ranked by its model's scorer, on the worker right after the batch;
    None when the job did not ask for best_of, or asked best_of = n of a model without a scorer."""
    if job.generation_params.best_of is None:
        return None
    ref = model_scorer(job.model)
    if ref is None:
        return None
    images = [image.pixels or Image.open(io.BytesIO(image.data)) for image in result.images]
    return best_of.Ranking(
        scorer=ref.label, candidates=best_of.rank_candidates(job.prompt, images, load_scorer(ref))
    )


def _image_path(job: GenerationJob, attempt: int, index: int, mime_type: str) -> str:
    """Each attempt writes its own files: a stale attempt never replaces the bytes a newer one recorded
    (and screening decided)."""
    extension = media.BY_MIME[mime_type].extension if mime_type in media.BY_MIME else "bin"
    return f"images/{job.tenant.public_id}/{job.public_id}/a{attempt}-{index}.{extension}"


def _discard_earlier_attempts(job: GenerationJob, attempt: int, result: GenerationResult) -> None:
    """The files earlier attempts of the job may have written before their workers died: no row refers to
    them, so retention would never purge them (unscreened images kept past it)."""
    for earlier in range(1, attempt):
        for index, image in enumerate(result.images):
            storage.delete(_image_path(job, earlier, index, image.mime_type))


def _owns(job_pk: int, attempt: int) -> bool:
    """Whether `attempt` is still the job's generating attempt."""
    return GenerationJob.objects.filter(pk=job_pk, attempts=attempt, status=JobStatus.GENERATING).exists()


def job_record_generated(
    job_pk: int,
    *,
    attempt: int,
    result: GenerationResult,
    seconds: float | None = None,
    ranking: best_of.Ranking | None = None,
    steps: int = 0,
    job: GenerationJob | None = None,
) -> NextStep | None:
    """generating -> screening: the images stored, their rows and events; `seconds` is how long the
    backend ran (what quotas settle GPU-seconds to); `ranking`, a `best_of` job's scores and ranks;
    `steps`, the denoising steps the backend reported (the final progress; the progress callback
    writes only every half second). A job whose cancel was asked for meanwhile is cancelled instead.

    `job`: the row with its tenant and model as this run read it before denoising (`job_generate`, or
    its moderation in place), so that they are not read again (~4 ms on PostgreSQL here). Before the
    claim below only its ids, relations and `progress_total` are read: that total can only have grown
    since by what this attempt's progress callback wrote, at most `steps`. Its columns are read again
    after the claim (`_record_images`)."""
    if job is None:
        job = GenerationJob.objects.select_related("tenant", "model").get(pk=job_pk)
    total = max(steps, job.progress_total, 1)
    ranked = {candidate.index: candidate for candidate in ranking.candidates} if ranking else {}
    if not _owns(job_pk, attempt):
        return None  # a newer attempt owns the job, or it ended meanwhile: write nothing
    # Files first, at this attempt's own paths (rows only appear with the transaction below); a newer
    # attempt that takes over meanwhile writes its own, and this one's are deleted when its claim fails.
    paths = [
        storage.write(_image_path(job, attempt, i, image.mime_type), image.data, pixels=image.pixels)
        for i, image in enumerate(result.images)
    ]
    with transaction.atomic():
        claimed = _claim(
            job_pk,
            [JobStatus.GENERATING],
            JobStatus.SCREENING,
            # A cancel asked for after the progress callback last looked ends the job here instead.
            extra=Q(attempts=attempt, cancel_requested=False),
            settings_used=_client_settings(result.settings),
            generation_seconds=seconds,
            scorer=ranking.scorer if ranking else "",
            progress_step=total,
            progress_total=total,
            lease_expires_at=None,
        )
        if claimed:
            _record_images(job, result=result, paths=paths, attempt=attempt, ranking=ranking, ranked=ranked)
            transaction.on_commit(lambda: _discard_earlier_attempts(job, attempt, result))
            return NextStep(Step.FINISH, job.pk, job_id=job.public_id)
    for path in paths:
        storage.delete(path)  # never recorded: nothing refers to them
    cancelled = GenerationJob.objects.filter(
        pk=job_pk, attempts=attempt, status=JobStatus.GENERATING, cancel_requested=True
    ).exists()
    if not cancelled:
        return None  # a newer attempt owns the job, or it ended meanwhile
    return job_finish_cancelled(
        job_pk, attempt=attempt, progress=(total, total), seconds=seconds, discarded=len(result.images)
    )


def _record_images(
    job: GenerationJob,
    *,
    result: GenerationResult,
    paths: list[str],
    attempt: int,
    ranking: best_of.Ranking | None,
    ranked: dict[int, best_of.RankedCandidate],
) -> None:
    """The image rows and their image.generated events, in `job_record_generated`'s transaction."""
    _reload(job)
    for index, (image, path) in enumerate(zip(result.images, paths, strict=True)):
        row = GeneratedImage.objects.create(
            tenant=job.tenant,
            job=job,
            index=index,
            seed=image.seed,
            storage_path=path,
            mime_type=image.mime_type,
            sha256=storage.sha256_hex(image.data),
            pixels_sha256=image.pixels_sha256 or "",
            byte_size=len(image.data),
            width=image.width,
            height=image.height,
            # Not stored where clients read it: a provider's rewrite of the prompt was never moderated.
            # It stays, capped by the backend, in the audit record (the image.generated settings).
            revised_prompt="",
            score=_finite(ranked[index].score) if index in ranked else None,
            rank=ranked[index].rank if index in ranked else None,
        )
        payload = {
            "index": index,
            "seed": image.seed,
            "sha256": row.sha256,
            # The pixels before encoding and provenance: what a replay must reproduce.
            "pixels_sha256": image.pixels_sha256,
            "width": row.width,
            "height": row.height,
            "mime_type": row.mime_type,
            "attempt": attempt,
            "settings": result.settings,
        }
        if ranking:
            payload["best_of"] = best_of_facts(job, row)
        event = record_event(
            tenant=job.tenant,
            event_type=EventType.IMAGE_GENERATED,
            actor=PIPELINE,
            subjects=_subjects(job, image=row.public_id),
            payload=payload,
        )
        log_proofs.keep_position(row.public_id, event)


def _client_settings(settings_used: dict[str, Any]) -> dict[str, Any]:
    """The settings as the job's row keeps them, which the API returns to the client: without a
    provider's revised prompts, which no policy screened (the audit record keeps them)."""
    return {key: value for key, value in settings_used.items() if key != "revised_prompts"}


def _finite(score: float) -> float | None:
    """A score as recorded: a scorer's NaN (ranked last) is stored as no score (JSON has no NaN)."""
    return None if math.isnan(score) else score


def best_of_facts(job: GenerationJob, image: GeneratedImage) -> dict[str, Any] | None:
    """One ranked candidate as the record names it: the image.generated, policy.output_decided and
    job.completed events, and the C2PA assertion of a returned image. None for an image never ranked."""
    if image.rank is None:
        return None
    return {
        "best_of": job.generation_params.best_of,
        "n": job.generation_params.n,
        "score": image.score,
        "rank": image.rank,
        "scorer": job.scorer,
    }


# Output policy, provenance, release -------------------------------------------------------------


_OUTCOME = {
    Decision.ALLOW: ImageDecision.RELEASED,
    Decision.REVIEW: ImageDecision.HELD,
    Decision.BLOCK: ImageDecision.BLOCKED,
}


def _new_watermark_id() -> str:
    # 48 random bits: a clash is vanishingly rare, and the unique column refuses one anyway.
    while True:
        watermark_id = provenance_services.new_watermark_id()
        if not GeneratedImage.objects.filter(watermark_id=watermark_id).exists():
            return watermark_id


_RELEASED_BY = {ReleaseBasis.REVIEW: "reviewer", ReleaseBasis.EXPIRY: "expiry", ReleaseBasis.APPEAL: "appeal"}


def _prompt_decision_ref(job: GenerationJob) -> dict[str, Any] | None:
    """What the prompt policy decided, and who let a held or blocked prompt through (a reviewer, the
    policy's `review.on_expiry`, an upheld appeal), as `_output_decision_ref` says for the image."""
    for decision in job.decisions:
        if decision.get("stage") == "prompt":
            ref = {"decision": decision["decision"], "policy": decision.get("policy_name")}
            if released_by := _RELEASED_BY.get(job.prompt_release_basis):
                ref["released_by"] = released_by
            return ref
    return None


def _output_decision_ref(job: GenerationJob, image: GeneratedImage) -> dict[str, Any]:
    """What the output policy decided for an image being released, and who released it: the policy's
    allow, or a person overriding its hold (a reviewer) or its block (an upheld appeal)."""
    if image.release_basis == ReleaseBasis.REVIEW:
        return {"decision": Decision.REVIEW.value, "policy": job.policy_name, "released_by": "reviewer"}
    if image.release_basis == ReleaseBasis.EXPIRY:
        return {"decision": Decision.REVIEW.value, "policy": job.policy_name, "released_by": "expiry"}
    if image.release_basis == ReleaseBasis.APPEAL:
        return {"decision": Decision.BLOCK.value, "policy": job.policy_name, "released_by": "appeal"}
    return {"decision": Decision.ALLOW.value, "policy": job.policy_name}


def _assertion(job: GenerationJob, image: GeneratedImage) -> dict[str, Any]:
    """The `ai.assay.generation` assertion of one released image's C2PA manifest."""
    settings_used = job.settings_used or {}
    assertion = {
        "job_id": job.public_id,
        "image_id": image.public_id,
        "index": image.index,
        "model": job.model.name,
        "weights_sha256": job.model.weights_sha256 or None,
        "backend": job.model.backend,
        "mode": job.mode,
        "seed": image.seed,
        "steps": settings_used.get("steps"),
        "guidance_scale": settings_used.get("guidance_scale"),
        "scheduler": settings_used.get("scheduler"),
        "size": f"{image.width}x{image.height}",
        "policy": job.policy_name,
        "decisions": {
            "prompt": _prompt_decision_ref(job),
            "output": _output_decision_ref(job, image),
        },
        # Where the image's generation event (appended with its row, before signing) sits in the
        # tenant's transparency log: what `GET /v1/images/{id}/proof` proves.
        LOG_ASSERTION_KEY: log_position_assertion(image, job.tenant),
    }
    if image.rank is not None:
        assertion["best_of"] = best_of_facts(job, image)
    return assertion


def _stamp_request(
    job: GenerationJob,
    image: GeneratedImage,
    data: bytes,
    options: dict[str, Any],
    *,
    watermark_id: str,
    assertion: dict[str, Any] | None = None,
) -> StampRequest:
    """What provenance stamps on one image; `options` is the job's policy version's `provenance`
    section. Without `assertion`, enough to mark the image (`provenance_services.mark`), not to sign it."""
    input_image = storage.read(job.input_image_path) if job.input_image_path else None
    input_media = media.sniff(input_image) if input_image is not None else None
    return StampRequest(
        image=data,
        mime_type=image.mime_type,
        watermark_id=watermark_id,
        kind="edited" if input_image is not None else "created",
        input_image=input_image,
        input_mime_type=input_media.mime if input_media else None,
        assertion=assertion or {},
        prompt=job.prompt,
        options=options,
        decoded=storage.kept_pixels(image.storage_path),
        quality=job.params.get("output_compression"),
    )


@dataclass(frozen=True)
class _MarkAhead:
    """An image being marked in the background while screening decides it (`_mark_ahead`)."""

    watermark_id: str
    marked: Future[provenance_services.Marked]


# One thread per process marks images while the process's main thread screens them: the two are CPU
# work that releases the GIL for most of its time (onnxruntime; numpy, OpenCV and zlib), so on a machine
# with a spare core the finish step takes about the longer of the two instead of their sum.
_marker: tuple[int, ThreadPoolExecutor] | None = None


def _mark_executor() -> ThreadPoolExecutor:
    global _marker
    if _marker is None or _marker[0] != os.getpid():  # a forked worker process starts its own thread
        _marker = (os.getpid(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="assay-mark"))
    return _marker[1]


def _mark_ahead(
    job: GenerationJob, images: list[GeneratedImage], generated: dict[int, bytes], options: dict[str, Any]
) -> dict[int, _MarkAhead]:
    """Start marking (label, watermark, XMP) the images that screening may release, before it decides:
    marking depends only on the pixels, the watermark id and the policy's options. Nothing is signed or
    stored here; `_sign_released` signs the marks of the images that were released and drops the rest.
    Only where the generating process finishes the job (it holds the decoded pixels) and for images
    that were not ranked (of a `best_of` job's candidates, most are never released)."""
    ahead: dict[int, _MarkAhead] = {}
    for image in images:
        pixels = storage.kept_pixels(image.storage_path)
        if pixels is None or image.rank is not None:
            continue
        request = _stamp_request(job, image, generated[image.pk], options, watermark_id=_new_watermark_id())
        # A copy: the kept pixels are screened meanwhile in this thread.
        request = replace(request, decoded=pixels.copy())
        marked = _mark_executor().submit(provenance_services.mark, request)
        ahead[image.pk] = _MarkAhead(watermark_id=request.watermark_id, marked=marked)
    return ahead


def _stamp(
    job: GenerationJob,
    image: GeneratedImage,
    data: bytes,
    options: dict[str, Any],
    ahead: _MarkAhead | None = None,
) -> StampResult:
    """Label, watermark, XMP and C2PA for one released image; `options` is the job's policy version's
    `provenance` section; `ahead`, the image's mark made while it was screened."""
    watermark_id = ahead.watermark_id if ahead is not None else _new_watermark_id()
    request = _stamp_request(
        job, image, data, options, watermark_id=watermark_id, assertion=_assertion(job, image)
    )
    if ahead is None:
        return provenance_services.stamp(request)
    return provenance_services.seal(request, ahead.marked.result())


def _signed_path(image: GeneratedImage) -> str:
    """A path of this run's own: two runs that sign one job at once (a redelivered finish beside the
    first) never write the same file; the one whose claim wins records its path, the other deletes its
    files (`_sign_released`)."""
    stem, _, extension = image.storage_path.rpartition(".")
    return f"{stem}.signed.{secrets.token_hex(8)}.{extension}"


def job_finish(job_pk: int) -> NextStep | None:
    """screening -> signing -> completed: decide each image, then stamp provenance on the released ones.

    A job found in `signing` (its worker died while stamping) is stamped again from the stored decisions.
    """
    job = (
        GenerationJob.objects.select_related("tenant", "model", "policy_version")
        .filter(pk=job_pk, status__in=[JobStatus.SCREENING, JobStatus.SIGNING])
        .first()
    )
    if job is None:
        return None
    policy = job_policy(job.policy_version)
    images = list(job.images.order_by("index"))
    generated: dict[int, bytes] = {}
    ahead: dict[int, _MarkAhead] = {}
    if job.status == JobStatus.SCREENING:
        generated = {image.pk: storage.read(image.storage_path) for image in images}
        ahead = _mark_ahead(job, images, generated, policy.provenance_options())
        if _record_output_decisions(job, images, generated, policy) != JobStatus.SIGNING:
            return None  # another run moved on, or an image is held: its reviewer moves the job on
        images = list(job.images.order_by("index"))
    return _sign_released(job, images, generated, policy, ahead)


def _record_output_decisions(
    job: GenerationJob, images: list[GeneratedImage], generated: dict[int, bytes], policy: JobPolicy
) -> str | None:
    """screening -> signing, or -> held_for_review when the policy holds an image: each image's output
    decision, recorded. Returns the new status, None when another run moved on.

    Held and blocked images are quarantined here; allowed ones stay `pending` until they are signed, so
    a job with a held image releases nothing until its review ends (`job_review_output`). Of a
    `best_of` job's candidates, only those `_outcomes` keeps go on; the others become `unselected`."""
    decisions = {
        image.pk: policy.decide_image(generated[image.pk], decoded=storage.kept_pixels(image.storage_path))
        for image in images
    }
    outcomes = _outcomes(job, images, decisions)
    held = [image for image in images if outcomes[image.pk] == ImageDecision.HELD]
    next_status = JobStatus.HELD_FOR_REVIEW if held else JobStatus.SIGNING
    with transaction.atomic():
        if not _claim(job.pk, [JobStatus.SCREENING], next_status):
            return None
        for image in images:
            decision = decisions[image.pk]
            GeneratedImage.objects.filter(pk=image.pk).update(
                decision=outcomes[image.pk], decision_reasons=decision.as_dict()["reasons"]
            )
            payload = decision.as_dict()
            facts = best_of_facts(job, image)
            if facts is not None:
                payload["best_of"] = facts | {"selected": outcomes[image.pk] != ImageDecision.UNSELECTED}
            record_event(
                tenant=job.tenant,
                event_type=EventType.POLICY_OUTPUT_DECIDED,
                actor=PIPELINE,
                subjects=_subjects(job, image=image.public_id),
                payload=payload,
            )
        if held:
            _reload(job)
            held_rows = list(job.images.filter(pk__in=[image.pk for image in held]).order_by("index"))
            signals.job_held.send(
                sender=GenerationJob, job=job, stage="output", decisions=[], images=held_rows
            )
    return next_status


def _outcomes(
    job: GenerationJob, images: list[GeneratedImage], decisions: dict[int, PolicyDecision]
) -> dict[int, str]:
    """Each image's decision as screening stores it: allowed `pending` (until signed), held, blocked;
    and for a ranked `best_of` job, `unselected` for each allowed or held candidate that
    `best_of.select` does not keep (a blocked one stays blocked: it is never returned either way)."""
    stored = {ImageDecision.RELEASED: ImageDecision.PENDING}
    outcomes: dict[int, str] = {}
    for image in images:
        outcome = _OUTCOME[decisions[image.pk].decision]
        outcomes[image.pk] = stored.get(outcome, outcome)
    ranked = {image.pk: image for image in images if image.rank is not None}
    if not ranked:
        return outcomes

    def candidates(decision: str) -> list[best_of.RankedCandidate]:
        return [
            best_of.RankedCandidate(
                index=image.index, rank=image.rank, score=image.score if image.score is not None else math.nan
            )
            for pk, image in ranked.items()
            if outcomes[pk] == decision
        ]

    selection = best_of.select(
        allowed=candidates(ImageDecision.PENDING),
        held=candidates(ImageDecision.HELD),
        n=job.generation_params.n,
    )
    kept = {candidate.index for candidate in [*selection.returned, *selection.to_review]}
    for pk, image in ranked.items():
        if outcomes[pk] in (ImageDecision.PENDING, ImageDecision.HELD) and image.index not in kept:
            outcomes[pk] = ImageDecision.UNSELECTED
    return outcomes


def _sign_released(
    job: GenerationJob,
    images: list[GeneratedImage],
    generated: dict[int, bytes],
    policy: JobPolicy,
    ahead: dict[int, _MarkAhead] | None = None,
) -> NextStep | None:
    """signing -> completed: stamp the allowed images (still `pending`), release them with their
    provenance, end the job. `ahead`: marks started while screening ran (`_mark_ahead`)."""
    # Provenance is CPU work on the bytes: done before the transaction, the signed files written at
    # their own paths, so a crash here leaves the job in `signing` for the redelivered task.
    options = policy.provenance_options()
    stamped: dict[int, tuple[StampResult, str]] = {}

    def discard_signed() -> None:
        for _result, path in stamped.values():
            storage.delete(path)

    try:
        for image in images:
            if image.decision != ImageDecision.PENDING:
                continue
            data = generated.get(image.pk) or storage.read(image.storage_path)
            try:
                result = _stamp(job, image, data, options, (ahead or {}).get(image.pk))
            except ProvenanceError as exc:
                discard_signed()
                return job_fail(job.pk, code=SIGNING_FAILED, message=f"Signing image {image.index}: {exc}")
            stamped[image.pk] = (result, storage.write(_signed_path(image), result.data))
    except BaseException:
        discard_signed()  # a crash (or a time limit) here: the redelivered task signs again
        raise
    with transaction.atomic():
        if not _claim(job.pk, [JobStatus.SIGNING], JobStatus.COMPLETED, finished_at=timezone.now()):
            discard_signed()  # another run signed the job: its files are the ones recorded
            return None
        for image in images:
            if image.pk not in stamped:
                continue
            result, path = stamped[image.pk]
            GeneratedImage.objects.filter(pk=image.pk).update(
                decision=ImageDecision.RELEASED,
                storage_path=path,
                sha256=storage.sha256_hex(result.data),
                byte_size=len(result.data),
                watermark_id=result.watermark_id,
                provenance=result.record,
            )
            record_event(
                tenant=job.tenant,
                event_type=EventType.PROVENANCE_SIGNED,
                actor=PIPELINE,
                subjects=_subjects(job, image=image.public_id),
                payload={"sha256": storage.sha256_hex(result.data), **result.record},
            )
            unsigned = image.storage_path
            transaction.on_commit(lambda unsigned=unsigned: storage.delete(unsigned))
        _reload(job)
        settled = _finished(job)
        asked_best_of = job.generation_params.best_of is not None
        counts = {
            value: 0
            for value in ImageDecision.values
            if value != ImageDecision.PENDING and (asked_best_of or value != ImageDecision.UNSELECTED)
        }
        final = {
            image.pk: ImageDecision.RELEASED if image.pk in stamped else image.decision for image in images
        }
        for image in images:
            counts[final[image.pk]] += 1
        payload = {"images": counts, "signed": len(stamped), "policy": job.policy_name}
        if any(image.rank is not None for image in images):
            # Every candidate, returned or not, with its score, rank and what became of it.
            payload["candidates"] = [
                {"image": image.public_id, "index": image.index, "decision": final[image.pk]}
                | (best_of_facts(job, image) or {})
                for image in sorted(images, key=lambda image: image.rank or 0)
            ]
        record_event(
            tenant=job.tenant,
            event_type=EventType.JOB_COMPLETED,
            actor=PIPELINE,
            subjects=_subjects(job),
            payload=payload | settled,
        )
        return _terminal(job)


# Failure, rejection, cancellation -----------------------------------------------------------------


_ACTIVE_STATUSES = [status for status in JobStatus.values if status not in TERMINAL_STATUSES]


def _end(
    job_pk: int,
    *,
    status: str,
    from_statuses: list[str],
    event_type: EventType,
    payload: Callable[[GenerationJob], dict[str, Any]],
    actor: Actor = PIPELINE,
    attempt: int | None = None,
    charged: bool = True,
    **fields: Any,
) -> GenerationJob | None:
    """Move a job to a terminal status and record why; None if it had moved on already. `charged`: see
    `signals.job_finished`."""
    fields |= {"finished_at": timezone.now(), "lease_expires_at": None}
    with transaction.atomic():
        extra = Q(attempts=attempt) if attempt is not None else None
        if not _claim(job_pk, from_statuses, status, extra=extra, **fields):
            return None
        job = GenerationJob.objects.select_related("tenant", "model").get(pk=job_pk)
        settled = _finished(job, charged=charged)
        record_event(
            tenant=job.tenant,
            event_type=event_type,
            actor=actor,
            subjects=_subjects(job),
            payload=payload(job) | settled,
        )
    return job


def _ended(job: GenerationJob | None) -> NextStep | None:
    return _terminal(job) if job is not None else None


def job_fail(
    job_pk: int, *, code: str, message: str, attempt: int | None = None, charge_time: bool = False
) -> NextStep | None:
    """Any non-terminal state -> failed, with the reason a client can read; with `attempt` (the
    generation path), only `generating` while that attempt owns the job: a stale attempt never ends a
    job a newer one took over or moved on (to review, screening or signing).

    `charge_time`: the failure is the job's own running out of time while generating, so the time its
    attempt ran is recorded (`generation_seconds`) and quotas settle to those GPU-seconds instead of
    refunding them (a request built to hit the limit would otherwise burn the GPU for free). Other
    failures (a provider down, a crash of Assay's) are refunded whole, even where images were made before
    it (a signing failure): the client receives none of them."""
    fields: dict[str, Any] = {}
    if charge_time:
        row = GenerationJob.objects.filter(pk=job_pk, status=JobStatus.GENERATING, generation_seconds=None)
        started_at = row.values_list("started_at", flat=True).first()
        if started_at is not None:
            fields["generation_seconds"] = round((timezone.now() - started_at).total_seconds(), 3)

    def payload(job: GenerationJob) -> dict[str, Any]:
        failed = {"code": code, "message": message[:2000], "attempts": job.attempts}
        return failed | ({"generation_seconds": fields["generation_seconds"]} if fields else {})

    return _ended(
        _end(
            job_pk,
            status=JobStatus.FAILED,
            from_statuses=_ACTIVE_STATUSES if attempt is None else [JobStatus.GENERATING],
            event_type=EventType.JOB_FAILED,
            payload=payload,
            attempt=attempt,
            charged=charge_time,
            error_code=code,
            error_message=message[:2000],
            **fields,
        )
    )


def job_reject(job_pk: int, *, code: str, message: str, attempt: int) -> NextStep | None:
    """generating -> rejected: a provider's safety refusal (not a failure of Assay's), only while
    `attempt` still owns the job."""
    return _ended(
        _end(
            job_pk,
            status=JobStatus.REJECTED,
            from_statuses=[JobStatus.GENERATING],
            attempt=attempt,
            event_type=EventType.JOB_REJECTED,
            payload=lambda job: {"stage": "generation", "code": code, "message": message[:2000]},
            error_code=code,
            error_message=message[:2000],
        )
    )


def job_finish_cancelled(
    job_pk: int,
    *,
    attempt: int,
    progress: tuple[int, int] | None = None,
    seconds: float | None = None,
    discarded: int = 0,
) -> NextStep | None:
    """generating -> cancelled, when the worker saw the cancel request between two denoising steps (or
    when the backend had returned); `progress`, the last (step, total) it reported, `seconds`, how long
    the backend ran, and `discarded`, the images it had made, recorded with the end: quotas settle to
    that work (GPU-seconds, images a provider billed), not refund it."""
    fields: dict[str, Any] = {"progress_step": progress[0], "progress_total": progress[1]} if progress else {}
    if seconds is not None:
        fields["generation_seconds"] = seconds
    if discarded:
        fields["discarded_images"] = discarded

    def payload(job: GenerationJob) -> dict[str, Any]:
        done = {"stage": "generating", "progress": [job.progress_step, job.progress_total]}
        return done | ({"discarded_images": discarded} if discarded else {})

    return _ended(
        _end(
            job_pk,
            status=JobStatus.CANCELLED,
            from_statuses=[JobStatus.GENERATING],
            event_type=EventType.JOB_CANCELLED,
            payload=payload,
            attempt=attempt,
            error_code="cancelled",
            error_message="Cancelled on request while it was generating.",
            **fields,
        )
    )


class JobNotCancellable(ServiceError):
    """The job is past generation (screening or signing its images) or has ended."""

    code = "not_cancellable"
    status = 409


def job_cancel(*, job_pk: int, actor: Actor) -> NextStep | None:
    """Cancel at once if the job has not started generating or waits for a review; ask a running
    generation to stop (the worker ends it between two denoising steps: `job_finish_cancelled`), with
    an event naming who asked; refuse (JobNotCancellable) once its images are being screened or signed."""
    with transaction.atomic():
        # The row lock keeps the status read here the one the transition below starts from.
        # Only the job's row (not the joined tenant's, which audit appends need) and no key lock.
        job = (
            GenerationJob.objects.select_for_update(of=("self",), no_key=True)
            .select_related("tenant")
            .get(pk=job_pk)
        )
        if job.status in CANCELLABLE_STATUSES:
            held_output = job.status == JobStatus.HELD_FOR_REVIEW and job.images.exists()
            return _ended(
                _end(
                    job_pk,
                    status=JobStatus.CANCELLED,
                    from_statuses=[job.status],
                    event_type=EventType.JOB_CANCELLED,
                    payload=lambda _job: {"stage": "output review" if held_output else "before generation"},
                    actor=actor,
                    error_code="cancelled",
                    error_message=(
                        "Cancelled on request while its images were held for review."
                        if held_output
                        else "Cancelled on request before generation started."
                    ),
                )
            )
        if job.status == JobStatus.GENERATING:
            if not job.cancel_requested:  # asking twice is one request
                job.cancel_requested = True
                job.save(update_fields=["cancel_requested"])
                record_event(
                    tenant=job.tenant,
                    event_type=EventType.JOB_CANCEL_REQUESTED,
                    actor=actor,
                    subjects=_subjects(job),
                    payload={"stage": "generating", "progress": [job.progress_step, job.progress_total]},
                )
            return None
    if job.is_terminal:
        raise JobNotCancellable(f"Job {job.public_id} is already {job.status}.", code="job_finished")
    raise JobNotCancellable(
        f"Job {job.public_id} is {job.status}: its images are made and being checked or signed, so it can "
        "no longer be cancelled. It ends by itself in moments."
    )


# Human review -------------------------------------------------------------------------------------
# Who may decide, claims, four-eyes and appeals are the review queue's rules (controlplane.review);
# these are only the job's transitions once a review has been decided.


class ReviewNotPossible(ServiceError):
    """The job is not waiting for that review (any more)."""

    code = "not_held_for_review"
    status = 409


def job_review_prompt(
    *,
    job_pk: int,
    approve: bool,
    actor: Actor,
    note: str = "",
    details: dict[str, Any] | None = None,
    expired: bool = False,
) -> NextStep | None:
    """A decided review of a job held at the prompt stage: approve queues it for generation, reject
    ends it. `details` (the review item, its votes) go into the audit event. `expired`: no reviewer
    decided, the policy's `review.on_expiry` did; the manifest says so."""
    with transaction.atomic():
        job = _job(job_pk)
        if job.images.exists():
            raise ReviewNotPossible(f"Job {job.public_id} is held at the output stage, not the prompt stage.")
        decision = "approve" if approve else "reject"
        payload = {"stage": "prompt", "decision": decision, "note": note[:2000], **(details or {})}
        if approve:
            basis = ReleaseBasis.EXPIRY if expired else ReleaseBasis.REVIEW
            if not _claim(job.pk, [JobStatus.HELD_FOR_REVIEW], JobStatus.QUEUED, prompt_release_basis=basis):
                raise ReviewNotPossible(f"Job {job.public_id} is not held for review.")
            record_event(
                tenant=job.tenant,
                event_type=EventType.REVIEW_DECIDED,
                actor=actor,
                subjects=_subjects(job),
                payload=payload,
            )
            return NextStep(Step.GENERATE, job.pk, queue=job.model.queue, job_id=job.public_id)
        ended = _end(
            job.pk,
            status=JobStatus.REJECTED,
            from_statuses=[JobStatus.HELD_FOR_REVIEW],
            event_type=EventType.REVIEW_DECIDED,
            payload=lambda job: payload,
            actor=actor,
            error_code="content_policy_violation",
            error_message="The prompt was rejected in review.",
        )
        if ended is None:
            raise ReviewNotPossible(f"Job {job.public_id} is not held for review.")
        return _ended(ended)


def job_review_output(
    *,
    job_pk: int,
    image_pk: int,
    approve: bool,
    actor: Actor,
    note: str = "",
    details: dict[str, Any] | None = None,
    expired: bool = False,
) -> NextStep | None:
    """A decided review of one held image: approve makes it `pending` (to be signed and released),
    reject blocks it. When no image of the job is held any more, the job moves on to signing.
    `expired`: no reviewer decided, the policy's `review.on_expiry` did; the manifest says so."""
    with transaction.atomic():
        # Locked: two images of one job decided at once must see each other's decision.
        GenerationJob.objects.select_for_update().filter(pk=job_pk).values_list("pk", flat=True).first()
        job = _job(job_pk)
        if job.status != JobStatus.HELD_FOR_REVIEW:
            raise ReviewNotPossible(f"Job {job.public_id} is not held for review.")
        outcome = ImageDecision.PENDING if approve else ImageDecision.BLOCKED
        if not approve:
            basis = ReleaseBasis.POLICY
        else:
            basis = ReleaseBasis.EXPIRY if expired else ReleaseBasis.REVIEW
        image = job.images.filter(pk=image_pk).first()
        if image is None or not GeneratedImage.objects.filter(
            pk=image_pk, decision=ImageDecision.HELD
        ).update(decision=outcome, release_basis=basis):
            raise ReviewNotPossible(f"Image {image_pk} of job {job.public_id} is not held for review.")
        record_event(
            tenant=job.tenant,
            event_type=EventType.REVIEW_DECIDED,
            actor=actor,
            subjects=_subjects(job, image=image.public_id),
            payload={
                "stage": "output",
                "decision": "approve" if approve else "reject",
                "note": note[:2000],
                **(details or {}),
            },
        )
        if job.images.filter(decision=ImageDecision.HELD).exists():
            return None  # other images of the job still wait for their reviewers
        if not _claim(job.pk, [JobStatus.HELD_FOR_REVIEW], JobStatus.SIGNING):
            raise ReviewNotPossible(f"Job {job.public_id} is not held for review.")
        return NextStep(Step.FINISH, job.pk, job_id=job.public_id)


def job_reinstate(*, job_pk: int, actor: Actor, note: str = "") -> NextStep | None:
    """rejected -> queued: an appeal against a prompt-stage block was upheld, so the job runs after all.

    Only jobs rejected before generation (by the prompt policy or in review) can be reinstated: nothing
    was generated, so the job simply resumes where the block stopped it."""
    with transaction.atomic():
        job = _job(job_pk)
        if job.images.exists():
            raise ReviewNotPossible(f"Job {job.public_id} was not blocked at the prompt stage.")
        reinstated = _claim(
            job.pk,
            [JobStatus.REJECTED],
            JobStatus.QUEUED,
            extra=Q(error_code="content_policy_violation"),
            error_code="",
            error_message="",
            finished_at=None,
            prompt_release_basis=ReleaseBasis.APPEAL,
        )
        if not reinstated:
            raise ReviewNotPossible(f"Job {job.public_id} is not a job the policy blocked.")
        _reload(job)
        reserved = signals.audit_additions(signals.job_reinstated.send(sender=GenerationJob, job=job))
        record_event(
            tenant=job.tenant,
            event_type=EventType.JOB_REINSTATED,
            actor=actor,
            subjects=_subjects(job),
            payload={"stage": "prompt", "reason": "appeal upheld", "note": note[:2000]} | reserved,
        )
        return NextStep(Step.GENERATE, job.pk, queue=job.model.queue, job_id=job.public_id)


def job_release_on_appeal(*, job_pk: int, image_pk: int, actor: Actor, note: str = "") -> NextStep | None:
    """completed -> signing: an appeal against the block of one of the job's images (by the output
    policy or a reviewer) was upheld, so the image is signed and released after all.

    The image goes back to `pending` and the job to `signing`: `job_finish` stamps it from the bytes
    quarantine kept for the appeal (`retained_for_appeal`), releases it and completes the job again,
    with its `job.completed` event and webhook. Quotas settled the job to the images it generated,
    blocked ones included, so completing again moves no usage (the settlement runs once per
    reservation). A worker that dies meanwhile leaves the job in `signing` for the reconciler."""
    with transaction.atomic():
        # Locked: a second upheld appeal of another image of the job waits for this one's transition.
        GenerationJob.objects.select_for_update().filter(pk=job_pk).values_list("pk", flat=True).first()
        job = _job(job_pk)
        image = job.images.filter(pk=image_pk).first()
        if image is None or image.decision != ImageDecision.BLOCKED:
            raise ReviewNotPossible(
                f"Image {image_pk} of job {job.public_id} is not blocked; nothing to release on appeal.",
                code="not_appealable",
            )
        if not _claim(job.pk, [JobStatus.COMPLETED], JobStatus.SIGNING, finished_at=None):
            raise ReviewNotPossible(
                f"Job {job.public_id} is {job.status}: a blocked image is released on appeal only from a "
                "completed job; decide again once it has completed.",
                code="not_appealable",
            )
        # Conditional: an image whose retention ended has nothing left to sign (raising undoes the claim).
        if not GeneratedImage.objects.filter(
            pk=image.pk, decision=ImageDecision.BLOCKED, purged_at__isnull=True
        ).update(
            decision=ImageDecision.PENDING, retained_for_appeal=False, release_basis=ReleaseBasis.APPEAL
        ):
            raise ReviewNotPossible(
                f"Image {image.public_id} was deleted at the end of its retention; it cannot be released.",
                code="not_appealable",
            )
        record_event(
            tenant=job.tenant,
            event_type=EventType.JOB_REINSTATED,
            actor=actor,
            subjects=_subjects(job, image=image.public_id),
            payload={
                "stage": "output",
                "reason": "appeal upheld",
                "note": note[:2000],
                "blocked_for": image.decision_reasons,
            },
        )
        return NextStep(Step.FINISH, job.pk, job_id=job.public_id)


# Webhooks -----------------------------------------------------------------------------------------


def job_deliver_webhook(job_pk: int) -> None:
    """POST the job's final state to its webhook_url; raises for the task to retry or give up."""
    job = GenerationJob.objects.select_related("tenant", "model").get(pk=job_pk)
    if not job.webhook_url or not job.is_terminal:
        return
    payload = {"type": f"job.{job.status}", "data": selectors.job_to_dict(job)}
    try:
        status = webhooks.deliver(url=job.webhook_url, secret=job.tenant.webhook_secret, payload=payload)
    except webhooks.WebhookRefused as exc:
        GenerationJob.objects.filter(pk=job_pk).update(webhook_status=f"refused: {exc}"[:200])
        raise
    except webhooks.WebhookDeliveryError as exc:
        GenerationJob.objects.filter(pk=job_pk).update(webhook_status=f"failed: {exc}"[:200])
        raise
    GenerationJob.objects.filter(pk=job_pk).update(webhook_status=f"delivered: {status}")

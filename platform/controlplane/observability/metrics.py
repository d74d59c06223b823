"""Prometheus metrics: what the web and the workers count, and how a scrape reads them.

prometheus-client runs in its multiprocess mode (settings.PROMETHEUS_MULTIPROC_DIR): each process
writes its samples to files of its own, and a scrape sums them over the processes of its tree
(gunicorn's workers for GET /metrics; a Celery worker's pool for its metrics server). The pipeline
does not import the control plane, so what happens to jobs is counted from the signals the stages
send: `generation.signals` (admitted, held, finished) and `audit.signals.event_recorded` (every audit
append: its latency, and the policy decisions it records). Counts are taken when the transaction
commits, so a change that rolls back counts nothing.

Every series has labels on purpose: a series without them opens its file when this module is imported,
and Django's system checks import it (through the middleware) in a Celery worker's main process before
the worker has chosen its own folder (controlplane.observability.folders). Labelled ones open theirs at
first use.

Series:
- assay_http_request_duration_seconds{method,route,status_class}: histogram, by URL pattern;
- assay_http_requests_in_progress{method}: gauge, requests being served (a sync request's wait
  included);
- assay_job_transitions_total{status}: jobs that reached `received` (admitted), `held_for_review`,
  or a terminal status (completed, rejected, failed, cancelled);
- assay_jobs{status}: gauge, jobs now in each non-terminal status (read from the database at scrape,
  on the web only: controlplane.observability.exposition);
- assay_job_queue_wait_seconds{queue}: histogram, admission to generation start (observed when the
  job ends, for jobs whose generation started);
- assay_generation_seconds{model}: histogram, how long the backend ran (as quotas settle it), for
  runs that finished (not cancelled or failed ones, whose seconds are partial runs);
- assay_policy_decisions_total{stage,decision,category}: moderation (stage prompt, input) and
  screening (stage output) decisions, one count per reason's category (`none` for a decision with no
  reason);
- assay_audit_append_seconds{chain}: histogram, one audit append (chain lock wait, insert; its commit
  when called outside a transaction), on a tenant's chain or the platform's;
- assay_signing_failures_total{model}: jobs that failed while their images were signed.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.dispatch import receiver
from prometheus_client import Counter, Gauge, Histogram, values

from audit import signals as audit_signals
from audit.events import EventType
from audit.models import AuditEvent
from controlplane import logs
from generation import signals as generation_signals
from generation.models import GenerationJob, JobStatus
from generation.pipeline import SIGNING_FAILED

if not getattr(values.ValueClass, "_multiprocess", False):
    # Each process would then count on its own and a scrape would see one of them at random.
    raise ImproperlyConfigured(
        "prometheus_client was imported before the settings set PROMETHEUS_MULTIPROC_DIR; "
        "import controlplane.observability.metrics only after Django's settings are loaded"
    )

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_PARTIAL_RUNS = (JobStatus.CANCELLED, JobStatus.FAILED)
_DECISION_EVENTS = frozenset(
    {EventType.POLICY_PROMPT_DECIDED, EventType.POLICY_INPUT_DECIDED, EventType.POLICY_OUTPUT_DECIDED}
)

HTTP_REQUEST_SECONDS = Histogram(
    "assay_http_request_duration_seconds",
    "Time to answer an HTTP request, by method, URL pattern and status class.",
    ["method", "route", "status_class"],
    # Up to the sync wait's default 60 s and past it: a sync image request waits for its job.
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0),
)
HTTP_REQUESTS_IN_PROGRESS = Gauge(
    "assay_http_requests_in_progress",
    "HTTP requests being served, waiting sync requests included, by method.",
    ["method"],
    multiprocess_mode="livesum",  # summed over the web processes alive now
)
JOB_TRANSITIONS = Counter(
    "assay_job_transitions",
    "Jobs that reached a status: received (admitted), held_for_review, or a terminal one.",
    ["status"],
)
QUEUE_WAIT_SECONDS = Histogram(
    "assay_job_queue_wait_seconds",
    "From a job's admission to the start of its generation, by queue; observed when the job ends.",
    ["queue"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0, 3600.0),
)
GENERATION_SECONDS = Histogram(
    "assay_generation_seconds",
    "How long a job's generation backend ran, by model.",
    ["model"],
    buckets=(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0),
)
POLICY_DECISIONS = Counter(
    "assay_policy_decisions",
    "Moderation (stage prompt, input) and screening (stage output) decisions, one per reason's category.",
    ["stage", "decision", "category"],
)
AUDIT_APPEND_SECONDS = Histogram(
    "assay_audit_append_seconds",
    "Time to append one audit event (chain lock wait and insert), by chain: a tenant's or the platform's.",
    ["chain"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
SIGNING_FAILURES = Counter(
    "assay_signing_failures", "Jobs that failed while their images were signed, by model.", ["model"]
)


# What the stages announce --------------------------------------------------------------------------


def _on_commit(count: partial[None]) -> None:
    # robust: a metric that fails is logged; it never fails the change it counts, which has committed.
    transaction.on_commit(count, robust=True)


def _seconds(delta: timedelta) -> float:
    return max(delta.total_seconds(), 0.0)


@receiver(generation_signals.job_admitted, dispatch_uid="metrics.job_admitted")
def _job_admitted(sender: type, job: GenerationJob, **kwargs: Any) -> None:
    # The rest of the request's log lines are about this job.
    logs.job_id.set(job.public_id)
    _on_commit(partial(_count_transition, JobStatus.RECEIVED))


@receiver(generation_signals.job_held, dispatch_uid="metrics.job_held")
def _job_held(sender: type, job: GenerationJob, **kwargs: Any) -> None:
    _on_commit(partial(_count_transition, JobStatus.HELD_FOR_REVIEW))


@receiver(generation_signals.job_finished, dispatch_uid="metrics.job_finished")
def _job_finished(sender: type, job: GenerationJob, **kwargs: Any) -> None:
    waited = _seconds(job.started_at - job.created_at) if job.started_at else None
    _on_commit(
        partial(
            _count_finished,
            status=job.status,
            queue=job.model.queue,
            model=job.model.name,
            waited=waited,
            # a cancelled or timed-out job's seconds are a partial run: they would skew the histogram
            generation_seconds=None if job.status in _PARTIAL_RUNS else job.generation_seconds,
            signing_failed=job.error_code == SIGNING_FAILED,
        )
    )


@receiver(audit_signals.event_recorded, dispatch_uid="metrics.event_recorded")
def _event_recorded(sender: type, event: AuditEvent, seconds: float, **kwargs: Any) -> None:
    AUDIT_APPEND_SECONDS.labels(chain="platform" if event.tenant_id is None else "tenant").observe(seconds)
    if event.event_type in _DECISION_EVENTS:
        _on_commit(partial(_count_decision, event.payload))


def _count_transition(status: str) -> None:
    JOB_TRANSITIONS.labels(status=status).inc()


def _count_finished(
    *,
    status: str,
    queue: str,
    model: str,
    waited: float | None,
    generation_seconds: float | None,
    signing_failed: bool,
) -> None:
    JOB_TRANSITIONS.labels(status=status).inc()
    # Touched for every model that finishes a job, so that its series reads 0 rather than missing.
    signing_failures = SIGNING_FAILURES.labels(model=model)
    if signing_failed:
        signing_failures.inc()
    if waited is not None:
        QUEUE_WAIT_SECONDS.labels(queue=queue).observe(waited)
    if generation_seconds is not None:
        GENERATION_SECONDS.labels(model=model).observe(generation_seconds)


def _count_decision(payload: dict[str, Any]) -> None:
    """`payload` is a PolicyDecision's dict (policy.types.PolicyDecision.as_dict), as recorded."""
    # A tenant's own categories (`custom/<name>`) count as `custom`: tenants must not mint series.
    categories = {
        "custom" if reason["category"].startswith("custom/") else reason["category"]
        for reason in payload.get("reasons") or []
    } or {"none"}
    for category in sorted(categories):
        POLICY_DECISIONS.labels(stage=payload["stage"], decision=payload["decision"], category=category).inc()


# HTTP ----------------------------------------------------------------------------------------------


def method_label(method: str | None) -> str:
    return method if method in _METHODS else "other"


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """One answered request; `route` is its URL pattern (never the path: ids would explode the series)."""
    HTTP_REQUEST_SECONDS.labels(
        method=method_label(method), route=route, status_class=f"{status // 100}xx"
    ).observe(seconds)

"""The job state machine: duplicate deliveries, cancellation, failures and webhooks, with the real
pipeline services and tasks (run in-process) on the tiny model."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection

from audit.events import Actor
from audit.models import AuditEvent
from generation import pipeline, selectors, tasks
from generation.models import GenerationJob, ImageDecision, JobStatus, Mode
from generation.params import GenerationParams
from generation.queues import Queue
from generation.services import JobRequest, job_cancel, job_create
from generation.steps import NextStep, Step
from policy.services import policy_version_create
from policy.templates import template
from provenance.errors import ProvenanceError

pytestmark = pytest.mark.django_db(transaction=True)


TESTS = Actor.system("tests")


def release_noise(tenant, review_at: float = 0.9) -> None:
    document = template("standard") | {
        "name": "pipeline-tests",
        "output": {"nsfw": {"review_at": review_at, "block_at": 1.0}},
    }
    policy_version_create(tenant=tenant, document=document, actor=TESTS, activate=True)


@pytest.fixture
def admit(tenant, tiny_model, settings, tmp_path, monkeypatch):
    """Admit a job without running it: what would be published to the broker is recorded instead."""
    from celery.app.task import Task

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ASSAY_MODERATE_IN_PLACE_QUEUES = []  # moderation on control, step by step
    sent: list[tuple[str, list]] = []
    queues: list[str | None] = []  # the queue each was published with (None: CELERY_TASK_ROUTES decides)

    def publish(task, args=None, **kwargs):
        sent.append((task.name, args))
        queues.append(kwargs.get("queue"))

    monkeypatch.setattr(Task, "apply_async", publish)
    # The tiny model's noise scores up to ~0.6 in Open NSFW; these tests are about the pipeline's
    # mechanics, so the output policy releases it (tests of holds set their own policy).
    release_noise(tenant)

    def make(**fields) -> GenerationJob:
        params = {"n": 2, "size": "64x64", "seed": 3, "steps": 2, "guidance_scale": 5.0} | fields.pop(
            "params", {}
        )
        request = JobRequest(
            model=tiny_model,
            mode=Mode.TEXT2IMG,
            prompt="a red circle",
            params=GenerationParams(**params),
            **fields,
        )
        job, _ = job_create(tenant=tenant, api_key=None, actor=Actor.system("tests"), request=request)
        return job

    make.sent = sent
    make.queues = queues
    return make


def events(job: GenerationJob) -> list[str]:
    return list(
        AuditEvent.objects.filter(subjects__job=job.public_id)
        .order_by("seq")
        .values_list("event_type", flat=True)
    )


def run_through(job: GenerationJob) -> None:
    """What the worker does, stage by stage (the next task's message is recorded, not sent)."""
    tasks.moderate_job_task.apply(args=[job.pk])
    tasks.generate_job_task.apply(args=[job.pk])
    tasks.finish_job_task.apply(args=[job.pk])


def test_admission_dispatches_moderation_on_the_control_queue(admit, settings):
    job = admit()
    assert job.status == JobStatus.RECEIVED
    assert admit.sent == [("generation.moderate_job_task", [job.pk])]
    assert admit.queues == [None]  # routed by the table, which sends it to `control`
    assert settings.CELERY_TASK_ROUTES["generation.moderate_job_task"] == {"queue": Queue.CONTROL}
    assert events(job) == ["job.received"]


def test_each_transition_returns_its_next_step(admit):
    job = admit()
    assert pipeline.job_moderate(job.pk) == NextStep(Step.GENERATE, job.pk, queue=Queue.GPU)
    assert pipeline.job_generate(job.pk) == NextStep(Step.FINISH, job.pk)
    assert pipeline.job_finish(job.pk) is None  # no webhook: nothing after completion
    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED and job.images.count() == 2
    assert admit.sent == [("generation.moderate_job_task", [job.pk])]  # transitions publish nothing


def test_a_held_image_holds_the_job_until_its_review_then_it_is_signed(admit, tenant):
    release_noise(tenant, review_at=0.0)  # every image is held for a person
    job = admit()
    pipeline.job_moderate(job.pk)
    pipeline.job_generate(job.pk)

    assert pipeline.job_finish(job.pk) is None
    job.refresh_from_db()
    assert job.status == JobStatus.HELD_FOR_REVIEW  # releases nothing while an image waits
    first, second = job.images.order_by("index")
    assert {first.decision, second.decision} == {ImageDecision.HELD}
    assert pipeline.job_review_output(job_pk=job.pk, image_pk=first.pk, approve=True, actor=TESTS) is None
    with pytest.raises(pipeline.ReviewNotPossible):  # decided once only
        pipeline.job_review_output(job_pk=job.pk, image_pk=first.pk, approve=False, actor=TESTS)
    next_step = pipeline.job_review_output(job_pk=job.pk, image_pk=second.pk, approve=False, actor=TESTS)
    assert next_step == NextStep(Step.FINISH, job.pk)  # the last decision moves the job on

    pipeline.job_finish(job.pk)
    job.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert (first.decision, second.decision) == (ImageDecision.RELEASED, ImageDecision.BLOCKED)
    assert first.provenance["c2pa"] and not second.provenance  # too small to watermark, but signed
    trail = events(job)
    assert trail.count("review.decided") == 2 and trail[-1] == "job.completed"


def test_each_task_dispatches_the_next_on_its_queue(admit):
    job = admit()
    tasks.moderate_job_task.apply(args=[job.pk])
    assert admit.sent[-1] == ("generation.generate_job_task", [job.pk])
    assert admit.queues[-1] == Queue.GPU  # the model's pool
    tasks.generate_job_task.apply(args=[job.pk])
    assert admit.sent[-1] == ("generation.finish_job_task", [job.pk]) and admit.queues[-1] is None
    tasks.finish_job_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED and job.images.count() == 2
    assert len(admit.sent) == 3


def test_signing_is_a_visible_state_that_a_redelivery_finishes(admit, monkeypatch):
    job = admit(params={"seed": 0})  # seeds 0 and 1: the tiny model's noise passes screening
    pipeline.job_moderate(job.pk)
    pipeline.job_generate(job.pk)
    seen = []

    def crash(job, image, *args, **kwargs):
        seen.append(GenerationJob.objects.get(pk=job.pk).status)
        # Allowed but not yet signed: never served until its provenance is recorded.
        assert selectors.released_image_for_tenant(job.tenant, image.public_id) is None
        raise SystemExit("worker killed while stamping")

    monkeypatch.setattr(pipeline, "_stamp", crash)
    with pytest.raises(SystemExit):
        pipeline.job_finish(job.pk)
    job.refresh_from_db()
    assert seen == [JobStatus.SIGNING] and job.status == JobStatus.SIGNING
    monkeypatch.undo()
    pipeline.job_finish(job.pk)  # the redelivered task
    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert [image.decision for image in job.images.all()] == ["released", "released"]
    assert all(image.provenance for image in job.images.all())
    assert events(job).count("policy.output_decided") == 2 and events(job).count("job.completed") == 1


def test_a_signing_failure_fails_the_job_and_releases_nothing(admit, monkeypatch):
    job = admit(params={"seed": 0})
    pipeline.job_moderate(job.pk)
    pipeline.job_generate(job.pk)

    def refuse(*args, **kwargs):
        raise ProvenanceError("the signing key was revoked")

    monkeypatch.setattr(pipeline.provenance_services, "stamp", refuse)
    pipeline.job_finish(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error_code) == (JobStatus.FAILED, "provenance_failed")
    assert [image.decision for image in job.images.all()] == ["pending", "pending"]  # in quarantine
    assert all(selectors.released_image_for_tenant(job.tenant, i.public_id) is None for i in job.images.all())


def test_a_task_delivered_twice_generates_once(admit):
    job = admit()
    pipeline.job_moderate(job.pk)
    tasks.generate_job_task.apply(args=[job.pk])
    tasks.generate_job_task.apply(args=[job.pk])  # the duplicate delivery
    job.refresh_from_db()
    assert job.status == JobStatus.SCREENING and job.attempts == 1
    assert job.images.count() == 2
    assert events(job).count("image.generated") == 2
    tasks.finish_job_task.apply(args=[job.pk])
    tasks.finish_job_task.apply(args=[job.pk])
    assert events(job).count("job.completed") == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="racing threads need PostgreSQL: SQLite's in-memory test database locks whole tables",
)
def test_two_workers_racing_for_one_job_run_it_once(admit):
    job = admit()
    pipeline.job_moderate(job.pk)
    claims: list[int | str | None] = []

    def claim() -> None:
        from django.db import connection

        try:
            claims.append(pipeline.job_claim_for_generation(job.pk))
        except pipeline.JobBusy:
            claims.append("busy")
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert claims.count(1) == 1, claims
    assert GenerationJob.objects.get(pk=job.pk).attempts == 1


def test_a_stale_attempt_cannot_record_its_result(admit):
    """A worker presumed dead (lease expired, job re-claimed) that wakes up must not write images."""
    job = admit()
    pipeline.job_moderate(job.pk)
    first = pipeline.job_claim_for_generation(job.pk)
    GenerationJob.objects.filter(pk=job.pk).update(lease_expires_at=None)  # its lease ran out
    second = pipeline.job_claim_for_generation(job.pk)
    assert (first, second) == (1, 2)
    spec = pipeline.generation_spec(job)
    from generation.backends import get_backend

    result = get_backend("diffusers").generate(spec)
    assert pipeline.job_record_generated(job.pk, attempt=first, result=result) is None
    assert job.images.count() == 0
    assert pipeline.job_record_generated(job.pk, attempt=second, result=result) is not None
    assert job.images.count() == 2


def test_cancel_stops_a_queued_job(admit):
    job = admit()
    pipeline.job_moderate(job.pk)
    assert GenerationJob.objects.get(pk=job.pk).status == JobStatus.QUEUED
    job_cancel(job=job, actor=Actor.system("tests"))
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    tasks.generate_job_task.apply(args=[job.pk])  # the queued message still arrives
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.images.count() == 0 and job.attempts == 0
    assert events(job) == ["job.received", "policy.prompt_decided", "job.cancelled"]


def test_cancel_during_generation_stops_denoising(admit):
    job = admit(params={"steps": 30})
    pipeline.job_moderate(job.pk)
    GenerationJob.objects.filter(pk=job.pk).update(cancel_requested=True)  # as job_cancel marks it
    GenerationJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    pipeline.job_generate(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.images.count() == 0
    assert events(job)[-1] == "job.cancelled"


def test_a_cancel_asked_while_generating_is_audited_with_who_asked(admit):
    job = admit(params={"steps": 30})
    pipeline.job_moderate(job.pk)
    GenerationJob.objects.filter(pk=job.pk).update(status=JobStatus.GENERATING)
    asker = Actor.system("asker")
    job_cancel(job=job, actor=asker)
    job_cancel(job=job, actor=asker)  # asking twice is one request
    job.refresh_from_db()
    assert job.status == JobStatus.GENERATING and job.cancel_requested
    (requested,) = AuditEvent.objects.filter(subjects__job=job.public_id, event_type="job.cancel_requested")
    assert (requested.actor_kind, requested.actor_id) == ("system", "asker")
    assert requested.payload["stage"] == "generating"

    GenerationJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)  # the worker picks it up
    pipeline.job_generate(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert events(job)[-2:] == ["job.cancel_requested", "job.cancelled"]


def test_a_job_past_generation_is_not_cancellable_and_finishes(admit):
    job = admit()
    pipeline.job_moderate(job.pk)
    pipeline.job_generate(job.pk)
    assert GenerationJob.objects.get(pk=job.pk).status == JobStatus.SCREENING
    with pytest.raises(pipeline.JobNotCancellable, match="can no longer be cancelled") as refused:
        job_cancel(job=job, actor=TESTS)
    assert refused.value.code == "not_cancellable" and refused.value.status == 409
    pipeline.job_finish(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED and not job.cancel_requested
    with pytest.raises(pipeline.JobNotCancellable) as finished:
        job_cancel(job=job, actor=TESTS)
    assert finished.value.code == "job_finished"


def test_cancelling_a_job_whose_images_wait_for_review_says_so(admit, tenant):
    release_noise(tenant, review_at=0.0)  # every image held
    job = admit()
    pipeline.job_moderate(job.pk)
    pipeline.job_generate(job.pk)
    pipeline.job_finish(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.HELD_FOR_REVIEW and job.images.count() == 2
    job_cancel(job=job, actor=TESTS)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert job.error_message == "Cancelled on request while its images were held for review."
    event = AuditEvent.objects.get(subjects__job=job.public_id, event_type="job.cancelled")
    assert event.payload["stage"] == "output review"


def test_backend_errors_fail_the_job_with_their_code(admit):
    job = admit(params={"scheduler": "NoSuchScheduler"})  # the backend refuses it
    pipeline.job_moderate(job.pk)
    pipeline.job_generate(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error_code == "invalid_input"
    assert "NoSuchScheduler" in job.error_message
    assert events(job)[-1] == "job.failed"


def test_a_crash_inside_a_task_fails_the_job_cleanly(admit, monkeypatch):
    job = admit()
    pipeline.job_moderate(job.pk)

    def explode(*args, **kwargs):
        raise RuntimeError("GPU fell off the bus")

    monkeypatch.setattr(pipeline, "job_record_generated", explode)
    tasks.generate_job_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error_code == "internal_error"
    assert "GPU" not in job.error_message  # internals stay in the log
    assert events(job)[-1] == "job.failed"


class Receiver:
    """A local webhook receiver that answers with the statuses it is given, then 200."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.received: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made: list[Receiver] = []

    def make(statuses: list[int]) -> Receiver:
        made.append(Receiver(statuses))
        return made[-1]

    yield make
    for item in made:
        item.close()


def test_webhook_is_signed_and_retried_until_delivered(admit, receiver, settings, tenant):
    from controlplane.celery import app

    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.ASSAY_WEBHOOK_RETRY_BASE_SECONDS = 0
    hook = receiver([500, 503])
    job = admit(webhook_url=hook.url)
    run_through(job)
    assert admit.sent[-1] == ("generation.deliver_webhook_task", [job.pk])

    app.conf.task_always_eager = True  # eager retries run at once, in order
    try:
        tasks.deliver_webhook_task.apply(args=[job.pk])
    finally:
        app.conf.task_always_eager = False
    assert len(hook.received) == 3
    headers, body = hook.received[-1]
    payload = json.loads(body)
    assert payload["type"] == "job.completed" and payload["data"]["id"] == job.public_id
    timestamp, signature = (part.split("=", 1)[1] for part in headers["Assay-Signature"].split(","))
    tenant.refresh_from_db()
    expected = hmac.new(
        tenant.webhook_secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(signature, expected)
    job.refresh_from_db()
    assert job.webhook_status == "delivered: 200"


def test_webhook_to_an_internal_address_is_refused_at_delivery(admit, receiver, settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    hook = receiver([])
    job = admit(webhook_url=hook.url)
    run_through(job)
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = []  # the operator withdrew the allowance meanwhile
    tasks.deliver_webhook_task.apply(args=[job.pk])
    assert hook.received == []
    job.refresh_from_db()
    assert job.webhook_status.startswith("refused: ")

"""Moderating a job on its model's queue (ASSAY_MODERATE_IN_PLACE_QUEUES): the worker that will generate
the job decides its prompt and, when it is allowed, generates in the same run. Moderation still commits
before any denoising starts, a held or blocked prompt is never generated, the states and audit events
are those of the control queue's path, and a message delivered again resumes where the job stopped."""

from __future__ import annotations

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.events import Actor
from audit.models import AuditEvent
from generation import pipeline, tasks
from generation.backends.diffusers_backend import DiffusersBackend
from generation.models import GenerationJob, JobStatus, Mode
from generation.params import GenerationParams
from generation.services import JobRequest, job_create
from policy.services import policy_version_create
from policy.templates import template
from tests.prompts import HELD_PROMPT  # `standard` holds it for review (sexual)

pytestmark = pytest.mark.django_db(transaction=True)

TESTS = Actor.system("tests")
MODERATE = "generation.moderate_job_task"
MODERATE_GENERATE = "generation.moderate_generate_job_task"
GENERATE = "generation.generate_job_task"


@pytest.fixture
def published(monkeypatch) -> list[tuple[str, list, str | None]]:
    """Every task message as it would be published (name, args, queue), recorded instead of sent."""
    from celery.app.task import Task

    sent: list[tuple[str, list, str | None]] = []

    def record(task, args=None, **kwargs) -> None:
        sent.append((task.name, args, kwargs.get("queue")))

    monkeypatch.setattr(Task, "apply_async", record)
    return sent


@pytest.fixture
def denoised(monkeypatch) -> list[tuple[str, int]]:
    """Each run of the diffusers backend: the job's status and its committed prompt decisions then,
    read from the database as another process would see them."""
    runs: list[tuple[str, int]] = []
    real = DiffusersBackend.generate

    def generate(backend, spec, progress=None):
        job = GenerationJob.objects.get(prompt=spec.prompt, status=JobStatus.GENERATING)
        decided = AuditEvent.objects.filter(
            subjects__job=job.public_id, event_type="policy.prompt_decided"
        ).count()
        runs.append((job.status, decided))
        return real(backend, spec, progress=progress)

    monkeypatch.setattr(DiffusersBackend, "generate", generate)
    return runs


@pytest.fixture
def admit(tenant, tiny_model, settings, tmp_path, published):
    """Admits a job under a policy made from `template_name` (the tiny model's noise released)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ASSAY_MODERATE_IN_PLACE_QUEUES = ["gpu"]

    active: list[str] = []

    def make(prompt: str = "a red circle", template_name: str = "standard") -> GenerationJob:
        if active[-1:] != [template_name]:
            document = template(template_name) | {
                "name": f"moderate-in-place-{template_name}",
                "output": {"nsfw": {"review_at": 0.9, "block_at": 1.0}},
            }
            policy_version_create(tenant=tenant, document=document, actor=TESTS, activate=True)
            active.append(template_name)
        request = JobRequest(
            model=tiny_model,
            mode=Mode.TEXT2IMG,
            prompt=prompt,
            params=GenerationParams(n=1, size="64x64", seed=7, steps=2, guidance_scale=5.0),
        )
        job, _ = job_create(tenant=tenant, api_key=None, actor=TESTS, request=request)
        return job

    return make


@pytest.fixture
def finishing():
    """This process finishes the jobs it generates, as a gpu worker with the screening models does."""
    tasks.finish_in_place(True)
    yield
    tasks.finish_in_place(False)


def events(job: GenerationJob) -> list[str]:
    return list(
        AuditEvent.objects.filter(subjects__job=job.public_id)
        .order_by("pk")
        .values_list("event_type", flat=True)
    )


def test_admission_publishes_moderation_on_the_models_queue_only_where_configured(admit, published, settings):
    job = admit()
    assert published == [(MODERATE_GENERATE, [job.pk], "gpu")]

    published.clear()
    settings.ASSAY_MODERATE_IN_PLACE_QUEUES = []
    job = admit()
    assert published == [(MODERATE, [job.pk], None)]  # CELERY_TASK_ROUTES: the control queue

    published.clear()
    settings.ASSAY_MODERATE_IN_PLACE_QUEUES = ["control", "api"]  # not the gpu model's queue
    job = admit()
    assert published == [(MODERATE, [job.pk], None)]


def test_an_allowed_prompt_is_moderated_then_generated_and_finished_in_one_run(
    admit, published, denoised, finishing
):
    job = admit()
    published.clear()
    tasks.moderate_generate_job_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert published == []  # no hop: neither to the gpu queue nor back to control
    # Denoising started only after the decision had committed (its event visible, job past `queued`).
    assert denoised == [(JobStatus.GENERATING, 1)]
    assert events(job) == [
        "job.received",
        "policy.prompt_decided",
        "image.generated",
        "policy.output_decided",
        "provenance.signed",
        "job.completed",
    ]


def test_the_same_job_through_the_control_queue_records_the_same_trail(admit, published, finishing, settings):
    here = admit()
    tasks.moderate_generate_job_task.apply(args=[here.pk])

    settings.ASSAY_MODERATE_IN_PLACE_QUEUES = []
    there = admit()
    published.clear()
    tasks.moderate_job_task.apply(args=[there.pk])
    assert published == [(GENERATE, [there.pk], "gpu")]
    tasks.generate_job_task.apply(args=[there.pk])

    here.refresh_from_db(), there.refresh_from_db()
    assert (here.status, here.decisions) == (there.status, there.decisions)
    assert events(here) == events(there)


@pytest.mark.parametrize(
    ("template_name", "status", "last_event"),
    [
        ("standard", JobStatus.HELD_FOR_REVIEW, "review.opened"),
        ("strict", JobStatus.REJECTED, "job.rejected"),
    ],
)
def test_a_held_or_blocked_prompt_is_never_generated(
    admit, published, denoised, finishing, template_name, status, last_event
):
    job = admit(HELD_PROMPT, template_name)
    published.clear()
    tasks.moderate_generate_job_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.status == status
    assert denoised == []
    assert not job.images.exists()
    assert events(job)[-1] == last_event
    assert [name for name, _, _ in published if name in (GENERATE, MODERATE_GENERATE)] == []


def test_an_approved_prompt_goes_to_the_gpu_queue_as_before(admit, published, denoised):
    job = admit(HELD_PROMPT, "standard")
    tasks.moderate_generate_job_task.apply(args=[job.pk])
    published.clear()

    tasks.dispatch(pipeline.job_review_prompt(job_pk=job.pk, approve=True, actor=TESTS))
    assert published == [(GENERATE, [job.pk], "gpu")]
    assert denoised == []


def test_a_message_delivered_again_after_moderation_generates_the_job(admit, published, denoised, finishing):
    """A worker that died after committing the decision (`queued`) left only this message: delivered
    again, it finds moderation done and generates."""
    job = admit()
    pipeline.job_moderate(job.pk)  # the first delivery got this far
    published.clear()

    tasks.moderate_generate_job_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert events(job).count("policy.prompt_decided") == 1  # decided once
    assert len(denoised) == 1

    tasks.moderate_generate_job_task.apply(args=[job.pk])  # and once more: nothing left to do
    assert len(denoised) == 1
    assert events(job).count("job.completed") == 1


@pytest.mark.parametrize("task", [tasks.moderate_job_task, tasks.moderate_generate_job_task])
@pytest.mark.parametrize(
    ("error", "code"),
    [(SoftTimeLimitExceeded(), "moderation_timeout"), (RuntimeError("encoder broke"), "internal_error")],
)
def test_both_moderation_tasks_fail_the_job_alike_when_moderation_times_out_or_crashes(
    admit, published, denoised, monkeypatch, task, error, code
):
    job = admit()
    published.clear()

    def broken(job_pk: int):
        raise error

    monkeypatch.setattr(pipeline, "job_moderate", broken)
    task.apply(args=[job.pk])

    job.refresh_from_db()
    assert (job.status, job.error_code) == (JobStatus.FAILED, code)
    assert denoised == []
    assert events(job)[-1] == "job.failed"
    assert [name for name, _, _ in published if name in (GENERATE, MODERATE_GENERATE)] == []


def test_without_finishing_in_place_the_finish_goes_to_control(admit, published):
    job = admit()
    published.clear()
    tasks.moderate_generate_job_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.SCREENING
    assert published == [("generation.finish_job_task", [job.pk], None)]


@pytest.fixture
def worker_start(monkeypatch):
    """Run the pool-process start hook as a worker consuming `queues` would; returns whether it
    loaded the prompt encoder."""
    from controlplane import celery

    def start(queues: list[str]) -> bool:
        loaded: list[bool] = []
        monkeypatch.setattr(
            celery.app.amqp.queues, "_consume_from", {q: celery.app.amqp.queues[q] for q in queues}
        )
        monkeypatch.setattr("policy.encoder.load", lambda: loaded.append(True))
        celery._warm_up_moderation()
        return bool(loaded)

    return start


def test_workers_that_moderate_load_the_encoder_at_start(worker_start, settings):
    settings.ASSAY_MODERATE_IN_PLACE_QUEUES = ["gpu"]
    assert worker_start(["gpu"]) is True
    assert worker_start(["control"]) is True
    assert worker_start(["api"]) is False  # its jobs are moderated on control

    settings.ASSAY_MODERATE_IN_PLACE_QUEUES = []
    assert worker_start(["gpu"]) is False
    assert worker_start(["control", "gpu"]) is True


def test_the_job_is_read_with_its_relations_once_for_moderation_and_generation(admit, published, finishing):
    """Generation starts from the row moderation read (`NextStep.row`), and the decision's transaction
    does not read an allowed job's columns back: in one run, the job is read with its relations once to
    moderate and generate it and once to finish it, and its own columns twice more (after the claims
    that record the images and release them). Each read is ~2-6 ms of a job's governance."""
    job = admit()
    with CaptureQueriesContext(connection) as queries:
        tasks.moderate_generate_job_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "generation_generationjob"."id"')
    ]
    assert len([sql for sql in reads if " INNER JOIN " in sql]) == 2
    assert len(reads) == 4

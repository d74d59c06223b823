"""Queue routing: each job's generation runs on its model's pool (`gpu` for local diffusers, `api` for
licensed APIs), its webhook on `webhooks`, everything else on `control`. What is checked is the queue a
message would really land on: Celery's own router applied to what `apply_async` was given (its `queue=`
and CELERY_TASK_ROUTES), so a job sent to the wrong pool, or a `queue=` dropped on the way, fails here."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.events import Actor
from generation import reconciler, tasks
from generation.catalog import model_register
from generation.models import GenerationJob, ImageModel, JobStatus, Mode
from generation.params import GenerationParams
from generation.queues import Queue
from generation.services import JobRequest, job_create
from policy.services import policy_version_create
from policy.templates import template

pytestmark = pytest.mark.django_db(transaction=True)

TESTS = Actor.system("tests")


@pytest.fixture
def api_model(db) -> ImageModel:
    return model_register(
        name="gpt-image-1",
        backend="openai",
        family="openai",
        license="OpenAI terms",
        provider_model="gpt-image-1",
        capabilities=[Mode.TEXT2IMG],
        sizes=["1024x1024"],
        actor=TESTS,
    )


@pytest.fixture
def published(monkeypatch) -> list[tuple[str, list, str]]:
    """Every task message as the broker would get it: (task name, args, the queue Celery routed it to).

    `app.send_task` is where `apply_async` hands over its options; the router resolves them exactly as
    a real publish does, and the message is recorded instead of sent."""
    from controlplane.celery import app

    sent: list[tuple[str, list, str]] = []

    def send_task(name, args=None, kwargs=None, **options):
        routed = app.amqp.router.route(dict(options), name, args, kwargs)
        sent.append((name, list(args or []), routed["queue"].name))

    monkeypatch.setattr(app, "send_task", send_task)
    return sent


@pytest.fixture
def carried(published, monkeypatch) -> list[tuple[str, str | None]]:
    """Beside `published`: (task name, the job id its message header carries) of every message."""
    from controlplane.celery import app

    record, headers = app.send_task, []

    def send_task(name, args=None, kwargs=None, **options):
        headers.append((name, (options.get("headers") or {}).get(tasks.JOB_ID_HEADER)))
        record(name, args, kwargs, **options)

    monkeypatch.setattr(app, "send_task", send_task)
    return headers


@pytest.fixture
def admit(tenant, settings, tmp_path, published):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The tiny model's noise scores up to ~0.6 in Open NSFW: release it, this is about routing.
    document = template("standard") | {
        "name": "routing-tests",
        "output": {"nsfw": {"review_at": 0.9, "block_at": 1.0}},
    }
    policy_version_create(tenant=tenant, document=document, actor=TESTS, activate=True)

    def make(model: ImageModel, size: str = "64x64", **fields) -> GenerationJob:
        local = {"seed": 0, "steps": 2} if model.backend == "diffusers" else {}  # a provider takes neither
        request = JobRequest(
            model=model,
            mode=Mode.TEXT2IMG,
            prompt="a red circle",
            params=GenerationParams(n=1, size=size, **local),
            **fields,
        )
        job, _ = job_create(tenant=tenant, api_key=None, actor=TESTS, request=request)
        return job

    return make


def test_a_model_names_its_backends_pool(tiny_model, api_model):
    assert tiny_model.queue == Queue.GPU
    assert api_model.queue == Queue.API


def test_a_local_models_job_generates_on_gpu_and_does_everything_else_on_control(
    admit, tiny_model, published, receiver_url, settings
):
    settings.ASSAY_MODERATE_IN_PLACE_QUEUES = []  # the gpu pool does not moderate
    job = admit(tiny_model, webhook_url=receiver_url)
    tasks.moderate_job_task.apply(args=[job.pk])
    tasks.generate_job_task.apply(args=[job.pk])
    tasks.finish_job_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert published == [
        ("generation.moderate_job_task", [job.pk], Queue.CONTROL),
        ("generation.generate_job_task", [job.pk], Queue.GPU),
        ("generation.finish_job_task", [job.pk], Queue.CONTROL),
        ("generation.deliver_webhook_task", [job.pk], Queue.WEBHOOKS),
    ]


def test_every_message_of_a_job_carries_its_public_id_for_the_tasks_log_lines(
    admit, tiny_model, carried, receiver_url, settings
):
    settings.ASSAY_MODERATE_IN_PLACE_QUEUES = []
    job = admit(tiny_model, webhook_url=receiver_url)
    tasks.moderate_job_task.apply(args=[job.pk])
    tasks.generate_job_task.apply(args=[job.pk])
    tasks.finish_job_task.apply(args=[job.pk])

    names = ["moderate_job_task", "generate_job_task", "finish_job_task", "deliver_webhook_task"]
    assert carried == [(f"generation.{name}", job.public_id) for name in names]


def test_a_gpu_worker_that_holds_the_screening_models_finishes_its_job_without_a_hop_to_control(
    admit, tiny_model, published, receiver_url, settings
):
    settings.ASSAY_MODERATE_IN_PLACE_QUEUES = []
    tasks.finish_in_place(True)  # what a gpu worker's process does once its screening models loaded
    try:
        job = admit(tiny_model, webhook_url=receiver_url)
        tasks.moderate_job_task.apply(args=[job.pk])
        tasks.generate_job_task.apply(args=[job.pk])
    finally:
        tasks.finish_in_place(False)

    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert published == [
        ("generation.moderate_job_task", [job.pk], Queue.CONTROL),
        ("generation.generate_job_task", [job.pk], Queue.GPU),
        ("generation.deliver_webhook_task", [job.pk], Queue.WEBHOOKS),
    ]


def test_a_gpu_worker_that_moderates_and_finishes_in_place_runs_the_whole_job_in_one_task(
    admit, tiny_model, published, receiver_url, settings
):
    settings.ASSAY_MODERATE_IN_PLACE_QUEUES = ["gpu"]  # the bench layout (off by default)
    tasks.finish_in_place(True)
    try:
        job = admit(tiny_model, webhook_url=receiver_url)
        tasks.moderate_generate_job_task.apply(args=[job.pk])
    finally:
        tasks.finish_in_place(False)

    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert published == [
        ("generation.moderate_generate_job_task", [job.pk], Queue.GPU),
        ("generation.deliver_webhook_task", [job.pk], Queue.WEBHOOKS),
    ]


def test_a_licensed_api_models_job_generates_on_api(admit, api_model, published):
    job = admit(api_model, size="1024x1024")
    tasks.moderate_job_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert published == [
        ("generation.moderate_job_task", [job.pk], Queue.CONTROL),
        ("generation.generate_job_task", [job.pk], Queue.API),  # not the table's default, `gpu`
    ]


def test_the_reconciler_sends_a_stuck_job_back_to_its_models_pool(admit, tiny_model, api_model, published):
    local, remote = admit(tiny_model), admit(api_model, size="1024x1024")
    for job in (local, remote):
        tasks.moderate_job_task.apply(args=[job.pk])
    published.clear()  # the messages that were "lost"

    later = timezone.now() + timedelta(hours=1)
    for step in reconciler.jobs_reconcile(now=later):
        assert step.job_id == GenerationJob.objects.get(pk=step.job_pk).public_id
        tasks.dispatch(step)

    assert sorted(published) == sorted(
        [
            ("generation.generate_job_task", [local.pk], Queue.GPU),
            ("generation.generate_job_task", [remote.pk], Queue.API),
        ]
    )


@pytest.fixture
def receiver_url(settings):
    """A webhook URL whose delivery is never attempted here (only its task's queue is checked)."""
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    return "http://127.0.0.1:9/hook"

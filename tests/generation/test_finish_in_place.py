"""Finishing a job in the process that generated it (ASSAY_FINISH_IN_PLACE): the same states, events,
decisions and released images as when the control queue finishes it, no finish message published, the
images handed over in memory, failures and resumption as the control queue's finish task has them, and
the worker's start deciding which processes do it."""

from __future__ import annotations

import logging

import pytest
from django.core.files.storage import default_storage

from audit.events import Actor
from audit.models import AuditEvent
from generation import log_proofs, pipeline, storage, tasks
from generation.models import GenerationJob, JobStatus, Mode
from generation.params import GenerationParams
from generation.services import JobRequest, job_create
from policy.services import policy_version_create
from policy.templates import template
from provenance.services import verify

pytestmark = pytest.mark.django_db(transaction=True)

TESTS = Actor.system("tests")
FINISH = "generation.finish_job_task"


@pytest.fixture
def published(monkeypatch) -> list[tuple[str, list]]:
    """Every task message as it would be published, recorded instead of sent."""
    from celery.app.task import Task

    sent: list[tuple[str, list]] = []
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: sent.append((task.name, args)))
    return sent


@pytest.fixture
def in_place():
    """This process finishes the jobs it generates, as a worker that loaded the screening models does."""
    tasks.finish_in_place(True)
    yield
    tasks.finish_in_place(False)


@pytest.fixture
def admit(tenant, tiny_model, settings, tmp_path, published):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The tiny model's noise scores up to ~0.6 in Open NSFW: release it, this is about who finishes.
    document = template("standard") | {
        "name": "in-place-tests",
        "output": {"nsfw": {"review_at": 0.9, "block_at": 1.0}},
    }
    policy_version_create(tenant=tenant, document=document, actor=TESTS, activate=True)

    def make(**fields) -> GenerationJob:
        request = JobRequest(
            model=tiny_model,
            mode=Mode.TEXT2IMG,
            prompt="a red circle",
            params=GenerationParams(n=2, size="64x64", seed=7, steps=2, guidance_scale=5.0),
            **fields,
        )
        job, _ = job_create(tenant=tenant, api_key=None, actor=TESTS, request=request)
        tasks.moderate_job_task.apply(args=[job.pk])
        return job

    return make


def trail(job: GenerationJob) -> list[tuple[str, dict]]:
    """The job's audit events with what does not depend on the run (ids, times, hashes) left out."""
    events = AuditEvent.objects.filter(subjects__job=job.public_id).order_by("pk")
    # The quota settles to the measured generation seconds.
    volatile = {
        "sha256",
        "c2pa",
        "watermark",
        "attempt",
        "settings",
        "policy_version",
        "manifest_label",
        "quota",
    }
    return [
        (event.event_type, {k: v for k, v in event.payload.items() if k not in volatile}) for event in events
    ]


def outcome(job: GenerationJob) -> tuple[str, list[tuple[int, str, str, list]]]:
    job.refresh_from_db()
    images = [
        (image.index, image.decision, image.pixels_sha256, image.decision_reasons)
        for image in job.images.order_by("index")
    ]
    return job.status, images


def test_a_job_finished_in_place_ends_as_one_finished_on_the_control_queue(admit, published, in_place):
    here = admit(webhook_url="")
    tasks.generate_job_task.apply(args=[here.pk])
    assert FINISH not in [name for name, _ in published]  # no hop back to `control`

    tasks.finish_in_place(False)
    there = admit(webhook_url="")
    tasks.generate_job_task.apply(args=[there.pk])
    assert published[-1] == (FINISH, [there.pk])
    tasks.finish_job_task.apply(args=[there.pk])

    assert outcome(here) == outcome(there)
    assert outcome(here)[0] == JobStatus.COMPLETED
    assert trail(here) == trail(there)
    assert [event for event, _ in trail(here)][-5:] == [
        "policy.output_decided",
        "policy.output_decided",
        "provenance.signed",
        "provenance.signed",
        "job.completed",
    ]
    released = [image for image in here.images.all() if image.decision == "released"]
    assert len(released) == 2 and all(storage.exists(image.storage_path) for image in released)
    assert all(image.provenance["c2pa"]["manifest_label"] for image in released)


def test_in_place_the_log_positions_signed_are_those_of_the_recorded_events(admit, in_place, monkeypatch):
    """The worker writes each image's log position from the image.generated event it just appended,
    without looking the event up again; the position is the one the stored event has in the log."""
    job = admit()
    looked_up: list[str] = []
    real_lookup = log_proofs.generation_event
    monkeypatch.setattr(
        log_proofs,
        "generation_event",
        lambda image, *a: looked_up.append(image.public_id) or real_lookup(image, *a),
    )
    tasks.generate_job_task.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert looked_up == []

    images = list(job.images.order_by("index"))
    signed = [verify(storage.read(image.storage_path))["c2pa"]["assay"]["log"] for image in images]
    assert signed == [log_proofs.log_position_assertion(image) for image in images]  # from the database
    assert len(looked_up) == 2 and len({position["index"] for position in signed}) == 2


def test_in_place_the_finish_reads_the_generated_images_from_memory(admit, in_place, monkeypatch):
    job = admit()
    opened: list[str] = []
    real_open = default_storage.open
    monkeypatch.setattr(
        default_storage, "open", lambda name, *a, **k: opened.append(name) or real_open(name, *a, **k)
    )

    tasks.generate_job_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert not [name for name in opened if name.startswith("images/")]


def test_in_place_stamping_takes_the_generated_pixels_instead_of_decoding_the_file(
    admit, in_place, monkeypatch
):
    from provenance import services as provenance_services

    job = admit()
    opened: list[bytes] = []
    real_open = provenance_services._open
    monkeypatch.setattr(
        provenance_services, "_open", lambda data, what: opened.append(data) or real_open(data, what)
    )

    tasks.generate_job_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED and job.images.count() == 2
    assert opened == []  # both images stamped from the pixels the backend encoded


def test_the_control_queue_stamps_from_the_stored_file(admit, published, monkeypatch):
    from provenance import services as provenance_services

    job = admit()
    opened: list[bytes] = []
    real_open = provenance_services._open
    monkeypatch.setattr(
        provenance_services, "_open", lambda data, what: opened.append(data) or real_open(data, what)
    )
    tasks.generate_job_task.apply(args=[job.pk])
    tasks.finish_job_task.apply(args=[job.pk])  # another process: nothing kept in memory

    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED and len(opened) == 2


def test_kept_pixels_are_only_those_written_with_their_bytes_inside_keeping(settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path / "media"
    pixels = Image.new("RGB", (4, 4), (200, 10, 10))
    outside = storage.write("images/t/outside.png", b"png bytes", pixels=pixels)
    assert storage.kept_pixels(outside) is None
    with storage.keeping():
        path = storage.write("images/t/0.png", b"png bytes", pixels=pixels)
        bare = storage.write("images/t/1.png", b"jpeg bytes")
        assert storage.kept_pixels(path) is pixels
        assert storage.kept_pixels(bare) is None and storage.kept_pixels(outside) is None
    assert storage.kept_pixels(path) is None


def test_keeping_serves_only_what_was_written_inside_it(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    before = storage.write("images/t/before.png", b"stored before")
    with storage.keeping():
        path = storage.write("images/t/0.png", b"generated")
        default_storage.delete(path)  # only the kept copy is left
        assert storage.read(path) == b"generated"
        assert storage.read(before) == b"stored before"
        storage.delete(path)
        with pytest.raises(FileNotFoundError):
            storage.read(path)
    storage.write("images/t/0.png", b"rewritten by another process")
    assert storage.read("images/t/0.png") == b"rewritten by another process"


def test_a_crash_while_finishing_in_place_fails_the_job_as_the_control_queue_would(
    admit, in_place, monkeypatch, caplog
):
    job = admit()

    def crash(job_pk: int) -> None:
        raise RuntimeError("the classifier's runtime died")

    monkeypatch.setattr(pipeline, "job_finish", crash)
    with caplog.at_level(logging.ERROR, logger="generation.tasks"):
        tasks.generate_job_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert (job.error_code, job.error_message) == (
        "internal_error",
        "Screening or release failed; it has been logged.",
    )
    assert "screening/release of job" in caplog.text
    assert AuditEvent.objects.filter(subjects__job=job.public_id, event_type="image.generated").count() == 2


def test_time_running_out_while_finishing_in_place_hands_the_finish_to_the_control_queue(
    admit, published, in_place, monkeypatch
):
    """The images are made and stored: the job is finished from storage, not failed and refunded."""
    from celery.exceptions import SoftTimeLimitExceeded

    job = admit()
    published.clear()
    finish = pipeline.job_finish

    def out_of_time(job_pk: int) -> None:
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(pipeline, "job_finish", out_of_time)
    tasks.generate_job_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.status == JobStatus.SCREENING and job.error_code == ""
    assert published == [(FINISH, [job.pk])]
    assert not AuditEvent.objects.filter(subjects__job=job.public_id, event_type="job.failed").exists()

    monkeypatch.setattr(pipeline, "job_finish", finish)
    tasks.finish_job_task.apply(args=[job.pk])  # the control queue's finish, from storage

    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    released = [image for image in job.images.all() if image.decision == "released"]
    assert len(released) == 2 and all(storage.exists(image.storage_path) for image in released)
    assert all(image.provenance["c2pa"]["manifest_label"] for image in released)
    assert [event for event, _ in trail(job)].count("job.completed") == 1


def test_a_redelivered_generation_resumes_a_job_whose_finish_died_with_its_worker(admit, published, in_place):
    job = admit()
    pipeline.job_generate(job.pk)  # generated and recorded; the worker died before finishing it
    job.refresh_from_db()
    assert job.status == JobStatus.SCREENING

    tasks.generate_job_task.apply(args=[job.pk])  # the same message, delivered again

    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert [name for name, _ in published].count(FINISH) == 0
    events = [event for event, _ in trail(job)]
    assert events.count("job.completed") == 1 and events.count("image.generated") == 2


def test_without_in_place_a_redelivered_generation_leaves_the_finish_to_the_control_queue(admit, published):
    job = admit()
    pipeline.job_generate(job.pk)
    published.clear()

    tasks.generate_job_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.status == JobStatus.SCREENING  # the reconciler sends it to `control`
    assert published == []


def test_a_redelivered_generation_of_a_finished_job_does_nothing(admit, published, in_place):
    job = admit()
    tasks.generate_job_task.apply(args=[job.pk])
    events = trail(job)
    published.clear()

    tasks.generate_job_task.apply(args=[job.pk])

    assert trail(job) == events and published == []


# Which processes finish in place: decided at a worker process's start ---------------------------------


@pytest.fixture
def worker_start(monkeypatch):
    """Run the pool-process start hook as a worker consuming `queues` would, the models' loading
    replaced by `load`; returns whether the process then finishes in place."""
    from controlplane import celery

    def start(queues: list[str], load=lambda: None) -> bool:
        monkeypatch.setattr(
            celery.app.amqp.queues, "_consume_from", {q: celery.app.amqp.queues[q] for q in queues}
        )
        monkeypatch.setattr("policy.decisions.warm_up", load)
        tasks.finish_in_place(False)
        celery._warm_up_screening()
        return tasks.finishes_in_place()

    yield start
    tasks.finish_in_place(False)


def test_a_generation_worker_with_the_models_finishes_in_place(worker_start, settings):
    settings.ASSAY_FINISH_IN_PLACE = True
    assert worker_start(["gpu"]) is True
    assert worker_start(["api"]) is True
    assert worker_start(["control", "gpu", "api"]) is True
    assert worker_start(["control"]) is False  # it runs every finish anyway, from the queue


def test_the_setting_off_or_missing_models_hand_the_finish_to_control(worker_start, settings):
    loaded: list[bool] = []
    settings.ASSAY_FINISH_IN_PLACE = False
    assert worker_start(["gpu"], load=lambda: loaded.append(True)) is False
    assert loaded == []  # a gpu worker that does not finish never loads the screening models

    def missing() -> None:
        raise FileNotFoundError("open_nsfw model not found")

    settings.ASSAY_FINISH_IN_PLACE = True
    assert worker_start(["gpu"], load=missing) is False


def test_in_place_images_are_marked_beside_screening_and_only_released_ones_signed(
    admit, in_place, tenant, monkeypatch
):
    """The marks (label, watermark, XMP) start in the marker thread before screening decides; an image
    screening blocks is never signed nor stored signed, and its job ends as it would have anyway."""
    import threading

    from provenance import services as provenance_services

    marked_in: list[str] = []
    sealed: list[int] = []
    real_mark, real_seal = provenance_services.mark, provenance_services.seal

    def mark(request):
        marked_in.append(threading.current_thread().name)
        return real_mark(request)

    def seal(request, marked):
        sealed.append(request.assertion["index"])
        return real_seal(request, marked)

    monkeypatch.setattr(provenance_services, "mark", mark)
    monkeypatch.setattr(provenance_services, "seal", seal)

    released = admit()
    tasks.generate_job_task.apply(args=[released.pk])
    assert outcome(released)[0] == JobStatus.COMPLETED
    assert len(marked_in) == 2 and all(name.startswith("assay-mark") for name in marked_in)
    assert sorted(sealed) == [0, 1]

    blocking = template("standard") | {
        "name": "in-place-blocks",
        "output": {"nsfw": {"review_at": 0.0, "block_at": 0.0}},
    }
    policy_version_create(tenant=tenant, document=blocking, actor=TESTS, activate=True)
    marked_in.clear(), sealed.clear()
    blocked = admit()
    tasks.generate_job_task.apply(args=[blocked.pk])
    status, images = outcome(blocked)
    assert status == JobStatus.COMPLETED and [decision for _, decision, _, _ in images] == ["blocked"] * 2
    assert len(marked_in) == 2 and sealed == []  # marked while screened, dropped once blocked
    assert "provenance.signed" not in [event for event, _ in trail(blocked)]
    assert not [
        path
        for path in default_storage.listdir(f"images/{tenant.public_id}/{blocked.public_id}")[1]
        if ".signed." in path
    ]

"""The retention run (`quarantine_purge`, hourly): an edit's uploads are deleted once its job has been
over for its policy's `output.retention_days`, whatever the outcome, never while a review item (an
appeal) of the job is open, and recorded once (`job.inputs_deleted`, with their sha256). Bytes are
deleted before the record commits: a storage error leaves the row for the next run, and the run goes on.

The pipeline runs for real (tasks eagerly, the tiny model); edits go through the API.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from audit.events import Actor, EventType
from audit.models import AuditEvent
from controlplane.review.models import ReviewItem, ReviewKind, ReviewState
from generation import storage
from generation.models import GeneratedImage, GenerationJob, ImageDecision, JobStatus
from generation.quarantine import inputs_purge, quarantine_purge
from policy.services import policy_version_create
from policy.templates import template
from tests.helpers import assert_error

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_pipeline", "tiny_model"),
]

RETENTION_DAYS = 2
BLOCKED_TERM = "roulette"  # a custom category of the policy blocks prompts with it


def use_policy(tenant, *, output: dict | None = None) -> None:
    """Prompts naming roulette blocked; output (and input) screening as `output` says, else never held."""
    document = template("standard") | {"name": "input-retention"}
    document["categories"]["custom/gambling"] = {"review_at": 0.5, "block_at": 0.9, "terms": [BLOCKED_TERM]}
    nsfw = output or {"nsfw": {"review_at": 1.0, "block_at": 1.0}}
    document["output"] = document["output"] | nsfw | {"retention_days": RETENTION_DAYS}
    policy_version_create(tenant=tenant, document=document, actor=Actor.system("tests"), activate=True)


def png(colour: tuple[int, ...]) -> bytes:
    picture = Image.new("RGBA" if len(colour) == 4 else "RGB", (64, 64), colour)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def upload(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def edit(client, prompt: str, *, colour: tuple[int, int, int] = (200, 0, 0)):
    body = {
        "model": "assay-tiny",
        "prompt": prompt,
        "steps": "2",
        "seed": "0",
        "image": upload(png(colour), "in.png"),
        "mask": upload(png((0, 0, 0, 0)), "mask.png"),  # all to edit,
    }
    return client.post("/v1/images/edits", body, format="multipart")


def blocked_edit(client, colour: tuple[int, int, int] = (200, 0, 0)) -> GenerationJob:
    """An edit the prompt policy blocked: rejected, nothing generated, both uploads stored."""
    error = assert_error(
        edit(client, f"a {BLOCKED_TERM} wheel", colour=colour), 400, "content_policy_violation"
    )
    job = GenerationJob.objects.get(public_id=error["job_id"])
    assert job.status == JobStatus.REJECTED and job.finished_at is not None
    assert storage.exists(job.input_image_path) and storage.exists(job.input_mask_path)
    return job


def deletions(job: GenerationJob) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(event_type=EventType.JOB_INPUTS_DELETED, subjects__job=job.public_id)
    )


def past_retention(job: GenerationJob) -> object:
    return job.finished_at + timedelta(days=RETENTION_DAYS, minutes=1)


@pytest.fixture
def storage_fails(monkeypatch):
    """`storage_fails(path)`: deleting `path` raises, as an unavailable storage does (other paths are
    deleted); `storage_fails(None)`: the storage works again."""
    delete = storage.delete

    def fail_on(path: str | None) -> None:
        def failing(deleted: str) -> None:
            if deleted == path:
                raise OSError("the storage is unavailable")
            delete(deleted)

        monkeypatch.setattr(storage, "delete", delete if path is None else failing)

    return fail_on


@pytest.fixture
def developer(tenant, key_client):
    return key_client(tenant, "developer", email="dev@acme.example")


def test_a_blocked_edits_uploads_are_deleted_when_its_retention_ends_and_recorded_once(tenant, developer):
    use_policy(tenant)
    job = blocked_edit(developer.client)
    image_path, mask_path = job.input_image_path, job.input_mask_path
    (received,) = AuditEvent.objects.filter(event_type=EventType.JOB_RECEIVED, subjects__job=job.public_id)

    assert inputs_purge(now=job.finished_at + timedelta(days=RETENTION_DAYS, minutes=-1)) == 0
    assert storage.exists(image_path) and storage.exists(mask_path) and not deletions(job)

    assert quarantine_purge(now=past_retention(job)) == 0  # no image: the run deleted the uploads only
    assert inputs_purge(now=past_retention(job)) == 0  # nothing twice

    job.refresh_from_db()
    assert (job.input_image_path, job.input_mask_path) == ("", "")
    assert not storage.exists(image_path) and not storage.exists(mask_path)
    (event,) = deletions(job)
    assert event.actor_id == "retention" and event.subjects == {"job": job.public_id}
    assert event.payload["inputs"] == received.payload["inputs"]  # {"image": sha256, "mask": sha256}
    assert set(event.payload["inputs"]) == {"image", "mask"}
    assert event.payload["status"] == JobStatus.REJECTED
    assert event.payload["retention_days"] == RETENTION_DAYS
    assert event.payload["ended_at"] == job.finished_at.isoformat()


def test_an_open_appeal_keeps_the_uploads_until_it_is_decided(tenant, developer, key_client):
    use_policy(tenant)
    job = blocked_edit(developer.client)
    appealed = developer.client.post(
        f"/v1/jobs/{job.public_id}/appeal", {"justification": "a toy wheel"}, format="json"
    )
    assert appealed.status_code in (200, 201), appealed.content
    item = ReviewItem.objects.get(job=job, kind=ReviewKind.APPEAL)

    assert inputs_purge(now=past_retention(job)) == 0  # an upheld appeal runs the edit from them
    job.refresh_from_db()
    assert storage.exists(job.input_image_path) and storage.exists(job.input_mask_path)

    reviewer = key_client(tenant, "reviewer", email="rita@acme.example")
    denied = reviewer.client.post(
        f"/v1/reviews/{item.public_id}/decide", {"decision": "reject", "note": "gambling"}, format="json"
    )
    assert denied.status_code == 200 and denied.json()["state"] == ReviewState.REJECTED

    assert inputs_purge(now=past_retention(job)) == 1  # the rule applies again
    job.refresh_from_db()
    assert (job.input_image_path, job.input_mask_path) == ("", "") and len(deletions(job)) == 1


def test_a_released_edits_uploads_go_by_the_same_rule_and_its_image_stays(tenant, developer):
    use_policy(tenant)
    answer = edit(developer.client, "make it sunny")
    assert answer.status_code == 200, answer.content
    job = GenerationJob.objects.get(status=JobStatus.COMPLETED)
    released = job.images.get()
    assert released.decision == ImageDecision.RELEASED
    image_path = job.input_image_path

    assert quarantine_purge(now=past_retention(job)) == 0

    job.refresh_from_db()
    released.refresh_from_db()
    assert not job.input_image_path and not storage.exists(image_path)
    assert deletions(job)[0].payload["status"] == JobStatus.COMPLETED
    assert released.decision == ImageDecision.RELEASED and storage.exists(released.storage_path)


def test_a_failing_delete_leaves_the_uploads_for_the_next_run_and_the_run_goes_on(
    tenant, developer, storage_fails
):
    use_policy(tenant)
    broken = blocked_edit(developer.client, colour=(200, 0, 0))
    fine = blocked_edit(developer.client, colour=(0, 200, 0))
    now = past_retention(fine)
    storage_fails(broken.input_mask_path)
    assert inputs_purge(now=now) == 1

    broken.refresh_from_db()
    fine.refresh_from_db()
    # Not recorded as deleted; the paths kept (the image's bytes may be gone: the next run re-deletes).
    assert broken.input_image_path and broken.input_mask_path and storage.exists(broken.input_mask_path)
    assert not deletions(broken)
    assert not fine.input_image_path and len(deletions(fine)) == 1

    storage_fails(None)
    assert inputs_purge(now=now) == 1
    broken.refresh_from_db()
    assert not broken.input_image_path and not broken.input_mask_path and len(deletions(broken)) == 1
    assert set(deletions(broken)[0].payload["inputs"]) == {"image", "mask"}


def test_a_failing_image_delete_is_never_recorded_and_is_retried(tenant, developer, storage_fails):
    use_policy(tenant, output={"nsfw": {"review_at": 0.0, "block_at": 0.0}})  # every image blocked
    answer = developer.client.post(
        "/v1/images/generations",
        {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "steps": 2, "seed": 0, "n": 2},
        format="json",
    )
    job = GenerationJob.objects.get(public_id=assert_error(answer, 400, "content_policy_violation")["job_id"])
    broken, fine = job.images.order_by("index")
    assert {broken.decision, fine.decision} == {ImageDecision.BLOCKED}
    now = max(broken.created_at, fine.created_at) + timedelta(days=RETENTION_DAYS, minutes=1)
    storage_fails(broken.storage_path)
    assert quarantine_purge(now=now) == 1

    broken.refresh_from_db()
    fine.refresh_from_db()
    assert broken.purged_at is None and storage.exists(broken.storage_path)
    assert fine.purged_at is not None and not fine.storage_path
    deleted = AuditEvent.objects.filter(event_type=EventType.IMAGE_QUARANTINE_DELETED)
    assert [e.subjects["image"] for e in deleted] == [fine.public_id]

    storage_fails(None)
    path = broken.storage_path
    assert quarantine_purge(now=now) == 1
    broken.refresh_from_db()
    assert broken.purged_at is not None and not storage.exists(path)
    assert GeneratedImage.objects.filter(purged_at__isnull=True).count() == 0


def test_an_edit_whose_uploads_are_gone_cannot_be_appealed(tenant, developer):
    """An upheld appeal of a prompt-stage block runs the edit: with its uploads deleted there is nothing
    to run, so the appeal is refused at once rather than upheld into a failing job."""
    use_policy(tenant)
    job = blocked_edit(developer.client)
    assert quarantine_purge(now=past_retention(job)) == 0

    refused = developer.client.post(
        f"/v1/jobs/{job.public_id}/appeal", {"justification": "a toy wheel"}, format="json"
    )

    assert_error(refused, 409, "not_appealable")
    assert "deleted at the end of its retention" in refused.json()["error"]["message"]
    assert not ReviewItem.objects.filter(job=job).exists()


def test_a_replay_of_an_edit_whose_upload_is_gone_is_refused_before_it_is_queued(
    tenant, developer, key_client
):
    use_policy(tenant)
    assert edit(developer.client, "make it sunny").status_code == 200
    job = GenerationJob.objects.get(status=JobStatus.COMPLETED)
    assert quarantine_purge(now=past_retention(job)) == 0 and deletions(job)

    auditor = key_client(tenant, "auditor", email="audrey@acme.example")
    refused = auditor.client.post(f"/v1/images/{job.images.get().public_id}/replay")

    assert_error(refused, 409, "replay_input_gone")
    assert not AuditEvent.objects.filter(event_type=EventType.IMAGE_REPLAY_REQUESTED).exists()


def test_an_edits_upload_waits_for_its_withheld_images_whose_delete_failed(tenant, developer, storage_fails):
    """Such an image may still be appealed and released, naming the upload as its ingredient."""
    use_policy(tenant)
    assert edit(developer.client, "make it sunny").status_code == 200
    job = GenerationJob.objects.get()
    image = job.images.get()
    # Blocked as the output policy blocks (an input held by the same screening would not be generated).
    GeneratedImage.objects.filter(pk=image.pk).update(decision=ImageDecision.BLOCKED)
    now = past_retention(job)
    storage_fails(image.storage_path)
    assert quarantine_purge(now=now) == 0
    job.refresh_from_db()
    assert job.input_image_path and storage.exists(job.input_image_path) and not deletions(job)

    storage_fails(None)
    assert quarantine_purge(now=now) == 1
    job.refresh_from_db()
    assert not job.input_image_path and len(deletions(job)) == 1

"""Quarantine: held, blocked and unscreened images are withheld from the images API, readable (audited)
by reviewers and admins only, and deleted at the end of their policy's retention."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image, ImageStat

from audit.events import Actor, EventType
from audit.models import AuditEvent
from generation import storage
from generation.models import GeneratedImage, GenerationJob, ImageDecision, JobStatus, Mode
from generation.params import GenerationParams
from generation.quarantine import quarantine_purge
from generation.services import JobRequest, job_create
from policy.services import policy_version_create
from policy.templates import template
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def _checkerboard() -> bytes:
    """A picture whose detail a blur destroys: 64x64 black and white squares of 4 px."""
    picture = Image.new("L", (64, 64))
    picture.putdata([255 * ((x // 4 + y // 4) % 2) for y in range(64) for x in range(64)])
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


PNG = _checkerboard()


@pytest.fixture
def make_image(tiny_model, settings, tmp_path, monkeypatch):
    """A job of `tenant` with one stored image of the given decision (what screening leaves behind)."""
    from celery.app.task import Task

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: None)

    def make(tenant, decision: str, *, age_days: float = 0) -> GeneratedImage:
        request = JobRequest(
            model=tiny_model,
            mode=Mode.TEXT2IMG,
            prompt="a red circle",
            params=GenerationParams(n=1, size="64x64"),
        )
        job, _ = job_create(tenant=tenant, api_key=None, actor=Actor.system("tests"), request=request)
        path = storage.write(f"images/{tenant.public_id}/{job.public_id}/0.png", PNG)
        return GeneratedImage.objects.create(
            tenant=tenant,
            job=job,
            index=0,
            storage_path=path,
            mime_type="image/png",
            sha256=storage.sha256_hex(PNG),
            byte_size=len(PNG),
            width=8,
            height=8,
            decision=decision,
            decision_reasons=[{"category": "sexual", "source": "nsfw", "score": 0.97, "threshold": 0.8}],
            created_at=timezone.now() - timedelta(days=age_days),
        )

    return make


@pytest.mark.parametrize("decision", [ImageDecision.HELD, ImageDecision.BLOCKED, ImageDecision.PENDING])
def test_quarantined_images_are_never_served_by_the_images_api(tenant, key_client, make_image, decision):
    image = make_image(tenant, decision)
    admin = key_client(tenant, "admin")
    assert_error(admin.client.get(f"/v1/images/{image.public_id}"), 404, "not_found")
    assert_error(admin.client.get(f"/v1/images/{image.public_id}/content"), 404, "not_found")


def test_reviewers_see_quarantined_images_blurred_and_each_reveal_is_audited(tenant, key_client, make_image):
    image = make_image(tenant, ImageDecision.BLOCKED)
    reviewer = key_client(tenant, "reviewer")

    listed = reviewer.client.get("/v1/quarantine/images").json()["data"]
    assert [(i["id"], i["decision"]) for i in listed] == [(image.public_id, "blocked")]
    assert listed[0]["reasons"][0]["category"] == "sexual"
    preview = reviewer.client.get(f"/v1/quarantine/images/{image.public_id}/content")

    # By default: a blurred PNG of the same size whose squares are gone (grey, nearly flat), not audited.
    assert preview.status_code == 200 and preview["Content-Type"] == "image/png"
    assert preview.content != PNG and preview["Cache-Control"] == "no-store"
    with Image.open(io.BytesIO(preview.content)) as blurred:
        assert blurred.size == (64, 64)
        stats = ImageStat.Stat(blurred.convert("L"))
        assert 100 < stats.mean[0] < 155 and stats.stddev[0] < 20  # the original's stddev is ~127
    assert not AuditEvent.objects.filter(event_type=EventType.IMAGE_REVEALED).exists()

    revealed = reviewer.client.get(f"/v1/quarantine/images/{image.public_id}/content?reveal=true")

    assert revealed.status_code == 200 and revealed.content == PNG
    event = AuditEvent.objects.get(event_type=EventType.IMAGE_REVEALED)
    assert event.subjects["image"] == image.public_id and event.actor_id == str(reviewer.api_key.public_id)
    assert event.payload["reasons"][0]["category"] == "sexual"
    bad = reviewer.client.get(f"/v1/quarantine/images/{image.public_id}/content?reveal=yes")
    assert_error(bad, 400, "invalid_value")


def test_quarantine_needs_review_scope_and_stays_in_the_tenant(tenant, other_tenant, key_client, make_image):
    image = make_image(tenant, ImageDecision.HELD)
    for role in ("developer", "auditor"):
        response = key_client(tenant, role).client.get(f"/v1/quarantine/images/{image.public_id}/content")
        assert_error(response, 403, "insufficient_scope")
    outsider = key_client(other_tenant, "admin")
    assert_error(outsider.client.get(f"/v1/quarantine/images/{image.public_id}"), 404, "not_found")
    assert outsider.client.get("/v1/quarantine/images").json()["data"] == []
    released = make_image(tenant, ImageDecision.RELEASED)
    admin = key_client(tenant, "admin")
    assert_error(admin.client.get(f"/v1/quarantine/images/{released.public_id}"), 404, "not_found")
    assert_error(admin.client.get("/v1/quarantine/images?decision=released"), 400, "invalid_value")
    assert not AuditEvent.objects.filter(event_type=EventType.IMAGE_REVEALED).exists()


def test_purge_deletes_bytes_after_the_policys_retention(
    tenant, other_tenant, key_client, make_image, django_capture_on_commit_callbacks
):
    # acme keeps quarantined images 7 days; globex has the standard 30.
    policy_version_create(
        tenant=tenant,
        document=template("standard") | {"name": "short", "output": {"retention_days": 7}},
        actor=Actor.system("tests"),
        activate=True,
    )
    old = make_image(tenant, ImageDecision.BLOCKED, age_days=8)
    young = make_image(tenant, ImageDecision.HELD, age_days=6)
    released = make_image(tenant, ImageDecision.RELEASED, age_days=400)
    theirs = make_image(other_tenant, ImageDecision.BLOCKED, age_days=8)
    old_path = old.storage_path

    with django_capture_on_commit_callbacks(execute=True):
        assert quarantine_purge() == 1
    assert quarantine_purge() == 0  # nothing twice

    old.refresh_from_db()
    assert old.purged_at is not None and old.storage_path == "" and not storage.exists(old_path)
    for kept in (young, released, theirs):
        kept.refresh_from_db()
        assert kept.purged_at is None and storage.exists(kept.storage_path)
    event = AuditEvent.objects.get(event_type=EventType.IMAGE_QUARANTINE_DELETED)
    assert event.subjects == {"job": old.job.public_id, "image": old.public_id}
    assert event.actor_id == "retention" and event.payload["sha256"] == old.sha256
    response = key_client(tenant, "reviewer").client.get(f"/v1/quarantine/images/{old.public_id}/content")
    assert_error(response, 410, "image_purged")


def test_purge_command_and_task(tenant, make_image, capsys):
    from generation.tasks import purge_quarantine_task

    make_image(tenant, ImageDecision.BLOCKED, age_days=31)
    call_command("quarantine", "purge")
    assert "purged 1 quarantined image(s)" in capsys.readouterr().out
    pending = make_image(tenant, ImageDecision.PENDING, age_days=31)
    assert purge_quarantine_task.apply().get() == 0  # its job still runs: signing may release it yet
    # Signing never finished: the job failed, and the image it left is purged like any other.
    GenerationJob.objects.filter(pk=pending.job_id).update(status=JobStatus.FAILED)
    assert purge_quarantine_task.apply().get() == 1
    assert GenerationJob.objects.count() == 2

"""A broker that refuses a job's first task after its admission committed: the job stays admitted and
counted, with its inputs, and the request is answered with it (202), not a 500 that an SDK retries into
a second job. The reconciler enqueues the job again once the broker is back."""

from __future__ import annotations

import pytest
from kombu.exceptions import OperationalError

from audit.events import EventType
from audit.models import AuditEvent
from controlplane.quotas.models import UsageCounter
from generation import storage
from generation.models import GenerationJob, JobStatus
from tests.controlplane.quotas.helpers import limit
from tests.helpers import png_upload

pytestmark = pytest.mark.django_db(transaction=True)


def _refused() -> Exception:
    return OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def _misconf() -> Exception:
    # Redis cannot persist (its disk full): a reply kombu passes on as redis-py raised it.
    from redis.exceptions import ResponseError

    return ResponseError(
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist"
    )


@pytest.fixture(params=[_refused, _misconf], ids=["connection refused", "MISCONF"])
def broker_down(request, monkeypatch, settings, tmp_path):
    from celery.app.task import Task

    settings.MEDIA_ROOT = tmp_path / "media"
    published: list[str] = []

    def refuse(task, args=None, **kwargs):
        published.append(task.name)
        raise request.param()

    monkeypatch.setattr(Task, "apply_async", refuse)
    return published


@pytest.mark.usefixtures("tiny_model")
def test_an_edit_admitted_while_the_broker_is_down_is_kept_counted_and_answered(
    tenant, key_client, broker_down, caplog
):
    limit(tenant, images_per_day=10)
    developer = key_client(tenant, "developer")
    body = {
        "model": "assay-tiny",
        "prompt": "make it sunny",
        "steps": "2",
        "async": "true",
        "image": png_upload((200, 40, 40)),
    }

    response = developer.client.post("/v1/images/edits", body, format="multipart")

    assert response.status_code == 202, response.content
    job = GenerationJob.objects.get()
    assert response.json()["id"] == job.public_id and job.status == JobStatus.RECEIVED
    assert broker_down  # the publish was tried, and refused
    assert storage.exists(job.input_image_path)  # the input stays for the job to run later
    assert list(job.usage.values_list("kind", "images")) == [("reserve", 1)]
    counted = UsageCounter.objects.filter(tenant=tenant, subject="tenant", metric="images")
    assert sum(counted.values_list("used", flat=True)) == 1
    assert AuditEvent.objects.filter(event_type=EventType.JOB_RECEIVED).count() == 1
    assert "the reconciler enqueues it again" in caplog.text

"""Limits that hold where an adversarial review found they did not (2026-12-07): a key made from a
limited key, a failure of Assay's after images were made, a settlement past a monthly limit, a request
asking for the most pixels and steps, and two transactions taking the audit chain and the counters in
opposite orders."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from celery.app.task import Task
from django.db import connection, transaction
from django.db.models import F
from rest_framework.test import APIClient

from audit.events import EventType
from audit.models import AuditEvent
from audit.services import record_event
from controlplane.quotas import ratelimit, services
from controlplane.quotas.models import EntryKind, UsageCounter
from generation import pipeline
from generation.models import GenerationJob, JobStatus
from tests.controlplane.quotas.helpers import TESTS, generate, limit
from tests.helpers import assert_error

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_pipeline", "tiny_model"),
]


def child_of(parent_client) -> APIClient:
    """A key made with `parent_client`'s key (POST /v1/keys), as its holder can."""
    made = parent_client.post(
        "/v1/keys", {"name": "mine", "scopes": ["images:write", "keys:write"]}, format="json"
    )
    assert made.status_code == 201, made.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {made.json()['key']}")
    return client


def admitted_only(client) -> GenerationJob:
    """A job admitted (its reservation made) whose message to the broker is dropped: it stays queued."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: None)
        assert generate(client, **{"async": True}).status_code == 202
    return GenerationJob.objects.get()


@pytest.fixture
def frozen_minute(monkeypatch):
    clock = [datetime(2026, 11, 30, 12, 0, 10, tzinfo=UTC)]
    monkeypatch.setattr(ratelimit, "_now", lambda: clock[0])
    return clock


# A key made from a limited key ------------------------------------------------------------------


def test_a_key_made_from_a_limited_key_is_held_to_its_image_limit_and_counts_against_it(tenant, key_client):
    dev = key_client(tenant, "developer")
    limit(tenant, api_key=dev.api_key, images_per_day=2)
    child = child_of(dev.client)
    grandchild = child_of(child)

    assert generate(dev.client).status_code == 200
    assert generate(grandchild).status_code == 200
    refused = generate(child)
    assert_error(refused, 429, "insufficient_quota")
    error = refused.json()["error"]
    assert error["limit"] == "key.images_per_day" and "the API key this one was made from" in error["message"]
    assert GenerationJob.objects.count() == 2
    # The parent's own request is refused too: the two images it allows were used by it and its descendant.
    assert_error(generate(dev.client), 429, "insufficient_quota")
    assert services.reconcile(fix=False) == []


def test_a_key_made_from_a_key_held_to_some_models_may_use_only_those(tenant, key_client):
    dev = key_client(tenant, "developer")
    limit(tenant, api_key=dev.api_key, allowed_models=["gpt-image-1"])
    child = child_of(dev.client)
    refused = generate(child)
    assert_error(refused, 403, "model_not_allowed")
    assert "assay-tiny" in refused.json()["error"]["message"]
    assert GenerationJob.objects.count() == 0


def test_a_key_made_from_a_rate_limited_key_shares_its_requests_per_minute(tenant, key_client, frozen_minute):
    dev = key_client(tenant, "developer")
    limit(tenant, api_key=dev.api_key, requests_per_minute=2)
    child = child_of(dev.client)
    assert generate(dev.client).status_code == 200
    assert generate(child).status_code == 200
    refused = generate(child)
    assert_error(refused, 429, "rate_limit_exceeded")
    assert "the API key this one was made from" in refused.json()["error"]["message"]
    assert int(refused.headers["Retry-After"]) == 50  # the database window's minute ends in 50 s


def test_what_a_key_made_from_a_limited_key_used_shows_on_the_limit_as_soon_as_it_is_set(tenant, key_client):
    dev = key_client(tenant, "developer")
    child = child_of(dev.client)
    assert generate(child, n=2).status_code == 200
    limit(tenant, api_key=dev.api_key, images_per_day=5)
    admin = key_client(tenant, "admin")
    shown = admin.client.get("/v1/quotas").json()["data"]
    (row,) = [row for row in shown if row["key_id"] == str(dev.api_key.public_id)]
    assert [value for name, value in row["used"].items() if name.startswith("images@day:")] == [2], row


# Failures of Assay's are not the client's to pay ------------------------------------------------


@pytest.mark.parametrize("where", ["screening", "signing"])
def test_a_failure_of_assays_after_images_were_made_refunds_them(tenant, key_client, monkeypatch, where):
    from provenance.errors import ProvenanceError

    def crash(*args, **kwargs):
        if where == "screening":
            raise RuntimeError("the screening model crashed")
        raise ProvenanceError("the signing key is unavailable")

    monkeypatch.setattr(pipeline, "_record_output_decisions" if where == "screening" else "_stamp", crash)
    dev = key_client(tenant, "developer")
    limit(tenant, images_per_day=4, gpu_seconds_per_month=1000)
    response = generate(dev.client, n=2)
    assert response.status_code >= 500
    job = GenerationJob.objects.get()
    assert job.status == JobStatus.FAILED and job.images.count() == 2  # made, never released
    kinds = list(job.usage.order_by("pk").values_list("kind", "images", "gpu_seconds"))
    assert kinds[-1][0] == EntryKind.REFUND and sum(images for _, images, _ in kinds) == 0
    assert sum(seconds for *_, seconds in kinds) == 0
    assert not UsageCounter.objects.filter(metric__in=["images", "gpu_seconds", "jobs"], used__gt=0).exists()
    failed = AuditEvent.objects.get(event_type=EventType.JOB_FAILED)
    assert failed.payload["quota"]["kind"] == EntryKind.REFUND
    assert services.reconcile(fix=False) == []


def test_a_generation_that_runs_out_of_time_is_still_charged(tenant, key_client):
    dev = key_client(tenant, "developer")
    limit(tenant, gpu_seconds_per_month=1000)
    job = admitted_only(dev.client)
    GenerationJob.objects.filter(pk=job.pk).update(status=JobStatus.GENERATING, started_at=F("created_at"))
    pipeline.job_fail(job.pk, code="generation_timeout", message="too long", charge_time=True)
    assert job.usage.order_by("pk").last().kind == EntryKind.SETTLE


# Settling past a monthly limit -----------------------------------------------------------------


def test_a_job_that_settles_past_a_monthly_limit_raises_its_alerts(tenant, key_client, settings, monkeypatch):
    settings.ASSAY_QUOTA_GPU_SECONDS_PER_IMAGE = 1
    real = pipeline.get_backend

    class Slow:
        def __init__(self, backend):
            self.backend = backend

        def generate(self, spec, progress):
            time.sleep(2.2)
            return self.backend.generate(spec, progress=progress)

    monkeypatch.setattr(pipeline, "get_backend", lambda name: Slow(real(name)))
    dev = key_client(tenant, "developer")
    limit(tenant, gpu_seconds_per_month=2)
    assert generate(dev.client).status_code == 200  # reserves 1 of 2 (50%), runs 3 s or more
    alerts = AuditEvent.objects.filter(event_type=EventType.QUOTA_ALERT)
    assert [alert.payload["percent"] for alert in alerts] == [100]
    assert alerts.get().payload["used"] >= 3
    assert_error(generate(dev.client), 429, "insufficient_quota")


# Estimates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "steps", "reserved"),
    [
        ("64x64", 2, 10),  # the estimate is a floor: a small image reserves it whole
        ("1024x1024", 30, 10),
        ("1024x1024", 60, 20),
        ("2048x1024", 150, 100),  # 2x the pixels, 5x the steps
    ],
)
def test_gpu_seconds_are_reserved_in_proportion_to_pixels_and_steps(
    tenant, tiny_model, settings, size, steps, reserved
):
    settings.ASSAY_QUOTA_GPU_SECONDS_PER_IMAGE = 10
    job = GenerationJob(
        tenant=tenant, model=tiny_model, params={"n": 1, "size": size, "steps": steps, "seed": 0}
    )
    assert services._job_amounts(job, images=1).gpu_seconds == reserved
    assert services._job_amounts(job, images=3).gpu_seconds == 3 * reserved


# Lock order --------------------------------------------------------------------------------------


def test_a_settlement_and_an_append_that_then_moves_a_counter_do_not_deadlock(tenant, key_client):
    """A transaction that appended to the audit chain and then moves a counter (a release settling)
    beside one that ends another job (a cancel: it settles, then appends) must not each hold what the
    other waits for: PostgreSQL would abort one of them as a deadlock."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between two transactions: the PostgreSQL pass of the suite runs this")
    dev = key_client(tenant, "developer")
    limit(tenant, images_per_day=10)
    job = admitted_only(dev.client)
    errors: list[BaseException] = []
    appended = threading.Event()

    def append_then_move() -> None:
        try:
            with transaction.atomic():
                record_event(tenant=tenant, event_type=EventType.QUOTA_ALERT, actor=TESTS, payload={})
                appended.set()
                _wait_for_a_lock_wait()
                UsageCounter.objects.filter(tenant=tenant, metric="images").update(used=F("used"))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    def cancel() -> None:
        try:
            appended.wait(10)
            pipeline.job_cancel(job_pk=job.pk, actor=TESTS)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append_then_move), threading.Thread(target=cancel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert services.reconcile(fix=False) == []


def _wait_for_a_lock_wait(seconds: float = 10.0) -> None:
    """Until another session waits on a lock (the cancel, behind this transaction's chain head)."""
    from django.db import connections

    deadline = time.monotonic() + seconds
    watcher = connections.create_connection("default")
    try:
        with watcher.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                if cursor.fetchone()[0]:
                    return
                time.sleep(0.02)
    finally:
        watcher.close()
    raise AssertionError("the cancel never waited on a lock")


# Prices --------------------------------------------------------------------------------------------


def test_a_price_set_from_the_cli_is_audited_with_what_it_replaced(tenant):
    from django.core.management import call_command

    call_command("quotas", "price", "--model", "gpt-image-1", "--size", "1024x1024", "--price", "0.04")
    call_command("quotas", "price", "--model", "gpt-image-1", "--size", "1024x1024", "--price", "0.05")
    changes = AuditEvent.objects.filter(event_type=EventType.QUOTA_PRICE_CHANGED, tenant=None).order_by("seq")
    assert [event.payload["price_micros"] for event in changes] == [[None, 40_000], [40_000, 50_000]]
    assert changes.last().payload["size"] == "1024x1024" and changes.last().actor_id.startswith("cli:")

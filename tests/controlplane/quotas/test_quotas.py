"""Quotas: reservations that never overshoot under concurrency, settlement and refunds on every
terminal path, limits per tenant, key and end user, model allowlists per key, rate limits with
Retry-After, usage, alerts and reconciliation. The pipeline runs for real (eagerly, the tiny model)."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum

from audit.events import EventType
from audit.models import AuditEvent
from controlplane.quotas import ratelimit, services
from controlplane.quotas.models import ModelPrice, UsageCounter, UsageEntry
from generation import pipeline
from generation.backends.base import BackendError
from generation.models import GenerationJob, JobStatus, Mode
from generation.params import GenerationParams
from generation.services import JobRequest, job_cancel, job_create
from tests.controlplane.quotas.helpers import TESTS, admitted, generate, limit
from tests.generation.test_pipeline import Receiver
from tests.helpers import assert_error, task_arguments
from tests.live import claim_redis_db, release_redis_db
from tests.prompts import HELD_PROMPT


def entries(job: GenerationJob) -> list[tuple[str, int]]:
    return list(job.usage.order_by("pk").values_list("kind", "images"))


def used(tenant, subject: str, metric: str = "images") -> int:
    return sum(
        UsageCounter.objects.filter(tenant=tenant, subject=subject, metric=metric).values_list(
            "used", flat=True
        )
    )


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_requests_against_ten_images_admit_exactly_ten(tenant, tiny_model, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: the PostgreSQL pass of the suite runs this")
    from celery.app.task import Task

    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: None)  # admission only
    limit(tenant, images_per_day=10)
    start = threading.Barrier(50)
    outcomes: list[str] = []

    def submit(i: int) -> None:
        request = JobRequest(
            model=tiny_model,
            mode=Mode.TEXT2IMG,
            prompt=f"a circle {i}",
            params=GenerationParams(n=1, size="64x64"),
        )
        start.wait()
        try:
            job_create(tenant=tenant, api_key=None, actor=TESTS, request=request)
            outcomes.append("admitted")
        except services.InsufficientQuota:
            outcomes.append("refused")
        finally:
            connection.close()  # this thread's own connection: 50 left open exhaust the server

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("admitted") == 10 and outcomes.count("refused") == 40
    assert GenerationJob.objects.count() == 10
    assert used(tenant, "tenant") == 10 == UsageEntry.objects.aggregate(total=Sum("images"))["total"]
    assert not UsageCounter.objects.filter(used__lt=0).exists()
    assert services.reconcile(fix=False) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline", "tiny_model")
class TestAdmission:
    def test_a_tenant_limit_refuses_with_insufficient_quota_naming_it_and_its_reset(self, tenant, key_client):
        developer = key_client(tenant, "developer")
        limit(tenant, images_per_day=3)
        assert generate(developer.client, n=2).status_code == 200
        refused = generate(developer.client, n=2)

        error = assert_error(refused, 429, "insufficient_quota")
        assert error["limit"] == "tenant.images_per_day"
        tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
        assert error["resets_at"] == f"{tomorrow}T00:00:00Z" and "2 used" in error["message"]
        assert refused["x-should-retry"] == "false"  # the SDK would retry a 429 otherwise
        assert GenerationJob.objects.count() == 1  # nothing admitted, nothing half-written
        assert generate(developer.client, n=1).status_code == 200  # what is left still fits

    def test_a_key_limit_below_the_tenants_and_per_user_limits_inside_one_key(self, tenant, key_client):
        first, second = (
            key_client(tenant, "developer"),
            key_client(tenant, "developer", email="b@acme.example"),
        )
        limit(tenant, images_per_month=100)
        limit(tenant, api_key=first.api_key, images_per_month=2)
        limit(tenant, api_key=first.api_key, end_user="*", images_per_day=1)

        assert generate(first.client, user="alice").status_code == 200
        assert_error(generate(first.client, user="alice"), 429, "insufficient_quota")  # alice's one a day
        assert generate(first.client, user="bob").status_code == 200  # bob has his own
        error = assert_error(generate(first.client, user="carol"), 429, "insufficient_quota")
        assert error["limit"] == "key.images_per_month"  # the key's two are spent
        assert generate(second.client, user="alice").status_code == 200  # another key: only the tenant's
        assert used(tenant, "tenant") == 3

    def test_a_keys_model_allowlist_refuses_other_models_naming_them(self, tenant, key_client):
        developer = key_client(tenant, "developer")
        limit(tenant, api_key=developer.api_key, allowed_models=["gpt-image-1"])
        error = assert_error(generate(developer.client), 403, "model_not_allowed")
        assert "assay-tiny" in error["message"] and error["param"] == "model"
        assert not GenerationJob.objects.exists()

    def test_concurrent_jobs_are_limited_and_freed_when_a_job_ends(self, tenant, key_client):
        developer = key_client(tenant, "developer")
        limit(tenant, concurrent_jobs=1)
        held = assert_error(generate(developer.client, prompt=HELD_PROMPT), 422)["job_id"]  # waits
        error = assert_error(generate(developer.client), 429, "insufficient_quota")
        assert error["limit"] == "tenant.concurrent_jobs" and error["resets_at"] is None
        developer.client.post(f"/v1/jobs/{held}/cancel")
        assert generate(developer.client).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline", "tiny_model")
class TestSettlement:
    def test_completion_settles_to_the_images_made_and_the_gpu_seconds_measured(
        self, tenant, key_client, settings
    ):
        settings.ASSAY_QUOTA_GPU_SECONDS_PER_IMAGE = 30
        limit(tenant, gpu_seconds_per_month=1000)
        response = generate(key_client(tenant, "developer").client, n=2)
        job = GenerationJob.objects.get(public_id=response.json()["job_id"])

        assert job.status == JobStatus.COMPLETED and job.generation_seconds > 0
        reserve, settle = job.usage.order_by("pk")
        assert (reserve.kind, reserve.images, reserve.gpu_seconds) == ("reserve", 2, 60)
        assert settle.kind == "settle" and settle.images == 0 and settle.jobs == -1
        measured = reserve.gpu_seconds + settle.gpu_seconds
        assert measured == max(1, -(-job.generation_seconds // 1))  # the measured time, rounded up
        assert used(tenant, "tenant", "gpu_seconds") == measured
        # Each ledger entry is on the record in the event of the job's change that made it.
        received = AuditEvent.objects.get(event_type=EventType.JOB_RECEIVED, subjects__job=job.public_id)
        completed = AuditEvent.objects.get(event_type=EventType.JOB_COMPLETED, subjects__job=job.public_id)
        assert (received.payload["quota"]["kind"], received.payload["quota"]["images"]) == ("reserve", 2)
        assert completed.payload["quota"]["kind"] == "settle"
        assert completed.payload["quota"]["gpu_seconds"] == settle.gpu_seconds

    def test_a_blocked_prompt_refunds(self, tenant, key_client):
        limit(tenant, images_per_day=5)
        error = assert_error(generate(key_client(tenant, "developer").client, "sexy 14yo", n=3), 400)
        job = GenerationJob.objects.get(public_id=error["job_id"])
        assert entries(job) == [("reserve", 3), ("refund", -3)]
        assert used(tenant, "tenant") == 0
        rejected = AuditEvent.objects.get(event_type=EventType.JOB_REJECTED, subjects__job=job.public_id)
        assert (rejected.payload["quota"]["kind"], rejected.payload["quota"]["images"]) == ("refund", -3)

    def test_a_failed_backend_call_refunds(self, tenant, key_client, monkeypatch):
        def broken(self, spec, *, progress=None):
            raise BackendError("the GPU fell over")

        from generation.backends.diffusers_backend import DiffusersBackend

        monkeypatch.setattr(DiffusersBackend, "generate", broken)
        limit(tenant, images_per_day=5)
        response = generate(key_client(tenant, "developer").client, n=2)
        job = GenerationJob.objects.get()
        assert response.status_code >= 500 and job.status == JobStatus.FAILED
        assert entries(job) == [("reserve", 2), ("refund", -2)] and used(tenant, "tenant") == 0
        # The answer names a job that exists: an SDK must not retry it into a second job (and GPU run).
        assert response.json()["error"]["job_id"] == job.public_id and response["x-should-retry"] == "false"

    def test_a_cancel_refunds_and_a_job_is_settled_once(self, tenant, tiny_model):
        limit(tenant, images_per_day=5)
        request = JobRequest(
            model=tiny_model,
            mode=Mode.TEXT2IMG,
            prompt="a square",
            params=GenerationParams(n=2, size="64x64"),
        )
        from celery.app.task import Task

        original = Task.apply_async
        Task.apply_async = lambda task, args=None, **kwargs: None  # admitted, not run
        try:
            job, _ = job_create(tenant=tenant, api_key=None, actor=TESTS, request=request)
            job_cancel(job=job, actor=TESTS)
            pipeline.job_fail(job.pk, code="late", message="a late failure finds it ended")
        finally:
            Task.apply_async = original
        assert entries(job) == [("reserve", 2), ("refund", -2)]
        assert used(tenant, "tenant") == 0

    def test_a_cancel_while_generating_settles_to_the_gpu_seconds_it_ran(
        self, tenant, tiny_model, settings, monkeypatch
    ):
        monkeypatch.setattr(pipeline, "_PROGRESS_WRITE_INTERVAL", 0)  # every step looks for the cancel
        settings.ASSAY_QUOTA_GPU_SECONDS_PER_IMAGE = 30
        limit(tenant, images_per_day=5, gpu_seconds_per_month=1000)
        job = admitted(tenant, tiny_model, n=2, steps=30)
        pipeline.job_moderate(job.pk)
        GenerationJob.objects.filter(pk=job.pk).update(cancel_requested=True)  # asked before step 1 reports
        pipeline.job_generate(job.pk)
        job.refresh_from_db()
        assert job.status == JobStatus.CANCELLED and job.images.count() == 0
        assert job.generation_seconds is not None and job.discarded_images == 0
        (reserve, settle) = job.usage.order_by("pk")
        assert (settle.kind, settle.images, settle.spend_micros) == ("settle", -2, 0)
        assert reserve.gpu_seconds + settle.gpu_seconds == max(1, -(-job.generation_seconds // 1))
        assert used(tenant, "tenant") == 0

    def test_images_a_provider_made_before_a_cancel_are_charged_not_refunded(self, tenant, monkeypatch):
        """The provider bills the images it returns; a cancel asked for during its call discards them
        (never recorded or released), and the spend and images settle to them."""
        from generation.backends import openai_backend
        from generation.backends.base import BackendImage, GenerationResult
        from generation.catalog import model_register

        model = model_register(
            name="gpt-image-1", backend="openai", family="openai", license="OpenAI terms",
            provider_model="gpt-image-1", capabilities=[Mode.TEXT2IMG], sizes=["1024x1024"], actor=TESTS,
        )  # fmt: skip
        ModelPrice.objects.create(model="gpt-image-1", size="*", quality="*", price_micros=40_000)
        limit(tenant, spend_micros_per_month=1_000_000, images_per_day=10)
        job = admitted(tenant, model, n=2, size="1024x1024")

        def provider_call(self, spec, *, progress=None):
            pipeline.job_cancel(job_pk=job.pk, actor=TESTS)  # the caller cancels while it draws
            png = _png(1024)
            if progress is not None:
                progress(1, 1)  # the provider reports only once it has answered
            images = [BackendImage(data=png, mime_type="image/png", width=1024, height=1024, seed=None)]
            return GenerationResult(images=images * 2, settings={"provider": "openai"})

        monkeypatch.setattr(openai_backend.OpenAIBackend, "generate", provider_call)
        pipeline.job_moderate(job.pk)
        pipeline.job_generate(job.pk)
        job.refresh_from_db()
        assert job.status == JobStatus.CANCELLED and job.images.count() == 0 and job.discarded_images == 2
        assert job.usage.aggregate(spend=Sum("spend_micros"), images=Sum("images")) == {
            "spend": 80_000,
            "images": 2,
        }
        cancelled = AuditEvent.objects.get(event_type=EventType.JOB_CANCELLED, subjects__job=job.public_id)
        assert cancelled.payload["discarded_images"] == 2 and cancelled.payload["quota"]["kind"] == "settle"
        assert used(tenant, "tenant", "spend_micros") == 80_000
        assert services.reconcile(fix=False) == []


def _png(side: int) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (side, side), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline", "tiny_model")
class TestRateLimits:
    def test_a_key_over_its_rate_answers_429_with_retry_after_then_admits_after(
        self, tenant, key_client, monkeypatch
    ):
        developer = key_client(tenant, "developer")
        limit(tenant, api_key=developer.api_key, requests_per_minute=2)
        clock = [datetime(2026, 11, 30, 12, 0, 40, tzinfo=UTC)]
        monkeypatch.setattr(ratelimit, "_now", lambda: clock[0])

        first = generate(developer.client, **{"async": True})
        assert first.status_code == 202 and first["x-ratelimit-limit-requests"] == "2"
        assert first["x-ratelimit-remaining-requests"] == "1"
        generate(developer.client, **{"async": True})
        refused = generate(developer.client, **{"async": True})

        assert_error(refused, 429, "rate_limit_exceeded")
        assert refused["Retry-After"] == "20" and refused["x-ratelimit-remaining-requests"] == "0"
        assert GenerationJob.objects.count() == 2
        clock[0] += timedelta(seconds=20)
        assert generate(developer.client, **{"async": True}).status_code == 202

    def test_on_redis_the_moving_window_refuses_with_retry_after(self, tenant, key_client, settings):
        url, claim = claim_redis_db()  # a database of the test Redis no other run uses
        try:
            settings.ASSAY_RATELIMIT_STORAGE_URL = url
            developer = key_client(tenant, "developer")
            limit(tenant, requests_per_minute=1)
            assert generate(developer.client, **{"async": True}).status_code == 202
            refused = generate(developer.client, **{"async": True})
            assert_error(refused, 429, "rate_limit_exceeded")
            assert 1 <= int(refused["Retry-After"]) <= 60
            assert GenerationJob.objects.count() == 1
        finally:
            release_redis_db(claim)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline", "tiny_model")
class TestUsageAndLimitsApi:
    def test_usage_per_key_user_model_and_day(self, tenant, key_client):
        developer, auditor = key_client(tenant, "developer"), key_client(tenant, "auditor")
        generate(developer.client, n=2, user="alice")
        generate(developer.client, n=1, user="bob")
        generate(developer.client, "sexy 14yo", n=3)  # refunded: uses nothing

        by_user = auditor.client.get("/v1/usage", {"group_by": "user"}).json()["data"]
        assert {row["user"]: row["images"] for row in by_user} == {None: 0, "alice": 2, "bob": 1}
        by_model = auditor.client.get("/v1/usage", {"group_by": "model"}).json()["data"]
        assert by_model == [
            {"model": "assay-tiny", "images": 3, "gpu_seconds": by_model[0]["gpu_seconds"], "spend": 0.0,
             "jobs": 3, "running": 0}
        ]  # fmt: skip
        by_key = auditor.client.get("/v1/usage", {"group_by": "key"}).json()["data"]
        assert by_key[0]["key"] == str(developer.api_key.public_id)
        assert (
            auditor.client.get("/v1/usage").json()["data"][0]["day"] == datetime.now(UTC).date().isoformat()
        )
        assert_error(developer.client.get("/v1/usage"), 403, "insufficient_scope")
        assert_error(auditor.client.get("/v1/usage", {"group_by": "planet"}), 400, "invalid_value")

    def test_admins_set_limits_over_the_api_and_every_change_is_audited(self, tenant, key_client):
        admin, auditor = key_client(tenant, "admin"), key_client(tenant, "auditor")
        developer = key_client(tenant, "developer")
        body = {"key": developer.api_key.display_prefix, "images_per_day": 5, "spend_per_month": "12.50"}
        answer = admin.client.put("/v1/quotas", body, format="json")

        assert answer.status_code == 200, answer.content
        assert answer.json()["level"] == "key" and answer.json()["spend_per_month"] == 12.5
        listed = auditor.client.get("/v1/quotas").json()["data"]
        assert [(q["level"], q["images_per_day"]) for q in listed] == [("key", 5)]
        assert_error(auditor.client.put("/v1/quotas", {"images_per_day": 1}, format="json"), 403)
        assert_error(admin.client.put("/v1/quotas", {"key": "ask_nothere1"}, format="json"), 404)
        event = AuditEvent.objects.get(event_type=EventType.QUOTA_LIMIT_CHANGED)
        assert event.payload["changed"]["images_per_day"] == [None, 5]

    def test_monthly_alerts_at_80_and_100_percent_reach_the_audit_log_and_the_webhook(
        self, tenant, key_client, settings
    ):
        settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
        receiver = Receiver([])
        try:
            limit(tenant, images_per_month=5, alert_webhook_url=receiver.url)
            developer = key_client(tenant, "developer")
            generate(developer.client, n=3)
            assert not AuditEvent.objects.filter(event_type=EventType.QUOTA_ALERT).exists()
            with task_arguments() as arguments:
                generate(developer.client, n=1)  # 4 of 5: 80%
                generate(developer.client, n=1)  # 5 of 5: 100%
        finally:
            receiver.close()
        # Celery logs a task's arguments: the webhook URL (often its receiver's credential) is not one.
        delivered = [args for name, args in arguments if name == "quotas.deliver_alert_task"]
        assert len(delivered) == 2 and not any("http" in args for args in delivered)
        alerts = [
            e.payload["percent"]
            for e in AuditEvent.objects.filter(event_type=EventType.QUOTA_ALERT).order_by("seq")
        ]
        assert alerts == [80, 100]
        sent = [json.loads(body)["data"]["percent"] for _headers, body in receiver.received]
        assert sent == [80, 100]

    def test_provider_spend_is_priced_per_size_and_quality(self, tenant, tiny_model):
        ModelPrice.objects.create(model="gpt-image-1", size="1024x1024", quality="high", price_micros=167_000)
        ModelPrice.objects.create(model="gpt-image-1", size="*", quality="*", price_micros=40_000)
        job = GenerationJob(tenant=tenant, model=tiny_model, params={"size": "1024x1024", "quality": "high"})
        job.model.backend = "openai"
        job.model.name = "gpt-image-1"
        assert services._job_amounts(job, 2, price=services._image_price(job)).spend_micros == 334_000
        job.params = {"size": "1536x1024", "quality": "low"}
        assert services._job_amounts(job, 1, price=services._image_price(job)).spend_micros == 40_000


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline", "tiny_model")
def test_reconcile_rebuilds_drifted_counters_from_the_ledger(tenant, key_client, capsys):
    limit(tenant, images_per_day=10)
    generate(key_client(tenant, "developer").client, n=2)
    UsageCounter.objects.filter(subject="tenant", metric="images").update(used=7)

    with pytest.raises(Exception, match="drifted"):
        call_command("quotas", "reconcile", "--check")
    call_command("quotas", "reconcile")

    assert used(tenant, "tenant") == 2 and "1 counter(s) fixed" in capsys.readouterr().out
    assert services.reconcile(fix=False) == []

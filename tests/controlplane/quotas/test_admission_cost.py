"""What admission pays for quotas: the limits remembered per web process, every counter cell moved in one
statement on PostgreSQL, the rate limiter's Redis window read before it is hit; and that each of these
keeps the limits exact."""

from __future__ import annotations

import threading

import pytest
from celery.app.task import Task
from django.db import connection, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from limits import RateLimitItemPerMinute

from audit.events import Actor
from controlplane.quotas import in_force, ratelimit, services
from controlplane.quotas.models import QuotaLimit, UsageCounter, UsageEntry
from controlplane.tenants import freshness
from controlplane.tenants.services import principal_cache_clear
from generation.models import GenerationJob, Mode
from generation.params import GenerationParams
from generation.services import JobRequest, job_create
from tests.helpers import assert_error
from tests.live import claim_redis_db, release_redis_db

TESTS = Actor.system("tests")


def limit(tenant, api_key=None, end_user="", **values):
    return services.limit_set(tenant=tenant, api_key=api_key, end_user=end_user, values=values, actor=TESTS)


def submit(client, user: str = "alice"):
    body = {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "user": user, "async": True}
    return client.post("/v1/images/generations", body, format="json")


def used(tenant, subject: str) -> int:
    """Images in the subject's cell of today."""
    cells = UsageCounter.objects.filter(tenant=tenant, subject=subject, metric="images")
    return sum(cells.filter(window__startswith="day:").values_list("used", flat=True))


class Clock:
    """Stands in for the `time` module inside `in_force`: monotonic time moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def admission_only(monkeypatch):
    """Admission without the pipeline: the message to the broker is dropped."""
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: None)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(in_force, "time", clock)
    return clock


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tiny_model", "admission_only")
def test_a_warm_admission_reads_only_the_access_epoch_and_moves_the_counters_at_once(tenant, key_client):
    developer = key_client(tenant, "developer")
    limit(tenant, images_per_day=100, images_per_month=100, concurrent_jobs=100)
    limit(tenant, api_key=developer.api_key, images_per_day=100)
    limit(tenant, end_user="*", images_per_day=100)
    principal_cache_clear()
    assert submit(developer.client).status_code == 202  # the first creates the day's counter cells
    with CaptureQueriesContext(connection) as queries:
        assert submit(developer.client).status_code == 202
    statements = [query["sql"] for query in queries.captured_queries]

    # Of the key's and the limits' tables, only the access epoch (one row, read once: the limits trust
    # the read the key's authentication made).
    read = [sql for sql in statements if "tenants_" in sql or "quotas_quotalimit" in sql]
    assert len(read) == 1 and "tenants_accessepoch" in read[0]
    # Five cells (the tenant's images a day and a month and running jobs, the key's images a day,
    # alice's images a day): one statement on PostgreSQL (a call of the function that claims them,
    # touching no counter otherwise); elsewhere one UPDATE each, and a read of the monthly cell for its
    # alerts.
    counters = [sql for sql in statements if "quotas_usagecounter" in sql or "quotas_claim_cells" in sql]
    assert len(counters) == (1 if connection.vendor == "postgresql" else 6)
    assert used(tenant, "tenant") == 2 and used(tenant, f"key:{developer.api_key.pk}") == 2
    assert used(tenant, "user:*:alice") == 2
    assert services.reconcile(fix=False) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tiny_model", "admission_only")
def test_a_refused_cell_moves_none_of_the_others_and_the_refusal_names_it(tenant, key_client):
    developer = key_client(tenant, "developer")
    limit(tenant, images_per_day=10)
    limit(tenant, api_key=developer.api_key, images_per_day=10)
    limit(tenant, end_user="*", images_per_day=1)  # sorts after the tenant's and the key's cells
    assert submit(developer.client).status_code == 202
    error = assert_error(submit(developer.client), 429, "insufficient_quota")

    assert error["limit"] == "user.images_per_day" and "'alice'" in error["message"]
    assert used(tenant, "tenant") == 1 and used(tenant, f"key:{developer.api_key.pk}") == 1
    assert used(tenant, "user:*:alice") == 1
    assert submit(developer.client, user="bob").status_code == 202
    assert used(tenant, "tenant") == 2 and services.reconcile(fix=False) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("admission_only")
def test_fifty_concurrent_requests_with_limits_at_every_level_admit_exactly_the_tightest(
    tenant, tiny_model, key_client
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: the PostgreSQL pass of the suite runs this")
    developer = key_client(tenant, "developer")
    limit(tenant, images_per_day=100, images_per_month=100, concurrent_jobs=100)
    limit(tenant, api_key=developer.api_key, images_per_day=12)
    limit(tenant, end_user="*", images_per_day=3)  # five end users: 15 at most
    start = threading.Barrier(50)
    outcomes: list[str] = []

    def request(i: int) -> None:
        job_request = JobRequest(
            model=tiny_model,
            mode=Mode.TEXT2IMG,
            prompt=f"a circle {i}",
            params=GenerationParams(n=1, size="64x64", user=f"user-{i % 5}"),
        )
        start.wait()
        try:
            job_create(tenant=tenant, api_key=developer.api_key, actor=TESTS, request=job_request)
            outcomes.append("admitted")
        except services.InsufficientQuota:
            outcomes.append("refused")
        finally:
            connection.close()  # this thread's own connection: 50 left open exhaust the server

    threads = [threading.Thread(target=request, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("admitted") == 12 and outcomes.count("refused") == 38
    assert GenerationJob.objects.count() == 12
    assert used(tenant, "tenant") == used(tenant, f"key:{developer.api_key.pk}") == 12
    per_user = [used(tenant, f"user:*:user-{i}") for i in range(5)]
    assert sum(per_user) == 12 and max(per_user) <= 3
    assert UsageEntry.objects.aggregate(total=Sum("images"))["total"] == 12
    assert not UsageCounter.objects.filter(used__lt=0).exists()
    assert services.reconcile(fix=False) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tiny_model", "admission_only")
def test_a_limit_changed_elsewhere_applies_at_the_next_request_and_here_at_once(tenant, key_client, clock):
    developer = key_client(tenant, "developer")
    limit(tenant, images_per_day=1)
    assert submit(developer.client).status_code == 202
    # Another process lowers and raises the limit (its `limit_set` raises the access epoch with the
    # row); this one remembers the rows it read, and drops them at its next request.
    with transaction.atomic():
        QuotaLimit.objects.filter(tenant=tenant).update(images_per_day=3)
        freshness.bump()
    assert submit(developer.client).status_code == 202
    with transaction.atomic():
        QuotaLimit.objects.filter(tenant=tenant).update(images_per_day=2)
        freshness.bump()
    assert_error(submit(developer.client), 429, "insufficient_quota")
    # Written by hand (no epoch raised): held to what was read for LIMITS_CACHE_SECONDS, never longer.
    QuotaLimit.objects.filter(tenant=tenant).update(images_per_day=3)
    assert_error(submit(developer.client), 429, "insufficient_quota")
    clock.now += in_force.LIMITS_CACHE_SECONDS
    assert submit(developer.client).status_code == 202
    # Lowered in this process: at once.
    limit(tenant, images_per_day=3)
    assert_error(submit(developer.client), 429, "insufficient_quota")
    assert used(tenant, "tenant") == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tiny_model", "admission_only")
def test_a_named_end_users_limit_replaces_the_star_row_even_when_the_tenant_rows_are_remembered(
    tenant, key_client
):
    developer = key_client(tenant, "developer")
    limit(tenant, end_user="*", images_per_day=1)
    assert submit(developer.client, user="alice").status_code == 202
    assert_error(submit(developer.client, user="alice"), 429, "insufficient_quota")
    limit(tenant, end_user="alice", images_per_day=3)
    assert submit(developer.client, user="alice").status_code == 202
    assert submit(developer.client, user="bob").status_code == 202
    assert_error(submit(developer.client, user="bob"), 429, "insufficient_quota")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tiny_model", "admission_only")
def test_on_redis_a_request_refused_by_one_limit_spends_none_of_the_others(tenant, key_client, settings):
    url, claim = claim_redis_db()
    try:
        settings.ASSAY_RATELIMIT_STORAGE_URL = url
        developer = key_client(tenant, "developer")
        limit(tenant, requests_per_minute=5)
        limit(tenant, api_key=developer.api_key, requests_per_minute=2)
        first = submit(developer.client)
        assert first.status_code == 202 and first["x-ratelimit-remaining-requests"] == "1"
        assert submit(developer.client)["x-ratelimit-remaining-requests"] == "0"
        refused = submit(developer.client)
        assert_error(refused, 429, "rate_limit_exceeded")
        assert 1 <= int(refused["Retry-After"]) <= 60

        limiter = ratelimit._limiter(url)
        tenant_window = limiter.get_window_stats(RateLimitItemPerMinute(5), str(tenant.public_id), "tenant")
        assert tenant_window.remaining == 3  # the refused request took nothing from the tenant's five
        assert GenerationJob.objects.count() == 2
    finally:
        release_redis_db(claim)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tiny_model", "admission_only")
def test_a_limit_set_again_counts_what_was_admitted_while_there_was_none(tenant, key_client):
    developer = key_client(tenant, "developer")
    first = limit(tenant, images_per_day=10)
    assert submit(developer.client).status_code == 202
    services.limit_delete(limit=first, actor=TESTS)
    for _ in range(2):  # no limit: the day's counter is left where it was
        assert submit(developer.client).status_code == 202
    limit(tenant, images_per_day=4)
    assert used(tenant, "tenant") == 3  # rebuilt from the ledger, not 1
    assert submit(developer.client).status_code == 202
    assert_error(submit(developer.client), 429, "insufficient_quota")
    assert services.reconcile(fix=False) == []

"""Claims made ahead: on PostgreSQL admission moves the counters in a short transaction of its own, just
before the job's, and the job's transaction writes the reservation to the ledger. A job transaction that
fails gives the claim back, the ledger and the counters agree whatever fails, and `reconcile` never takes
a claim whose ledger entry is not committed yet for drift."""

from __future__ import annotations

import threading

import pytest
from celery.app.task import Task
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from audit.events import Actor, EventType
from audit.models import AuditEvent
from controlplane.quotas import services
from controlplane.quotas.models import UsageCounter, UsageEntry
from generation import services as generation_services
from generation import signals
from generation.models import GenerationJob, Mode
from generation.params import GenerationParams
from generation.services import JobRequest, job_create

TESTS = Actor.system("tests")


def limit(tenant, api_key=None, end_user="", **values):
    return services.limit_set(tenant=tenant, api_key=api_key, end_user=end_user, values=values, actor=TESTS)


def request(model, prompt: str = "a red circle") -> JobRequest:
    params = GenerationParams(n=1, size="64x64")
    return JobRequest(model=model, mode=Mode.TEXT2IMG, prompt=prompt, params=params)


def used(tenant, metric: str = "images") -> int:
    """What the tenant's cell of today (images) or of running jobs holds."""
    cells = UsageCounter.objects.filter(tenant=tenant, subject="tenant", metric=metric)
    return sum(cells.exclude(window__startswith="month:").values_list("used", flat=True))


def ledger_images() -> int:
    return UsageEntry.objects.aggregate(total=Sum("images"))["total"] or 0


def claim_locks_held() -> int:
    """Claim locks held by any session (PostgreSQL's advisory locks in the claims' key space)."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND granted",
            [services._CLAIM_LOCK_SPACE],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def admission_only(monkeypatch):
    """Admission without the pipeline: the message to the broker is dropped."""
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: None)


@pytest.fixture
def failing_received(monkeypatch):
    """`job.received` fails for prompts containing "fail": the job's transaction fails after its claim
    (and after its reservation's ledger entry)."""
    record_event = generation_services.record_event

    def record(**kwargs):
        if kwargs["event_type"] == EventType.JOB_RECEIVED and "fail" in kwargs["payload"]["prompt"]:
            raise RuntimeError("the audit log refused the event")
        return record_event(**kwargs)

    monkeypatch.setattr(generation_services, "record_event", record)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("admission_only", "failing_received")
def test_a_job_transaction_that_fails_after_the_claim_gives_it_back(tenant, tiny_model):
    limit(tenant, images_per_day=2, images_per_month=100, concurrent_jobs=100)
    job_create(tenant=tenant, api_key=None, actor=TESTS, request=request(tiny_model))
    assert used(tenant) == 1 and used(tenant, "jobs") == 1

    with pytest.raises(RuntimeError, match="refused the event"):
        job_create(tenant=tenant, api_key=None, actor=TESTS, request=request(tiny_model, "please fail"))

    # Nothing of the failed admission stays: no job, no ledger entry, no audit event, no claim.
    assert GenerationJob.objects.count() == 1 and UsageEntry.objects.count() == 1
    assert AuditEvent.objects.filter(event_type=EventType.JOB_RECEIVED).count() == 1
    assert used(tenant) == 1 == ledger_images() and used(tenant, "jobs") == 1
    assert claim_locks_held() == 0
    # The given-back image is there for the next request, and the limit still holds exactly.
    job_create(tenant=tenant, api_key=None, actor=TESTS, request=request(tiny_model))
    with pytest.raises(services.InsufficientQuota):
        job_create(tenant=tenant, api_key=None, actor=TESTS, request=request(tiny_model))
    assert used(tenant) == 2 == ledger_images() and GenerationJob.objects.count() == 2
    assert services.reconcile(fix=False) == [] and claim_locks_held() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("admission_only", "failing_received")
def test_fifty_concurrent_requests_some_failing_never_overshoot_and_the_ledger_matches(tenant, tiny_model):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: the PostgreSQL pass of the suite runs this")
    limit(tenant, images_per_day=10, concurrent_jobs=100)
    start = threading.Barrier(50)
    outcomes: list[str] = []

    def submit(i: int) -> None:
        prompt = f"a circle {i}" + (" fail" if i % 2 else "")
        start.wait()
        try:
            job_create(tenant=tenant, api_key=None, actor=TESTS, request=request(tiny_model, prompt))
            outcomes.append("admitted")
        except services.InsufficientQuota:
            outcomes.append("refused")
        except RuntimeError:
            outcomes.append("failed")
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    admitted = outcomes.count("admitted")
    assert len(outcomes) == 50 and 1 <= admitted <= 10 and outcomes.count("failed") >= 1
    assert GenerationJob.objects.count() == admitted == UsageEntry.objects.count()
    assert used(tenant) == admitted == ledger_images() and used(tenant, "jobs") == admitted
    assert not UsageCounter.objects.filter(used__lt=0).exists()
    assert services.reconcile(fix=False) == [] and claim_locks_held() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("admission_only")
def test_reconcile_waits_for_a_claim_whose_ledger_entry_is_not_committed_yet(tenant, tiny_model):
    if connection.vendor != "postgresql":
        pytest.skip("claims are made ahead on PostgreSQL only")
    limit(tenant, images_per_day=10)
    in_transaction, go_on = threading.Event(), threading.Event()
    drift: list[list[dict]] = []

    def hold(sender, job, **kwargs):  # after the quotas' receiver: the ledger entry written, uncommitted
        in_transaction.set()
        assert go_on.wait(30)

    def admit() -> None:
        try:
            job_create(tenant=tenant, api_key=None, actor=TESTS, request=request(tiny_model))
        finally:
            connection.close()

    def reconcile() -> None:
        try:
            drift.append(services.reconcile(fix=True))
        finally:
            connection.close()

    signals.job_admitted.connect(hold, dispatch_uid="test-claims-hold")
    try:
        for admitted in (1, 2):  # the first creates the day's cell, the second moves it at once
            in_transaction.clear()
            go_on.clear()
            admission = threading.Thread(target=admit)
            admission.start()
            assert in_transaction.wait(30)
            # The counters hold the claim, the ledger does not yet: reconcile must not "fix" that.
            assert used(tenant) == admitted and ledger_images() == admitted - 1
            assert claim_locks_held() == 1
            reconciling = threading.Thread(target=reconcile)
            reconciling.start()
            reconciling.join(1.0)
            assert reconciling.is_alive()  # waiting for the claim's lock
            go_on.set()
            admission.join(30)
            reconciling.join(30)
            assert drift.pop() == []
            assert used(tenant) == admitted == ledger_images() and claim_locks_held() == 0
    finally:
        go_on.set()
        signals.job_admitted.disconnect(dispatch_uid="test-claims-hold")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("admission_only")
def test_reconcile_still_fixes_a_counter_that_a_lost_claim_left_high(tenant, tiny_model):
    limit(tenant, images_per_day=10)
    job_create(tenant=tenant, api_key=None, actor=TESTS, request=request(tiny_model))
    # A web process killed between its claim and its job's transaction: the claim stays in the counters.
    UsageCounter.objects.filter(tenant=tenant, subject="tenant", metric="images").update(used=2)

    (drifted,) = services.reconcile(fix=True)
    assert drifted["subject"] == "tenant" and drifted["metric"] == "images"
    assert drifted["window"] == services._window("day", timezone.now().date())
    assert (drifted["counter"], drifted["ledger"]) == (2, 1)
    assert used(tenant) == 1 and services.reconcile(fix=False) == []

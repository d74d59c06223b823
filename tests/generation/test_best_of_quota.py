"""`best_of` is charged the candidates it generates: admission reserves best_of images (a request whose
candidates do not fit the quota is refused before anything runs) and the job settles to the best_of
images generated, however few are returned."""

from __future__ import annotations

import pytest

from audit.events import Actor
from controlplane.quotas import services as quotas
from controlplane.quotas.models import EntryKind, UsageCounter, UsageEntry
from generation.models import GenerationJob, ImageDecision
from tests.generation.test_best_of_pipeline import (  # noqa: F401 - fixtures, used by name
    ALLOW_EVERY_IMAGE,
    generate,
    scored_folder,
    scored_model,
    test_scorer,
    use_policy,
)
from tests.helpers import assert_error

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_pipeline", "scored_model"),
]

TESTS = Actor.system("tests")


def images_used(tenant) -> int:
    return sum(UsageCounter.objects.filter(tenant=tenant, metric="images").values_list("used", flat=True))


def test_best_of_reserves_and_settles_every_candidate(tenant, key_client):
    use_policy(tenant, ALLOW_EVERY_IMAGE)
    quotas.limit_set(tenant=tenant, api_key=None, end_user="", values={"images_per_day": 10}, actor=TESTS)
    developer = key_client(tenant, "developer")

    response = generate(developer.client, n=1, best_of=4)

    assert response.status_code == 200, response.content
    assert len(response.json()["data"]) == 1
    job = GenerationJob.objects.get(public_id=response.json()["job_id"])
    assert job.images.filter(decision=ImageDecision.UNSELECTED).count() == 3
    reserve = UsageEntry.objects.get(job=job, kind=EntryKind.RESERVE)
    assert reserve.images == 4
    assert images_used(tenant) == 4


def test_best_of_that_does_not_fit_the_quota_is_refused_at_admission(tenant, key_client):
    use_policy(tenant, ALLOW_EVERY_IMAGE)
    quotas.limit_set(tenant=tenant, api_key=None, end_user="", values={"images_per_day": 3}, actor=TESTS)
    developer = key_client(tenant, "developer")

    error = assert_error(generate(developer.client, n=1, best_of=4), 429, "insufficient_quota")

    assert "needs 4" in error["message"]
    assert not GenerationJob.objects.exists() and images_used(tenant) == 0
    assert generate(developer.client, n=1, best_of=3).status_code == 200
    assert images_used(tenant) == 3

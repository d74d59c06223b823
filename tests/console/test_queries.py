"""The overview and the jobs list cost the same number of queries for 5 jobs as for 400: no N+1."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.console.conftest import make_jobs

pytestmark = pytest.mark.django_db


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content[:500]
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["console:overview", "console:jobs", "console:reviews", "console:keys"])
def test_query_count_does_not_grow_with_the_rows(team, catalog_model, name):
    from controlplane.review.models import ReviewItem

    client = team.client("admin")
    path = reverse(name, kwargs={"tenant": team.tenant.slug})
    client.get(path)  # warm: the active policy, sessions
    few = queries(client, path)
    jobs = make_jobs(team.tenant, catalog_model, 400, api_key=team.api_key, status="mixed")
    ReviewItem.objects.bulk_create(
        ReviewItem(
            tenant=team.tenant,
            job=job,
            kind="prompt",
            policy_version=team.policy,
            policy_name=team.policy.label,
            categories=["sexual"],
        )
        for job in jobs
        if job.status == "held_for_review"
    )
    many = queries(client, path)
    assert many == few, f"{name}: {few} queries with few rows, {many} with many"


def test_overview_and_jobs_list_query_budgets(team, catalog_model, django_assert_max_num_queries):
    make_jobs(team.tenant, catalog_model, 300, api_key=team.api_key, status="mixed")
    client = team.client("admin")
    overview = reverse("console:overview", kwargs={"tenant": team.tenant.slug})
    jobs = reverse("console:jobs", kwargs={"tenant": team.tenant.slug})
    client.get(overview)
    # session, user, tenant, membership, 14-day grouping, blocked jobs, blocked images, queue, limits, usage
    with django_assert_max_num_queries(12):
        client.get(overview)
    # session, user, tenant, membership, one page of jobs (model, key and member joined), their images
    with django_assert_max_num_queries(7):
        response = client.get(jobs)
    assert response.content.count(b'href="/console/acme/jobs/job_') == 50

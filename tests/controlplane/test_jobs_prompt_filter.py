"""GET /v1/jobs?prompt=...: the prompt text search the console uses, through the same selector
(`generation.selectors.jobs_for_tenant(prompt=...)`), combined with the other filters, tenant-scoped."""

from __future__ import annotations

import pytest

from tests.console.conftest import make_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(db):
    from generation.models import ImageModel

    return ImageModel.objects.get_or_create(
        name="assay-tiny",
        defaults={
            "backend": "diffusers",
            "family": "sd15",
            "license": "test",
            "sizes": ["64x64"],
            "capabilities": ["text2img"],
        },
    )[0]


def _prompts(response) -> list[str]:
    """The prompts of the listed jobs (the job's JSON carries no prompt: read them by id)."""
    from generation.models import GenerationJob

    assert response.status_code == 200, response.content
    ids = [job["id"] for job in response.json()["data"]]
    prompts = dict(GenerationJob.objects.filter(public_id__in=ids).values_list("public_id", "prompt"))
    return [prompts[job_id] for job_id in ids]


def test_prompt_filter_matches_text_case_insensitively_within_the_tenant(
    key_client, tenant, other_tenant, model
):
    from generation.models import GenerationJob

    caller = key_client(tenant, "developer")
    jobs = make_jobs(tenant, model, 3, api_key=caller.api_key)
    GenerationJob.objects.filter(pk=jobs[0].pk).update(prompt="A Red Fox in the snow")
    GenerationJob.objects.filter(pk=jobs[1].pk).update(prompt="a red barn", status="rejected")
    outsider = key_client(other_tenant, "developer")
    (theirs,) = make_jobs(other_tenant, model, 1, api_key=outsider.api_key)
    GenerationJob.objects.filter(pk=theirs.pk).update(prompt="a red fox, theirs")

    assert sorted(_prompts(caller.client.get("/v1/jobs", {"prompt": "RED"}))) == [
        "A Red Fox in the snow",
        "a red barn",
    ]
    assert _prompts(caller.client.get("/v1/jobs", {"prompt": "red fox"})) == ["A Red Fox in the snow"]
    # Combined with another filter: all must hold.
    assert _prompts(caller.client.get("/v1/jobs", {"prompt": "red", "status": "rejected"})) == ["a red barn"]
    assert _prompts(caller.client.get("/v1/jobs", {"prompt": "no such words"})) == []
    # Blank is no filter at all.
    assert len(_prompts(caller.client.get("/v1/jobs", {"prompt": "  "}))) == 3


def test_the_console_search_and_the_api_answer_the_same_jobs(key_client, tenant, model, make_member):
    from django.test import Client
    from django.urls import reverse

    caller = key_client(tenant, "developer")
    make_jobs(tenant, model, 12, api_key=caller.api_key)
    api = {
        job["id"]
        for job in caller.client.get("/v1/jobs", {"prompt": "number 1", "limit": 100}).json()["data"]
    }
    assert len(api) == 3  # number 1, 10, 11
    console = Client()
    console.force_login(caller.user)
    page = console.get(reverse("console:jobs", kwargs={"tenant": tenant.slug}), {"q": "number 1"})
    assert {job.public_id for job in page.context["page"].jobs} == api

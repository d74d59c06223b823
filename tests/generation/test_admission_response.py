"""An async submission answers with the job as admitted: a job this request created has no images yet,
so none are read; a repeated Idempotency-Key answers with the first job as it is now, images included."""

from __future__ import annotations

import pytest
from celery.app.task import Task
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.events import Actor
from generation.catalog import shipped_model_ensure
from generation.models import GeneratedImage, GenerationJob, ImageDecision

BODY = {"model": "assay-shapes-1", "prompt": "a red circle", "size": "256x256", "async": True}


@pytest.fixture
def developer(tenant, key_client, monkeypatch):
    shipped_model_ensure(actor=Actor.system("tests"))
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: None)  # admission only
    return key_client(tenant, "developer")


@pytest.mark.django_db
def test_a_new_job_answers_without_reading_images(developer):
    with CaptureQueriesContext(connection) as queries:
        response = developer.client.post("/v1/images/generations", BODY, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["images"] == [] and response.json()["status"] == "received"
    # What the SDK reads from a 202 (README): result.model_extra["job_id"], and result.data is None.
    assert response.json()["job_id"] == response.json()["id"] and response.json()["data"] is None
    assert not [
        query["sql"] for query in queries.captured_queries if "generation_generatedimage" in query["sql"]
    ]


@pytest.mark.django_db
def test_a_repeated_idempotency_key_answers_with_the_jobs_images(developer, tenant):
    first = developer.client.post("/v1/images/generations", BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    job = GenerationJob.objects.get(public_id=first.json()["id"])
    GeneratedImage.objects.create(
        tenant=tenant,
        job=job,
        index=0,
        seed=1,
        storage_path="images/x.png",
        mime_type="image/png",
        sha256="0" * 64,
        byte_size=1,
        width=256,
        height=256,
        decision=ImageDecision.RELEASED,
    )
    again = developer.client.post("/v1/images/generations", BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 202 and again.json()["id"] == job.public_id
    assert [image["index"] for image in again.json()["images"]] == [0]


@pytest.mark.django_db
def test_an_idempotency_key_answers_only_the_api_key_that_used_it(developer, tenant, key_client):
    """Another key of the tenant sending the same body and key (a team picking `order-42` too, or a
    key without images:read) gets a 409, not the first key's job and its images."""
    from tests.helpers import assert_error

    first = developer.client.post(
        "/v1/images/generations", BODY, format="json", HTTP_IDEMPOTENCY_KEY="order-42"
    )
    again = developer.client.post(
        "/v1/images/generations", BODY, format="json", HTTP_IDEMPOTENCY_KEY="order-42"
    )
    assert first.status_code == again.status_code == 202 and again.json()["id"] == first.json()["id"]

    writer = key_client(tenant, None, scopes=["images:write"])
    other = writer.client.post("/v1/images/generations", BODY, format="json", HTTP_IDEMPOTENCY_KEY="order-42")

    error = assert_error(other, 409, "idempotency_key_reused")
    assert "another API key" in error["message"] and first.json()["id"] not in error["message"]
    assert GenerationJob.objects.count() == 1

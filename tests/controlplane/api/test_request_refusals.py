"""Requests the API refuses with a 4xx that says what to fix, never a 500 and never silently: found by an
independent tester (too many fields, a JSON body that is not an object, `async` sent as a string,
`stream`, fields the API does not know, OpenAI's variations endpoint, scope names in messages)."""

from __future__ import annotations

import pytest
from django.test import Client

from generation.models import GenerationJob
from tests.controlplane.api.test_images_api import generate
from tests.helpers import assert_error, png_upload

pytestmark = pytest.mark.django_db


TOO_MANY = "&".join(f"f{i}=x" for i in range(1001))


@pytest.mark.parametrize("path", ["/v1/me", "/v1/models", "/v1/openapi.json", "/v1/jobs"])
def test_more_query_parameters_than_django_reads_is_a_400(developer, path):
    error = assert_error(developer.client.get(f"{path}?{TOO_MANY}"), 400, "too_many_fields")
    assert "1000" in error["message"]
    # Before the key is even looked at, too.
    assert_error(Client().get(f"/v1/me?{TOO_MANY}"), 400, "too_many_fields")


def test_more_form_fields_than_django_reads_is_a_400(developer):
    response = developer.client.post(
        "/v1/images/generations", TOO_MANY, content_type="application/x-www-form-urlencoded"
    )
    assert_error(response, 400, "too_many_fields")
    verify = Client().post("/v1/verify", {f"f{i}": "x" for i in range(1001)})
    assert_error(verify, 400, "too_many_fields")
    assert not GenerationJob.objects.exists()


def test_a_form_field_sent_twice_is_refused_not_read_as_its_last_value(tiny_model, developer):
    """A proxy or log in front may read the first of a repeated field, Django reads the last: the
    prompt recorded and the one drawn could differ. JSON refuses a repeated name the same way."""
    body = "model=assay-tiny&prompt=a+woman+posing&prompt=a+red+circle&size=64x64&steps=2"
    response = developer.client.post(
        "/v1/images/generations", body, content_type="application/x-www-form-urlencoded"
    )
    error = assert_error(response, 400, "invalid_value")
    assert error["param"] == "prompt" and "sent 2 times" in error["message"]

    edit = {"model": "assay-tiny", "prompt": ["a cat", "a dog"], "image": png_upload()}
    response = developer.client.post("/v1/images/edits", edit, format="multipart")
    assert assert_error(response, 400, "invalid_value")["param"] == "prompt"
    both = {"model": "assay-tiny", "prompt": "a cat", "image": png_upload(), "image[]": png_upload()}
    response = developer.client.post("/v1/images/edits", both, format="multipart")
    assert "not both" in assert_error(response, 400, "invalid_value")["message"]
    assert not GenerationJob.objects.exists()


@pytest.mark.parametrize("body", ['"s"', "1", "null", "true", '["name"]'])
@pytest.mark.parametrize(
    ("role", "path"), [("developer", "/v1/images/edits"), ("admin", "/v1/likeness/people")]
)
def test_a_json_body_that_is_not_an_object_is_a_400(tenant, key_client, role, path, body):
    client = key_client(tenant, role).client
    response = client.generic("POST", path, body, content_type="application/json")
    error = assert_error(response, 400, "invalid_request_body")
    assert "multipart/form-data" in error["message"] and "JSON" in error["message"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline")
@pytest.mark.parametrize("value", ["false", "0", "no", False])
def test_async_false_as_a_string_waits_for_the_images(tiny_model, developer, value):
    response = generate(developer, **{"async": value})
    assert response.status_code == 200, response.content
    assert response.json()["data"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline")
def test_async_true_as_a_string_answers_with_the_job(tiny_model, developer):
    response = generate(developer, **{"async": "true"})
    assert response.status_code == 202 and response.json()["object"] == "job"


def test_stream_is_refused_not_ignored(tiny_model, developer):
    error = assert_error(generate(developer, stream=True), 400, "invalid_value")
    assert error["param"] == "stream" and "not supported" in error["message"]
    error = assert_error(generate(developer, partial_images=2), 400, "invalid_value")
    assert error["param"] == "partial_images"
    assert not GenerationJob.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline")
def test_openai_fields_assay_does_not_use_are_accepted(tiny_model, developer):
    response = generate(developer, stream=False, partial_images=0, style="vivid", moderation="low")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("field", ["negative_promt", "webhookurl", "seeds"])
def test_a_field_the_api_does_not_know_is_named(tiny_model, developer, field):
    error = assert_error(generate(developer, **{field: "x"}), 400, "invalid_value")
    assert error["param"] == field
    assert "unrecognized" in error["message"] and "negative_prompt" in error["message"]
    assert not GenerationJob.objects.exists()


def test_variations_are_answered_by_name(developer):
    error = assert_error(developer.client.post("/v1/images/variations", {}, format="json"), 400)
    assert error["code"] == "unsupported_endpoint" and "/v1/images/edits" in error["message"]


def test_a_scope_beyond_the_role_is_named_by_its_value(developer):
    response = developer.client.post("/v1/keys", {"name": "x", "scopes": ["audit:read"]}, format="json")
    error = assert_error(response, 400, "scope_not_grantable")
    assert "Scope." not in error["message"] and "<" not in error["message"]
    assert "audit:read" in error["message"] and "images:read" in error["message"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline")
def test_a_cancelled_job_says_why(tiny_model, developer, monkeypatch):
    from celery.app.task import Task

    monkeypatch.setattr(Task, "apply_async", lambda *args, **kwargs: None)  # no worker picks it up
    job = generate(developer, **{"async": True}).json()
    cancelled = developer.client.post(f"/v1/jobs/{job['id']}/cancel")
    assert cancelled.status_code == 200, cancelled.content
    error = developer.client.get(f"/v1/jobs/{job['id']}").json()["error"]
    assert error["code"] == "cancelled" and "before generation started" in error["message"]

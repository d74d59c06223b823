"""Vocabulary warnings through the images API: the real pipeline (tasks run eagerly) on a copy of the
tiny model whose folder declares the shipped model's vocabulary; and the official openai SDK reading
the answer."""

from __future__ import annotations

import shutil

import httpx2
import openai
import pytest

from audit.events import Actor
from audit.models import AuditEvent
from generation.catalog import SHIPPED_MODEL_FOLDER, model_register
from generation.models import GenerationJob, Mode
from generation.vocabulary import VOCABULARY_FILE
from policy.services import policy_version_create
from tests.helpers import assert_error

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_pipeline")]

MODEL = "assay-tiny-vocab"


@pytest.fixture
def vocab_model(db, tiny_model_folder, tmp_path):
    folder = tmp_path / MODEL
    shutil.copytree(tiny_model_folder, folder)
    shutil.copy(SHIPPED_MODEL_FOLDER / VOCABULARY_FILE, folder / VOCABULARY_FILE)
    return model_register(
        name=MODEL, backend="diffusers", family="sd15", license="test", capabilities=list(Mode.values),
        sizes=["64x64"], folder=str(folder), default_steps=2, default_guidance=5.0,
        actor=Actor.system("tests"),
    )  # fmt: skip


def generate(client, prompt: str, **body):
    payload = {"model": MODEL, "prompt": prompt, "size": "64x64", "seed": 0} | body
    return client.client.post("/v1/images/generations", payload, format="json")


def test_words_outside_the_vocabulary_are_warned_and_the_request_still_runs(vocab_model, developer):
    response = generate(developer, "an orange heart on a gray background", negative_prompt="blurry")
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["data"]) == 1
    warnings = body["warnings"]
    assert [(w["code"], w["param"], w["words"]) for w in warnings] == [
        ("out_of_vocabulary", "prompt", ["heart", "gray"]),
        ("out_of_vocabulary", "negative_prompt", ["blurry"]),
    ]
    assert "'heart', 'gray'" in warnings[0]["message"]

    job = GenerationJob.objects.get(public_id=body["job_id"])
    assert job.status == "completed" and job.warnings == warnings
    assert developer.client.get(f"/v1/jobs/{job.public_id}").json()["warnings"] == warnings
    received = AuditEvent.objects.get(subjects__job=job.public_id, event_type="job.received")
    assert received.payload["warnings"] == warnings


def test_a_prompt_inside_the_vocabulary_has_no_warnings(vocab_model, developer):
    body = generate(developer, "a big red circle in the top left corner on a white background").json()
    assert body["warnings"] == []


def test_a_model_that_declares_no_vocabulary_warns_about_nothing(tiny_model, developer):
    response = developer.client.post(
        "/v1/images/generations",
        {"model": "assay-tiny", "prompt": "a photo of a cat", "size": "64x64", "seed": 0},
        format="json",
    )
    assert response.json()["warnings"] == []
    assert developer.client.get("/v1/models/assay-tiny").json()["vocabulary"] is None


def test_the_model_lists_its_vocabulary(vocab_model, developer):
    vocabulary = developer.client.get(f"/v1/models/{MODEL}").json()["vocabulary"]
    assert vocabulary["categories"]["shapes"] == ["circle", "square", "star", "triangle"]
    assert "purple" in vocabulary["words"] and "heart" not in vocabulary["words"]


def test_a_policy_can_refuse_prompts_outside_the_vocabulary(vocab_model, tenant, developer):
    policy_version_create(
        tenant=tenant,
        document={"name": "strict-words", "vocabulary": {"out_of_vocabulary": "refuse"}},
        actor=Actor.system("tests"),
        activate=True,
    )
    error = assert_error(generate(developer, "a photo of a cat"), 400, "out_of_vocabulary")
    assert error["param"] == "prompt" and "'photo', 'cat'" in error["message"]
    assert "strict-words" in error["message"]
    assert not GenerationJob.objects.exists()
    assert generate(developer, "a small blue star on the left on a black background").status_code == 200


def test_the_policy_field_is_validated(tenant):
    from policy.schema import PolicyDocumentError, validate_document

    assert validate_document({"name": "p"}).vocabulary.out_of_vocabulary == "warn"
    with pytest.raises(PolicyDocumentError) as caught:
        validate_document({"name": "p", "vocabulary": {"out_of_vocabulary": "ignore"}})
    assert caught.value.field.startswith("vocabulary.out_of_vocabulary")


def test_the_openai_sdk_reads_the_answer_and_its_warnings(vocab_model, developer):
    from django.core.wsgi import get_wsgi_application

    http = httpx2.Client(transport=httpx2.WSGITransport(app=get_wsgi_application()))
    client = openai.OpenAI(
        base_url="http://testserver/v1", api_key=developer.key, http_client=http, max_retries=0
    )
    response = client.images.generate(
        model=MODEL, prompt="an orange heart on a gray background", size="64x64", extra_body={"seed": 0}
    )
    assert response.data[0].b64_json  # the SDK parsed the OpenAI shape
    assert response.warnings[0]["words"] == ["heart", "gray"]  # Assay's extra field, kept by the SDK
    assert response.model_extra["warnings"] == response.warnings

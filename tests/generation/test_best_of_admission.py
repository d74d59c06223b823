"""`best_of` at admission: n <= best_of <= 8 and the model's max_n, local models only, and more candidates
than n only for a model whose folder declares a scorer; each refusal a 400 naming `best_of`, with nothing
admitted. A model's scorer is listed by GET /v1/models."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from PIL import Image

from audit.events import Actor
from generation.catalog import model_register
from generation.models import GenerationJob, ImageModel, Mode
from tests.generation.test_best_of_pipeline import (  # noqa: F401 - fixtures, used by name
    ALLOW_EVERY_IMAGE,
    SCORED_MODEL,
    TEST_SCORER,
    generate,
    scored_folder,
    scored_model,
    test_scorer,
    use_policy,
)
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db
# The scored model (a copy of the tiny model whose folder declares the test scorer) is used by name.
with_scorer = pytest.mark.usefixtures("scored_model")

TESTS = Actor.system("tests")


@pytest.fixture
def provider_model(db) -> ImageModel:
    return model_register(
        name="gpt-image-1",
        backend="openai",
        family="openai",
        license="OpenAI terms",
        provider_model="gpt-image-1",
        capabilities=[Mode.TEXT2IMG],
        sizes=["1024x1024"],
        actor=TESTS,
    )


def refused(response, *, status: int = 400, code: str = "invalid_value") -> str:
    error = assert_error(response, status, code)
    assert error["param"] == "best_of", error
    assert not GenerationJob.objects.exists()  # nothing admitted, nothing charged
    return error["message"]


@with_scorer
@pytest.mark.parametrize(("n", "best_of"), [(2, 1), (3, 2), (1, 0), (1, 9)])
def test_best_of_must_lie_between_n_and_eight(developer, n, best_of):
    refused(generate(developer.client, n=n, best_of=best_of))


@with_scorer
def test_best_of_cannot_exceed_the_models_max_n(developer):
    ImageModel.objects.filter(name=SCORED_MODEL).update(max_n=2)
    assert "at most 2" in refused(generate(developer.client, best_of=3))


def test_best_of_is_for_local_models(developer, provider_model):
    body = {"model": provider_model.name, "prompt": "a red circle", "size": "1024x1024", "best_of": 2}
    message = refused(developer.client.post("/v1/images/generations", body, format="json"))
    assert "local models" in message


def test_a_model_without_a_scorer_refuses_more_candidates_than_n(developer, tiny_model):
    message = refused(generate(developer.client, model=tiny_model.name, best_of=2))
    assert "declares no scorer" in message


@with_scorer
def test_an_edit_takes_best_of_too(developer):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "in.png"
    body = {"model": SCORED_MODEL, "prompt": "make it blue", "n": "2", "best_of": "1", "image": buffer}
    refused(developer.client.post("/v1/images/edits", body, format="multipart"))


def test_a_scorer_declared_but_unusable_is_the_servers_error(developer, tmp_path, tiny_model_folder):
    folder = tmp_path / "broken-scorer"
    shutil.copytree(tiny_model_folder, folder)
    config = json.loads((folder / "assay.json").read_text()) | {"scorer": "package:no-such-scorer"}
    (folder / "assay.json").write_text(json.dumps(config))
    model_register(
        name="broken-scorer",
        backend="diffusers",
        family="sd15",
        license="test",
        capabilities=[Mode.TEXT2IMG],
        sizes=["64x64"],
        folder=str(folder),
        actor=TESTS,
    )
    message = refused(
        generate(developer.client, model="broken-scorer", best_of=2), status=503, code="scorer_unavailable"
    )
    assert "no-such-scorer" in message


@with_scorer
def test_the_models_list_names_each_models_scorer(developer, tiny_model):
    listed = {m["id"]: m for m in developer.client.get("/v1/models").json()["data"]}
    assert listed[SCORED_MODEL]["scorer"] == TEST_SCORER
    assert listed[tiny_model.name]["scorer"] is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline")
def test_best_of_equal_to_n_needs_no_scorer_and_ranks_nothing(tenant, developer, tiny_model):
    use_policy(tenant, ALLOW_EVERY_IMAGE)
    response = generate(developer.client, model=tiny_model.name, n=1, best_of=1, steps=2)

    assert response.status_code == 200, response.content
    assert response.json()["best_of"] == 1
    (item,) = response.json()["data"]
    assert (item["score"], item["rank"]) == (None, None)
    job = GenerationJob.objects.get(public_id=response.json()["job_id"])
    assert job.images.count() == 1 and job.scorer == ""

"""`best_of` with the own model and its own scorer: a folder of `assay-shapes-1` that declares
`"scorer": "package:assay-shapes-1-scorer"` ranks its candidates with the shipped contrastive scorer on
the worker, and returns the best-ranked one. (The scorer's quality is measured in test_scorer.py and
bench/best_of.py; here, that the pipeline runs it and records what it said.)"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from audit.events import Actor
from generation import storage
from generation.catalog import SHIPPED_MODEL_FOLDER, model_register
from generation.models import GenerationJob, ImageDecision, Mode
from generation.scoring.registry import ScorerRef, load_scorer
from tests.generation.test_best_of_pipeline import ALLOW_EVERY_IMAGE, use_policy

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_pipeline")]

SCORER = "assay-shapes-1-scorer"


@pytest.fixture(scope="module")
def shapes_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("shapes") / "assay-shapes-scored"
    shutil.copytree(SHIPPED_MODEL_FOLDER, folder)
    config = json.loads((folder / "assay.json").read_text()) | {"scorer": f"package:{SCORER}"}
    (folder / "assay.json").write_text(json.dumps(config))
    return folder


def test_the_own_scorer_ranks_the_own_models_candidates(tenant, key_client, shapes_folder):
    model_register(
        name="assay-shapes-scored",
        backend="diffusers",
        family="sd15",
        license="Apache-2.0",
        capabilities=[Mode.TEXT2IMG],
        sizes=["256x256"],
        folder=str(shapes_folder),
        default_steps=4,
        default_guidance=5.0,
        actor=Actor.system("tests"),
    )
    use_policy(tenant, ALLOW_EVERY_IMAGE)
    developer = key_client(tenant, "developer")
    prompt = "a big red circle in the center on a white background"
    body = {"model": "assay-shapes-scored", "prompt": prompt, "size": "256x256", "seed": 4, "best_of": 3}

    response = developer.client.post("/v1/images/generations", body, format="json")

    assert response.status_code == 200, response.content
    job = GenerationJob.objects.get(public_id=response.json()["job_id"])
    assert job.scorer == SCORER
    best, *others = job.images.order_by("rank")
    (item,) = response.json()["data"]
    assert (item["id"], item["rank"], item["score"]) == (best.public_id, 1, best.score)
    assert [image.decision for image in others] == [ImageDecision.UNSELECTED] * 2
    # The recorded scores are the scorer's own on these candidates, and rank 1 scored highest.
    scorer = load_scorer(ScorerRef("package", SCORER))
    for image in others:
        with Image.open(io.BytesIO(storage.read(image.storage_path))) as candidate:
            (score,) = scorer.score(prompt, [candidate])
        assert image.score == pytest.approx(score, abs=1e-4)
        assert best.score >= image.score

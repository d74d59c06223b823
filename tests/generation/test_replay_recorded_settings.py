"""A replay runs a setting the request left to the model's default with the value `image.generated`
recorded, not today's default: a model folder (or release) whose defaults changed after an image was made
must not make a replay report "different" for an image that reproduces (the real pipeline: tasks run
eagerly, the tiny model on CPU)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from audit.events import Actor
from audit.models import AuditEvent
from generation import replay as replay_service
from generation.backends import diffusers_backend
from generation.catalog import model_register
from generation.models import GeneratedImage, ImageModel, ImageReplay, Mode
from generation.params import GenerationParams
from generation.tiny_model import MODEL_CONFIG_FILE
from tests.controlplane.api.test_replay_api import edit, forget_loaded_models, replay

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_pipeline")]


def set_folder_defaults(folder: Path, defaults: dict[str, Any]) -> None:
    """Rewrite the `defaults` of the folder's assay.json (what a new release of the folder may do)."""
    config_path = folder / MODEL_CONFIG_FILE
    config = json.loads(config_path.read_text())
    config["defaults"] = defaults
    config_path.write_text(json.dumps(config))
    forget_loaded_models()  # a worker restarted on the new folder reads its assay.json again


@pytest.fixture
def folder_model(tiny_model_folder, tmp_path) -> Path:
    """A copy of the tiny model registered without default steps or guidance on its row, so admission
    leaves them out and the backend takes them (and the scheduler) from the folder."""
    folder = tmp_path / "assay-copy"
    shutil.copytree(tiny_model_folder, folder)
    set_folder_defaults(folder, {"steps": 3, "guidance_scale": 5.0})
    model_register(
        name="assay-copy", backend="diffusers", family="sd15", license="test", capabilities=list(Mode.values),
        sizes=["64x64"], folder=str(folder), actor=Actor.system("tests"),
    )  # fmt: skip
    return folder


def generate_with_defaults(client) -> str:
    """A text-to-image request that leaves steps, guidance and scheduler to the model."""
    payload = {"model": "assay-copy", "prompt": "a red circle", "size": "64x64", "seed": 7}
    response = client.client.post("/v1/images/generations", payload, format="json")
    assert response.status_code == 200, response.content
    image_id = response.json()["data"][0]["id"]
    job_id = GeneratedImage.objects.get(public_id=image_id).job.public_id
    received = AuditEvent.objects.get(event_type="job.received", subjects__job=job_id)
    assert not {"steps", "guidance_scale", "scheduler"} & received.payload["params"].keys()
    return image_id


def test_changed_default_steps_and_guidance_replay_identical(folder_model, developer, auditor):
    image_id = generate_with_defaults(developer)
    # The folder's defaults move on, and the row gains defaults of its own (as `model ensure-shipped`
    # or a re-registration may do): neither is what this image ran with.
    set_folder_defaults(folder_model, {"steps": 4, "guidance_scale": 3.0})
    ImageModel.objects.filter(name="assay-copy").update(default_steps=4, default_guidance=3.0)

    body = replay(auditor, image_id)
    assert body["identical"] is True, body["differences"]
    assert body["differences"] == []
    settings = ImageReplay.objects.get(public_id=body["id"]).outcome["settings"]
    assert (settings["steps"], settings["guidance_scale"]) == (3, 5.0)


def test_a_changed_default_scheduler_replays_identical(folder_model, developer, auditor):
    image_id = generate_with_defaults(developer)  # the folder's own scheduler: DDIM
    set_folder_defaults(
        folder_model, {"steps": 3, "guidance_scale": 5.0, "scheduler": "EulerDiscreteScheduler"}
    )

    body = replay(auditor, image_id)
    assert body["identical"] is True, body["differences"]
    assert body["differences"] == []
    assert ImageReplay.objects.get(public_id=body["id"]).outcome["settings"]["scheduler"] == "DDIMScheduler"


def test_a_changed_default_strength_replays_identical(tiny_model, developer, auditor, monkeypatch):
    image_id = edit(developer, mask=False)  # img2img, strength left to the backend's default
    recorded = AuditEvent.objects.get(event_type="image.generated", subjects__image=image_id)
    assert recorded.payload["settings"]["strength"] == diffusers_backend.DEFAULT_STRENGTH["img2img"]
    monkeypatch.setitem(diffusers_backend.DEFAULT_STRENGTH, "img2img", 0.5)  # a later release's default

    body = replay(auditor, image_id)
    assert body["identical"] is True, body["differences"]
    assert body["differences"] == []


def test_a_default_scheduler_a_request_cannot_name_is_left_to_the_folder(folder_model, developer, auditor):
    """A model's own scheduler outside SCHEDULERS cannot be pinned: the replay runs today's folder
    default, identical while it is unchanged, and names `scheduler` once it is not. (A guard of the
    fallback: it passes with or without pinning the recorded settings.)"""
    set_folder_defaults(folder_model, {"steps": 3, "guidance_scale": 5.0, "scheduler": "DDPMScheduler"})
    image_id = generate_with_defaults(developer)
    assert replay(auditor, image_id)["identical"] is True

    set_folder_defaults(folder_model, {"steps": 3, "guidance_scale": 5.0})  # back to its DDIM
    fields = {d["field"]: d for d in replay(auditor, image_id)["differences"]}
    assert (fields["scheduler"]["recorded"], fields["scheduler"]["now"]) == (
        "DDPMScheduler",
        "DDIMScheduler",
    )


def test_a_setting_the_request_gave_is_kept():
    params = GenerationParams(size="64x64", seed=1, steps=5, guidance_scale=2.0, scheduler="PNDMScheduler")
    recorded = {"steps": 9, "guidance_scale": 7.5, "scheduler": "DDIMScheduler", "strength": None}
    assert replay_service.with_recorded_settings(params, recorded) == params

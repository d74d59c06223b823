"""`image.replayed`: every replay that finishes, identical, different or failed, leaves one audit event on
the tenant's chain, naming who asked, the image, the result and the fields that differ (the real pipeline:
tasks run eagerly, the tiny model on CPU)."""

from __future__ import annotations

import io
import shutil

import pytest
import torch
from PIL import Image
from safetensors.torch import load_file, save_file

from audit.events import Actor
from audit.models import AuditEvent
from generation import replay as replay_service
from generation import storage
from generation.catalog import model_register
from generation.models import GeneratedImage, ImageReplay, Mode

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_pipeline")]


def generate(client, model: str = "assay-tiny", **body) -> str:
    payload = {"model": model, "prompt": "a red circle", "size": "64x64", "steps": 3, "seed": 0} | body
    response = client.client.post("/v1/images/generations", payload, format="json")
    assert response.status_code == 200, response.content
    return response.json()["data"][0]["id"]


def replay(client, image_id: str) -> dict:
    response = client.client.post(f"/v1/images/{image_id}/replay")
    assert response.status_code == 200, response.content  # eager: finished within the request
    return response.json()


def replayed_events(image_id: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(event_type="image.replayed", subjects__image=image_id).order_by("seq")
    )


def test_an_identical_replay_is_audited_with_its_requester(tiny_model, developer, auditor, tenant):
    image_id = generate(developer, seed=11)
    body = replay(auditor, image_id)
    assert body["identical"] is True

    [event] = replayed_events(image_id)
    image = GeneratedImage.objects.get(public_id=image_id)
    assert event.tenant_id == tenant.pk
    assert event.subjects == {"image": image_id, "job": image.job.public_id, "replay": body["id"]}
    assert (event.actor_kind, event.actor_id) == (body["requested_by"]["kind"], body["requested_by"]["id"])
    assert event.actor_kind == "api_key"
    assert event.payload["result"] == "identical"
    assert event.payload["differences"] == []
    assert event.payload["requested_by"] == body["requested_by"]
    assert (
        event.payload["pixels_sha256"]["recorded"]
        == image.pixels_sha256
        == event.payload["pixels_sha256"]["replayed"]
    )


def test_a_different_replay_names_the_fields(tiny_model_folder, tmp_path, developer, auditor):
    folder = tmp_path / "assay-copy"
    shutil.copytree(tiny_model_folder, folder)
    model_register(
        name="assay-copy", backend="diffusers", family="sd15", license="test", capabilities=list(Mode.values),
        sizes=["64x64"], folder=str(folder), default_steps=3, default_guidance=5.0,
        actor=Actor.system("tests"),
    )  # fmt: skip
    image_id = generate(developer, model="assay-copy", seed=3)
    weights = folder / "unet" / "diffusion_pytorch_model.safetensors"
    tensors = load_file(weights)
    name = next(key for key in sorted(tensors) if key.endswith("conv_out.bias"))
    tensors[name] = tensors[name] + torch.full_like(tensors[name], 0.5)
    save_file(tensors, weights, metadata={"format": "pt"})

    assert replay(auditor, image_id)["identical"] is False
    [event] = replayed_events(image_id)
    assert event.payload["result"] == "different"
    assert event.payload["differences"] == ["weights_sha256"]
    assert event.payload["pixels_sha256"]["recorded"] != event.payload["pixels_sha256"]["replayed"]


def test_a_failed_replay_is_audited_with_its_error(tiny_model, developer, auditor, monkeypatch):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, "PNG")
    buffer.name = "in.png"
    buffer.seek(0)
    response = developer.client.post(
        "/v1/images/edits",
        {
            "model": "assay-tiny",
            "prompt": "a green square",
            "steps": "4",
            "seed": "5",
            "strength": "0.75",
            "image": buffer,
        },
        format="multipart",
    )
    assert response.status_code == 200, response.content
    image_id = response.json()["data"][0]["id"]
    storage.delete(GeneratedImage.objects.get(public_id=image_id).job.input_image_path)
    # The upload deleted after the replay was accepted (admission refuses it when it is already gone):
    # the worker finds it missing.
    monkeypatch.setattr(replay_service, "replay_check", lambda image: None)

    body = replay(auditor, image_id)
    assert body["status"] == "failed"
    [event] = replayed_events(image_id)
    assert event.payload["result"] == "failed"
    assert event.payload["error"]["code"] == "replay_input_gone"
    assert "no longer stored" in event.payload["error"]["message"]
    assert "differences" not in event.payload


def test_a_replay_that_finishes_twice_is_audited_once(tiny_model, developer, auditor):
    image_id = generate(developer, seed=0)
    body = replay(auditor, image_id)
    replay_pk = ImageReplay.objects.get(public_id=body["id"]).pk
    replay_service.image_replay_run(replay_pk)  # a redelivered task: already completed, does nothing
    replay_service.image_replay_fail(replay_pk, code="late", message="a late failure")
    assert len(replayed_events(image_id)) == 1
    assert ImageReplay.objects.get(pk=replay_pk).status == "completed"

"""POST /v1/images/{id}/replay: an auditor regenerates an image from its audit record on the real
pipeline (tasks run eagerly, the tiny model on CPU) and learns whether the pixels are identical and,
when not, which recorded setting differs from today's environment."""

from __future__ import annotations

import io
import shutil

import pytest
import torch
from PIL import Image
from safetensors.torch import load_file, save_file

from audit.events import Actor
from audit.models import AuditEvent
from generation import backends
from generation.backends import diffusers_backend
from generation.catalog import model_register
from generation.models import GeneratedImage, Mode
from tests.helpers import assert_error

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_pipeline")]


def generate(client, model: str = "assay-tiny", **body) -> str:
    payload = {"model": model, "prompt": "a red circle", "size": "64x64", "steps": 3, "seed": 0} | body
    response = client.client.post("/v1/images/generations", payload, format="json")
    assert response.status_code == 200, response.content
    return response.json()["data"][0]["id"]


def png(size=(64, 64), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def mask_png(size=(64, 64), box=(16, 16, 48, 48)) -> bytes:
    mask = Image.new("RGBA", size, (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), box)
    buffer = io.BytesIO()
    mask.save(buffer, "PNG")
    return buffer.getvalue()


def edit(client, *, mask: bool, **fields) -> str:
    data = {"model": "assay-tiny", "prompt": "a green square", "steps": "4", "seed": "5", **fields}
    data["image"] = io.BytesIO(png())
    data["image"].name = "in.png"
    if mask:
        data["mask"] = io.BytesIO(mask_png())
        data["mask"].name = "mask.png"
    response = client.client.post("/v1/images/edits", data, format="multipart")
    assert response.status_code == 200, response.content
    return response.json()["data"][0]["id"]


def replay(client, image_id: str) -> dict:
    response = client.client.post(f"/v1/images/{image_id}/replay")
    assert response.status_code == 200, response.content  # eager: finished within the request
    body = response.json()
    assert body["status"] == "completed", body
    assert client.client.get(f"/v1/replays/{body['id']}").json() == body
    return body


def forget_loaded_models() -> None:
    """What a worker restart does to a worker's memory: no pipeline loaded, no backend instance."""
    diffusers_backend._MODELS.clear()
    backends._instances.clear()


def test_a_text_to_image_replay_is_identical(tiny_model, developer, auditor):
    image_id = generate(developer, n=2, seed=11)
    recorded = GeneratedImage.objects.get(public_id=image_id)
    event = AuditEvent.objects.get(subjects__image=image_id, event_type="image.generated")
    assert event.payload["pixels_sha256"] == recorded.pixels_sha256 and len(recorded.pixels_sha256) == 64
    assert event.payload["settings"]["determinism"]["cpu_capability"]

    body = replay(auditor, image_id)
    assert body["identical"] is True, body["differences"]
    assert body["pixels_sha256"] == {"recorded": recorded.pixels_sha256, "replayed": recorded.pixels_sha256}
    assert body["differences"] == [] and body["image_id"] == image_id
    assert body["requested_by"]["kind"] == "api_key"

    second = GeneratedImage.objects.get(job=recorded.job, index=1)
    assert replay(auditor, second.public_id)["identical"] is True  # seed + 1, from the same batch

    forget_loaded_models()  # the pipeline loaded afresh from the folder, as after a worker restart
    assert replay(auditor, image_id)["identical"] is True


@pytest.mark.parametrize("mask", [False, True], ids=["img2img", "inpaint"])
def test_an_edit_replay_is_identical(tiny_model, developer, auditor, mask):
    image_id = edit(developer, mask=mask, strength="0.75")
    body = replay(auditor, image_id)
    assert body["identical"] is True, body["differences"]
    assert body["differences"] == []


def test_a_changed_weight_file_is_named(tiny_model_folder, tmp_path, developer, auditor):
    folder = tmp_path / "assay-copy"
    shutil.copytree(tiny_model_folder, folder)
    model_register(
        name="assay-copy", backend="diffusers", family="sd15", license="test", capabilities=list(Mode.values),
        sizes=["64x64"], folder=str(folder), default_steps=3, default_guidance=5.0,
        actor=Actor.system("tests"),
    )  # fmt: skip
    image_id = generate(developer, model="assay-copy", seed=3)
    assert replay(auditor, image_id)["identical"] is True

    weights = folder / "unet" / "diffusion_pytorch_model.safetensors"
    tensors = load_file(weights)
    name = next(key for key in sorted(tensors) if key.endswith("conv_out.bias"))
    tensors[name] = tensors[name] + torch.full_like(tensors[name], 0.5)
    save_file(tensors, weights, metadata={"format": "pt"})

    body = replay(auditor, image_id)
    assert body["identical"] is False
    assert body["pixels_sha256"]["recorded"] != body["pixels_sha256"]["replayed"]
    fields = {difference["field"]: difference for difference in body["differences"]}
    assert list(fields) == ["weights_sha256"], fields
    assert fields["weights_sha256"]["recorded"] != fields["weights_sha256"]["now"]


def test_only_auditors_of_the_tenant_replay(tiny_model, developer, auditor, other_tenant, key_client):
    image_id = generate(developer)
    assert_error(developer.client.post(f"/v1/images/{image_id}/replay"), 403, "insufficient_scope")
    outsider = key_client(other_tenant, "auditor")
    assert_error(outsider.client.post(f"/v1/images/{image_id}/replay"), 404, "not_found")
    replay_id = replay(auditor, image_id)["id"]
    assert_error(outsider.client.get(f"/v1/replays/{replay_id}"), 404, "not_found")


def test_an_image_without_a_pixel_record_is_refused(tiny_model, developer, auditor, monkeypatch):
    from generation import replay as replay_module

    image_id = generate(developer)
    image = GeneratedImage.objects.select_related("job__model", "tenant").get(public_id=image_id)
    # An image from before pixel digests were recorded: its image.generated event has none (the
    # append-only event cannot be rewritten, so the record read is).
    record = replay_module._record(image)
    record.generated.pop("pixels_sha256")
    monkeypatch.setattr(replay_module, "_record", lambda _image: record)
    assert_error(auditor.client.post(f"/v1/images/{image_id}/replay"), 409, "replay_not_recorded")


def test_replays_count_against_the_keys_requests_per_minute(
    tiny_model, developer, auditor, tenant, monkeypatch
):
    """A replay regenerates an image on the model's pool: an auditor's key cannot start them without end."""
    from datetime import UTC, datetime

    from controlplane.quotas import ratelimit, services

    monkeypatch.setattr(ratelimit, "_now", lambda: datetime(2026, 11, 30, 12, 0, 10, tzinfo=UTC))
    image_id = generate(developer)
    services.limit_set(
        tenant=tenant,
        api_key=auditor.api_key,
        end_user="",
        values={"requests_per_minute": 1},
        actor=Actor.system("tests"),
    )
    # Neither an OPTIONS nor a method the URL lacks (405) spends the allowance: only work does.
    assert auditor.client.options(f"/v1/images/{image_id}/replay").status_code == 200
    assert auditor.client.get(f"/v1/images/{image_id}/replay").status_code == 405
    first = auditor.client.post(f"/v1/images/{image_id}/replay")
    assert first.status_code == 200, first.content
    assert first["x-ratelimit-remaining-requests"] == "0"
    second = auditor.client.post(f"/v1/images/{image_id}/replay")
    assert_error(second, 429, "rate_limit_exceeded")
    assert 0 < int(second["Retry-After"]) <= 60
    assert developer.client.post(f"/v1/images/{image_id}/replay").status_code == 403  # scope first

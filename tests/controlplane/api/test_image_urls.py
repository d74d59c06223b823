"""What a sync answer gives back besides the images: the list of those it withheld (and why), and
signed `url`s that stop working when their time is up."""

from __future__ import annotations

import time

import pytest
from django.core import signing

from audit.events import Actor
from generation.models import GeneratedImage, ImageDecision
from policy.services import policy_version_create
from policy.templates import template
from tests.helpers import assert_error

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_pipeline")]


def generate(client, **body):
    payload = {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "steps": 2, "seed": 0} | body
    return client.client.post("/v1/images/generations", payload, format="json")


def test_a_sync_answer_lists_the_images_the_policy_withheld(tiny_model, developer, tenant):
    # Seeds 3 and 4 of the tiny model's noise score either side of 0.4 in Open NSFW (about 3% of seeds
    # score over it): with the block threshold there, one image of the two is blocked, one released.
    document = template("standard") | {
        "name": "block-some",
        "output": {"nsfw": {"review_at": 0.4, "block_at": 0.4}},
    }
    policy_version_create(tenant=tenant, document=document, actor=Actor.system("tests"), activate=True)

    response = generate(developer, n=2, seed=3)

    assert response.status_code == 200, response.content
    body = response.json()
    images = {image.index: image for image in GeneratedImage.objects.filter(job__public_id=body["job_id"])}
    released = [image for image in images.values() if image.decision == ImageDecision.RELEASED]
    blocked = [image for image in images.values() if image.decision == ImageDecision.BLOCKED]
    assert len(released) == len(blocked) == 1
    assert [item["id"] for item in body["data"]] == [released[0].public_id]
    (withheld,) = body["withheld"]
    assert withheld["id"] == blocked[0].public_id and withheld["index"] == blocked[0].index
    assert withheld["decision"] == "blocked"
    (reason,) = [reason for reason in withheld["reasons"] if reason["source"] == "nsfw"]
    assert reason["score"] >= 0.4 and reason["threshold"] == 0.4


class _Clock:
    """The clock Django's signing reads (`time.time()` in django.core.signing), moved on by hand."""

    def __init__(self) -> None:
        self.ahead = 0.0

    def time(self) -> float:
        return time.time() + self.ahead


def test_a_signed_image_url_expires_after_its_ttl(tiny_model, developer, client, settings, monkeypatch):
    settings.ASSAY_IMAGE_URL_TTL_SECONDS = 600
    clock = _Clock()
    monkeypatch.setattr(signing, "time", clock)
    url = generate(developer, response_format="url").json()["data"][0]["url"]
    path = url.split("testserver", 1)[1]

    clock.ahead = 600 - 30  # nearly spent: still good
    assert client.get(path).status_code == 200
    clock.ahead = 600 + 2  # spent
    assert_error(client.get(path), 403, "url_expired")
    # The image itself is still there for its tenant's key.
    image_id = path.split("/")[3]
    assert developer.client.get(f"/v1/images/{image_id}/content").status_code == 200


def test_a_signed_image_url_stops_working_with_the_key_behind_it(tiny_model, developer, client):
    """A link is not a credential of its own: once its key is revoked, so is the link (before, it
    kept working for the rest of its hour)."""
    from controlplane.tenants.services import api_key_revoke
    from foundation.cli import cli_actor

    path = generate(developer, response_format="url").json()["data"][0]["url"].split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    api_key_revoke(api_key=developer.api_key, actor=cli_actor())
    response = client.get(path)
    assert_error(response, 403, "url_revoked")
    assert "was revoked" in response.json()["error"]["message"]


def test_a_signed_image_url_stops_when_its_tenant_is_deactivated(tiny_model, developer, client, tenant):
    from controlplane.tenants.services import tenant_set_active
    from foundation.cli import cli_actor

    path = generate(developer, response_format="url").json()["data"][0]["url"].split("testserver", 1)[1]
    image_id = path.split("/")[3]
    # A link signed before links named their key (the tenant only) stops with the tenant too.
    old_token = signing.dumps(
        {"image": image_id, "tenant": str(tenant.public_id)}, salt="assay.image-content", compress=True
    )
    old_path = f"/v1/images/{image_id}/content?token={old_token}"
    assert client.get(path).status_code == 200
    assert client.get(old_path).status_code == 200
    tenant_set_active(tenant=tenant, is_active=False, actor=cli_actor())
    for gone in (path, old_path):
        response = client.get(gone)
        assert_error(response, 403, "url_revoked")
        assert "deactivated" in response.json()["error"]["message"]

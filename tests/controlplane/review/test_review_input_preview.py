"""A review item's inputs (the image and mask an edit uploaded) over the API: an upload held by input
screening is shown to reviewers as a held output image is (/v1/quarantine): blurred by default, as it
is only with `?reveal=true`, audited before any byte is returned, never revealed to the requester,
`review:write` only, 404 in another tenant, and a clear 404 when the stored bytes are gone.

The pipeline runs for real (tasks eagerly, the tiny model): the policy reviews every input at NSFW 0.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from audit.events import EventType
from audit.models import AuditEvent
from controlplane.review.models import ReviewItem
from generation import storage
from generation.models import GenerationJob
from tests.helpers import assert_error

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_pipeline", "tiny_model"),
]


def use_policy(tenant) -> None:
    """Every edit's input held for review (NSFW `review_at` 0), nothing blocked."""
    from audit.events import Actor
    from policy.services import policy_version_create
    from policy.templates import template

    document = template("standard") | {
        "name": "inputs-held",
        "output": {"nsfw": {"review_at": 0.0, "block_at": 1.0}},
    }
    policy_version_create(tenant=tenant, document=document, actor=Actor.system("tests"), activate=True)


def png(mode: str = "RGB") -> bytes:
    """Two halves of different colours: a blur changes the edge between them."""
    picture = Image.new(mode, (64, 64), (200, 0, 0, 255) if mode == "RGBA" else (200, 0, 0))
    picture.paste((0, 0, 255, 0) if mode == "RGBA" else (0, 0, 255), (0, 0, 32, 64))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def upload(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def queue(client, **filters) -> list[dict]:
    response = client.get("/v1/reviews", filters)
    assert response.status_code == 200, response.content
    return response.json()["data"]


def hold(people, requester=None, *, mask: bytes | None = None) -> dict:
    """The requester's (the developer's by default) edit, held at the input, as the reviewer sees it."""
    use_policy(people.reviewer.tenant)
    requester = requester or people.developer
    body = {"model": "assay-tiny", "prompt": "make it sunny", "steps": "2", "image": upload(png(), "in.png")}
    if mask is not None:
        body["mask"] = upload(mask, "mask.png")
    response = requester.client.post("/v1/images/edits", body, format="multipart")
    error = assert_error(response, 422, "held_for_review")
    assert error["stage"] == "prompt"
    (item,) = queue(people.reviewer.client, job=error["job_id"])
    assert item["image_id"] is None and item["preview"] is None  # nothing was generated
    assert {r["stage"] for r in item["reasons"]} == {"input"}
    return item


def reveals() -> int:
    return AuditEvent.objects.filter(event_type=EventType.IMAGE_REVEALED).count()


def test_a_reviewer_sees_the_held_input_blurred_and_reveals_it_audited(people):
    item = hold(people, mask=png("RGBA"))
    job = ReviewItem.objects.get(public_id=item["id"]).job
    assert item["inputs"] == {
        "image": f"/v1/reviews/{item['id']}/inputs/image",
        "mask": f"/v1/reviews/{item['id']}/inputs/mask",
    }
    assert people.reviewer.client.get(f"/v1/reviews/{item['id']}").json()["inputs"] == item["inputs"]
    original = storage.read(job.input_image_path)

    preview = people.reviewer.client.get(item["inputs"]["image"])

    assert preview.status_code == 200 and preview["Cache-Control"] == "no-store"
    assert preview["Content-Type"] == "image/png" and preview.content != original
    with Image.open(io.BytesIO(preview.content)) as blurred:
        assert blurred.size == (64, 64)
    # A mask is all in its alpha (transparent: the pixels to edit): its preview shows where, on white.
    with Image.open(io.BytesIO(people.reviewer.client.get(item["inputs"]["mask"]).content)) as shown:
        darkest, lightest = shown.convert("L").getextrema()
    assert darkest < 100 < lightest
    assert reveals() == 0  # a preview is not a reveal
    assert_error(people.reviewer.client.get(item["inputs"]["image"], {"reveal": "yes"}), 400, "invalid_value")

    revealed = people.reviewer.client.get(item["inputs"]["image"], {"reveal": "true"})

    assert revealed.status_code == 200 and revealed["Cache-Control"] == "no-store"
    assert revealed["Content-Type"] == "image/png" and revealed.content == original
    (event,) = AuditEvent.objects.filter(event_type=EventType.IMAGE_REVEALED)
    assert event.subjects == {"review": item["id"], "job": job.public_id}
    assert event.payload["input"] == "image"
    assert event.payload["sha256"] == storage.sha256_hex(original)
    assert event.payload["reasons"] == item["reasons"]
    assert event.actor_id == str(people.reviewer.api_key.public_id)
    # The mask, the same way.
    mask = people.reviewer.client.get(item["inputs"]["mask"], {"reveal": "true"})
    assert mask.status_code == 200 and mask.content == storage.read(job.input_mask_path)
    assert AuditEvent.objects.filter(event_type=EventType.IMAGE_REVEALED).last().payload["input"] == "mask"


def test_no_byte_is_returned_when_the_reveal_cannot_be_recorded(people, monkeypatch):
    """The audit event comes first: if it cannot be written, the reveal fails and returns nothing."""
    from controlplane.review import reveal

    item = hold(people)

    def refuse(**_):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(reveal, "record_event", refuse)
    failed = people.reviewer.client.get(item["inputs"]["image"], {"reveal": "true"})

    assert failed.status_code == 500 and failed["Content-Type"] == "application/json"
    assert set(failed.json()) == {"error"}  # the API's error, not the image
    assert people.reviewer.client.get(item["inputs"]["image"]).status_code == 200  # the preview stays


@pytest.mark.parametrize("role", ["developer", "auditor"])
def test_a_key_without_review_write_is_refused_both_doors(people, role):
    item = hold(people)
    client = getattr(people, role).client

    assert_error(client.get(item["inputs"]["image"]), 403, "insufficient_scope")
    assert_error(client.get(item["inputs"]["image"], {"reveal": "true"}), 403, "insufficient_scope")
    assert reveals() == 0


def test_the_requester_sees_the_blurred_input_but_cannot_reveal_it(people):
    """An admin (who holds review:write) uploaded it: revealing it is refused as for output images."""
    item = hold(people, requester=people.admin)

    assert people.admin.client.get(item["inputs"]["image"]).status_code == 200  # blurred: allowed
    error = assert_error(people.admin.client.get(item["inputs"]["image"], {"reveal": "true"}), 403, "own_job")
    assert "another reviewer" in error["message"]
    assert reveals() == 0
    assert people.reviewer.client.get(item["inputs"]["image"], {"reveal": "true"}).status_code == 200


def test_another_tenants_reviewer_gets_404(people, other_tenant, key_client):
    item = hold(people)
    outsider = key_client(other_tenant, "reviewer", email="rita@globex.example")

    for query in ({}, {"reveal": "true"}):
        assert_error(outsider.client.get(item["inputs"]["image"], query), 404, "not_found")
    assert reveals() == 0


def test_a_stored_input_that_is_gone_is_a_clear_404_and_no_reveal(people):
    item = hold(people)
    job = ReviewItem.objects.get(public_id=item["id"]).job
    storage.delete(job.input_image_path)

    for query in ({}, {"reveal": "true"}):
        error = assert_error(people.reviewer.client.get(item["inputs"]["image"], query), 404, "input_missing")
        assert "no longer stored" in error["message"] and job.public_id in error["message"]
    assert reveals() == 0


def test_an_input_deleted_by_the_retention_run_is_input_missing_not_no_such_input(people):
    item = hold(people)
    job = ReviewItem.objects.get(public_id=item["id"]).job
    storage.delete(job.input_image_path)
    GenerationJob.objects.filter(pk=job.pk).update(
        input_image_path=""
    )  # as quarantine.inputs_purge leaves it

    error = assert_error(people.reviewer.client.get(item["inputs"]["image"]), 404, "input_missing")
    assert "deleted at the end of its retention" in error["message"]
    assert reveals() == 0


def test_an_item_without_that_input_says_so(people):
    item = hold(people)  # no mask
    assert set(item["inputs"]) == {"image"}

    error = assert_error(
        people.reviewer.client.get(f"/v1/reviews/{item['id']}/inputs/mask"), 404, "not_found"
    )
    assert "no input mask" in error["message"]
    assert_error(people.reviewer.client.get(f"/v1/reviews/{item['id']}/inputs/other"), 404, "not_found")
    assert_error(people.reviewer.client.get("/v1/reviews/rev_nosuchitem/inputs/image"), 404, "not_found")


def test_a_text_to_image_item_lists_no_inputs(people):
    from tests.prompts import HELD_PROMPT

    body = {"model": "assay-tiny", "prompt": HELD_PROMPT, "size": "64x64", "steps": 2, "seed": 0}
    held = people.developer.client.post("/v1/images/generations", body, format="json")
    job_id = assert_error(held, 422, "held_for_review")["job_id"]
    (item,) = queue(people.reviewer.client, job=job_id)

    assert item["inputs"] == {}
    assert_error(people.reviewer.client.get(f"/v1/reviews/{item['id']}/inputs/image"), 404, "not_found")

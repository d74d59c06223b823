"""GET /v1/quarantine/images pages by cursor as GET /v1/jobs does: newest first, `after` = the previous
page's `next_cursor`, so every held or blocked image can be reached, not only the newest 100."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.events import Actor
from generation.models import GeneratedImage, ImageDecision, Mode
from generation.params import GenerationParams
from generation.services import JobRequest, job_create
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarantined(tiny_model, monkeypatch):
    """`quarantined(tenant, count)`: one job's images (rows only), one a minute, some blocked and some
    held; the oldest two made at the same instant (the cursor breaks the tie)."""
    from celery.app.task import Task

    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: None)

    def make(tenant, count: int) -> list[GeneratedImage]:
        request = JobRequest(
            model=tiny_model,
            mode=Mode.TEXT2IMG,
            prompt="a red circle",
            params=GenerationParams(n=1, size="64x64"),
        )
        job, _ = job_create(tenant=tenant, api_key=None, actor=Actor.system("tests"), request=request)
        start = timezone.now() - timedelta(days=1)
        return GeneratedImage.objects.bulk_create(
            GeneratedImage(
                tenant=tenant,
                job=job,
                index=index,
                storage_path=f"images/{tenant.public_id}/{job.public_id}/{index}.png",
                mime_type="image/png",
                sha256="0" * 64,
                byte_size=1,
                width=8,
                height=8,
                decision=ImageDecision.BLOCKED if index % 3 else ImageDecision.HELD,
                created_at=start + timedelta(minutes=max(index, 1)),
            )
            for index in range(count)
        )

    return make


def pages(client, **params) -> list[dict]:
    """Every page, following `next_cursor` to the end."""
    answers = []
    while True:
        response = client.get("/v1/quarantine/images", params)
        assert response.status_code == 200, response.content
        answers.append(response.json())
        if not answers[-1]["has_more"]:
            assert answers[-1]["next_cursor"] is None
            return answers
        params = params | {"after": answers[-1]["next_cursor"]}


def test_every_quarantined_image_is_reached_past_the_first_hundred(tenant, key_client, quarantined):
    images = quarantined(tenant, 101)
    reviewer = key_client(tenant, "reviewer")

    first, last = pages(reviewer.client)

    assert len(first["data"]) == 100 and first["has_more"] and first["next_cursor"]
    newest_first = sorted(images, key=lambda i: (i.created_at, i.public_id), reverse=True)
    seen = [i["id"] for i in first["data"] + last["data"]]
    assert seen == [i.public_id for i in newest_first]


def test_small_pages_filtered_by_decision_neither_repeat_nor_skip(tenant, key_client, quarantined):
    images = quarantined(tenant, 7)
    reviewer = key_client(tenant, "reviewer")

    answers = pages(reviewer.client, limit=2, decision=ImageDecision.BLOCKED)

    assert [len(a["data"]) for a in answers] == [2, 2]
    seen = [i["id"] for a in answers for i in a["data"]]
    blocked = [i for i in images if i.decision == ImageDecision.BLOCKED]
    assert seen == [
        i.public_id for i in sorted(blocked, key=lambda i: (i.created_at, i.public_id), reverse=True)
    ]
    assert {i["decision"] for a in answers for i in a["data"]} == {"blocked"}
    # An image made while a client pages is newer than every cursor: the next page does not shift.
    after = answers[0]["next_cursor"]
    quarantined(tenant, 1)
    again = reviewer.client.get("/v1/quarantine/images", {"limit": 2, "decision": "blocked", "after": after})
    assert again.json()["data"] == answers[1]["data"]


def test_bad_cursors_and_limits_are_refused(tenant, other_tenant, key_client, quarantined):
    quarantined(tenant, 3)
    quarantined(tenant, 3)  # two jobs: GET /v1/jobs has a second page
    quarantined(other_tenant, 3)
    reviewer = key_client(tenant, "reviewer")
    theirs = key_client(other_tenant, "reviewer").client.get("/v1/quarantine/images", {"limit": 1}).json()
    jobs_cursor = key_client(tenant, "admin").client.get("/v1/jobs", {"limit": 1}).json()["next_cursor"]

    for bad in ("nonsense", theirs["next_cursor"], jobs_cursor):
        error = assert_error(
            reviewer.client.get("/v1/quarantine/images", {"after": bad}), 400, "invalid_cursor"
        )
        assert error["param"] == "after"
    for bad in ("0", "101", "ten"):
        error = assert_error(
            reviewer.client.get("/v1/quarantine/images", {"limit": bad}), 400, "invalid_value"
        )
        assert error["param"] == "limit"
    error = assert_error(
        reviewer.client.get("/v1/quarantine/images", {"decision": "released"}), 400, "invalid_value"
    )
    assert error["param"] == "decision" and "held" in error["message"]

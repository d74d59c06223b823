"""An operator key that made a key for a member (POST /v1/keys with "member") saw its secret: review
counts the operator key's holder as that key's holder too (no approving one's own job, no meeting
four-eyes alone)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from generation.models import GenerationJob, JobStatus
from policy.services import policy_version_create
from policy.templates import template
from tests.helpers import assert_error
from tests.prompts import HELD_PROMPT

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_pipeline", "tiny_model"),
]


def client_for(secret):
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return c


def held_job(client):
    body = {"model": "assay-tiny", "prompt": HELD_PROMPT, "size": "64x64", "steps": 2, "seed": 0}
    return assert_error(client.post("/v1/images/generations", body, format="json"), 422, "held_for_review")[
        "job_id"
    ]


def test_operator_key_approves_own_job_with_key_it_minted_for_a_reviewer(tenant, key_client, make_member):
    operator = key_client(tenant, None)
    make_member(tenant, "reviewer", "rita@acme.example")
    made = operator.client.post("/v1/keys", {"name": "rita", "member": "rita@acme.example"}, format="json")
    assert made.status_code == 201, made.content
    rita_key = client_for(made.json()["key"])  # the operator saw this secret

    job_id = held_job(operator.client)  # the operator's own request
    answer = rita_key.post(f"/v1/jobs/{job_id}/review", {"decision": "approve"}, format="json")
    assert_error(answer, 403, "own_job")
    assert GenerationJob.objects.get(public_id=job_id).status == JobStatus.HELD_FOR_REVIEW


def test_operator_alone_meets_four_eyes_with_a_key_it_minted_for_a_reviewer(tenant, key_client, make_member):
    from audit.events import Actor

    document = template("standard") | {"name": "4e"} | {"review": {"four_eyes": ["sexual"]}}
    policy_version_create(tenant=tenant, document=document, actor=Actor.system("tests"), activate=True)
    developer = key_client(tenant, "developer", email="dev@acme.example")
    operator = key_client(tenant, None)
    make_member(tenant, "reviewer", "rita@acme.example")
    made = operator.client.post("/v1/keys", {"name": "rita", "member": "rita@acme.example"}, format="json")
    rita_key = client_for(made.json()["key"])

    job_id = held_job(developer.client)
    (item,) = operator.client.get("/v1/reviews", {"job": job_id}).json()["data"]
    first = operator.client.post(f"/v1/reviews/{item['id']}/decide", {"decision": "approve"}, format="json")
    assert first.json()["state"] == "open"
    second = rita_key.post(f"/v1/reviews/{item['id']}/decide", {"decision": "approve"}, format="json")
    assert_error(second, 409, "already_voted")
    assert GenerationJob.objects.get(public_id=job_id).status == JobStatus.HELD_FOR_REVIEW

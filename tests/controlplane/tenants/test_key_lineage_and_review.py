"""A key never outlives its parent and falls with it; a requester never reviews their own job."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AuditEvent
from controlplane.tenants.models import ApiKey
from controlplane.tenants.services import api_key_create, api_key_revoke
from foundation.cli import cli_actor
from tests.helpers import assert_error
from tests.prompts import HELD_PROMPT

pytestmark = pytest.mark.django_db


def client_for(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def mint(client: APIClient, **body):
    return client.post("/v1/keys", {"name": "child", "scopes": ["images:read"], **body}, format="json")


def test_a_key_made_by_a_short_lived_key_expires_with_it(tenant, make_member):
    user = make_member(tenant, "developer")
    parent, secret = api_key_create(
        tenant=tenant,
        name="one day",
        scopes=["images:read", "keys:write", "keys:read"],
        created_by=user,
        actor=cli_actor(),
        expires_at=timezone.now() + timedelta(days=1),
    )
    child = mint(client_for(secret))
    assert child.status_code == 201, child.content
    made = ApiKey.objects.get(public_id=child.json()["id"])
    assert made.parent_id == parent.pk and made.expires_at == parent.expires_at  # capped by default
    later = (parent.expires_at + timedelta(days=30)).isoformat()
    error = assert_error(mint(client_for(secret), expires_at=later), 400, "invalid_expiry")
    assert error["param"] == "expires_at"
    sooner = (timezone.now() + timedelta(hours=1)).isoformat()
    assert mint(client_for(secret), expires_at=sooner).status_code == 201


def test_revoking_a_key_revokes_every_key_it_made(tenant, key_client):
    admin = key_client(tenant, "admin")
    child_secret = mint(admin.client, scopes=["images:read", "keys:write", "keys:read"]).json()["key"]
    grandchild_secret = mint(client_for(child_secret)).json()["key"]
    assert client_for(grandchild_secret).get("/v1/me").status_code == 200

    api_key_revoke(api_key=admin.api_key, actor=cli_actor(), reason="offboarding")
    for secret in (child_secret, grandchild_secret):
        assert_error(client_for(secret).get("/v1/me"), 401, "api_key_revoked")
    reasons = list(
        AuditEvent.objects.filter(event_type="key.revoked").order_by("seq").values_list("payload", flat=True)
    )
    assert [r["reason"] for r in reasons] == [
        "offboarding",
        f"its parent key {admin.api_key.display_prefix} was revoked",
        f"its parent key {admin.api_key.display_prefix} was revoked",
    ]


def test_a_lineage_of_keys_made_from_keys_stops_at_its_depth(tenant, key_client):
    """Every review and quota check walks a key's lineage, a query a level: a developer minting each key
    from the last made a thousand in a second, and each check then took 200 ms."""
    from controlplane.tenants.services import MAX_KEY_DEPTH

    secret = key_client(tenant, "developer").key
    scopes = ["images:read", "keys:write", "keys:read"]
    for _ in range(MAX_KEY_DEPTH - 1):
        answer = mint(client_for(secret), scopes=scopes)
        assert answer.status_code == 201, answer.content
        secret = answer.json()["key"]

    error = assert_error(mint(client_for(secret), scopes=scopes), 400, "key_lineage_too_deep")
    assert f"at most {MAX_KEY_DEPTH} keys deep" in error["message"]
    assert ApiKey.objects.count() == MAX_KEY_DEPTH


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_pipeline")
def test_a_requester_never_reviews_their_own_job(tenant, key_client, tiny_model, settings):
    settings.ASSAY_SYNC_TIMEOUT_SECONDS = 0
    admin = key_client(tenant, "admin")  # holds images:write and review:write
    body = {"model": "assay-tiny", "prompt": HELD_PROMPT, "size": "64x64", "steps": 2, "seed": 0}
    held = admin.client.post("/v1/images/generations", body, format="json").json()["error"]
    assert (held["code"], held["job_status"]) == ("held_for_review", "held_for_review")
    url = f"/v1/jobs/{held['job_id']}/review"
    assert_error(admin.client.post(url, {"decision": "approve"}, format="json"), 403, "own_job")
    # Another key of the same member is the same person.
    second = mint(admin.client, scopes=["review:write"]).json()["key"]
    assert_error(client_for(second).post(url, {"decision": "approve"}, format="json"), 403, "own_job")
    reviewer = key_client(tenant, "reviewer")
    decided = reviewer.client.post(url, {"decision": "reject", "note": "no"}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "rejected"

"""Every tenant endpoint, called by its owner, by a member of the same tenant with a weaker role, and by
an outsider from another tenant. Outsiders learn nothing: another tenant's object is a plain 404,
byte-for-byte the answer for an id that does not exist."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from controlplane.tenants.models import ApiKey, Membership
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


@dataclass
class World:
    owner: object  # admin of acme
    weaker: dict  # role name -> client of acme
    outsider: object  # admin of globex
    key_id: str  # a key of acme (created by the operator)
    member_id: str  # a developer membership of acme


@pytest.fixture
def world(tenant, other_tenant, key_client, make_member) -> World:
    owner = key_client(tenant, "admin")
    make_member(tenant, "admin", "backup-admin@acme.example")
    weaker = {role: key_client(tenant, role) for role in ("developer", "reviewer", "auditor")}
    target_key = key_client(tenant, None).api_key
    member = Membership.objects.get(tenant=tenant, user=weaker["developer"].user)
    return World(
        owner=owner,
        weaker=weaker,
        outsider=key_client(other_tenant, "admin"),
        key_id=str(target_key.public_id),
        member_id=str(member.public_id),
    )


# (method, path, body, owner status, weaker role that must get 403)
OBJECT_ENDPOINTS = [
    ("get", "/v1/keys/{key_id}", None, 200, "reviewer"),
    ("delete", "/v1/keys/{key_id}", None, 200, "reviewer"),
    ("get", "/v1/members/{member_id}", None, 200, "developer"),
    ("patch", "/v1/members/{member_id}", {"role": "reviewer"}, 200, "auditor"),
    ("delete", "/v1/members/{member_id}", None, 204, "auditor"),
]
COLLECTION_ENDPOINTS = [
    ("get", "/v1/keys", None, 200, "reviewer"),
    ("post", "/v1/keys", {"name": "ci", "scopes": ["images:read"]}, 201, "reviewer"),
    ("get", "/v1/members", None, 200, "developer"),
    ("post", "/v1/members", {"email": "new@acme.example", "role": "developer"}, 201, "auditor"),
]


def call(client, method: str, path: str, body):
    return (
        getattr(client.client, method)(path, body, format="json")
        if body
        else getattr(client.client, method)(path)
    )


@pytest.mark.parametrize(("method", "path", "body", "ok", "weak_role"), OBJECT_ENDPOINTS)
def test_object_endpoint(world, method, path, body, ok, weak_role):
    url = path.format(key_id=world.key_id, member_id=world.member_id)

    weak = call(world.weaker[weak_role], method, url, body)
    assert_error(weak, 403, "insufficient_scope")

    outsider = call(world.outsider, method, url, body)
    missing_url = path.format(key_id=uuid.uuid4(), member_id=uuid.uuid4())
    missing = call(world.outsider, method, missing_url, body)
    assert_error(outsider, 404, "not_found")
    assert outsider.json()["error"]["message"].replace(url.rsplit("/", 1)[1], "ID") == missing.json()[
        "error"
    ]["message"].replace(missing_url.rsplit("/", 1)[1], "ID")

    # Neither the weaker member nor the outsider changed anything.
    assert ApiKey.objects.get(public_id=world.key_id).revoked_at is None
    assert Membership.objects.get(public_id=world.member_id).role == "developer"

    assert call(world.owner, method, url, body).status_code == ok


@pytest.mark.parametrize(("method", "path", "body", "ok", "weak_role"), COLLECTION_ENDPOINTS)
def test_collection_endpoint(world, method, path, body, ok, weak_role):
    assert_error(call(world.weaker[weak_role], method, path, body), 403, "insufficient_scope")

    owner = call(world.owner, method, path, body)
    assert owner.status_code == ok, owner.content
    outsider = call(world.outsider, method, path, body)
    assert outsider.status_code == ok, outsider.content
    if method == "get":
        owner_ids = {item["id"] for item in owner.json()["data"]}
        outsider_ids = {item["id"] for item in outsider.json()["data"]}
        assert owner_ids and outsider_ids and not owner_ids & outsider_ids
        assert world.key_id not in outsider_ids and world.member_id not in outsider_ids
    else:  # what the outsider created landed in its own tenant
        created = outsider.json()["id"]
        model = ApiKey if path == "/v1/keys" else Membership
        assert model.objects.get(public_id=created).tenant.slug == "globex"


def test_me_shows_only_the_callers_tenant(world):
    for caller, slug in (
        (world.owner, "acme"),
        (world.weaker["reviewer"], "acme"),
        (world.outsider, "globex"),
    ):
        response = caller.client.get("/v1/me")
        assert response.status_code == 200
        assert response.json()["tenant"]["slug"] == slug


def test_developer_revokes_only_own_keys(world):
    developer = world.weaker["developer"]
    assert_error(developer.client.delete(f"/v1/keys/{world.key_id}"), 403, "not_key_owner")
    own = developer.client.post("/v1/keys", {"name": "mine", "scopes": ["images:read"]}, format="json")
    assert own.status_code == 201
    assert developer.client.delete(f"/v1/keys/{own.json()['id']}").json()["revoked_at"] is not None


def test_key_cannot_grant_more_than_it_holds(world):
    developer = world.weaker["developer"]
    error = assert_error(
        developer.client.post("/v1/keys", {"name": "x", "scopes": ["members:write"]}, format="json"),
        400,
        "scope_not_grantable",
    )
    assert error["param"] == "scopes"


def test_created_key_secret_is_shown_once_and_works(world):
    created = world.owner.client.post(
        "/v1/keys", {"name": "ci", "scopes": ["keys:read"]}, format="json"
    ).json()
    assert created["key"].startswith(created["prefix"] + "_")
    fetched = world.owner.client.get(f"/v1/keys/{created['id']}").json()
    assert "key" not in fetched
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {created['key']}")
    assert client.get("/v1/keys").status_code == 200


def test_last_admin_cannot_be_demoted_or_removed(tenant, key_client):
    owner = key_client(tenant, "admin")
    me = Membership.objects.get(tenant=tenant, user=owner.user)
    assert_error(
        owner.client.patch(f"/v1/members/{me.public_id}", {"role": "developer"}, format="json"),
        409,
        "last_admin",
    )
    assert_error(owner.client.delete(f"/v1/members/{me.public_id}"), 409, "last_admin")


def test_webhook_secret_is_per_tenant_and_for_admins_only(world, tenant, other_tenant):
    ours = world.owner.client.get("/v1/webhooks/secret").json()["secret"]
    theirs = world.outsider.client.get("/v1/webhooks/secret").json()["secret"]
    assert ours.startswith("whsec_") and ours != theirs
    tenant.refresh_from_db()
    other_tenant.refresh_from_db()
    assert (ours, theirs) == (tenant.webhook_secret, other_tenant.webhook_secret)
    # A developer holds keys:write but could forge the tenant's webhooks with the secret.
    assert_error(world.weaker["developer"].client.get("/v1/webhooks/secret"), 403, "admin_only")
    assert_error(world.weaker["reviewer"].client.get("/v1/webhooks/secret"), 403, "insufficient_scope")

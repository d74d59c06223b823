"""Authentication with API keys: every way a key can be wrong gets a 401 that says which."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from controlplane.tenants.models import ApiKey
from controlplane.tenants.services import api_key_revoke, membership_change_role, membership_remove
from foundation.cli import cli_actor
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def bearer(value: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=value)
    return client


def test_valid_key_identifies_tenant_and_role(tenant, key_client):
    caller = key_client(tenant, "developer")
    response = caller.client.get("/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["tenant"]["slug"] == "acme"
    assert body["role"] == "developer"
    assert "images:write" in body["scopes"]
    assert "key" not in body["api_key"]


def test_secret_is_stored_only_as_hash(tenant, key_client):
    caller = key_client(tenant, "admin")
    row = ApiKey.objects.get(pk=caller.api_key.pk)
    secret = caller.key.rsplit("_", 1)[1]
    assert secret not in row.secret_hash
    assert len(row.secret_hash) == 64
    assert caller.key.startswith(f"ask_{row.prefix}_")


def test_missing_header(db):
    error = assert_error(APIClient().get("/v1/me"), 401, "missing_api_key")
    assert "Authorization: Bearer" in error["message"]
    assert error["type"] == "authentication_error"


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Token ask_x", "ask_abcdefgh_x"])
def test_malformed_header(db, header):
    error = assert_error(bearer(header).get("/v1/me"), 401, "malformed_authorization_header")
    assert "Bearer" in error["message"]


@pytest.mark.parametrize(
    "key", ["sk-proj-123", "ask_short_secret", "ask_ABCDEFGH_" + "x" * 40, "ask_abcdefgh_" + "x" * 39]
)
def test_malformed_key(db, key):
    error = assert_error(bearer(f"Bearer {key}").get("/v1/me"), 401, "malformed_api_key")
    assert "ask_" in error["message"]


def test_unknown_key(tenant, key_client):
    real = key_client(tenant, "admin").key
    forged = real[:-1] + ("A" if real[-1] != "A" else "B")  # right prefix, wrong secret
    assert_error(bearer(f"Bearer {forged}").get("/v1/me"), 401, "invalid_api_key")
    assert_error(bearer("Bearer ask_zzzzzzzz_" + "a" * 40).get("/v1/me"), 401, "invalid_api_key")


def test_revoked_key(tenant, key_client):
    caller = key_client(tenant, "admin")
    api_key_revoke(api_key=caller.api_key, actor=cli_actor())
    error = assert_error(caller.client.get("/v1/me"), 401, "api_key_revoked")
    assert "revoked" in error["message"]


def test_expired_key(tenant, key_client):
    caller = key_client(tenant, "admin")
    ApiKey.objects.filter(pk=caller.api_key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    error = assert_error(caller.client.get("/v1/me"), 401, "api_key_expired")
    assert "expired" in error["message"]


def test_inactive_tenant(tenant, key_client):
    from controlplane.tenants.services import tenant_set_active

    caller = key_client(tenant, "admin")
    tenant_set_active(tenant=tenant, is_active=False, actor=cli_actor())
    assert_error(caller.client.get("/v1/me"), 403, "tenant_inactive")


def test_wrong_scope_is_403(tenant, key_client):
    caller = key_client(tenant, "developer", scopes=["images:read"])
    error = assert_error(caller.client.get("/v1/keys"), 403, "insufficient_scope")
    assert "keys:read" in error["message"]
    assert error["type"] == "permission_error"


def test_demoted_member_keys_lose_scopes_at_once(tenant, key_client, make_member):
    make_member(tenant, "admin", "second-admin@acme.example")
    caller = key_client(tenant, "admin")
    assert caller.client.get("/v1/members").status_code == 200
    membership = caller.user.memberships.get(tenant=tenant)
    membership_change_role(membership=membership, role="developer", actor=cli_actor())
    assert_error(caller.client.get("/v1/members"), 403, "insufficient_scope")


def test_removed_member_keys_are_revoked(tenant, key_client, make_member):
    make_member(tenant, "admin", "second-admin@acme.example")
    caller = key_client(tenant, "developer")
    membership_remove(membership=caller.user.memberships.get(tenant=tenant), actor=cli_actor())
    assert_error(caller.client.get("/v1/me"), 401, "api_key_revoked")


@override_settings(ASSAY_KEY_LAST_USED_RESOLUTION_SECONDS=60)
def test_last_used_is_written_at_most_once_per_window(tenant, key_client, django_assert_num_queries):
    caller = key_client(tenant, "admin")
    caller.client.get("/v1/me")
    first = ApiKey.objects.get(pk=caller.api_key.pk).last_used_at
    assert first is not None
    # Inside the window: the request only reads (key + membership), it never writes.
    with django_assert_num_queries(2):
        assert caller.client.get("/v1/me").status_code == 200
    assert ApiKey.objects.get(pk=caller.api_key.pk).last_used_at == first
    # Past the window: the next request moves it forward.
    ApiKey.objects.filter(pk=caller.api_key.pk).update(last_used_at=first - timedelta(seconds=61))
    caller.client.get("/v1/me")
    assert ApiKey.objects.get(pk=caller.api_key.pk).last_used_at > first

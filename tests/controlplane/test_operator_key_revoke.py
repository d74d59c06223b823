"""DELETE /v1/keys/{id}: a key without the right to manage the tenant revokes only its holder's keys. Two
operator keys have no member behind them, and that must not make them one holder's."""

from __future__ import annotations

import pytest

from controlplane.tenants.models import ApiKey
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db

NARROW = ["keys:read", "keys:write"]


def _revoked(api_key) -> bool:
    return ApiKey.objects.get(pk=api_key.pk).revoked_at is not None


def test_a_narrowed_operator_key_cannot_revoke_another_operator_key(tenant, key_client):
    full = key_client(tenant, None)
    narrow = key_client(tenant, None, scopes=NARROW)
    assert_error(narrow.client.delete(f"/v1/keys/{full.api_key.public_id}"), 403, "not_key_owner")
    assert not _revoked(full.api_key)
    # Nor a member's key: that takes members:write, as for an admin.
    developer = key_client(tenant, "developer")
    assert_error(narrow.client.delete(f"/v1/keys/{developer.api_key.public_id}"), 403, "not_key_owner")
    assert not _revoked(developer.api_key)


def test_a_narrowed_operator_key_revokes_its_own_lineage(tenant, key_client):
    narrow = key_client(tenant, None, scopes=NARROW)
    minted = narrow.client.post("/v1/keys", {"name": "child", "scopes": ["keys:read"]}, format="json")
    assert minted.status_code == 201, minted.content
    answer = narrow.client.delete(f"/v1/keys/{minted.json()['id']}")
    assert answer.status_code == 200, answer.content
    assert narrow.client.delete(f"/v1/keys/{narrow.api_key.public_id}").status_code == 200


def test_the_full_operator_key_and_admins_revoke_any_key(tenant, key_client):
    full = key_client(tenant, None)
    narrow = key_client(tenant, None, scopes=NARROW)
    assert full.client.delete(f"/v1/keys/{narrow.api_key.public_id}").status_code == 200
    admin = key_client(tenant, "admin")
    developer = key_client(tenant, "developer")
    assert admin.client.delete(f"/v1/keys/{developer.api_key.public_id}").status_code == 200
    assert _revoked(narrow.api_key) and _revoked(developer.api_key)


def test_a_developer_revokes_their_own_keys_only(tenant, key_client):
    developer = key_client(tenant, "developer")
    other = key_client(tenant, "developer", email="other@acme.example")
    assert_error(developer.client.delete(f"/v1/keys/{other.api_key.public_id}"), 403, "not_key_owner")
    minted = developer.client.post("/v1/keys", {"name": "ci", "scopes": ["images:read"]}, format="json")
    assert minted.status_code == 201, minted.content
    assert developer.client.delete(f"/v1/keys/{minted.json()['id']}").status_code == 200
    assert not _revoked(other.api_key)

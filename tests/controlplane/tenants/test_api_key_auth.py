"""Authentication with API keys: every way a key can be wrong gets a 401 that says which."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from controlplane.tenants import freshness, services
from controlplane.tenants.models import ApiKey, Membership
from controlplane.tenants.services import (
    api_key_revoke,
    membership_change_role,
    membership_remove,
    principal_cache_clear,
    tenant_set_active,
)
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
    # Inside the window, and with the key remembered: the request neither reads the key nor writes; it
    # reads only the access epoch.
    with django_assert_num_queries(1) as queries:
        assert caller.client.get("/v1/me").status_code == 200
    assert "accessepoch" in queries.captured_queries[0]["sql"]
    assert ApiKey.objects.get(pk=caller.api_key.pk).last_used_at == first
    # Past the window: the next request that reads the key moves it forward.
    ApiKey.objects.filter(pk=caller.api_key.pk).update(last_used_at=first - timedelta(seconds=61))
    principal_cache_clear()
    caller.client.get("/v1/me")
    assert ApiKey.objects.get(pk=caller.api_key.pk).last_used_at > first


# The key remembered in the web process (PRINCIPAL_CACHE_SECONDS) ------------------------------------


class Clock:
    """Stands in for the `time` module inside the tenants services: monotonic time moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    principal_cache_clear()
    clock = Clock()
    monkeypatch.setattr(services, "time", clock)
    yield clock
    principal_cache_clear()


def test_a_key_is_read_once_per_cache_window_with_its_tenant_and_role(
    tenant, key_client, clock, django_assert_num_queries
):
    caller = key_client(tenant, "developer")
    ApiKey.objects.filter(pk=caller.api_key.pk).update(last_used_at=timezone.now())
    with django_assert_num_queries(2):  # the access epoch; key, tenant, creator and role: one statement
        assert caller.client.get("/v1/me").json()["role"] == "developer"
    with django_assert_num_queries(1):  # the access epoch only
        assert caller.client.get("/v1/me").json()["role"] == "developer"
    clock.now += services.PRINCIPAL_CACHE_SECONDS
    with django_assert_num_queries(2):
        assert caller.client.get("/v1/me").status_code == 200


def revoked_elsewhere(api_key: ApiKey) -> None:
    """What another process's `api_key_revoke` leaves in the database: the row changed and the access
    epoch raised, in one transaction; this process's memory untouched."""
    with transaction.atomic():
        ApiKey.objects.filter(pk=api_key.pk).update(revoked_at=timezone.now())
        freshness.bump()


def test_a_key_revoked_by_another_process_stops_working_at_the_next_request(tenant, key_client, clock):
    caller = key_client(tenant, "developer")
    assert caller.client.get("/v1/me").status_code == 200
    assert caller.client.get("/v1/me").status_code == 200  # answered from memory
    revoked_elsewhere(caller.api_key)
    assert_error(caller.client.get("/v1/me"), 401, "api_key_revoked")


def test_a_role_lowered_by_another_process_narrows_the_key_at_the_next_request(
    tenant, key_client, make_member, clock
):
    make_member(tenant, "admin", "second-admin@acme.example")
    caller = key_client(tenant, "admin")
    assert caller.client.get("/v1/members").status_code == 200
    with transaction.atomic():
        Membership.objects.filter(user=caller.user, tenant=tenant).update(role="developer")
        freshness.bump()
    assert_error(caller.client.get("/v1/members"), 403, "insufficient_scope")


def test_a_row_changed_behind_the_services_back_applies_within_the_cache_window(tenant, key_client, clock):
    caller = key_client(tenant, "developer")
    assert caller.client.get("/v1/me").status_code == 200
    # Written by hand in the database (no epoch raised): the memory holds it a while, never longer.
    ApiKey.objects.filter(pk=caller.api_key.pk).update(revoked_at=timezone.now())
    clock.now += services.PRINCIPAL_CACHE_SECONDS - 0.5
    assert caller.client.get("/v1/me").status_code == 200
    clock.now += 0.5
    assert_error(caller.client.get("/v1/me"), 401, "api_key_revoked")


def test_changes_made_in_this_process_apply_at_once_despite_the_cache(tenant, key_client, make_member, clock):
    make_member(tenant, "admin", "second-admin@acme.example")
    admin = key_client(tenant, "admin")
    developer = key_client(tenant, "developer")
    assert admin.client.get("/v1/members").status_code == 200
    assert developer.client.get("/v1/me").status_code == 200
    membership_change_role(
        membership=admin.user.memberships.get(tenant=tenant), role="developer", actor=cli_actor()
    )
    assert_error(admin.client.get("/v1/members"), 403, "insufficient_scope")
    api_key_revoke(api_key=developer.api_key, actor=cli_actor())
    assert_error(developer.client.get("/v1/me"), 401, "api_key_revoked")
    assert admin.client.get("/v1/me").status_code == 200
    tenant_set_active(tenant=tenant, is_active=False, actor=cli_actor())
    assert_error(admin.client.get("/v1/me"), 403, "tenant_inactive")


def test_expiry_is_checked_at_every_request_even_from_the_cache(tenant, key_client, clock):
    caller = key_client(tenant, "developer")
    assert caller.client.get("/v1/me").status_code == 200
    # The remembered key's expiry (as read from the database) passes while it stays remembered.
    remembered = services._principals[caller.api_key.prefix].principal.api_key
    remembered.expires_at = timezone.now() + timedelta(minutes=1)
    assert caller.client.get("/v1/me").status_code == 200
    remembered.expires_at = timezone.now()
    assert_error(caller.client.get("/v1/me"), 401, "api_key_expired")


def test_a_wrong_secret_is_refused_even_when_its_prefix_is_remembered(tenant, key_client, clock):
    caller = key_client(tenant, "developer")
    assert caller.client.get("/v1/me").status_code == 200
    forged = caller.key[:-1] + ("A" if caller.key[-1] != "A" else "B")
    assert_error(bearer(f"Bearer {forged}").get("/v1/me"), 401, "invalid_api_key")
    assert caller.client.get("/v1/me").status_code == 200


def test_requests_do_not_share_the_remembered_instances(tenant, key_client, clock):
    caller = key_client(tenant, "developer")
    first = services.api_key_authenticate(caller.key)
    second = services.api_key_authenticate(caller.key)
    assert first.api_key.pk == second.api_key.pk and first.tenant.pk == second.tenant.pk
    assert first.api_key is not second.api_key and first.tenant is not second.tenant
    assert second.api_key.tenant is second.tenant and second.api_key.created_by is second.user
    first.tenant.name = "changed by one request"
    assert services.api_key_authenticate(caller.key).tenant.name == "Acme"


def test_every_change_that_narrows_access_raises_the_access_epoch(tenant, key_client, make_member):
    """What lets the other processes see it (`controlplane.tenants.freshness`)."""
    from controlplane.quotas.services import limit_set

    make_member(tenant, "admin", "second-admin@acme.example")
    admin = key_client(tenant, "admin")
    developer = key_client(tenant, "developer")
    seen = [freshness.current()]
    membership_change_role(
        membership=admin.user.memberships.get(tenant=tenant), role="developer", actor=cli_actor()
    )
    seen.append(freshness.current())
    api_key_revoke(api_key=developer.api_key, actor=cli_actor())
    seen.append(freshness.current())
    tenant_set_active(tenant=tenant, is_active=False, actor=cli_actor())
    seen.append(freshness.current())
    limit_set(tenant=tenant, values={"images_per_day": 5}, actor=cli_actor())
    seen.append(freshness.current())
    assert seen == sorted(set(seen)), seen  # each one raised it

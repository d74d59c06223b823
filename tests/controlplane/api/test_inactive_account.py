"""A member whose account is switched off in the Django admin (is_active unticked) loses the console and
their API keys at the next request."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from controlplane.tenants import freshness
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def test_a_switched_off_accounts_key_stops(tenant, key_client):
    users = get_user_model()
    root = users.objects.create_superuser(username="root", email="root@x.example", password="pw-Root-1234!")
    admin_key = key_client(tenant, "admin", email="ada@acme.example")
    assert admin_key.client.get("/v1/members").status_code == 200

    browser = Client()
    browser.force_login(root)
    form = {
        "username": admin_key.user.username,  # is_active left out: unticked
        "date_joined_0": "2026-11-29",
        "date_joined_1": "00:00:00",
    }
    changed = browser.post(f"/admin/auth/user/{admin_key.user.pk}/change/", form)
    assert changed.status_code == 302, changed.content[:2000]
    admin_key.user.refresh_from_db()
    assert admin_key.user.is_active is False

    # The switched-off account can no longer sign in to the console ...
    console = Client()
    console.force_login(admin_key.user)
    assert console.get("/console/acme/").status_code == 302  # sent to sign in
    # ... nor use its key (list members, mint keys)
    assert_error(admin_key.client.get("/v1/members"), 403, "account_inactive")
    minted = admin_key.client.post("/v1/keys", {"name": "still here"}, format="json")
    assert_error(minted, 403, "account_inactive")


def test_keys_a_switched_off_admin_issued_for_others_stop_too(tenant, key_client):
    from rest_framework.test import APIClient

    admin = key_client(tenant, "admin", email="ada@acme.example")
    developer = key_client(tenant, "developer", email="dev@acme.example")
    made = admin.client.post("/v1/keys", {"name": "for dev", "member": "dev@acme.example"}, format="json")
    issued = APIClient()
    issued.credentials(HTTP_AUTHORIZATION=f"Bearer {made.json()['key']}")
    assert issued.get("/v1/models").status_code == 200

    admin.user.is_active = False
    admin.user.save(update_fields=["is_active"])
    freshness.bump()  # as the admin site does when it switches an account off
    error = assert_error(issued.get("/v1/models"), 403, "account_inactive")
    assert "that issued" in error["message"]
    assert developer.client.get("/v1/models").status_code == 200  # the member's own key still works

"""A key an admin issued for another member in the console is revoked when that admin is removed (they
saw its secret), as the same key issued over the API is revoked with the admin's key."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(team, name, **kw):
    return reverse(name, kwargs={"tenant": team.tenant.slug, **kw})


def test_console_issued_key_is_revoked_when_its_issuer_is_removed(team, make_member):
    from controlplane.tenants.models import Membership
    from controlplane.tenants.services import membership_remove
    from foundation.cli import cli_actor

    # a second admin, "mallory", who will be removed
    mallory = make_member(team.tenant, "admin", "mallory@acme.example")
    from django.test import Client

    console = Client()
    console.force_login(mallory)
    reviewer = str(team.users["reviewer"].memberships.get().public_id)
    created = console.post(url(team, "console:key-create"), {"name": "for rita", "member": reviewer})
    assert created.status_code == 200, created.content[:300]
    secret = created.context["secret"]  # mallory has seen it

    membership_remove(membership=Membership.objects.get(tenant=team.tenant, user=mallory), actor=cli_actor())
    assert console.get(url(team, "console:overview")).status_code == 404  # mallory is out

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    answer = api.get("/v1/reviews")
    # mallory, no longer a member, cannot work the review queue with the key she minted
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "api_key_revoked", answer.content
    event = AuditEvent.objects.filter(event_type="key.revoked").latest("seq")
    assert event.payload["reason"] == "issuer removed from tenant"

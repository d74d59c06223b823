"""An admin of one tenant gives a new account its first console password; that account cannot then join
another tenant, where the admin who chose its password could sign in as it (console and API)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from controlplane.tenants.models import Membership
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db

CHOSEN = "globex-admin-chose-this-1"


@pytest.fixture
def preclaimed(other_tenant, make_member):
    """globex's admin invites ceo@acme.example in the console and sets its first password."""
    globex_admin = Client()
    globex_admin.force_login(make_member(other_tenant, "admin", "eve@globex.example"))
    invited = globex_admin.post(
        reverse("console:member-invite", kwargs={"tenant": "globex"}),
        {"email": "ceo@acme.example", "role": "reviewer"},
    )
    assert invited.status_code == 302
    victim = Membership.objects.get(tenant=other_tenant, user__username="ceo@acme.example")
    globex_admin.post(
        reverse(
            "console:member-change",
            kwargs={"tenant": "globex", "member_id": str(victim.public_id), "action": "password"},
        ),
        {"password": CHOSEN},
    )
    victim.user.refresh_from_db()
    assert victim.user.check_password(CHOSEN)
    return victim.user


def test_the_console_refuses_the_invite_and_the_chosen_password_opens_nothing_here(
    preclaimed, tenant, make_member
):
    acme_admin = Client()
    acme_admin.force_login(make_member(tenant, "admin", "ada@acme.example"))
    answer = acme_admin.post(
        reverse("console:member-invite", kwargs={"tenant": "acme"}),
        {"email": "ceo@acme.example", "role": "admin"},
    )
    assert answer.status_code == 400
    assert "someone else set" in answer.content.decode()
    assert not Membership.objects.filter(tenant=tenant, user=preclaimed).exists()

    attacker = Client()
    attacker.post(reverse("console:login"), {"username": "ceo@acme.example", "password": CHOSEN})
    assert attacker.get(reverse("console:members", kwargs={"tenant": "acme"})).status_code == 404


def test_the_api_refuses_it_with_409_and_an_account_without_a_password_still_joins(
    preclaimed, tenant, key_client, make_member
):
    admin = key_client(tenant, "admin", email="ada@acme.example")
    body = {"email": "ceo@acme.example", "role": "developer"}
    error = assert_error(admin.client.post("/v1/members", body, format="json"), 409, "password_set_elsewhere")
    assert error["param"] == "email"

    make_member(tenant.__class__.objects.get(slug="globex"), "developer", "api-only@acme.example")
    other = {"email": "api-only@acme.example", "role": "developer"}
    assert admin.client.post("/v1/members", other, format="json").status_code == 201


def test_leaving_the_tenant_whose_admin_set_the_password_does_not_clear_it(preclaimed, tenant, key_client):
    """globex's admin removes the account again before acme invites it: still refused."""
    from controlplane.tenants.services import membership_remove
    from foundation.cli import cli_actor

    membership_remove(membership=Membership.objects.get(user=preclaimed), actor=cli_actor())
    admin = key_client(tenant, "admin", email="ada@acme.example")
    body = {"email": "ceo@acme.example", "role": "admin"}
    assert_error(admin.client.post("/v1/members", body, format="json"), 409, "password_set_elsewhere")


def test_once_the_owner_changed_it_themselves_the_account_joins(preclaimed, tenant, key_client):
    owner = Client()
    owner.post(reverse("console:login"), {"username": "ceo@acme.example", "password": CHOSEN})
    body = {
        "old_password": CHOSEN,
        "new_password": "ceo-chose-this-9",
        "new_password_again": "ceo-chose-this-9",
    }
    assert owner.post(reverse("console:password"), body).status_code == 302
    admin = key_client(tenant, "admin", email="ada@acme.example")
    joined = admin.client.post("/v1/members", {"email": "ceo@acme.example", "role": "admin"}, format="json")
    assert joined.status_code == 201, joined.content

"""An admin makes a key for a member (API and CLI): the member owns it, their role caps it, and it goes
when they go. Other members may make keys only for themselves."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from audit.models import AuditEvent
from controlplane.tenants.models import ApiKey, Membership
from controlplane.tenants.scopes import ROLE_SCOPES
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def client_for(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def make_key(caller, **body):
    return caller.client.post("/v1/keys", {"name": "for a member", **body}, format="json")


def key_created_event(key_id: str) -> AuditEvent:
    return AuditEvent.objects.get(event_type="key.created", subjects__api_key=key_id)


def test_an_admin_cannot_make_an_auditor_key_it_could_not_hold_itself(tenant, key_client, make_member):
    """The admin sees the secret, so the key holds only what both the auditor and the admin may: an
    admin never reads the audit log through a key it made "for" the auditor."""
    admin = key_client(tenant, "admin")
    auditor = make_member(tenant, "auditor", "audrey@acme.example")
    assert "audit:read" not in admin.api_key.scopes
    response = make_key(admin, member="Audrey@acme.example")  # e-mails match whatever their case
    assert response.status_code == 201, response.content
    made = response.json()
    # left out: what both the member's role and the issuing key hold
    assert made["scopes"] == sorted(ROLE_SCOPES["auditor"] - {"audit:read"})
    assert made["created_by"] == "audrey@acme.example"
    row = ApiKey.objects.get(public_id=made["id"])
    assert row.created_by == auditor and row.parent == admin.api_key and row.issued_by == admin.user
    assert_error(client_for(made["key"]).get("/v1/audit/events"), 403, "insufficient_scope")
    assert_error(
        make_key(admin, member="audrey@acme.example", scopes=["audit:read"]), 400, "scope_not_grantable"
    )

    event = key_created_event(made["id"])
    assert event.actor_kind == "api_key" and event.actor_id == str(admin.api_key.public_id)
    assert event.payload["created_by"] == "audrey@acme.example"
    assert event.payload["issued_by"] == admin.user.get_username()


def test_the_member_can_be_named_by_membership_id(tenant, key_client, make_member):
    admin = key_client(tenant, "admin")
    developer = make_member(tenant, "developer")
    membership = Membership.objects.get(tenant=tenant, user=developer)
    made = make_key(admin, member=str(membership.public_id), scopes=["images:write"])
    assert made.status_code == 201, made.content
    assert made.json()["scopes"] == ["images:write"] and made.json()["created_by"] == developer.username


def test_a_member_key_holds_at_most_the_members_role(tenant, key_client, make_member):
    admin = key_client(tenant, "admin")
    make_member(tenant, "reviewer", "rita@acme.example")
    error = assert_error(
        make_key(admin, member="rita@acme.example", scopes=["review:write", "images:write"]),
        400,
        "scope_not_grantable",
    )
    assert "images:write" in error["message"] and "reviewer" in error["message"]
    assert error["param"] == "scopes"


def test_a_narrowed_admin_key_passes_on_only_what_it_holds(tenant, key_client, make_member):
    """A key cut down to keys:write and members:write cannot mint an admin-strength key for another admin,
    nor give an auditor audit:read, which no admin's key holds; cut down to keys:write, it makes keys for
    no one else at all (managing the tenant's people is members:write's)."""
    make_member(tenant, "admin", "ada@acme.example")
    make_member(tenant, "auditor", "audrey@acme.example")
    keys_only = key_client(tenant, "admin", scopes=["keys:write"], email="kim@acme.example")
    assert_error(make_key(keys_only, member="ada@acme.example", scopes=["keys:write"]), 403, "admin_only")
    narrow = key_client(tenant, "admin", scopes=["keys:write", "members:write"])
    assert_error(
        make_key(narrow, member="ada@acme.example", scopes=["policy:write"]), 400, "scope_not_grantable"
    )
    assert_error(
        make_key(narrow, member="audrey@acme.example", scopes=["audit:read"]), 400, "scope_not_grantable"
    )


def test_only_admins_and_operator_keys_name_another_member(tenant, key_client, make_member):
    developer = key_client(tenant, "developer")
    make_member(tenant, "auditor", "audrey@acme.example")
    for someone in ("audrey@acme.example", "nobody@acme.example"):  # existing or not: the same answer
        error = assert_error(make_key(developer, member=someone), 403, "admin_only")
        assert error["param"] == "member"
    # Naming themselves is an ordinary key of their own, within their key's scopes.
    own = make_key(developer, member=developer.user.get_username(), scopes=["images:read"])
    assert own.status_code == 201 and own.json()["created_by"] == developer.user.get_username()
    operator = key_client(tenant, None)
    assert make_key(operator, member="audrey@acme.example").status_code == 201


def test_an_unknown_member_is_404_naming_it(tenant, other_tenant, key_client, make_member):
    admin = key_client(tenant, "admin")
    make_member(other_tenant, "developer", "dev@globex.example")
    for unknown in ("ghost@acme.example", "dev@globex.example"):  # another tenant's member is unknown too
        error = assert_error(make_key(admin, member=unknown), 404, "not_found")
        assert unknown in error["message"] and error["param"] == "member"
    outsider = Membership.objects.get(user__username="dev@globex.example")
    assert_error(make_key(admin, member=str(outsider.public_id)), 404, "not_found")
    assert not ApiKey.objects.filter(name="for a member").exists()


def test_removing_the_member_revokes_the_key_and_demoting_caps_it(tenant, key_client, make_member):
    admin = key_client(tenant, "admin")
    make_member(tenant, "admin", "ada@acme.example")
    made = make_key(admin, member="ada@acme.example").json()
    member_client = client_for(made["key"])
    assert member_client.get("/v1/members").status_code == 200

    ada = Membership.objects.get(tenant=tenant, user__username="ada@acme.example")
    demoted = admin.client.patch(f"/v1/members/{ada.public_id}", {"role": "developer"}, format="json")
    assert demoted.status_code == 200
    assert_error(member_client.get("/v1/members"), 403, "insufficient_scope")

    assert admin.client.delete(f"/v1/members/{ada.public_id}").status_code == 204
    assert_error(member_client.get("/v1/me"), 401, "api_key_revoked")


def test_demoting_the_issuing_admin_narrows_the_keys_they_issued(tenant, key_client, make_member):
    """The issuer saw the secret of the key they made for another admin: demoted, they must not keep
    the admin's rights through it (and promote themselves back with it)."""
    issuer = key_client(tenant, "admin", email="ivy@acme.example")
    make_member(tenant, "admin", "ada@acme.example")
    made = make_key(issuer, member="ada@acme.example").json()
    issued = client_for(made["key"])
    ivy = Membership.objects.get(tenant=tenant, user=issuer.user)
    demoted = issued.patch(f"/v1/members/{ivy.public_id}", {"role": "developer"}, format="json")
    assert demoted.status_code == 200, demoted.content

    assert_error(issuer.client.get("/v1/members"), 403, "insufficient_scope")
    assert_error(issued.get("/v1/members"), 403, "insufficient_scope")
    assert_error(
        issued.patch(f"/v1/members/{ivy.public_id}", {"role": "admin"}, format="json"),
        403,
        "insufficient_scope",
    )
    assert Membership.objects.get(pk=ivy.pk).role == "developer"
    assert issued.get("/v1/me").json()["scopes"] == sorted(ROLE_SCOPES["developer"])

    # Promoted again (here with an operator key), the issuer's keys for others hold what they did.
    operator = key_client(tenant, None)
    promoted = operator.client.patch(f"/v1/members/{ivy.public_id}", {"role": "admin"}, format="json")
    assert promoted.status_code == 200
    assert issued.get("/v1/members").status_code == 200


def test_revoking_the_admins_key_revokes_the_keys_it_made(tenant, key_client, make_member):
    admin = key_client(tenant, "admin")
    make_member(tenant, "developer", "dev@acme.example")
    made = make_key(admin, member="dev@acme.example").json()
    assert admin.client.delete(f"/v1/keys/{admin.api_key.public_id}").status_code == 200
    assert_error(client_for(made["key"]).get("/v1/me"), 401, "api_key_revoked")


# The CLI ---------------------------------------------------------------------------------------------


def apikey(*args: str) -> str:
    out = io.StringIO()
    call_command("apikey", "create", "--tenant", "acme", "--name", "cli key", *args, stdout=out)
    return out.getvalue()


def test_the_cli_makes_a_key_for_a_member_with_their_roles_scopes(tenant, make_member):
    make_member(tenant, "auditor", "audrey@acme.example")
    output = apikey("--member", "audrey@acme.example")
    assert "owner:  audrey@acme.example" in output
    secret = next(line.split()[1] for line in output.splitlines() if line.startswith("key:"))
    me = client_for(secret).get("/v1/me").json()
    assert me["role"] == "auditor" and me["scopes"] == sorted(ROLE_SCOPES["auditor"])
    event = key_created_event(me["api_key"]["id"])
    assert event.payload["created_by"] == "audrey@acme.example"
    assert event.payload["issued_by"].startswith("cli:")


def test_the_cli_refuses_scopes_beyond_the_members_role_and_unknown_members(tenant, make_member):
    make_member(tenant, "developer", "dev@acme.example")
    with pytest.raises(CommandError, match="members:write"):
        apikey("--member", "dev@acme.example", "--scopes", "images:write,members:write")
    with pytest.raises(CommandError, match=r"ghost@acme\.example is not a member"):
        apikey("--member", "ghost@acme.example")
    assert not ApiKey.objects.exists()
    # Without --member the key is the operator's, with the default scopes, as before.
    assert "owner:  the platform operator" in apikey()
    assert ApiKey.objects.get().scopes == ["images:read", "images:write"]


def test_an_admins_key_narrowed_below_members_write_manages_no_one_elses_keys_or_secrets(tenant, key_client):
    """Managing the tenant (another's keys, the webhook secret) is members:write's: an admin's key cut
    down to keys:write revoked every key and read the secret; an operator key cut down likewise."""
    developer = key_client(tenant, "developer")
    for narrow in (
        key_client(tenant, "admin", scopes=["keys:write", "keys:read"]),
        key_client(tenant, None, scopes=["keys:write", "keys:read"]),
    ):
        revoke = narrow.client.delete(f"/v1/keys/{developer.api_key.public_id}")
        assert revoke.status_code in (403, 404), revoke.content
        assert_error(narrow.client.get("/v1/webhooks/secret"), 403, "admin_only")
    assert developer.client.get("/v1/me").status_code == 200  # still alive
    full = key_client(tenant, "admin", email="boss@acme.example")
    assert full.client.get("/v1/webhooks/secret").status_code == 200
    assert full.client.delete(f"/v1/keys/{developer.api_key.public_id}").status_code == 200

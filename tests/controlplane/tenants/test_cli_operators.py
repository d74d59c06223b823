"""The operator's commands as the README gives them (`assay tenant|member|apikey|model ...`), run through
Django's command machinery, and what each leaves: rows, a working (or refused) key, audit events."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from audit.models import AuditEvent
from controlplane.tenants.models import Membership, Tenant
from generation.models import ImageModel
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def assay(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def client_for(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def events(event_type: str, tenant: Tenant | None) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type, tenant=tenant).order_by("seq"))


def test_the_readmes_tenant_member_and_key_commands():
    assert "created tenant acme" in assay("tenant", "create", "acme", "--name", "Acme Inc.")
    tenant = Tenant.objects.get(slug="acme")
    assert tenant.name == "Acme Inc." and tenant.is_active
    assert f"acme\t{tenant.public_id}\tactive\tAcme Inc." in assay("tenant", "list")
    (created,) = events("tenant.created", tenant)
    assert created.actor_id.startswith("cli:") and created.payload == {"slug": "acme", "name": "Acme Inc."}

    assay("member", "add", "--tenant", "acme", "--email", "alice@acme.example", "--role", "admin")
    with pytest.raises(CommandError, match="last admin"):
        assay("member", "set-role", "--tenant", "acme", "--email", "alice@acme.example", "--role", "auditor")
    assay("member", "add", "--tenant", "acme", "--email", "bob@acme.example", "--role", "admin")
    assay("member", "set-role", "--tenant", "acme", "--email", "alice@acme.example", "--role", "auditor")
    assert Membership.objects.get(tenant=tenant, user__email="alice@acme.example").role == "auditor"
    assert "alice@acme.example\tauditor" in assay("member", "list", "--tenant", "acme")

    output = assay(
        "apikey", "create", "--tenant", "acme", "--name", "ci", "--scopes", "images:write,images:read"
    )
    fields = dict(line.split(":", 1) for line in output.splitlines() if line[:1].isalpha() and ":" in line)
    key_id, secret = fields["id"].strip(), fields["key"].strip()
    assert fields["owner"].strip() == "the platform operator"
    assert fields["scopes"].strip() == "images:read,images:write"
    assert client_for(secret).get("/v1/models").status_code == 200
    assert f"{key_id}\t" in assay("apikey", "list", "--tenant", "acme")
    assert secret not in assay("apikey", "list", "--tenant", "acme")  # shown once only

    assay("apikey", "revoke", "--tenant", "acme", key_id)
    assert_error(client_for(secret).get("/v1/models"), 401, "api_key_revoked")
    assert "\trevoked\t" in assay("apikey", "list", "--tenant", "acme")
    assay("member", "remove", "--tenant", "acme", "--email", "alice@acme.example")
    assert list(Membership.objects.filter(tenant=tenant).values_list("user__email", flat=True)) == [
        "bob@acme.example"
    ]
    trail = [event.event_type for event in AuditEvent.objects.filter(tenant=tenant).order_by("seq")]
    assert trail[0] == "tenant.created" and "key.created" in trail and "key.revoked" in trail


def test_deactivating_a_tenant_is_audited_as_tenant_updated_and_stops_its_keys():
    assay("tenant", "create", "acme")
    tenant = Tenant.objects.get(slug="acme")
    secret = assay("apikey", "create", "--tenant", "acme", "--name", "ci").split("key:", 1)[1].split()[0]

    assay("tenant", "deactivate", "acme")
    assay("tenant", "deactivate", "acme")  # no change: nothing more to record
    assert_error(client_for(secret).get("/v1/models"), 403, "tenant_inactive")
    assay("tenant", "activate", "acme")
    assert client_for(secret).get("/v1/models").status_code == 200

    updates = events("tenant.updated", tenant)
    assert [event.payload for event in updates] == [{"is_active": False}, {"is_active": True}]
    assert all(event.actor_id.startswith("cli:") for event in updates)
    assert updates[0].subjects == {"tenant": str(tenant.public_id)}


def test_registering_a_model_is_a_platform_event():
    register = ["model", "register", "--name", "gpt-image-1", "--backend", "openai", "--family", "openai",
                "--license", "OpenAI terms", "--provider-model", "gpt-image-1", "--capabilities",
                "text2img,img2img,inpaint", "--sizes", "1024x1024,1536x1024,1024x1536"]  # fmt: skip
    assay(*register)
    assay(*register[:-1], "1024x1024")  # registered again: an update, recorded as such

    model = ImageModel.objects.get(name="gpt-image-1")
    assert model.backend == "openai" and model.sizes == ["1024x1024"]
    first, second = events("model.registered", None)  # no tenant: the platform's own chain
    assert first.subjects == {"model": "gpt-image-1"} and first.actor_id.startswith("cli:")
    assert (first.payload["created"], second.payload["created"]) == (True, False)
    assert first.payload["provider_model"] == "gpt-image-1" and first.payload["backend"] == "openai"
    assert second.payload["sizes"] == ["1024x1024"]


def test_the_commands_refuse_mistakes_with_a_message():
    assay("tenant", "create", "acme")
    with pytest.raises(CommandError, match="slug"):
        assay("tenant", "create", "acme")
    with pytest.raises(CommandError, match="nowhere"):
        assay("member", "add", "--tenant", "nowhere", "--email", "a@b.example", "--role", "admin")
    with pytest.raises(CommandError, match="ask_missing"):
        assay("apikey", "revoke", "--tenant", "acme", "ask_missing")
    with pytest.raises(CommandError, match="not a member"):
        assay("member", "set-role", "--tenant", "acme", "--email", "ghost@acme.example", "--role", "admin")

"""/v1/audit: auditors read and export their tenant's log; other roles cannot; other tenants see nothing."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def test_key_and_membership_lifecycle_is_audited(tenant, key_client, auditor):
    admin = key_client(tenant, "admin")
    created = admin.client.post("/v1/keys", {"name": "ci", "scopes": ["images:read"]}, format="json").json()
    admin.client.delete(f"/v1/keys/{created['id']}")
    member = admin.client.post(
        "/v1/members", {"email": "bob@acme.example", "role": "developer"}, format="json"
    )
    admin.client.patch(f"/v1/members/{member.json()['id']}", {"role": "reviewer"}, format="json")
    admin.client.delete(f"/v1/members/{member.json()['id']}")

    events = auditor.client.get("/v1/audit/events", {"limit": 1000}).json()["data"]
    types = [event["event_type"] for event in events]
    for expected in ("tenant.created", "membership.created", "key.created", "key.revoked",
                     "membership.role_changed", "membership.removed"):  # fmt: skip
        assert expected in types
    revoked = next(
        e for e in events if e["event_type"] == "key.revoked" and e["subjects"]["api_key"] == created["id"]
    )
    assert revoked["actor"] == {
        "kind": "api_key",
        "id": str(admin.api_key.public_id),
        "label": admin.api_key.display_prefix,
    }
    key_created = next(e for e in events if e["subjects"].get("api_key") == created["id"])
    assert created["key"] not in json.dumps(key_created)  # the secret never reaches the log
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))


def test_filters_and_cursor_pagination(tenant, key_client, auditor):
    admin = key_client(tenant, "admin")
    body = {"name": "k", "scopes": ["images:read"]}
    ids = [admin.client.post("/v1/keys", body, format="json").json()["id"] for _ in range(5)]
    page = auditor.client.get("/v1/audit/events", {"type": "key.created", "limit": 3}).json()
    assert len(page["data"]) == 3 and page["has_more"] is True
    rest = auditor.client.get(
        "/v1/audit/events", {"type": "key.created", "after": page["next_cursor"]}
    ).json()
    assert rest["has_more"] is False and rest["next_cursor"] is None
    seen = [e["subjects"]["api_key"] for e in page["data"] + rest["data"]]
    assert set(ids) <= set(seen) and len(seen) == len(set(seen))

    by_subject = auditor.client.get("/v1/audit/events", {"subject": f"api_key:{ids[2]}"}).json()["data"]
    assert [e["subjects"]["api_key"] for e in by_subject] == [ids[2]]
    by_actor = auditor.client.get("/v1/audit/events", {"actor": str(admin.api_key.public_id)}).json()["data"]
    assert len(by_actor) == 5


def test_bad_filters_are_400(auditor):
    assert assert_error(auditor.client.get("/v1/audit/events", {"type": "nope"}), 400)["param"] == "type"
    assert (
        assert_error(auditor.client.get("/v1/audit/events", {"since": "yesterday"}), 400)["param"] == "since"
    )
    assert assert_error(auditor.client.get("/v1/audit/events", {"limit": 0}), 400)["param"] == "limit"
    assert (
        assert_error(auditor.client.get("/v1/audit/events", {"subject": "Bad Kind:x"}), 400)["param"]
        == "subject"
    )


@pytest.mark.parametrize("role", ["admin", "developer", "reviewer"])
@pytest.mark.parametrize("path", ["/v1/audit/events", "/v1/audit/export"])
def test_other_roles_cannot_read(tenant, key_client, role, path):
    assert_error(key_client(tenant, role).client.get(path), 403, "insufficient_scope")


def test_other_tenants_events_are_invisible(tenant, other_tenant, key_client, auditor):
    outsider = key_client(other_tenant, "auditor")
    key_client(tenant, "admin")
    theirs = outsider.client.get("/v1/audit/events", {"limit": 1000}).json()["data"]
    ours = auditor.client.get("/v1/audit/events", {"limit": 1000}).json()["data"]
    assert {e["tenant"] for e in theirs} == {str(other_tenant.public_id)}
    assert {e["tenant"] for e in ours} == {str(tenant.public_id)}


def test_export_streams_a_zip_that_verifies_offline(tenant, key_client, auditor, tmp_path):
    key_client(tenant, "admin")
    response = auditor.client.get("/v1/audit/export")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert "assay-audit-acme-" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    top = sorted({name.split("/")[0] for name in archive.namelist()})
    assert top == ["checkpoint.json", "events.jsonl", "log", "public_key.pem"]  # log/: the tlog-tiles
    archive.extractall(tmp_path)
    lines = (tmp_path / "events.jsonl").read_text().splitlines()
    assert len(lines) == AuditEvent.objects.filter(tenant=tenant).count() - 1  # not the export's own event
    out = io.StringIO()
    call_command("audit", "verify-export", str(tmp_path), stdout=out)
    assert "export consistent, NOT AUTHENTICATED" in out.getvalue()  # no published key given
    assert f"{len(lines)} events" in out.getvalue()
    exported = AuditEvent.objects.filter(tenant=tenant).order_by("-seq").first()
    assert exported.event_type == "audit.exported"
    assert exported.actor_id == str(auditor.api_key.public_id)


def test_export_of_a_chain_that_does_not_verify_is_refused(tenant, key_client, auditor):
    from tests.audit.helpers import append_only_lifted, execute

    key_client(tenant, "admin")
    with append_only_lifted():
        execute(
            "UPDATE audit_auditevent SET payload = %s WHERE tenant_id = %s AND seq = 2",
            [json.dumps({"edited": True}), tenant.pk],
        )
    error = assert_error(auditor.client.get("/v1/audit/export"), 409, "audit_log_broken")
    assert (
        "tenant acme's audit log was not exported: its chain does not verify: seq 2: content changed"
        in (error["message"])
    )
    assert not AuditEvent.objects.filter(tenant=tenant, event_type="audit.exported").exists()
